"""The package's records are parsed a batch ahead on a second thread: same records, same errors, no thread
left behind (app/packages/importer.py)."""

from __future__ import annotations

import json
import threading

import pytest

from app.errors import ValidationError
from app.packages.importer import parsed_records


class _Lines:
    def __init__(self, lines: list[bytes]) -> None:
        self._lines = lines

    def lines(self, _name: str):
        yield from self._lines


def _record(n: int) -> bytes:
    return json.dumps({"id": f"id-{n}", "updated_at": "2026-01-02T03:04:05+08:00", "deleted": False}).encode()


def _parse_threads() -> list[threading.Thread]:
    return [t for t in threading.enumerate() if t.name == "package-parse"]


def test_every_record_in_order_with_its_line_number():
    got = list(parsed_records(_Lines([_record(n) for n in range(1, 2501)]), "data/x.jsonl", chunk=1000))
    assert [n for n, _ in got] == list(range(1, 2501))
    assert [r["id"] for _, r in got] == [f"id-{n}" for n in range(1, 2501)]
    assert not _parse_threads()


def test_a_bad_line_after_several_batches_is_named():
    lines = [_record(n) for n in range(1, 3000)]
    lines[2345] = b"{not json"
    seen = []
    with pytest.raises(ValidationError, match="第2346行不是有效的 JSON"):
        for n, _rec in parsed_records(_Lines(lines), "data/x.jsonl", chunk=1000):
            seen.append(n)
    assert seen == list(range(1, 2001)), "records before the bad batch were handed over, none after"
    assert not _parse_threads()


def test_leaving_early_stops_the_thread():
    records = parsed_records(_Lines([_record(n) for n in range(1, 50001)]), "data/x.jsonl", chunk=100)
    assert next(records)[0] == 1
    records.close()
    assert not _parse_threads()

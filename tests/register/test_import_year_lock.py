"""The year lock is a rule of the data: an interchange import that would change an issued year's figures
is refused as a whole, naming each record; a file's unreadable lines come with every other bad line;
`check` finds an issued report whose figures no longer follow from the data."""

from __future__ import annotations

import json

import pytest

from app import register, reports
from app.cli.request import read_jsonl
from app.core.profile import own_office_id
from app.errors import ValidationError
from app.reports.issued import issued_mismatches
from app.reports.year_lock import YearLocked


def _record(serial: str, received: str, outcome: str | None = "granted", replied: str | None = "2025-12-22",
            kind: str = "natural_person") -> dict:
    return {"serial": serial, "received_on": received, "channel": "in_person",
            "applicant": {"kind": kind, "name": "张三"}, "content": "申请公开某文件",
            "outcome": outcome, "replied_on": replied if outcome else None}


def _lock(db, year: int = 2025) -> None:
    with db.session(operator="李四") as s:
        reports.lock_year(s, own_office_id(s), year)


def test_request_import_into_a_locked_year_is_refused_naming_each_record(db):
    with db.session() as s:
        register.import_records(s, [_record("A-1", "2025-03-02"), _record("A-2", "2025-12-20", None)])
    _lock(db)
    records = [
        _record("A-1", "2025-03-02", outcome="partial"),            # changes 2025's table 三
        _record("A-2", "2025-12-20", "granted", "2026-01-10"),      # replied in 2026: 2025 unchanged
        _record("A-3", "2025-06-01"),                               # a new 2025 application
        _record("A-4", "2026-01-05", None),                         # 2026 is open
    ]
    with db.session() as s, pytest.raises(YearLocked) as refused:
        register.import_records(s, records)
    details = refused.value.details
    assert len(details) == 2 and details[0].startswith("第1行") and details[1].startswith("第3行")
    assert all("2025年度报告已发布" in line for line in details)
    assert "A-1" in details[0] and "A-3" in details[1]
    with db.read_session() as s:
        assert {r["serial"]: r["outcome"] for r in register.export_records(s)} == {"A-1": "granted", "A-2": None}
    with db.session() as s:
        done = register.import_records(s, [records[1], records[3]])
    assert (done.updated, done.created) == (1, 1)


def test_a_changed_applicant_kind_in_a_locked_year_is_refused(db):
    with db.session() as s:
        register.import_records(s, [_record("B-1", "2025-03-02")])
    _lock(db)
    with db.session() as s, pytest.raises(YearLocked) as refused:
        register.import_records(s, [_record("B-1", "2025-03-02", kind="commercial")])
    assert refused.value.years == [2025]


def test_a_line_that_is_not_json_is_reported_with_every_other_bad_line(db, tmp_path):
    path = tmp_path / "mixed.jsonl"
    good = _record("C-1", "2025-03-02")
    lines = [json.dumps(good, ensure_ascii=False), "{not json", json.dumps({**good, "serial": "C-2",
                                                                              "channel": "pigeon"}), "", "[1,"]
    path.write_text("\n".join(lines) + "\n", encoding="utf-8")
    records, numbers, unreadable = read_jsonl(str(path))
    assert numbers == [1, 3] and [line for line, _ in unreadable] == [2, 5]
    with db.session() as s, pytest.raises(ValidationError) as refused:
        register.import_records(s, records, line_numbers=numbers, unreadable=unreadable)
    details = refused.value.details
    assert [d[:3] for d in details] == ["第2行", "第3行", "第5行"]
    assert "不是有效的 JSON" in details[0] and "channel" in details[1]
    assert "3处错误" in refused.value.message


def test_check_names_an_issued_report_that_no_longer_matches(db):
    with db.session() as s:
        register.import_records(s, [_record("D-1", "2025-03-02"), _record("D-2", "2025-04-02")])
        reports.issue_report(s, 2025, accept_failed_checks=True)
    with db.read_session() as s:
        assert issued_mismatches(s) == []
    with db.session() as s:
        reports.unlock_year(s, own_office_id(s), 2025, "更正办理结果")
    with db.session() as s:
        register.import_records(s, [_record("D-2", "2025-04-02", outcome="partial")])
    with db.read_session() as s:
        (mismatch,) = issued_mismatches(s)
    assert mismatch.year == 2025 and "表三" in mismatch.message()

"""Helpers of the reliability tests: a content digest of every table, row counts, the fork server."""

from __future__ import annotations

import hashlib
import json
import os
import re
import sqlite3
import subprocess
import sys
from pathlib import Path

from sqlalchemy import inspect, select, text

ROOT = Path(__file__).resolve().parents[2]
SYSTEM_TESTS = ROOT / "tests" / "system"  # where the helper programs live: the fork server, the writer
CJK = re.compile(r"[\u4e00-\u9fff]")


def fuzz_examples(ci_default: int) -> int:
    """Examples per property: small in CI, GONGKAI_FUZZ_EXAMPLES under `make fuzz`."""
    value = os.environ.get("GONGKAI_FUZZ_EXAMPLES")
    return int(value) if value else ci_default


def fuzz_mode() -> bool:
    return bool(os.environ.get("GONGKAI_FUZZ_EXAMPLES"))


def _canonical(value) -> str:
    if isinstance(value, (bytes, bytearray, memoryview)):
        return "b:" + hashlib.sha256(bytes(value)).hexdigest()
    return repr(value)


# The contentless search table has no rows to list (an FTS5 table without column sizes, migration 0021):
# its postings are in its shadow tables (fts_cjk_catalogue_data, _idx), read here like any other table.
UNLISTABLE = frozenset({"fts_cjk_catalogue"})


def table_contents_digest(engine) -> str:
    """SHA-256 over the sorted rows of every table (any backend): equal digests, equal data."""
    h = hashlib.sha256()
    insp = inspect(engine)
    with engine.connect() as conn:
        for name in sorted(set(insp.get_table_names()) - UNLISTABLE):
            rows = sorted("\x1f".join(_canonical(v) for v in row)
                          for row in conn.execute(text(f'SELECT * FROM "{name}"')))
            h.update(f"{name}:{len(rows)}\n".encode())
            for row in rows:
                h.update(row.encode("utf-8", "surrogatepass") + b"\n")
    return h.hexdigest()


def db_digest(db) -> str:
    return table_contents_digest(db.engine)


def row_counts(db_or_path) -> dict[str, int]:
    """Row count of every table."""
    if isinstance(db_or_path, (str, os.PathLike)):
        conn = sqlite3.connect(str(db_or_path))
        try:
            names = [r[0] for r in conn.execute(
                "SELECT name FROM sqlite_master WHERE type='table' AND name NOT LIKE 'sqlite_%' ORDER BY name")]
            return {n: conn.execute(f'SELECT COUNT(*) FROM "{n}"').fetchone()[0] for n in names if n not in UNLISTABLE}
        finally:
            conn.close()
    engine = db_or_path.engine
    with engine.connect() as conn:
        return {n: conn.execute(select(text("COUNT(*)")).select_from(text(f'"{n}"'))).scalar_one()
                for n in sorted(set(inspect(engine).get_table_names()) - UNLISTABLE)}


def assert_user_message(message: str, *, place: str | None = None) -> None:
    """A clear Chinese message, no traceback, naming the place when one is given."""
    assert message.strip(), "empty error message"
    assert CJK.search(message), f"error message is not Chinese: {message!r}"
    assert "Traceback" not in message, message
    if place is not None:
        assert place in message, f"message does not name {place!r}: {message!r}"


class ForkServer:
    """Drives reliability_zygote.py: start CLI runs, kill them, wait for them."""

    def __init__(self, env: dict | None = None) -> None:
        self.proc = subprocess.Popen(
            [sys.executable, str(SYSTEM_TESTS / "reliability_zygote.py")], cwd=str(ROOT),
            stdin=subprocess.PIPE, stdout=subprocess.PIPE, text=True, env=env or os.environ.copy())
        ready = self._read()
        assert ready.get("ready"), ready

    def _read(self) -> dict:
        line = self.proc.stdout.readline()
        if not line:
            raise RuntimeError("the fork server stopped")
        return json.loads(line)

    def _send(self, obj: dict) -> dict:
        self.proc.stdin.write(json.dumps(obj, ensure_ascii=False) + "\n")
        self.proc.stdin.flush()
        return self._read()

    def start(self, argv: list[str], log: str | os.PathLike, env: dict | None = None) -> int:
        child_env = {k: os.environ[k] for k in ("GONGKAI_HOME", "GONGKAI_SECRETS", "GONGKAI_OPERATOR") if k in os.environ}
        child_env.update(env or {})
        return self._send({"run": [str(a) for a in argv], "log": str(log), "env": child_env})["pid"]

    def wait(self, pid: int) -> dict:
        return self._send({"wait": pid})

    def run(self, argv: list[str], log: str | os.PathLike, env: dict | None = None) -> dict:
        """Run to the end: {"code", "elapsed", "output"}."""
        result = self.wait(self.start(argv, log, env))
        result["output"] = Path(log).read_text(encoding="utf-8", errors="replace")
        return result

    def close(self) -> None:
        if self.proc.poll() is None:
            self.proc.stdin.close()
            self.proc.wait(timeout=30)
        self.proc.stdout.close()


# Each long test runs twice: a short CI version, and under `make fuzz` (marker `fuzz`) a long one.
import pytest  # noqa: E402

BUDGETS = pytest.mark.parametrize("budget", [pytest.param("ci", id="ci"),
                                             pytest.param("fuzz", marks=pytest.mark.fuzz, id="fuzz")])


def build_demo_file(folder: Path, *, seed: int, sizes: dict, today) -> Path:
    """A demo county database (every area) at folder/demo.sqlite3, built under its own GONGKAI_HOME."""
    from app.storage.db import Database
    from app.workbench.demo import build_demo

    old_home = os.environ.get("GONGKAI_HOME")
    os.environ["GONGKAI_HOME"] = str(folder / "home")
    try:
        path = folder / "demo.sqlite3"
        db = Database.open(path)
        build_demo(db, seed=seed, sizes=sizes, today=today)
        db.dispose()
    finally:
        if old_home is None:
            os.environ.pop("GONGKAI_HOME", None)
        else:
            os.environ["GONGKAI_HOME"] = old_home
    return path

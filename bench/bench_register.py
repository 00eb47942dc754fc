"""Benchmark of the register at 100,000 applications: import, first page of ids, search, recompute.

Run: .venv/bin/python bench/bench_register.py [N]   (default 100000; a temporary SQLite file)
Prints rows/s of the audited bulk import next to raw sqlite3 executemany and a bare Core insert.
"""

from __future__ import annotations

import datetime as dt
import os
import random
import sqlite3
import sys
import tempfile
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))


def timed(label: str, fn, *args, rows: int | None = None, **kw):
    start = time.perf_counter()
    result = fn(*args, **kw)
    seconds = time.perf_counter() - start
    rate = f"  {rows / seconds:>10,.0f} rows/s" if rows else ""
    print(f"{label:<52} {seconds * 1000:>10,.1f} ms{rate}")
    return result, seconds


def main() -> None:
    n = int(sys.argv[1]) if len(sys.argv) > 1 else 100_000
    home = tempfile.mkdtemp(prefix="gongkai-bench-")
    os.environ["GONGKAI_HOME"] = home
    os.environ.setdefault("GONGKAI_OPERATOR", "基准测试")

    from sqlalchemy import insert

    from app import register
    from app.core import profile
    from app.domain.identifiers import org_code_check_char
    from app.register.demo import build_records
    from app.storage.db import Database
    from app.storage.models.register import Application

    today = dt.date(2026, 11, 20)
    db = Database.open(os.path.join(home, "bench.sqlite3"))
    code = "11330127MB0000001" + org_code_check_char("11330127MB0000001")
    with db.session() as s:
        profile.save_profile(s, {"name": "青山县人民政府办公室", "org_code": code, "level": "county"})
    records, _ = timed(f"build {n:,} demo records", build_records, random.Random(1), today, n, code, [])
    print(f"SQLite file: {db.path}")

    def do_import():
        with db.session() as s:
            return register.import_records(s, records, today=today)

    result, t_import = timed(f"import_records {n:,} (validated, audited)", do_import, rows=n)
    assert result.created == n, result

    # Reference: the same application rows inserted with raw sqlite3 executemany and a bare Core insert.
    with db.read_session() as s:
        cols = [c.name for c in Application.__table__.columns]
        rows = [dict(r) for r in s.execute(Application.__table__.select()).mappings()]
    raw_path = os.path.join(home, "raw.sqlite3")
    from sqlalchemy.schema import CreateTable

    create_sql = str(CreateTable(Application.__table__).compile(dialect=db.engine.dialect))
    conn = sqlite3.connect(raw_path)
    conn.execute("PRAGMA journal_mode=WAL")
    conn.execute("PRAGMA synchronous=FULL")
    conn.execute("CREATE TABLE office (id INTEGER PRIMARY KEY)")
    conn.execute(create_sql)
    params = [tuple(r[c] if not isinstance(r[c], (dt.date, dt.datetime)) else r[c].isoformat() for c in cols)
              for r in rows]
    sql = f"INSERT INTO application ({','.join(cols)}) VALUES ({','.join('?' * len(cols))})"

    def raw():
        with conn:
            conn.executemany(sql, params)

    _, t_raw = timed(f"raw sqlite3 executemany {n:,} application rows", raw, rows=n)
    conn.close()

    from sqlalchemy import create_engine

    core_engine = create_engine("sqlite:///" + os.path.join(home, "core.sqlite3"))
    Application.metadata.tables["office"].create(core_engine)
    Application.__table__.create(core_engine)

    def core():
        with core_engine.begin() as c:
            c.execute(insert(Application.__table__), rows)

    _, t_core = timed(f"SQLAlchemy Core insert {n:,} application rows", core, rows=n)
    print(f"  Core insert / raw executemany: {t_raw / t_core:.0%}; "
          f"full audited import / raw executemany: {t_raw / t_import:.0%}")

    with db.read_session() as s:
        ids, _ = timed("query_ids: all, newest first (first page = ids[:100])", register.query_ids, s, {})
        timed("fetch_rows: first page of 100", register.fetch_rows, s, ids[:100])
        timed("query_ids: open, sorted by reply_due", register.query_ids, s, {"open": True}, "reply_due")
        timed("query_ids: year 2025 + natural persons", register.query_ids, s,
              {"year": 2025, "applicant_kind": "natural_person"})
        found, _ = timed("query_ids: search “拆迁补偿”", register.query_ids, s, {"text": "拆迁补偿"})
        print(f"  {len(found):,} matches")
        found, _ = timed("query_ids: search applicant “王”", register.query_ids, s, {"text": "王"})
        print(f"  {len(found):,} matches")
        timed("query_ids: overdue", register.query_ids, s, {"overdue": True, "today": today})
        from app.register import dashboard as register_dashboard

        timed("dashboard sections", register_dashboard.sections, s, today)

    def recompute():
        with db.session() as s:
            return register.recompute_deadlines(s, today=today)

    moved, _ = timed("recompute_deadlines (all open, nothing changed)", recompute)
    print(f"  moved: {len(moved)}")

    def recompute_after_override():
        from app import calendar as calendar_service

        with db.session() as s:
            calendar_service.set_override(s, today - dt.timedelta(days=10), False, note="基准测试")
            return register.recompute_deadlines(s, today=today)

    moved, _ = timed("recompute_deadlines after a calendar override", recompute_after_override)
    print(f"  moved: {len(moved)}")

    def export():
        with db.read_session() as s:
            return sum(1 for _ in register.export_records(s))

    timed(f"export_records {n:,}", export, rows=n)
    db.dispose()


if __name__ == "__main__":
    main()

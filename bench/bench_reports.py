"""Benchmark: the annual report of a year at 100,000 applications (target: table 三 in ≤ 1 s)."""

from __future__ import annotations

import argparse
import datetime as dt
import os
import random
import tempfile
import time
import uuid
from pathlib import Path

import sqlalchemy as sa


def main() -> None:
    parser = argparse.ArgumentParser()
    parser.add_argument("--applications", type=int, default=100_000)
    parser.add_argument("--db", help="database path or URL (default: a temporary SQLite file)")
    args = parser.parse_args()
    tmp = tempfile.mkdtemp()
    os.environ.setdefault("GONGKAI_HOME", tmp)
    from app import reports
    from app.core import profile
    from app.domain.identifiers import org_code_check_char
    from app.reports import labels as L
    from app.reports.annual import applications_table
    from app.storage.db import Database

    db = Database.open(args.db or str(Path(tmp) / "bench.sqlite3"), backup=False)
    code = "11330127MB0000001"
    with db.session(operator="bench") as s:
        profile.save_profile(s, {"name": "基准测试县人民政府办公室", "org_code": code + org_code_check_char(code),
                                 "level": "county"})
        office_id = reports.own_office(s).id
    table = sa.Table("application", sa.MetaData(), autoload_with=db.engine)
    rng = random.Random(7)
    outcomes = list(L.DEFAULT_OUTCOME_ROWS)
    now = dt.datetime(2026, 1, 5)
    rows = []
    for i in range(args.applications):
        received = dt.date(2024, 7, 1) + dt.timedelta(days=rng.randrange(0, 640))
        open_ = rng.random() < 0.08
        replied = None if open_ else received + dt.timedelta(days=rng.randrange(1, 45))
        rows.append({
            "uuid": str(uuid.UUID(int=rng.getrandbits(128))), "office_id": office_id, "serial": f"B-{i:06d}",
            "received_on": received, "channel": "online", "applicant_kind": rng.choice(L.APPLICANT_KINDS),
            "applicant_name": "张三", "content": "申请公开……", "status": "archived" if replied else "draft",
            "outcome": None if open_ else rng.choice(outcomes), "replied_on": replied,
            "reply_due": received + dt.timedelta(days=28), "due_provisional": False, "created_at": now,
            "updated_at": now,
        })
    rows = [{k: v for k, v in r.items() if k in table.c} for r in rows]
    t0 = time.perf_counter()
    with db.engine.begin() as conn:
        conn.execute(sa.insert(table), rows)
    print(f"inserted {len(rows):,} applications in {time.perf_counter() - t0:.2f} s ({db.url})")

    with db.read_session() as s:
        for label, fn in [
            ("table 三 (one GROUP BY query)", lambda: applications_table(s, 2025, [office_id])),
            ("whole report (tables, checks, figures, previous year, ledger)", lambda: reports.compute_annual(s, 2025)),
        ]:
            fn()  # warm up
            times = []
            for _ in range(5):
                t0 = time.perf_counter()
                result = fn()
                times.append(time.perf_counter() - t0)
            print(f"{label}: best {min(times) * 1000:.0f} ms, median {sorted(times)[2] * 1000:.0f} ms")
        data = reports.compute_annual(s, 2025)
        print("new 2025:", data.applications.rows["new"][-1], "checks ok:", data.ok, type(result).__name__)
        t0 = time.perf_counter()
        from app.reports.xlsx import workbook_bytes
        workbook_bytes(data)
        t1 = time.perf_counter()
        from app.reports.pdf import render_report
        from app.reports.text import draft_sections
        render_report(data, draft_sections(data))
        t2 = time.perf_counter()
        print(f"xlsx {(t1 - t0) * 1000:.0f} ms, pdf {(t2 - t1) * 1000:.0f} ms")
    db.dispose()


if __name__ == "__main__":
    main()

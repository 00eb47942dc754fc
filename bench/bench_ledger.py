"""Ledger benchmark: demo bulk insert of N records, then the queries the screen and the report use."""

from __future__ import annotations

import argparse
import datetime as dt
import tempfile
import time
from pathlib import Path


def main() -> None:
    parser = argparse.ArgumentParser()
    parser.add_argument("--records", type=int, default=200_000)
    parser.add_argument("--db", help="database file (default: a temporary file)")
    args = parser.parse_args()

    from app import ledger
    from app.storage.db import Database
    from app.workbench.demo import build_demo

    path = Path(args.db) if args.db else Path(tempfile.mkdtemp()) / "bench-ledger.sqlite3"
    today = dt.date(2026, 3, 10)
    db = Database.open(path)
    t0 = time.perf_counter()
    build_demo(db, seed=1, sizes={"requests": 10, "catalogue": 10, "ledger": args.records}, today=today)
    print(f"demo with {args.records} ledger records: {time.perf_counter() - t0:.1f} s (all areas, one transaction)")

    def timed(label, fn):
        t = time.perf_counter()
        result = fn()
        print(f"{label}: {(time.perf_counter() - t) * 1000:.0f} ms")
        return result

    with db.read_session() as s:
        timed("annual_counts(2025)", lambda: ledger.annual_counts(s, 2025))
        timed("annual_counts(2025, summary)", lambda: ledger.annual_counts(s, 2025, summary=True))
        ids = timed("activity_ids(year=2025)", lambda: ledger.activity_ids(s, today=today, year=2025))
        print(f"  {len(ids)} ids")
        timed("activities_by_ids(200)", lambda: ledger.activities_by_ids(s, ids[:200], today=today))
        timed("activity_ids(late)", lambda: ledger.activity_ids(s, today=today, late=True))
        timed("task_ids(overdue)", lambda: ledger.task_ids(s, today=today, status="overdue"))
        from app.ledger.dashboard import sections

        timed("dashboard sections", lambda: sections(s, today))
        n = timed("export_records (all)", lambda: sum(1 for _ in ledger.export_records(s)))
        print(f"  {n} records")
    db.dispose()


if __name__ == "__main__":
    main()

"""Packages benchmark: export and import rates (records/s) for applications and catalogue entries.

Usage: .venv/bin/python bench/bench_packages.py [--requests 100000] [--catalogue 1000000]
       [--import-catalogue N]   (catalogue records imported; default: all exported)
Target: ≥ 50,000 records/s.
"""

from __future__ import annotations

import argparse
import datetime as dt
import os
import tempfile
import time
from pathlib import Path


def main() -> None:
    parser = argparse.ArgumentParser()
    parser.add_argument("--requests", type=int, default=100_000)
    parser.add_argument("--catalogue", type=int, default=1_000_000)
    parser.add_argument("--import-catalogue", type=int, default=None)
    args = parser.parse_args()
    work = Path(tempfile.mkdtemp(prefix="bench-packages-"))
    os.environ["GONGKAI_HOME"] = str(work)

    from app import packages
    from app.core import profile
    from app.domain.identifiers import org_code_check_char
    from app.packages.areas import AREA_BY_NAME
    from app.storage.db import Database
    from app.workbench.demo import build_demo

    sender = Database.open(work / "county.sqlite3", backup=False)
    t = time.perf_counter()
    build_demo(sender, seed=1, sizes={"requests": args.requests, "catalogue": args.catalogue, "ledger": 10},
               today=dt.date(2026, 3, 10))
    print(f"demo data ({args.requests} applications, {args.catalogue} catalogue entries): "
          f"{time.perf_counter() - t:.0f} s")
    code = "11330127MB9999999"
    receiver = Database.open(work / "city.sqlite3", backup=False)
    with receiver.session() as s:
        profile.save_profile(s, {"name": "临江市人民政府办公室", "org_code": code + org_code_check_char(code),
                                 "level": "county"})
        to = profile.own_office_row(s).org_code
    with sender.session() as s:
        key = packages.ensure_own_key(s)
        sender_code = profile.own_office_row(s).org_code
    with receiver.session() as s:
        packages.trust_key(s, key.pem, sender_code)

    for area in ("applications", "catalogue"):
        out = work / f"{area}.gkpkg"
        t, cpu = time.perf_counter(), time.process_time()
        with sender.session() as s:
            info = packages.make_package(s, to=to, full=True, out_path=out, areas=[AREA_BY_NAME[area]])
        secs, cpu = time.perf_counter() - t, time.process_time() - cpu
        # CPU time (both threads: the export deflates on a second one) tells the work from a loaded machine.
        print(f"export {area}: {info.records} records, {info.size / 1e6:.1f} MB in {secs:.1f} s "
              f"= {info.records / secs:,.0f} records/s (CPU {cpu:.1f} s)")
        if area == "catalogue" and args.import_catalogue is not None and args.import_catalogue < info.records:
            print(f"  (import measured on the first {args.import_catalogue} catalogue entries)")
            sub = work / "catalogue-part.gkpkg"
            out = _partial(sender, to, sub, args.import_catalogue)
        t, cpu = time.perf_counter(), time.process_time()
        with receiver.session() as s:
            result = packages.import_file(s, out, accept_gap_now=True)  # a skipped full package is a gap
        secs, cpu = time.perf_counter() - t, time.process_time() - cpu
        total = sum(v for c in result.counts.values() for v in c.values())
        print(f"import {area}: {total} records in {secs:.1f} s = {total / secs:,.0f} records/s "
              f"(CPU {cpu:.1f} s = {total / cpu:,.0f} records/s; state {result.state})")
    sender.dispose()
    receiver.dispose()


def _partial(sender, to, path, n):
    """A catalogue package with the first n entries (by id), for import timing on a smaller set."""
    import itertools

    from app import packages
    from app.packages.areas import AREA_BY_NAME, Area

    full = AREA_BY_NAME["catalogue"]
    part = Area("catalogue", full.label, lambda s, since: itertools.islice(full.export(s, since), n))
    with sender.session() as s:
        packages.make_package(s, to=to, full=True, out_path=path, areas=[part])
    return path


if __name__ == "__main__":
    main()

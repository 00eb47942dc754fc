"""Benchmark of the 依申请公开 list at 100,000 applications: open, first rows, jump to the end, filter, sort.

Run: QT_QPA_PLATFORM=offscreen .venv/bin/python bench/bench_register_ui.py [N]   (default 100000)
"""

from __future__ import annotations

import datetime as dt
import os
import random
import sys
import tempfile
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))
os.environ.setdefault("QT_QPA_PLATFORM", "offscreen")


def timed(label: str, fn, *args, **kw):
    start = time.perf_counter()
    result = fn(*args, **kw)
    ms = (time.perf_counter() - start) * 1000
    print(f"{label:<58} {ms:>9,.1f} ms")
    return result


def main() -> None:
    n = int(sys.argv[1]) if len(sys.argv) > 1 else 100_000
    home = tempfile.mkdtemp(prefix="gongkai-bench-ui-")
    os.environ["GONGKAI_HOME"] = home
    from app import register
    from app.core import profile
    from app.domain.identifiers import org_code_check_char
    from app.register.demo import build_records
    from app.storage.db import Database
    from ui.context import UiContext
    from ui.main import make_application
    from ui.register.screen import RegisterScreen

    today = dt.date(2026, 11, 27)
    db = Database.open(os.path.join(home, "bench.sqlite3"))
    code = "11330127MB0000001" + org_code_check_char("11330127MB0000001")
    with db.session() as s:
        profile.save_profile(s, {"name": "青山县人民政府办公室", "org_code": code, "level": "county"})
    records = build_records(random.Random(1), today, n, code, [])
    start = time.perf_counter()
    with db.session() as s:
        register.import_records(s, records, today=today)
    print(f"(setup: imported {n:,} applications in {time.perf_counter() - start:.1f} s)")

    app = make_application([])
    ctx = UiContext(db, "基准测试")
    screen = timed(f"open the screen (count {n:,}, years, offices)", RegisterScreen, ctx, today=today)
    screen.resize(1300, 800)
    screen.show()
    app.processEvents()
    model = screen.model

    def first_rows():
        for row in range(40):
            for col in range(len(model.columns)):
                model.data(model.index(row, col))

    before = model.fetches
    timed("first 40 rows painted (ids page + 1 block)", first_rows)
    print(f"  row blocks fetched: {model.fetches - before}")

    def jump_to_end():
        screen.table.scrollToBottom()
        app.processEvents()
        for row in range(n - 40, n):
            model.data(model.index(row, 0))

    before = model.fetches
    timed("jump to the end (last id page + last block)", jump_to_end)
    print(f"  row blocks fetched: {model.fetches - before}")

    def set_filter():
        screen.filter_bar.reminder.setCurrentIndex(screen.filter_bar.reminder.findData("overdue"))
        first_rows()

    timed("filter 已逾期 + first rows", set_filter)
    print(f"  rows: {model.rowCount():,}")
    screen.filter_bar.clear()

    def search():
        screen.filter_bar.search.setText("拆迁")
        screen.filter_bar.flush()
        first_rows()

    timed("search “拆迁” + first rows", search)
    print(f"  rows: {model.rowCount():,}")
    screen.filter_bar.clear()
    timed("sort by 申请人 (header click) + first rows", lambda: (screen._sort_clicked(2), first_rows()))
    timed("sort by 答复期限 + jump to the end",
          lambda: (screen._sort_clicked(7), jump_to_end()))
    screen.filter_bar.clear()
    db.dispose()


if __name__ == "__main__":
    main()

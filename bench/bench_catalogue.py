"""Benchmark of the catalogue: search (index vs. LIKE scan) and list opening at 10,000 and 1,000,000 entries.

Usage: .venv/bin/python bench/bench_catalogue.py [--sizes 10000,1000000] [--dir /tmp/gongkai-bench]
Databases are built once with the demo (kept in --dir and reused on the next run).
"""

from __future__ import annotations

import argparse
import os
import statistics
import sys
import time
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent.parent))
os.environ.setdefault("QT_QPA_PLATFORM", "offscreen")

QUERIES = ["关", "青", "镇", "公示", "安全", "〔2", "关于印发", "〔2025〕", "最低生活保障", "青政发〔2024〕1", "不存在的词语"]


def build(path: Path, size: int) -> float | None:
    from app.storage.db import Database
    from app.workbench.demo import build_demo

    if path.exists():
        return None
    from app.workbench import demo

    # Only the catalogue's demo step: the other areas' data play no part in these figures.
    demo.DEMO_STEPS = ["app.catalogue.demo"]
    t0, c0 = time.perf_counter(), time.process_time()
    db = Database.open(str(path), backup=False)
    build_demo(db, seed=7, sizes={"catalogue": size}, operator="基准测试")
    db.dispose()
    print(f"demo step for {size:,} entries: {time.perf_counter() - t0:.0f} s wall, "
          f"{time.process_time() - c0:.0f} s CPU (the machine is shared: CPU is the figure to compare)")
    return time.perf_counter() - t0


def timed(fn, runs: int) -> tuple[float, object]:
    times, result = [], None
    for _ in range(runs):
        t0 = time.perf_counter()
        result = fn()
        times.append((time.perf_counter() - t0) * 1000)
    return statistics.median(times), result


def like_scan(session, q: str, limit: int = 20):
    from sqlalchemy import text

    pattern = "%" + q.replace("\\", "\\\\").replace("%", "\\%").replace("_", "\\_") + "%"
    cond = ("deleted = 0 AND (title LIKE :p ESCAPE '\\' OR doc_number LIKE :p ESCAPE '\\') "
            "AND (instr(title, :q) > 0 OR instr(coalesce(doc_number, ''), :q) > 0)")  # LIKE ignores ASCII case
    total = session.execute(text(f"SELECT count(*) FROM catalogue_entry WHERE {cond}"), {"p": pattern, "q": q}).scalar()
    ids = [r[0] for r in session.execute(text(
        f"SELECT id FROM catalogue_entry WHERE {cond} ORDER BY published_on DESC, id DESC LIMIT :n"),
        {"p": pattern, "q": q, "n": limit})]
    return total, ids


def bench_size(path: Path, size: int) -> None:
    from app.catalogue import fulltext as search_index
    from app.catalogue.queries import EntrySource
    from app.storage.db import Database
    from ui.catalogue.screen import COLUMNS
    from ui.widgets.lazy_table import LazyTableModel

    db = Database.open(str(path), backup=False)
    print(f"\n== {size:,} entries ({path}, {path.stat().st_size / 1e6:.0f} MB)")
    print(f"{'query':<16}{'chars':>6}{'total':>10}{'index ms':>10}{'LIKE ms':>10}{'speed-up':>10}  exact")
    worst = 0.0
    with db.read_session() as s:
        for q in QUERIES:
            t_index, hits = timed(lambda q=q: search_index.search(s, q, limit=20), 5)
            t_like, (total, ids) = timed(lambda q=q: like_scan(s, q), 2)
            exact = hits.total == total and hits.ids == ids
            worst = max(worst, t_index)
            print(f"{q:<16}{len(q):>6}{total:>10,}{t_index:>10.1f}{t_like:>10.1f}{t_like / max(t_index, 0.01):>9.0f}×"
                  f"  {'yes' if exact else 'NO'}")
        print(f"slowest indexed search: {worst:.1f} ms")

        def open_list():
            model = LazyTableModel(COLUMNS, EntrySource(s))
            for r in range(40):  # the rows of a first screen
                for c in range(len(COLUMNS)):
                    model.data(model.index(r, c))
            return model.rowCount()

        def open_search(q):
            from app.catalogue.queries import EntryFilter

            model = LazyTableModel(COLUMNS, EntrySource(s, EntryFilter(query=q)))
            for r in range(min(40, model.rowCount())):
                model.data(model.index(r, 1))
            return model.rowCount()

        def naive_list():
            from sqlalchemy import text

            return len(s.execute(text("SELECT id, index_number, title, doc_number, published_on FROM catalogue_entry "
                                      "WHERE deleted = 0 ORDER BY published_on DESC, id DESC")).all())

        t_open, rows = timed(open_list, 3)
        t_naive, _ = timed(naive_list, 1)
        t_search_open, _ = timed(lambda: open_search("公示"), 3)
        t_deep, _ = timed(lambda: EntrySource(s).ids(max(0, rows - 5000), 5000), 3)
        print(f"list opening (lazy model, first screen): {t_open:.1f} ms for {rows:,} rows; loading every row: "
              f"{t_naive:.0f} ms; list filtered by 公示: {t_search_open:.1f} ms; last page of ids: {t_deep:.1f} ms")
    db.dispose()


def main() -> int:
    parser = argparse.ArgumentParser()
    parser.add_argument("--sizes", default="10000,1000000")
    parser.add_argument("--dir", default="/tmp/gongkai-bench")
    args = parser.parse_args()
    os.makedirs(args.dir, exist_ok=True)
    os.environ.setdefault("GONGKAI_HOME", args.dir)
    for size in (int(x) for x in args.sizes.split(",")):
        path = Path(args.dir) / f"catalogue_{size}.sqlite3"
        build(path, size)
        bench_size(path, size)
    return 0


if __name__ == "__main__":
    raise SystemExit(main())

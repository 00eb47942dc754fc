"""The big lists at full size (first rows, jump to the end) and catalogue search against a LIKE scan."""

from __future__ import annotations

import os
import sys
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent))
os.environ.setdefault("QT_QPA_PLATFORM", "offscreen")

from common import PARAMS, TODAY, Figure, best_of, log, ms, open_db, timed

SCREEN_ROWS = 40  # the rows of a first screen
SEARCHES = ["关", "公示", "关于印", "最低生活保"]  # 1, 2, 3 and 5 characters


def _touch(model, first: int, last: int) -> None:
    """What the view does when it paints rows first..last: every cell's display text."""
    from PySide6.QtCore import Qt

    for r in range(max(0, first), min(last, model.rowCount())):
        model.data(model.index(r, 0), Qt.ItemDataRole.BackgroundRole)
        for c in range(model.columnCount()):
            model.data(model.index(r, c))


def _list_figures(name: str, make_model, baseline) -> Figure:
    def first_rows():
        model = make_model()
        _touch(model, 0, SCREEN_ROWS)
        return model

    cold, median, model = best_of(first_rows, PARAMS["runs"])
    n = model.rowCount()
    # A fresh model each time: the jump also pays for the last page of ids.
    jumps = []
    for _ in range(PARAMS["runs"]):
        m = make_model()
        t, _ = timed(_touch, m, n - SCREEN_ROWS, n)
        jumps.append(t)
    jump = sorted(jumps)[len(jumps) // 2]
    t_base, _ = timed(baseline)
    ok = median <= 0.150 and jump <= 0.150
    return Figure(f"open the {name} list at full size ({n:,} rows)",
                  f"first rows {ms(median)} (first in process {ms(cold)}); end {ms(jump)}", "≤ 150 ms each",
                  f"load every row {ms(t_base)}", ok,
                  {"rows": n, "first_rows_s": median, "first_rows_cold_s": cold, "jump_to_end_s": jump,
                   "jump_runs_s": jumps, "load_all_s": t_base})


def register_list(db) -> Figure:
    from sqlalchemy import text

    from ui.register.source import COLUMNS, RegisterSource, row_style
    from ui.widgets.lazy_table import LazyTableModel

    def make():
        model = LazyTableModel(COLUMNS, RegisterSource(db.read_session, today=TODAY), row_style=row_style)
        return model

    fig = _list_figures("register", make, lambda: _read_all(db, text(
        "SELECT * FROM application ORDER BY received_on DESC, id DESC")))
    fig.note = "ui.register.source COLUMNS + RegisterSource(db.read_session) in the LazyTableModel"
    return fig


def catalogue_list(db) -> Figure:
    from sqlalchemy import text

    from app.catalogue.queries import EntrySource
    from ui.catalogue.screen import COLUMNS
    from ui.widgets.lazy_table import LazyTableModel

    fig = _list_figures("catalogue", lambda: LazyTableModel(COLUMNS, EntrySource(db.read_session)),
                        lambda: _read_all(db, text(
                            "SELECT id, index_number, title, doc_number, published_on FROM catalogue_entry "
                            "WHERE deleted = 0 ORDER BY published_on DESC, id DESC")))
    fig.note = "ui.catalogue.screen COLUMNS + EntrySource(db.read_session) in the LazyTableModel"
    return fig


def _read_all(db, stmt):
    with db.read_session() as s:
        return s.execute(stmt).all()


def catalogue_search(db) -> list[Figure]:
    from bench_catalogue import like_scan

    from app.catalogue import fulltext as search_index

    figures = []
    with db.read_session() as s:
        entries = search_index.search(s, "关", limit=0)  # warm the connection and the index pages
        for q in SEARCHES:
            cold, med, hits = best_of(lambda q=q: search_index.search(s, q, limit=20), PARAMS["runs"] + 2)
            t_like, (total, ids) = timed(like_scan, s, q)
            exact = hits.total == total and hits.ids == ids
            worst = max(cold, med)
            speed = t_like / max(worst, 1e-6)
            log(f"  search {q!r}: {hits.total:,} hits, index {ms(worst)}, LIKE {ms(t_like)}")
            figures.append(Figure(
                f"catalogue search, {len(q)} character{'s' if len(q) > 1 else ''} “{q}” ({hits.total:,} hits)",
                f"{ms(worst)} ({speed:,.0f}× LIKE)", "≤ 100 ms and ≥ 20× LIKE", f"LIKE scan {ms(t_like)}",
                worst <= 0.100 and speed >= 20 and exact,
                {"query": q, "hits": hits.total, "index_s": worst, "like_s": t_like, "same_result": exact},
                "" if exact else "RESULT DIFFERS FROM THE LIKE SCAN"))
    del entries
    return figures


def run(db_path: Path) -> list[Figure]:
    from PySide6.QtCore import QCoreApplication

    app = QCoreApplication.instance() or QCoreApplication([])  # noqa: F841 - models want an application
    db = open_db(db_path)
    try:
        out = []
        for fn in (register_list, catalogue_list):
            log(f"measuring {fn.__name__} …")
            out.append(fn(db))
        log("measuring catalogue search …")
        out.extend(catalogue_search(db))
        return out
    finally:
        db.dispose()

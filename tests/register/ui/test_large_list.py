"""A big register: the list opens without reading more than a few row blocks (timing is in bench/)."""

from __future__ import annotations

import random

from app import register
from app.register import queries as register_query
from tests.helpers.register_ui import TODAY

N = 20_000


def test_first_rows_of_a_large_register_fetch_few_blocks(qtbot, ctx, db):
    from app.core.profile import get_own_office
    from app.register.demo import build_records
    from ui.register.screen import RegisterScreen

    with db.session() as s:
        code = get_own_office(s).org_code
        register.import_records(s, build_records(random.Random(7), TODAY, N, code, []), today=TODAY)
    screen = RegisterScreen(ctx, today=TODAY)
    qtbot.addWidget(screen)
    screen.resize(1300, 800)
    screen.show()
    qtbot.waitExposed(screen)
    model = screen.model
    assert model.rowCount() == N
    for row in range(40):  # what the first screen shows
        for col in range(len(model.columns)):
            model.data(model.index(row, col))
    assert model.fetches <= 2
    assert len(model._id_pages) == 1  # only the first page of ids was read
    with db.read_session() as s:
        newest = register.query_ids(s, {})[:40]
    assert [model.id_at(r) for r in range(40)] == newest
    before = model.fetches
    screen.table.scrollToBottom()
    last = model.row_at(N - 1)
    assert last is not None and last["id"] == model.id_at(N - 1)
    assert model.fetches - before <= 2
    # A filter re-counts in SQL and starts again from the first block.
    screen.filter_bar.reminder.setCurrentIndex(screen.filter_bar.reminder.findData("overdue"))
    with db.read_session() as s:
        n = register_query.count(s, {"key": "overdue", "today": TODAY})
    assert 0 < n < N and model.rowCount() == n

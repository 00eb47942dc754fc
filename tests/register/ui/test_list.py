"""The register list: sample states, filters and search against the service, dashboard keys, sort, colours."""

from __future__ import annotations

from PySide6.QtCore import Qt
from sqlalchemy import select

from app import register
from app.register import queries as register_query
from app.storage.models.register import Application
from tests.helpers.register_ui import TODAY


def _rows(model):
    return [model.row_at(r) for r in range(model.rowCount())]


def test_sample_states_render_in_the_list(imported, screen, db):
    screen.refresh()
    model = screen.model
    assert model.rowCount() == imported
    with db.read_session() as s:
        statuses = set(s.execute(select(Application.status)).scalars())
        serials = set(s.execute(select(Application.serial)).scalars())
        provisional = s.execute(select(Application.serial).where(
            Application.due_provisional.is_(True), Application.reply_due.is_not(None))).scalars().first()
    rows = _rows(model)
    assert {r["serial"] for r in rows} == serials
    shown = {model.data(model.index(r, 6)) for r in range(model.rowCount())}
    for status in statuses:
        label = register.STEP_LABELS[status]
        assert any(text.startswith(label) for text in shown), label
    if provisional:
        row = next(i for i, r in enumerate(rows) if r["serial"] == provisional)
        assert model.data(model.index(row, 7)).endswith("（暂定）")
    # Overdue open applications are red, closed ones uncoloured.
    overdue = [i for i, r in enumerate(rows) if r["overdue"]]
    closed = [i for i, r in enumerate(rows) if not r["is_open"]]
    assert overdue and closed
    red = model.data(model.index(overdue[0], 0), Qt.ItemDataRole.BackgroundRole)
    assert red is not None and red.color().name() == "#fde2e1"
    assert model.data(model.index(overdue[0], 8)).startswith("逾期")
    assert model.data(model.index(closed[0], 0), Qt.ItemDataRole.BackgroundRole) is None


def _count(db, filters):
    with db.read_session() as s:
        return register_query.count(s, {**filters, "today": TODAY})


def test_filters_and_search_give_the_service_counts(imported, screen, db):
    bar = screen.filter_bar
    checks = [
        (lambda: bar.kind.setCurrentIndex(bar.kind.findData("legal_service")), {"applicant_kind": "legal_service"}),
        (lambda: bar.channel.setCurrentIndex(bar.channel.findData("post")),
         {"applicant_kind": "legal_service", "channel": "post"}),
        (bar.clear, {}),
        (lambda: bar.status.setCurrentIndex(bar.status.findData("open")), {"open": True}),
        (lambda: bar.year.setCurrentIndex(bar.year.findData(2025)), {"open": True, "year": 2025}),
        (bar.clear, {}),
        (lambda: bar.status.setCurrentIndex(bar.status.findData("step:review")), {"status": "review"}),
        (bar.clear, {}),
        (lambda: bar.due_within.setValue(10), {"due_within": 10}),
        (bar.clear, {}),
    ]
    total = screen.model.rowCount()
    seen = set()
    for action, expected in checks:
        action()
        n = _count(db, expected)
        assert screen.model.rowCount() == n, expected
        seen.add(n)
    assert len(seen) > 3 and total in seen  # the filters really narrow the list
    bar.search.setText("低保")
    assert screen.model.rowCount() == total  # debounced: not applied while typing
    bar.flush()
    n = _count(db, {"text": "低保"})
    assert 0 < n < total and screen.model.rowCount() == n
    assert all("低保" in r["content"] or "低保" in r["applicant_name"] for r in _rows(screen.model))


def test_dashboard_keys_open_the_filtered_list(imported, screen, db):
    from app.register import dashboard as register_dashboard

    with db.read_session() as s:
        items = register_dashboard.sections(s, TODAY)[0].items
    assert sum(i.count for i in items) > 0
    for item in items:
        screen.apply_filter_key(item.filter_key)
        assert screen.model.rowCount() == item.count, item.filter_key
    screen.apply_filter_key("due_3")  # the brief's spelling of due_soon
    assert screen.filter_bar.reminder.currentData() == "due_soon"
    screen.apply_filter_key("no_such_key")
    assert screen.model.rowCount() == _count(db, {})


def test_header_click_sorts_in_sql(imported, screen, db):
    screen._sort_clicked(2)  # 申请人
    with db.read_session() as s:
        expected = register.query_ids(s, {}, "-applicant_name")
    assert [screen.model.id_at(r) for r in range(20)] == expected[:20]
    screen._sort_clicked(2)
    with db.read_session() as s:
        expected = register.query_ids(s, {}, "applicant_name")
    assert [screen.model.id_at(r) for r in range(20)] == expected[:20]
    screen._sort_clicked(7)  # 答复期限: soonest first, applications without a due date last
    dues = [screen.model.row_at(r)["reply_due"] for r in range(screen.model.rowCount())]
    dated = [d for d in dues if d is not None]
    assert dated == sorted(dated) and dues == dated + [None] * (len(dues) - len(dated))
    assert dues[0] is not None

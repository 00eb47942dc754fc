"""The list's text search reads its matches in one scan: the count and every page come from it."""

from __future__ import annotations

from sqlalchemy import event

from app import register
from app.register import queries as register_query
from tests.helpers.register_ui import TODAY
from ui.register.source import RegisterSource


def _like_statements(db, fn):
    seen: list[str] = []

    def before(conn, cursor, statement, params, context, executemany):
        if " LIKE " in statement.upper() and "FROM APPLICATION" in statement.upper():
            seen.append(statement)

    engines = {db.engine, getattr(db, "read_engine", db.engine)}
    for engine in engines:
        event.listen(engine, "before_cursor_execute", before)
    try:
        result = fn()
    finally:
        for engine in engines:
            event.remove(engine, "before_cursor_execute", before)
    return result, seen


def test_search_scans_once_and_pages_in_memory(db, imported):
    with db.read_session() as s:
        expected = register_query.query_ids(s, {"text": "河道", "today": TODAY}, "reply_due")
    assert 1 < len(expected) < imported
    source = RegisterSource(db.read_session, {"text": "河道"}, "reply_due", today=TODAY)

    def read_all():
        n = source.count()
        pages = [source.ids(offset, 3) for offset in range(0, n + 3, 3)]
        return n, [i for p in pages for i in p]

    (n, ids), scans = _like_statements(db, read_all)
    assert n == len(expected) and ids == expected
    assert len(scans) == 1


def test_reload_of_a_search_sees_new_data(db, imported):
    source = RegisterSource(db.read_session, {"text": "独一无二的检索词"}, today=TODAY)
    assert source.count() == 0 and source.ids(0, 10) == []
    with db.session() as s:
        new_id = register.register_application(s, {
            "received_on": TODAY, "channel": "in_person", "applicant_kind": "natural_person",
            "applicant_name": "赵六", "content": "申请公开独一无二的检索词相关文件"}, today=TODAY).id
    assert source.count() == 1 and source.ids(0, 10) == [new_id]


def test_filters_without_text_still_page_in_sql(db, imported):
    source = RegisterSource(db.read_session, {"open": True}, "-received_on", today=TODAY)
    n = source.count()
    with db.read_session() as s:
        expected = register_query.query_ids(s, {"open": True, "today": TODAY}, "-received_on")
    assert n == len(expected)
    assert source.ids(2, 4) == expected[2:6]
    assert source._all_ids is None

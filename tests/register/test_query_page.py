"""register_query.query_page: pages of the same order as query_ids, undated rows last in both directions."""

from __future__ import annotations

import datetime as dt

import pytest
from sqlalchemy import select

from app import register
from app.errors import ValidationError
from app.register import queries as register_query
from app.storage.models.register import Application

TODAY = dt.date(2025, 10, 28)
SORTS = ["reply_due", "-reply_due", "received_on", "-received_on", "applicant_name", "-applicant_name",
         "serial", "-serial", "replied_on", "-replied_on", "status", "-outcome"]


@pytest.fixture
def many(session, new_app):
    ids = []
    # Pairs received the same day share a due date (ties are broken by id).
    for n, day in enumerate([1, 1, 2, 3, 3, 6, 7, 8, 8, 9]):
        ids.append(new_app(received_on=dt.date(2025, 10, day), applicant_name=f"申请人{n % 3}",
                           content=f"申请公开第{n}号文件{'拆迁' if n % 2 else ''}"))
    # Waiting for 补正: no due date.
    for app_id in ids[1:4]:
        register.record_correction_notice(session, app_id, "2025-10-10", "请说明年份", 15)
    register.close(session, ids[5], "granted", replied_on="2025-10-20")
    register.close(session, ids[6], "granted", replied_on="2025-10-20")
    session.flush()
    return ids


def _pages(session, filters, sort, size):
    out, offset = [], 0
    while True:
        page = register_query.query_page(session, filters, sort, offset, size)
        assert len(page) <= size
        if not page:
            return out
        out += page
        offset += size


@pytest.mark.parametrize("sort", SORTS)
def test_pages_concatenate_to_query_ids(session, many, sort):
    filters = {"today": TODAY}
    full = register_query.query_ids(session, filters, sort)
    assert sorted(full) == sorted(many)
    for size in (1, 3, 4, 100):
        assert _pages(session, filters, sort, size) == full
    assert register_query.query_page(session, filters, sort, len(full), 10) == []
    searched = register_query.query_ids(session, {"text": "拆迁"}, sort)
    assert len(searched) == 5
    assert _pages(session, {"text": "拆迁"}, sort, 2) == searched


@pytest.mark.parametrize("sort", ["reply_due", "-reply_due", "replied_on", "-replied_on"])
def test_rows_without_a_value_go_last_in_both_directions(session, many, sort):
    column = sort.lstrip("-")
    values = {a.id: getattr(a, column) for a in session.execute(select(Application)).scalars()}
    undated = {i for i, v in values.items() if v is None}
    assert 0 < len(undated) < len(values)
    for ordered in (register_query.query_ids(session, {}, sort), _pages(session, {}, sort, 3)):
        assert set(ordered[-len(undated):]) == undated
        dated = [values[i] for i in ordered[:-len(undated)]]
        assert dated == sorted(dated, reverse=sort.startswith("-"))


def test_bad_paging_or_sort_is_refused(session, many):
    with pytest.raises(ValidationError, match="分页"):
        register_query.query_page(session, {}, None, -1, 10)
    with pytest.raises(ValidationError, match="排序"):
        register_query.query_page(session, {}, "colour", 0, 10)
    with pytest.raises(ValidationError):
        register_query.query_page(session, {"colour": "red"}, None, 0, 10)


def test_received_years_newest_first(session, new_app):
    assert register_query.received_years(session) == []
    new_app(received_on=dt.date(2023, 5, 4))
    new_app(received_on=dt.date(2025, 10, 1))
    session.flush()
    assert register_query.received_years(session) == [2025, 2024, 2023]

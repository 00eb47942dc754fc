"""The ledger's records of a year whose annual report is issued are not added, changed or deleted."""

from __future__ import annotations

import pytest
from sqlalchemy import select

from app import ledger
from app.core.profile import own_office_id
from app.errors import ConflictError
from app.reports.year_lock import lock_year, unlock_year
from app.storage.models.ledger import LedgerActivity


def test_locked_year_refuses_activity_changes_and_deletes(session):
    a = ledger.add_activity(session, {"kind": "主动公开", "occurred_on": "2025-03-05", "title": "3月网站信息",
                                      "channel": "网站", "quantity": 3})
    office = own_office_id(session)
    lock_year(session, office, 2025)
    with pytest.raises(ConflictError, match="2025年度报告已发布"):
        ledger.add_activity(session, {"kind": "主动公开", "occurred_on": "2025-04-05", "title": "4月",
                                      "channel": "网站"})
    with pytest.raises(ConflictError):
        ledger.update_activity(session, a.id, {"quantity": 5})
    with pytest.raises(ConflictError):
        ledger.update_activity(session, a.id, {"occurred_on": "2026-01-05"})  # moving out changes 2025 too
    with pytest.raises(ConflictError):
        ledger.delete_activity(session, a.id)
    assert session.scalar(select(LedgerActivity.deleted).where(LedgerActivity.id == a.id)) is False
    ledger.add_activity(session, {"kind": "主动公开", "occurred_on": "2026-01-05", "title": "1月",
                                  "channel": "网站"})  # the next year is open
    unlock_year(session, office, 2025, "补登漏记的信息发布")
    ledger.delete_activity(session, a.id)


def test_locked_year_refuses_table_two_figures_and_cases(session):
    office = own_office_id(session)
    ledger.set_figures(session, 2025, {"licensing": 12})
    lock_year(session, office, 2025)
    ledger.set_figures(session, 2025, {"licensing": 12})  # the same number: nothing changes
    with pytest.raises(ConflictError, match="表二"):
        ledger.set_figures(session, 2025, {"licensing": 13})
    with pytest.raises(ConflictError, match="行政复议"):
        ledger.add_case(session, {"kind": "review", "filed_on": "2025-06-01"})

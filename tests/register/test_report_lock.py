"""An issued annual report locks its year: register changes that would alter it are refused."""

from __future__ import annotations

import datetime as dt

import pytest

from app import register, reports
from app.core.profile import own_office_row
from app.errors import ConflictError

NEW = {
    "channel": "in_person", "received_on": "2025-06-02", "applicant_kind": "natural_person",
    "applicant_name": "张三", "content": "申请公开某镇拆迁补偿方案",
}


def test_locked_year_refuses_registration_and_closing(db):
    today = dt.date(2026, 2, 1)
    with db.session() as s:
        open_app = register.register_application(s, NEW, today=today)
    with db.session(operator="李四") as s:
        reports.lock_year(s, own_office_row(s).id, 2025)
    with db.session() as s, pytest.raises(ConflictError) as err:
        register.register_application(s, NEW, today=today)
    assert "2025年度报告已发布" in err.value.message
    with db.session() as s, pytest.raises(ConflictError):
        register.close(s, open_app.id, "granted", replied_on="2025-12-30", today=today)
    # Closing the carried-over application in the new year changes only next year's report.
    with db.session() as s:
        state = register.close(s, open_app.id, "granted", replied_on="2026-01-20", today=today)
    assert state.outcome == "granted"


def test_editing_receipt_date_into_locked_year_is_refused(db):
    today = dt.date(2026, 3, 1)
    with db.session() as s:
        app = register.register_application(s, dict(NEW, received_on="2026-01-05"), today=today)
        reports.lock_year(s, own_office_row(s).id, 2025)
    with db.session() as s, pytest.raises(ConflictError):
        register.update_application(s, app.id, {"received_on": dt.date(2025, 12, 29)}, today=today)

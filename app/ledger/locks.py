"""The year lock seen from the ledger: its activities (section 二's text and the 考核 counts), the table 二
figures and the table 四 cases of a year whose annual report is issued are not changed, added or deleted
(docs/spec/annual-report.md section 6). The lock itself is the reports area's (issuing and unlocking,
app/reports/year_lock.py); the ledger sits below it and reads the lock rows directly."""

from __future__ import annotations

import datetime as dt
from collections.abc import Iterable

from sqlalchemy import select

from app.errors import ConflictError
from app.storage.models.reports import ReportLock


def refuse_locked_years(session, office_id: int, years: Iterable[int | None], what: str) -> None:
    """ConflictError when any of ``years`` of the office is locked; ``what`` names the record."""
    wanted = sorted({y for y in years if y is not None})
    if not wanted:
        return
    locked = sorted(session.scalars(select(ReportLock.year).where(
        ReportLock.office_id == office_id, ReportLock.year.in_(wanted), ReportLock.locked.is_(True))))
    if locked:
        raise ConflictError(f"{locked[0]}年度报告已发布，该年度数据已锁定，不能修改{what}；如确需修改，请先在“年度报告”中"
                            "解锁（gongkai report unlock）并说明理由。")


def activity_years(occurred_on: dt.date | None, due_on: dt.date | None) -> list[int | None]:
    """The years an activity counts in: the year it took place, and for a 政策解读 its due year (pending)."""
    return [d.year if d else None for d in (occurred_on, due_on)]


def case_years(filed_on: dt.date | None, concluded_on: dt.date | None, today: dt.date) -> list[int]:
    """The years a case counts in: from the year filed to the year concluded (or this year while open)."""
    if filed_on is None:
        return []
    last = (concluded_on or today).year
    return list(range(filed_on.year, max(last, filed_on.year) + 1))

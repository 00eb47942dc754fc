"""The year lock: once a year's annual report is issued, the data behind its figures is locked.

Issuing a report (app/reports/service.py) locks each office's year it covers; any service that would change
those figures asks `assert_unlocked` first. Unlocking needs a reason, and both are audited.
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Iterable, Mapping
from typing import Any

import sqlalchemy as sa
from sqlalchemy.orm import Session

from app.core import audit
from app.errors import ConflictError, ValidationError
from app.reports.annual import categories_of
from app.storage.base import utcnow
from app.storage.models.reports import ReportLock


class YearLocked(ConflictError):
    """A change refused because it would alter the figures of issued years; ``years`` lists them."""

    def __init__(self, message: str, years: list[int], *, details: list[str] | None = None) -> None:
        super().__init__(message, details=details)
        self.years = sorted(set(years))


def set_lock(session: Session, office_id: int, year: int, locked: bool, operator: str, reason: str | None) -> None:
    """Lock or unlock one office's year (issuing a report locks it), audited; no change, no entry."""
    lock = session.scalar(sa.select(ReportLock).where(ReportLock.office_id == office_id, ReportLock.year == year))
    if lock is None:
        lock = ReportLock(office_id=office_id, year=year, locked=locked, changed_by=operator, reason=reason)
        session.add(lock)
        audit.record(session, lock, "lock" if locked else "unlock")
        return
    if lock.locked == locked:
        return
    lock.locked = locked
    lock.changed_at = utcnow()
    lock.changed_by = operator
    lock.reason = reason
    audit.record(session, lock, "lock" if locked else "unlock")


def unlock_year(session: Session, office_id: int, year: int, reason: str) -> None:
    """Allow edits to an issued year again; needs a reason, recorded in the audit trail."""
    if not (reason or "").strip():
        raise ValidationError("解锁已发布年度的数据必须说明理由。")
    lock = session.scalar(sa.select(ReportLock).where(ReportLock.office_id == office_id, ReportLock.year == year))
    if lock is None or not lock.locked:
        raise ConflictError(f"{year}年度数据未锁定。")
    set_lock(session, office_id, year, False, session.info.get("operator") or "未知操作员", reason.strip())


def lock_year(session: Session, office_id: int, year: int) -> None:
    """Lock a year again after an unlock (the report stays as issued)."""
    set_lock(session, office_id, year, True, session.info.get("operator") or "未知操作员", None)


def is_year_locked(session: Session, office_id: int, year: int) -> bool:
    return bool(session.scalar(sa.select(ReportLock.locked).where(ReportLock.office_id == office_id,
                                                                  ReportLock.year == year)))


def assert_year_unlocked(session: Session, office_id: int, date: dt.date | None) -> None:
    """Refuse a change that touches data of a year whose report is issued."""
    if date is None:
        return
    if is_year_locked(session, office_id, date.year):
        raise ConflictError(
            f"{date.year}年度报告已发布，该年度的数据已锁定；如确需修改，请先在“年度报告”中解锁并说明理由。"
        )


def assert_unlocked(session: Session, office_id: int, *days: dt.date | None) -> None:
    """Refuse a change that would alter an issued annual report (条例 arts. 49–50): the report's figures
    depend on receipt dates, applicant kinds, reply dates and outcomes, so every day the change touches
    (before and after) must lie in an unlocked year."""
    for day in sorted({d for d in days if d is not None}):
        assert_year_unlocked(session, office_id, day)


# ---- which figures a record touches (docs/spec/annual-report.md section 6) --------------------------


def locked_years(session: Session) -> dict[int, set[int]]:
    """office id → the years whose report is issued and not unlocked."""
    found: dict[int, set[int]] = {}
    for office_id, year in session.execute(sa.select(ReportLock.office_id, ReportLock.year)
                                           .where(ReportLock.locked.is_(True))):
        found.setdefault(office_id, set()).add(year)
    return found


def _contribution(record: Mapping[str, Any] | None, year: int) -> tuple:
    """What one application adds to ``year``'s figures: its categories of table 三 (new, carried in,
    replied, carried out) with its applicant column, its outcome when replied in the year, and the fee
    paid in the year (section 六)."""
    if record is None:
        return ()
    categories = tuple(categories_of(record.get("received_on"), record.get("replied_on"), year))
    fee_part: tuple = ()
    paid = record.get("fee_paid_on")
    if paid is not None and paid.year == year:
        fee_part = (str(record.get("fee_amount")),)
    if not categories and not fee_part:
        return ()
    replied_here = "replied" in categories
    return (categories, record.get("applicant_kind") if categories else None,
            record.get("outcome") if replied_here else None, fee_part)


def years_changed(before: Mapping[str, Any] | None, after: Mapping[str, Any] | None,
                  years: Iterable[int]) -> list[int]:
    """The years among ``years`` whose figures differ between the stored application (``before``; None:
    not stored yet) and its new state (``after``; None: removed). Records are flat: received_on,
    replied_on (dates), applicant_kind, outcome, fee_paid_on, fee_amount."""
    return sorted(y for y in years if _contribution(before, y) != _contribution(after, y))


def locked_message(year: int, what: str = "") -> str:
    """The refusal of a change to a locked year's figures (one wording for every path)."""
    return (f"{year}年度报告已发布，该年度数据已锁定{what}；如确需修改，请先在“年度报告”中解锁"
            "（gongkai report unlock）并说明理由")

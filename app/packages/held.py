"""Packages held for a locked year: a late package whose records would change the figures of a year
whose report is issued (a township's year under the county's summary) is stored, not applied, and is
applied only after the year is unlocked (docs/spec/packages.md section 6)."""

from __future__ import annotations

from sqlalchemy import select
from sqlalchemy.orm import Session

from app.core import audit
from app.packages.manifest import Manifest
from app.reports.year_lock import YearLocked
from app.storage.base import utcnow
from app.storage.models.packages import IncomingPackage


def hold_for_locked_year(session: Session, m: Manifest, data: bytes, sha: str, file_name: str | None,
                         locked: YearLocked) -> str:
    """Store the package as held (its content kept) with the years it waits for; the message for the clerk."""
    row = session.execute(select(IncomingPackage).where(
        IncomingPackage.package_id == m.package_id)).scalar_one_or_none()
    years = sorted(locked.years)
    summary = {"locked_years": years, "problems": list(locked.details or [])[:50]}
    if row is None:
        row = IncomingPackage(package_id=m.package_id, sender=m.sender_code, sender_name=m.sender_name,
                              sequence=m.sequence, kind=m.kind, state="held", sha256=sha,
                              file_name=(file_name or "")[:300] or None, content=data,
                              package_created_at=m.created_at, received_at=utcnow(), summary=summary)
        session.add(row)
        audit.record(session, row, "create", note="数据包涉及已锁定年度，暂存")
    elif row.summary != summary:
        row.summary = summary
        audit.record(session, row, "update", note="数据包涉及已锁定年度，继续暂存")
    shown = "、".join(f"{y}年度" for y in years)
    return (f"来自“{m.sender_name or m.sender_code}”的数据包（序号 {m.sequence}）会改变{shown}已发布年度报告的统计数字，"
            f"已暂存、未导入；在“年度报告”中解锁该年度（说明理由）后，可在“数据交换”中导入暂存的数据包。")


def held_for_lock(row: IncomingPackage) -> list[int]:
    """The locked years a held package waits for ([] when it is held for a sequence gap)."""
    return list((row.summary or {}).get("locked_years") or [])


"""Releases from the platform, after a province package is applied: what changed for the clerk.

An official calendar for a year (docs/spec/packages.md section 5.4) changes working days, so every open
deadline is computed again here, in the same unit of work as the import, and the dates that moved are
returned for the clerk. (The window's own calendar edits use app/workbench/recompute.py, which sits above
this area; the two steps are the same: the register's due dates and the ledger's 政策解读 days.)
"""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass, field

from sqlalchemy.orm import Session


@dataclass
class MovedDate:
    serial: str
    old: dt.date | None
    new: dt.date | None


@dataclass
class ReleaseReport:
    official_years: list[int] = field(default_factory=list)
    calendar_changes: int = 0
    template_changes: int = 0
    negative_list_changes: int = 0
    moved: list[MovedDate] = field(default_factory=list)

    @property
    def message(self) -> str:
        parts = []
        if self.calendar_changes:
            years = "、".join(str(y) for y in self.official_years)
            parts.append(f"工作日历更新{self.calendar_changes}项" + (f"（已有官方数据的年份：{years}）" if years else ""))
            parts.append(f"{len(self.moved)}件申请的答复期限随之改变" if self.moved else "没有申请的答复期限因此改变")
        if self.template_changes:
            parts.append(f"文书模板与法律依据更新{self.template_changes}项")
        if self.negative_list_changes:
            parts.append(f"负面清单指导事项更新{self.negative_list_changes}项")
        return ("平台下发：" + "，".join(parts) + "。") if parts else ""


def _changed(counts: dict | None) -> int:
    counts = counts or {}
    return sum(int(counts.get(k, 0)) for k in ("created", "updated", "deleted"))


def after_province_package(session: Session, counts: dict[str, dict]) -> ReleaseReport:
    """Called after a province package was applied in `session`: recompute when the calendar changed."""
    report = ReleaseReport(calendar_changes=_changed(counts.get("calendar")),
                           template_changes=_changed(counts.get("templates")),
                           negative_list_changes=_changed(counts.get("negative_list")))
    if report.calendar_changes:
        from app.calendar import load_calendar, official_years
        from app.ledger.activities import recompute_interpretation_due
        from app.register.clock import recompute_deadlines

        calendar = load_calendar(session)
        report.moved = [MovedDate(m.serial, m.old, m.new) for m in recompute_deadlines(session, calendar)
                        if m.old != m.new]
        recompute_interpretation_due(session, calendar)
        report.official_years = sorted(official_years(session))
    return report

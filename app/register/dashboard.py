"""The register's section of the 工作台 dashboard: what is due, overdue or waiting for someone."""

from __future__ import annotations

import datetime as dt

from sqlalchemy import func, select
from sqlalchemy.orm import Session

from app.core.dashboard import DashboardItem, DashboardSection
from app.register.queries import FILTER_KEYS, key_condition
from app.storage.models.register import Application

SCREEN = "依申请公开"
# (filter key, urgency) in display order.
ITEMS = (
    ("due_today", "soon"),
    ("due_soon", "soon"),
    ("overdue", "overdue"),
    ("awaiting_correction", "normal"),
    ("consulting", "normal"),
    ("awaiting_fee", "normal"),
    ("late_replies", "overdue"),  # a 考核 figure: replies of this year after their due date
)


def sections(session: Session, today: dt.date) -> list[DashboardSection]:
    from app.register.clock import load_calendar

    calendar = load_calendar(session)
    items = []
    for key, urgency in ITEMS:
        cond = key_condition(session, key, today, calendar)
        n = int(session.execute(select(func.count()).select_from(Application).where(cond)).scalar_one())
        label = FILTER_KEYS[key]
        if key == "late_replies" and n:
            from app.register.periods import late_replies

            total = sum(r.late_days for r in late_replies(session, today.year, calendar=calendar))
            label += f"（共超期{total}个工作日）"
        items.append(DashboardItem(label=label, count=n, urgency=urgency if n else "normal",
                                   screen=SCREEN, filter_key=key))
    return [DashboardSection(title="依申请公开", items=items)]

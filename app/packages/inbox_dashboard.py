"""The 数据交换 section of the 工作台 dashboard: online applications just fetched, what waits for the platform."""

from __future__ import annotations

import datetime as dt

from sqlalchemy import func, select
from sqlalchemy.orm import Session

from app.core.dashboard import DashboardItem, DashboardSection
from app.storage.models.packages import OnlineApplication, OutgoingPackage
from app.storage.models.register import Application

REGISTER = "依申请公开"
EXCHANGE = "数据交换"
NEW_DAYS = 7  # an online application counts as new for a week after it arrived


def sections(session: Session, today: dt.date) -> list[DashboardSection]:
    since = dt.datetime.combine(today - dt.timedelta(days=NEW_DAYS - 1), dt.time())
    new_open = int(session.execute(select(func.count()).select_from(OnlineApplication).join(
        Application, Application.id == OnlineApplication.application_id).where(
        OnlineApplication.registered_at >= since, Application.outcome.is_(None))).scalar_one())
    unacknowledged = int(session.execute(select(func.count()).select_from(OnlineApplication).where(
        OnlineApplication.acknowledged_at.is_(None))).scalar_one())
    failing = int(session.execute(select(func.count()).select_from(OutgoingPackage).where(
        OutgoingPackage.transport == "http", OutgoingPackage.state == "queued",
        OutgoingPackage.last_error.is_not(None))).scalar_one())
    return [DashboardSection(title="网上申请与数据交换", items=[
        DashboardItem(label=f"近{NEW_DAYS}天新到网上申请（办理中）", count=new_open, urgency="soon" if new_open else "normal",
                      screen=REGISTER, filter_key="open"),
        DashboardItem(label="登记编号待回告平台", count=unacknowledged, screen=EXCHANGE),
        DashboardItem(label="发往省级平台待重试", count=failing, urgency="soon" if failing else "normal",
                      screen=EXCHANGE),
    ])]

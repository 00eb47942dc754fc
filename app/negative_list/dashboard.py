"""The negative list's section of the 工作台: items due for their periodic review (条例 art. 18)."""

from __future__ import annotations

import datetime as dt

from app.core.dashboard import DashboardItem, DashboardSection

SOON_DAYS = 30
SCREEN = "负面清单"


def sections(session, today: dt.date) -> list[DashboardSection]:
    from app.core.profile import OwnOfficeMissing, own_office_id
    from app.negative_list.review import review_due

    try:
        office_id = own_office_id(session)
    except OwnOfficeMissing:
        return []
    overdue = len(review_due(session, today, office_id=office_id))
    soon = len(review_due(session, today, within_days=SOON_DAYS, office_id=office_id)) - overdue
    return [DashboardSection(title="负面清单", items=[
        DashboardItem(label="到期待复核", count=overdue, urgency="overdue" if overdue else "normal",
                      screen=SCREEN, filter_key="review_due"),
        DashboardItem(label=f"{SOON_DAYS}日内到期复核", count=soon, urgency="soon" if soon else "normal",
                      screen=SCREEN, filter_key="review_soon"),
    ])]

"""The ledger's section of the 工作台 dashboard: tasks overdue or due soon, stale columns, 政策解读 due."""

from __future__ import annotations

import datetime as dt

from sqlalchemy import and_, func, select

from app.core.dashboard import DashboardItem, DashboardSection
from app.core.profile import OwnOfficeMissing, own_office_id
from app.ledger.columns import list_columns
from app.ledger.tasks import count_tasks
from app.storage.models.ledger import LedgerActivity

SCREEN = "工作台账"
SOON_DAYS = 7
# filter keys the ledger screen understands (LedgerScreen.apply_filter)
FILTER_LABELS = {
    "tasks_overdue": "任务已逾期",
    "tasks_due_soon": f"任务{SOON_DAYS}日内到期",
    "columns_overdue": "网站栏目逾期未更新",
    "interpretations_overdue": "政策解读已超时限",
    "interpretations_due": "政策解读待发布",
}


def _interpretations(session, office_id: int, today: dt.date, overdue: bool) -> int:
    A = LedgerActivity
    conds = [A.deleted.is_(False), A.office_id == office_id, A.kind == "interpretation", A.occurred_on.is_(None)]
    conds.append(A.due_on < today if overdue else A.due_on >= today)
    return int(session.scalar(select(func.count()).select_from(A).where(and_(*conds))) or 0)


def sections(session, today: dt.date) -> list[DashboardSection]:
    try:
        office_id = own_office_id(session)
    except OwnOfficeMissing:
        return []
    counts = {
        "tasks_overdue": count_tasks(session, today=today, office_id=office_id, status="overdue"),
        "tasks_due_soon": count_tasks(session, today=today, office_id=office_id, due_within=SOON_DAYS),
        "columns_overdue": len(list_columns(session, today=today, office_id=office_id, overdue_only=True)),
        "interpretations_overdue": _interpretations(session, office_id, today, True),
        "interpretations_due": _interpretations(session, office_id, today, False),
    }
    urgency = {"tasks_overdue": "overdue", "tasks_due_soon": "soon", "columns_overdue": "overdue",
               "interpretations_overdue": "overdue", "interpretations_due": "soon"}
    items = [DashboardItem(label=FILTER_LABELS[key], count=n, urgency=urgency[key] if n else "normal",
                           screen=SCREEN, filter_key=key) for key, n in counts.items()]
    return [DashboardSection(title="工作台账", items=items)]


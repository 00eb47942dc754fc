"""The 工作台 dashboard: sections collected from every area that has something due."""

from __future__ import annotations

import datetime as dt
import importlib
from dataclasses import dataclass, field

# Each module has `sections(session, today) -> list[DashboardSection]`.
PROVIDERS = [
    "app.register.dashboard",
    "app.ledger.dashboard",
    "app.catalogue.dashboard",
    "app.negative_list.dashboard",
]


@dataclass
class DashboardItem:
    label: str  # e.g. "今日到期"
    count: int
    urgency: str = "normal"  # normal | soon | overdue
    screen: str | None = None  # navigation title to open, e.g. "依申请公开"
    filter_key: str | None = None  # a filter the target screen understands, e.g. "due_today"


@dataclass
class DashboardSection:
    title: str
    items: list[DashboardItem] = field(default_factory=list)


def collect(session, today: dt.date | None = None) -> list[DashboardSection]:
    today = today or dt.date.today()
    sections: list[DashboardSection] = []
    for name in PROVIDERS:
        try:
            module = importlib.import_module(name)
        except ModuleNotFoundError as exc:
            if exc.name != name:
                raise
            continue
        sections.extend(module.sections(session, today))
    return sections

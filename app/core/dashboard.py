"""What an area's section of the 工作台 dashboard holds; app.workbench.dashboard collects the sections."""

from __future__ import annotations

from dataclasses import dataclass, field


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


"""The 工作台账 screen: tabs 任务 / 活动记录 / 网站栏目 / 统计数据."""

from __future__ import annotations

from typing import TYPE_CHECKING

from PySide6.QtWidgets import QTabWidget, QVBoxLayout

from ui.ledger.statistics import StatisticsTab
from ui.ledger.tabs import ActivitiesTab, ColumnsTab, TasksTab
from ui.widgets.screen import Screen

if TYPE_CHECKING:
    from ui.context import UiContext


class LedgerScreen(Screen):
    title = "工作台账"

    def __init__(self, ctx: UiContext, parent=None) -> None:
        super().__init__(ctx, parent)
        layout = QVBoxLayout(self)
        self.tabs = QTabWidget()
        self.tasks = TasksTab(ctx)
        self.activities = ActivitiesTab(ctx)
        self.columns = ColumnsTab(ctx)
        self.statistics = StatisticsTab(ctx)
        for widget, label in ((self.tasks, "任务"), (self.activities, "活动记录"), (self.columns, "网站栏目"),
                              (self.statistics, "统计数据")):
            self.tabs.addTab(widget, label)
        self.tabs.currentChanged.connect(lambda _i: self.refresh())
        layout.addWidget(self.tabs)

    def refresh(self) -> None:
        """Reload the visible tab (the others reload when they are shown)."""
        tab = self.tabs.currentWidget()
        if isinstance(tab, (TasksTab, ActivitiesTab, ColumnsTab, StatisticsTab)):
            tab.refresh()

    def on_data_changed(self, area: str) -> None:
        if area == "ledger" and self.isVisible():
            self.refresh()

    def apply_filter_key(self, key: str) -> None:
        """Open the list the dashboard item names (app.ledger.dashboard.FILTER_LABELS)."""
        widgets = [self.tabs, self.tasks.status, self.columns.overdue_only, self.activities.kind,
                   self.activities.year, self.activities.late]
        for w in widgets:  # set every filter first, then load once
            w.blockSignals(True)
        try:
            if key in ("tasks_overdue", "tasks_due_soon"):
                self.tabs.setCurrentWidget(self.tasks)
                status = "overdue" if key == "tasks_overdue" else "due_soon"
                self.tasks.status.setCurrentIndex(self.tasks.status.findData(status))
            elif key == "columns_overdue":
                self.tabs.setCurrentWidget(self.columns)
                self.columns.overdue_only.setChecked(True)
            elif key in ("interpretations_overdue", "interpretations_due"):
                self.tabs.setCurrentWidget(self.activities)
                self.activities.kind.setCurrentIndex(self.activities.kind.findData("interpretation"))
                self.activities.year.setCurrentIndex(0)
                self.activities.late.setChecked(key == "interpretations_overdue")
        finally:
            for w in widgets:
                w.blockSignals(False)
        self.refresh()

"""The 工作台 dashboard: what is due today, soon, overdue, and waiting, across the areas."""

from __future__ import annotations

import datetime as dt

import shiboken6
from PySide6.QtCore import Qt, Signal
from PySide6.QtWidgets import (
    QFrame,
    QGridLayout,
    QLabel,
    QScrollArea,
    QVBoxLayout,
    QWidget,
)

from ui.context import AFTER_PAINT_READS_MS, UiContext
from ui.widgets.screen import Screen

URGENCY_STYLE = {
    "overdue": ("#fde2e1", "#b42318"),
    "today": ("#ffe8cc", "#b54708"),
    "soon": ("#fff6d5", "#93370d"),
    "normal": ("#eef4fb", "#1f3a5f"),
}


class DashboardScreen(Screen):
    title = "工作台"

    def __init__(self, ctx: UiContext, parent=None) -> None:
        super().__init__(ctx, parent)
        outer = QVBoxLayout(self)
        outer.setContentsMargins(24, 18, 24, 18)
        self.heading = QLabel()
        self.heading.setStyleSheet("font-size:22px;font-weight:bold;color:#1f3a5f")
        outer.addWidget(self.heading)
        self.subheading = QLabel()
        self.subheading.setStyleSheet("color:#475467;font-size:13px")
        outer.addWidget(self.subheading)
        scroll = QScrollArea()
        scroll.setWidgetResizable(True)
        scroll.setFrameShape(QFrame.Shape.NoFrame)
        self.body = QWidget()
        self.body_layout = QVBoxLayout(self.body)
        self.body_layout.setContentsMargins(0, 12, 0, 0)
        scroll.setWidget(self.body)
        outer.addWidget(scroll, 1)
        self.cards: list[DashboardCard] = []

    def refresh(self) -> None:
        """Counting what is due reads whole tables at county scale: it runs off the UI thread, and so does
        reading the office's name (the first ORM read loads SQLAlchemy and the models: after the paint)."""
        today = dt.date.today()
        weekday = "一二三四五六日"[today.weekday()]
        self.subheading.setText(f"{today.year}年{today.month}月{today.day}日 星期{weekday}　操作员：{self.ctx.operator}"
                                "　正在统计待办事项…")
        self._pending = getattr(self, "_pending", 0) + 1
        ticket = self._pending

        def office_name(progress, db) -> str:
            from app.core.profile import OwnOfficeMissing, get_own_office

            with db.read_session() as s:
                try:
                    return get_own_office(s).name
                except OwnOfficeMissing:
                    return "（尚未设置本机关信息）"

        def show_office(name: str) -> None:
            if shiboken6.isValid(self) and ticket == self._pending:
                self.heading.setText(name)

        def work(progress, db):
            from app.workbench.dashboard import collect

            with db.read_session() as s:
                return collect(s, today)

        def done(sections) -> None:
            # A newer refresh supersedes this one; a closed window no longer wants it.
            if shiboken6.isValid(self) and ticket == self._pending:
                self.show_sections(sections, today)

        def failed(exc) -> bool:
            if shiboken6.isValid(self):
                self.subheading.setText(f"待办事项统计失败：{exc}")
            return True  # shown in the heading, not as a dialog

        def start() -> None:
            # Both on the read-only thread, in this order: the name (one row) shows before the counts.
            self.ctx.jobs.run(office_name, self.ctx.db, show_progress=False, read_only=True, on_done=show_office,
                              on_error=failed)
            self.ctx.jobs.run(work, self.ctx.db, show_progress=False, read_only=True, on_done=done,
                              on_error=failed)

        # Started a moment later, so the window paints and answers first (the reading thread shares the GIL).
        self.ctx.after_first_paint(AFTER_PAINT_READS_MS, self, start)

    def show_sections(self, sections, today: dt.date) -> None:
        weekday = "一二三四五六日"[today.weekday()]
        self.subheading.setText(f"{today.year}年{today.month}月{today.day}日 星期{weekday}　操作员：{self.ctx.operator}")
        while self.body_layout.count():
            item = self.body_layout.takeAt(0)
            widget = item.widget() if item is not None else None
            if widget is not None:
                widget.deleteLater()
        self.cards = []
        if not sections:
            self.body_layout.addWidget(QLabel("暂无待办事项。"))
        for section in sections:
            title = QLabel(section.title)
            title.setStyleSheet("font-size:16px;font-weight:bold;color:#344054;margin-top:10px")
            self.body_layout.addWidget(title)
            grid_host = QWidget()
            grid = QGridLayout(grid_host)
            grid.setContentsMargins(0, 4, 0, 4)
            grid.setHorizontalSpacing(12)
            for i, item in enumerate(section.items):
                card = self._card(item)
                grid.addWidget(card, i // 4, i % 4)
                self.cards.append(card)
            for col in range(4):
                grid.setColumnStretch(col, 1)
            self.body_layout.addWidget(grid_host)
        self.body_layout.addStretch(1)

    def _card(self, item) -> DashboardCard:
        card = DashboardCard(item)
        if item.screen:
            card.clicked.connect(lambda s=item.screen, k=item.filter_key or "":
                                 self.ctx.bus.navigate_requested.emit(s, k))
        return card


class DashboardCard(QFrame):
    """A clickable tile: the count large, the label below, coloured by urgency."""

    clicked = Signal()

    def __init__(self, item, parent=None) -> None:
        super().__init__(parent)
        self.item = item
        bg, fg = URGENCY_STYLE.get(item.urgency if item.count else "normal", URGENCY_STYLE["normal"])
        self.setObjectName("dashboardCard")
        self.setMinimumHeight(92)
        self.setCursor(Qt.CursorShape.PointingHandCursor if item.screen else Qt.CursorShape.ArrowCursor)
        self.setStyleSheet(
            f"QFrame#dashboardCard {{ background:{bg}; border:1px solid #d0d5dd; border-radius:10px; }}"
            f"QFrame#dashboardCard:hover {{ border:1px solid {fg}; }}"
            f"QLabel {{ background:transparent; color:{fg}; }}"
        )
        layout = QVBoxLayout(self)
        layout.setContentsMargins(16, 10, 16, 10)
        self.count_label = QLabel(str(item.count))
        self.count_label.setStyleSheet("font-size:30px;font-weight:bold")
        self.text_label = QLabel(item.label)
        self.text_label.setStyleSheet("font-size:14px")
        layout.addWidget(self.count_label)
        layout.addWidget(self.text_label)
        self.setToolTip("点击查看" if item.screen else "")

    def text(self) -> str:
        return f"{self.item.count}\n{self.item.label}"

    def mouseReleaseEvent(self, event) -> None:
        if event.button() == Qt.MouseButton.LeftButton and self.rect().contains(event.position().toPoint()):
            self.clicked.emit()
        super().mouseReleaseEvent(event)

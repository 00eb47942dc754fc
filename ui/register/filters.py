"""The filter bar of the register list: search (debounced), status, reminders, due within N days, year,
applicant type, channel and office. Emits `changed` with a RegisterFilter-shaped dict."""

from __future__ import annotations

from PySide6.QtCore import QTimer, Signal
from PySide6.QtWidgets import (
    QComboBox,
    QGridLayout,
    QLabel,
    QLineEdit,
    QPushButton,
    QSpinBox,
    QWidget,
)

from app.register.codes import APPLICANT_KINDS, CHANNELS, STEP_LABELS, STEPS
from app.register.queries import FILTER_KEYS

# Dashboard keys are used as they are; a few spellings used elsewhere map onto them.
KEY_ALIASES = {"due_3": "due_soon", "awaiting_payment": "awaiting_fee", "due_within_3": "due_soon"}
REMINDER_KEYS = ("due_today", "due_soon", "overdue", "awaiting_correction", "consulting", "awaiting_fee",
                 "late_replies")


class RegisterFilterBar(QWidget):
    changed = Signal()

    def __init__(self, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self._quiet = False
        self.search = QLineEdit()
        self.search.setPlaceholderText("检索申请人、申请内容或申请编号")
        self.search.setClearButtonEnabled(True)
        self._debounce = QTimer(self)
        self._debounce.setSingleShot(True)
        self._debounce.setInterval(300)
        self._debounce.timeout.connect(self._emit)
        self.search.textChanged.connect(lambda _t: self._debounce.start())

        self.status = QComboBox()
        self.status.addItem("全部状态", None)
        self.status.addItem("办理中", "open")
        self.status.addItem("已办结", "closed")
        self.status.insertSeparator(3)
        for step in STEPS:
            self.status.addItem(f"处于“{STEP_LABELS[step]}”", "step:" + step)

        self.reminder = QComboBox()
        self.reminder.addItem("全部提醒", None)
        for key in REMINDER_KEYS:
            self.reminder.addItem(FILTER_KEYS[key], key)

        self.due_within = QSpinBox()
        self.due_within.setRange(0, 60)
        self.due_within.setSpecialValueText("到期日：不限")
        self.due_within.setPrefix("到期日：")
        self.due_within.setSuffix(" 个工作日内")
        self.due_within.setMinimumWidth(150)
        self.due_within.setToolTip("只显示在今天起N个工作日内到期的办理中申请")

        self.year = QComboBox()
        self.year.addItem("全部年度", None)
        self.kind = QComboBox()
        self.kind.addItem("全部申请人类型", None)
        for code, label in APPLICANT_KINDS.items():
            self.kind.addItem(label if code != "other_org" else "其他组织", code)
        self.channel = QComboBox()
        self.channel.addItem("全部渠道", None)
        for code, label in CHANNELS.items():
            self.channel.addItem(label, code)
        self.office = QComboBox()
        self.office.addItem("全部机关", None)
        self.office_label = QLabel("机关：")

        self.clear_button = QPushButton("清除筛选")
        self.clear_button.clicked.connect(self.clear)

        for combo in (self.status, self.reminder, self.year, self.kind, self.channel, self.office):
            combo.currentIndexChanged.connect(self._emit)
        self.due_within.valueChanged.connect(self._emit)

        grid = QGridLayout(self)
        grid.setContentsMargins(0, 0, 0, 0)
        grid.setHorizontalSpacing(8)
        grid.addWidget(self.search, 0, 0, 1, 3)
        grid.addWidget(self.status, 0, 3)
        grid.addWidget(self.reminder, 0, 4)
        grid.addWidget(self.due_within, 0, 5)
        grid.addWidget(self.year, 1, 0)
        grid.addWidget(self.kind, 1, 1)
        grid.addWidget(self.channel, 1, 2)
        grid.addWidget(self.office, 1, 3)
        grid.addWidget(self.clear_button, 1, 5)
        grid.setColumnStretch(0, 1)
        grid.setColumnStretch(1, 1)
        grid.setColumnStretch(2, 1)
        grid.setColumnStretch(3, 1)

    # -- choices that depend on the data ------------------------------------------------------------
    def set_years(self, years: list[int]) -> None:
        current = self.year.currentData()
        self._quiet = True
        try:
            self.year.clear()
            self.year.addItem("全部年度", None)
            for y in years:
                self.year.addItem(f"{y}年", y)
            idx = self.year.findData(current)
            self.year.setCurrentIndex(max(idx, 0))
        finally:
            self._quiet = False

    def set_offices(self, offices: list[tuple[int, str]]) -> None:
        current = self.office.currentData()
        self._quiet = True
        try:
            self.office.clear()
            self.office.addItem("全部机关", None)
            for office_id, name in offices:
                self.office.addItem(name, office_id)
            idx = self.office.findData(current)
            self.office.setCurrentIndex(max(idx, 0))
        finally:
            self._quiet = False
        self.office.setVisible(len(offices) > 1)  # only a county holding townships' data needs it

    # -- state ------------------------------------------------------------------------------------
    def filters(self) -> dict:
        out: dict = {}
        status = self.status.currentData()
        if status == "open":
            out["open"] = True
        elif status == "closed":
            out["open"] = False
        elif isinstance(status, str) and status.startswith("step:"):
            out["status"] = status[5:]
        if self.reminder.currentData():
            out["key"] = self.reminder.currentData()
        if self.due_within.value() > 0:
            out["due_within"] = self.due_within.value()
        for name, combo in (("year", self.year), ("applicant_kind", self.kind), ("channel", self.channel),
                            ("office_id", self.office)):
            if combo.currentData() is not None:
                out[name] = combo.currentData()
        text = self.search.text().strip()
        if text:
            out["text"] = text
        return out

    def apply_key(self, key: str) -> bool:
        """Show only the list of a dashboard card; False for a key this screen does not know."""
        key = KEY_ALIASES.get(key, key)
        self._quiet = True
        try:
            self._reset_widgets()
            if key in ("open", "closed"):
                self.status.setCurrentIndex(self.status.findData(key))
            elif key in FILTER_KEYS:
                self.reminder.setCurrentIndex(self.reminder.findData(key))
            else:
                return False
        finally:
            self._quiet = False
        self._emit()
        return True

    def clear(self) -> None:
        self._quiet = True
        try:
            self._reset_widgets()
        finally:
            self._quiet = False
        self._emit()

    def _reset_widgets(self) -> None:
        self.search.clear()
        self._debounce.stop()
        for combo in (self.status, self.reminder, self.year, self.kind, self.channel, self.office):
            combo.setCurrentIndex(0)
        self.due_within.setValue(0)

    def flush(self) -> None:
        """Apply a pending search at once (tests, Enter key)."""
        if self._debounce.isActive():
            self._debounce.stop()
            self._emit()

    def _emit(self) -> None:
        if not self._quiet:
            self.changed.emit()

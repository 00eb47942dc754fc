"""规则检查: the applications, entered or imported, that break a rule of the clock or of the decision
(app.register.lint_records, the same list as `gongkai request lint`)."""

from __future__ import annotations

from typing import TYPE_CHECKING

from PySide6.QtCore import Qt, Signal
from PySide6.QtWidgets import (
    QAbstractItemView,
    QDialog,
    QDialogButtonBox,
    QLabel,
    QTableWidget,
    QTableWidgetItem,
    QVBoxLayout,
    QWidget,
)

from app import register

if TYPE_CHECKING:
    from ui.context import UiContext

COLUMNS = ("申请编号", "问题", "说明")


class LintDialog(QDialog):
    """The findings, one row each; double-click opens the application."""

    open_detail_requested = Signal(int)

    def __init__(self, ctx: UiContext, parent: QWidget | None = None, *, year: int | None = None) -> None:
        super().__init__(parent)
        self.ctx = ctx
        self.setWindowTitle("规则检查" + (f"（{year}年收到的申请）" if year else "（全部申请）"))
        self.resize(980, 560)
        with ctx.read_session() as s:
            self.findings = register.lint_records(s, year=year)
        self.summary = QLabel(
            f"共{len(self.findings)}处问题，涉及{len({f.application_id for f in self.findings})}件申请（双击打开）。"
            if self.findings else "没有发现违反期限或办理规则的申请记录。")
        self.table = QTableWidget(len(self.findings), len(COLUMNS))
        self.table.setHorizontalHeaderLabels(COLUMNS)
        self.table.verticalHeader().setVisible(False)
        self.table.setEditTriggers(QAbstractItemView.EditTrigger.NoEditTriggers)
        self.table.setSelectionBehavior(QAbstractItemView.SelectionBehavior.SelectRows)
        self.table.setWordWrap(True)
        for row, f in enumerate(self.findings):
            cells = (f.serial, register.LINT_RULES.get(f.rule, f.rule), f.message)
            for col, text in enumerate(cells):
                item = QTableWidgetItem(text)
                item.setData(Qt.ItemDataRole.UserRole, f.application_id)
                item.setToolTip(f.rule if col == 1 else text)
                self.table.setItem(row, col, item)
        self.table.setColumnWidth(0, 140)
        self.table.setColumnWidth(1, 280)
        self.table.horizontalHeader().setStretchLastSection(True)
        self.table.resizeRowsToContents()
        self.table.cellDoubleClicked.connect(
            lambda row, _col: self.open_detail_requested.emit(self.findings[row].application_id))
        buttons = QDialogButtonBox(QDialogButtonBox.StandardButton.Close)
        buttons.button(QDialogButtonBox.StandardButton.Close).setText("关闭")
        buttons.rejected.connect(self.reject)
        layout = QVBoxLayout(self)
        layout.addWidget(self.summary)
        layout.addWidget(self.table, 1)
        layout.addWidget(buttons)

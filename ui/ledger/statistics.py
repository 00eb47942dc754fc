"""统计数据 tab: table 二 inputs per year and the table 四 cases with their 15 numbers."""

from __future__ import annotations

import datetime as dt
from typing import TYPE_CHECKING

from PySide6.QtWidgets import (
    QGridLayout,
    QGroupBox,
    QHBoxLayout,
    QLabel,
    QLineEdit,
    QMessageBox,
    QPushButton,
    QSpinBox,
    QTableWidget,
    QTableWidgetItem,
    QVBoxLayout,
    QWidget,
)

from app import ledger
from app.errors import UserError
from app.ledger.common import CASE_RESULTS, PENDING_LABEL, format_figure
from ui.ledger.dialogs import CaseDialog
from ui.ledger.tabs import LedgerWriter

if TYPE_CHECKING:
    from app.ledger.statistics import CaseInfo
    from ui.context import UiContext

GROUPS = [("review", "行政复议"), ("litigation_direct", "行政诉讼·未经复议直接起诉"),
          ("litigation_after_review", "行政诉讼·复议后起诉")]
COLUMNS = [("upheld", "结果维持"), ("corrected", "结果纠正"), ("other", "其他结果"), ("pending", "尚未审结"),
           ("total", "总计")]


class StatisticsTab(LedgerWriter, QWidget):
    def __init__(self, ctx: UiContext, parent=None) -> None:
        super().__init__(parent)
        self.ctx = ctx
        layout = QVBoxLayout(self)
        top = QHBoxLayout()
        self.year = QSpinBox(minimum=2000, maximum=2100, value=dt.date.today().year - 1)
        self.year.setSuffix(" 年")
        self.year.valueChanged.connect(self.refresh)
        top.addWidget(QLabel("统计年度"))
        top.addWidget(self.year)
        top.addStretch(1)
        layout.addLayout(top)

        box = QGroupBox("表二 主动公开政府信息情况（需手工填报的数据）")
        grid = QGridLayout(box)
        self.inputs: dict[str, QLineEdit] = {}
        for col, text in enumerate(["本年制发件数", "本年废止件数", "现行有效件数"], start=1):
            grid.addWidget(QLabel(text), 0, col)
        for row, (prefix, label) in enumerate((("regulations", "规章"), ("normative_documents", "行政规范性文件")), 1):
            grid.addWidget(QLabel(label), row, 0)
            for col, part in enumerate(("issued", "repealed", "in_force"), start=1):
                self.inputs[f"{prefix}.{part}"] = edit = QLineEdit()
                grid.addWidget(edit, row, col)
        for row, (key, label) in enumerate((("licensing", "行政许可 本年处理决定数量"),
                                            ("penalty", "行政处罚 本年处理决定数量"),
                                            ("coercion", "行政强制 本年处理决定数量"),
                                            ("fees_wan_yuan", "行政事业性收费 本年收费金额（单位：万元）")), 3):
            grid.addWidget(QLabel(label), row, 0)
            self.inputs[key] = edit = QLineEdit()
            grid.addWidget(edit, row, 1)
        save = QPushButton("保存表二数据")
        save.clicked.connect(lambda _=False: self._guard(self.save_figures))
        grid.addWidget(save, 6, 3)
        layout.addWidget(box)

        box4 = QGroupBox("表四 政府信息公开行政复议、行政诉讼情况（由下方案件统计）")
        v4 = QVBoxLayout(box4)
        self.table4 = QTableWidget(len(GROUPS), len(COLUMNS))
        self.table4.setVerticalHeaderLabels([g for _, g in GROUPS])
        self.table4.setHorizontalHeaderLabels([c for _, c in COLUMNS])
        self.table4.setEditTriggers(QTableWidget.EditTrigger.NoEditTriggers)
        self.table4.setFixedHeight(120)
        v4.addWidget(self.table4)
        self.cases = QTableWidget(0, 6)
        self.cases.setHorizontalHeaderLabels(["类型", "起诉方式", "案号", "申请人/原告", "收案日期", "结果"])
        self.cases.setSelectionBehavior(QTableWidget.SelectionBehavior.SelectRows)
        self.cases.setEditTriggers(QTableWidget.EditTrigger.NoEditTriggers)
        self.cases.horizontalHeader().setStretchLastSection(True)
        v4.addWidget(self.cases, 1)
        actions = QHBoxLayout()
        actions.addStretch(1)
        for text, slot in (("登记案件", self.add_case), ("编辑案件", self.edit_case), ("删除案件", self.delete_case)):
            b = QPushButton(text)
            b.clicked.connect(lambda _=False, f=slot: self._guard(f))
            actions.addWidget(b)
        v4.addLayout(actions)
        layout.addWidget(box4, 1)
        self.case_infos: list[CaseInfo] = []

    def refresh(self) -> None:
        year = self.year.value()
        with self.ctx.read_session() as s:
            try:
                figures = ledger.get_figures(s, year)
                counts = ledger.annual_counts(s, year)
                self.case_infos = ledger.list_cases(s, year=year, office_id=counts["office_ids"][0])
            except UserError:  # no office profile yet: an empty tab
                figures, counts, self.case_infos = {}, None, []
        for key, edit in self.inputs.items():
            edit.setText(format_figure(key, figures.get(key)))
        for r, (group, _label) in enumerate(GROUPS):
            for c, (col, _text) in enumerate(COLUMNS):
                n = counts["review_litigation"][group][col] if counts else 0
                self.table4.setItem(r, c, QTableWidgetItem(str(n)))
        self.cases.setRowCount(len(self.case_infos))
        last = dt.date(year, 12, 31)
        for r, case in enumerate(self.case_infos):
            concluded = case.concluded_on is not None and case.concluded_on <= last
            result = CASE_RESULTS[case.result] if case.result and concluded else PENDING_LABEL
            values = [case.kind_label, case.route_label or "", case.case_number or "", case.party or "",
                      case.filed_on.isoformat(), result]
            for c, text in enumerate(values):
                self.cases.setItem(r, c, QTableWidgetItem(text))

    def save_figures(self) -> None:
        values = {key: edit.text().strip() for key, edit in self.inputs.items()}
        self.write(ledger.set_figures, self.year.value(), values)
        QMessageBox.information(self, "表二数据", f"{self.year.value()}年表二数据已保存。")

    def _selected_case(self):
        rows = self.cases.selectionModel().selectedRows()
        return self.case_infos[rows[0].row()] if rows else None

    def add_case(self) -> None:
        CaseDialog(parent=self, save=lambda data: self.write(ledger.add_case, data)).exec()

    def edit_case(self) -> None:
        case = self._selected_case()
        if case is None:
            return
        CaseDialog(case, parent=self, save=lambda data: self.write(ledger.update_case, case.id, data)).exec()

    def delete_case(self) -> None:
        case = self._selected_case()
        if case is not None and QMessageBox.question(self, "删除案件", "删除所选案件？") == QMessageBox.StandardButton.Yes:
            self.write(ledger.delete_case, case.id)

"""检查报表: lint every report workbook of a folder (the offices' reports the county reviews) and list results."""

from __future__ import annotations

from pathlib import Path
from typing import TYPE_CHECKING

from PySide6.QtCore import Qt
from PySide6.QtWidgets import (
    QAbstractItemView,
    QDialog,
    QFileDialog,
    QHBoxLayout,
    QHeaderView,
    QLabel,
    QPushButton,
    QSplitter,
    QTableWidget,
    QTableWidgetItem,
    QVBoxLayout,
)

if TYPE_CHECKING:
    from app.reports.lint import LintResult
    from ui.context import UiContext

RED, GREEN, AMBER = Qt.GlobalColor.red, Qt.GlobalColor.darkGreen, Qt.GlobalColor.darkYellow


def _lint(progress, folder: str, db) -> list[LintResult]:
    """Worker: read and check every workbook of the folder; a report of last year that is not in the folder
    is taken from the database's published reports (received in packages, issued or loaded)."""
    from app.reports.lint import lint_folder
    from app.reports.reference import stored_references

    with db.read_session() as s:
        stored = stored_references(s)
    return lint_folder(folder, progress, stored=stored)


def _item(text, colour=None) -> QTableWidgetItem:
    item = QTableWidgetItem(str(text))
    item.setFlags(Qt.ItemFlag.ItemIsEnabled | Qt.ItemFlag.ItemIsSelectable)
    if colour is not None:
        item.setForeground(colour)
    return item


class LintDialog(QDialog):
    """Pick a folder; each workbook's verdict in the upper list, the selected one's problems below."""

    def __init__(self, ctx: UiContext, parent=None) -> None:
        super().__init__(parent)
        self.ctx = ctx
        self.results: list[LintResult] = []
        self.setWindowTitle("检查报表（各机关报送的年度报告工作簿）")
        self.resize(1100, 640)
        self.folder_label = QLabel("请选择存放各机关年度报告工作簿（.xlsx）的文件夹。")
        self.folder_label.setWordWrap(True)
        self.pick_button = QPushButton("选择文件夹…")
        self.again_button = QPushButton("重新检查")
        self.again_button.setEnabled(False)
        self.summary = QLabel("")
        bar = QHBoxLayout()
        bar.addWidget(self.pick_button)
        bar.addWidget(self.again_button)
        bar.addWidget(self.folder_label, 1)

        self.books = QTableWidget(0, 4)
        self.books.setHorizontalHeaderLabels(["工作簿", "机关", "年度", "结果"])
        self.books.setSelectionBehavior(QAbstractItemView.SelectionBehavior.SelectRows)
        self.books.setSelectionMode(QAbstractItemView.SelectionMode.SingleSelection)
        header = self.books.horizontalHeader()
        header.setSectionResizeMode(0, QHeaderView.ResizeMode.Stretch)
        header.setSectionResizeMode(1, QHeaderView.ResizeMode.Stretch)
        header.setSectionResizeMode(2, QHeaderView.ResizeMode.ResizeToContents)
        header.setSectionResizeMode(3, QHeaderView.ResizeMode.ResizeToContents)
        self.problems = QTableWidget(0, 5)
        self.problems.setHorizontalHeaderLabels(["表", "行", "列", "位置", "问题"])
        self.problems.setWordWrap(True)
        header = self.problems.horizontalHeader()
        for c in range(4):
            header.setSectionResizeMode(c, QHeaderView.ResizeMode.ResizeToContents)
        header.setSectionResizeMode(4, QHeaderView.ResizeMode.Stretch)
        splitter = QSplitter(Qt.Orientation.Vertical)
        splitter.addWidget(self.books)
        splitter.addWidget(self.problems)
        splitter.setSizes([300, 300])
        layout = QVBoxLayout(self)
        layout.addLayout(bar)
        layout.addWidget(self.summary)
        layout.addWidget(splitter, 1)

        self.folder: str | None = None
        self.pick_button.clicked.connect(self.pick)
        self.again_button.clicked.connect(lambda: self.run(self.folder) if self.folder else None)
        self.books.itemSelectionChanged.connect(self.show_problems)

    def pick(self) -> None:
        folder = QFileDialog.getExistingDirectory(self, "选择存放年度报告工作簿的文件夹", self.folder or "")
        if folder:
            self.run(folder)

    def run(self, folder: str) -> None:
        self.folder = folder
        self.folder_label.setText(folder)
        self.summary.setText("正在检查…")
        self.ctx.jobs.run(_lint, folder, self.ctx.db, title="正在检查报表…", on_done=self.show_results,
                          read_only=True)

    def show_results(self, results: list[LintResult]) -> None:
        self.results = results
        self.again_button.setEnabled(True)
        self.books.setRowCount(len(results))
        for r, result in enumerate(results):
            colour = RED if not result.ok else AMBER if result.unchecked or result.warnings else GREEN
            self.books.setItem(r, 0, _item(Path(result.path).name))
            self.books.setItem(r, 1, _item(result.office or "（未识别）"))
            self.books.setItem(r, 2, _item(result.year or ""))
            self.books.setItem(r, 3, _item(result.verdict(), colour))
        bad = sum(1 for r in results if not r.ok)
        seconds = sum(r.seconds for r in results)
        self.summary.setText(f"共{len(results)}个工作簿：{len(results) - bad}个未发现错误，{bad}个有问题"
                             f"（用时{seconds:.1f}秒）。选中一个工作簿查看其问题和未核对项。")
        self.problems.setRowCount(0)
        if results:
            first_bad = next((r for r, x in enumerate(results) if not x.ok), 0)
            self.books.selectRow(first_bad)

    def show_problems(self) -> None:
        from app.reports.lint import CHECK_TITLES, ERROR

        rows = self.books.selectionModel().selectedRows()
        if not rows:
            return
        result = self.results[rows[0].row()]
        lines = [(f"表{p.table}" if p.table else "", p.row, p.column, p.cell, p.message,
                  RED if p.level == ERROR else AMBER) for p in result.problems]
        lines += [("未核对", CHECK_TITLES.get(c.rule, c.rule), "", "", c.detail, AMBER) for c in result.unchecked]
        if not lines:
            lines = [("", "", "", "", "各项核对均通过", GREEN)]
        self.problems.setRowCount(len(lines))
        for r, (*values, colour) in enumerate(lines):
            for c, value in enumerate(values):
                self.problems.setItem(r, c, _item(value, colour if c == 4 else None))
        self.problems.resizeRowsToContents()

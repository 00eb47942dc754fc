"""The 负面清单 screen: the list with filters, the item editor, the periodic review list, export for 备案."""

from __future__ import annotations

import datetime as dt
from typing import TYPE_CHECKING

from PySide6.QtCore import Qt
from PySide6.QtWidgets import (
    QCheckBox,
    QComboBox,
    QFileDialog,
    QHBoxLayout,
    QLabel,
    QLineEdit,
    QMessageBox,
    QPushButton,
    QTableWidget,
    QTabWidget,
    QVBoxLayout,
    QWidget,
)

from app import negative_list as nl
from app.errors import UserError
from app.negative_list.taxonomy import categories, status_labels
from ui.negative_list.editor import ItemEditor, ReviewDialog, fill_table, readonly_table
from ui.widgets.screen import Screen

if TYPE_CHECKING:
    from ui.context import UiContext

LIST_HEADERS = ["编号", "事项名称", "类别", "依据", "责任单位", "下次复核", "状态", "引用"]
DUE_HEADERS = ["编号", "事项名称", "类别", "上次复核", "应复核日期", "逾期天数", "责任单位"]


class NegativeListScreen(Screen):
    title = "负面清单"

    def __init__(self, ctx: UiContext, parent: QWidget | None = None) -> None:
        super().__init__(ctx, parent)
        self.items: list[nl.ItemInfo] = []
        self.due: list[nl.ItemInfo] = []
        self.dialog: ItemEditor | ReviewDialog | None = None  # the editor or review dialog last opened (kept alive while shown)
        outer = QVBoxLayout(self)
        heading = QLabel("负面清单")
        heading.setStyleSheet("font-size:20px;font-weight:bold;color:#1f3a5f")
        outer.addWidget(heading)
        note = QLabel("不予公开的政府信息及其依据（条例第十四条至第十六条）；按条例第十八条定期评估审查。")
        note.setStyleSheet("color:#475467")
        outer.addWidget(note)

        self.tabs = QTabWidget()
        outer.addWidget(self.tabs, 1)
        self.tabs.addTab(self._build_list_tab(), "清单")
        self.tabs.addTab(self._build_review_tab(), "待复核")

    # -- building ---------------------------------------------------------------------------------
    def _build_list_tab(self) -> QWidget:
        page = QWidget()
        layout = QVBoxLayout(page)
        filters = QHBoxLayout()
        self.category_filter = QComboBox()
        self.category_filter.addItem("全部类别", None)
        for cat in categories():
            self.category_filter.addItem(cat.label, cat.code)
        self.status_filter = QComboBox()
        self.status_filter.addItem("全部状态", None)
        for code, label in status_labels().items():
            self.status_filter.addItem(label, code)
        self.due_filter = QCheckBox("仅显示到期待复核")
        self.text_filter = QLineEdit()
        self.text_filter.setPlaceholderText("搜索名称、关键词、范围")
        self.text_filter.setClearButtonEnabled(True)
        for w in (QLabel("类别"), self.category_filter, QLabel("状态"), self.status_filter, self.due_filter,
                  self.text_filter):
            filters.addWidget(w)
        layout.addLayout(filters)
        self.category_filter.currentIndexChanged.connect(self.refresh)
        self.status_filter.currentIndexChanged.connect(self.refresh)
        self.due_filter.toggled.connect(self.refresh)
        self.text_filter.textChanged.connect(self.refresh)

        self.table = readonly_table()
        self.table.setSelectionMode(QTableWidget.SelectionMode.SingleSelection)
        self.table.doubleClicked.connect(lambda _index: self.edit_selected())
        layout.addWidget(self.table, 1)
        self.count_label = QLabel()
        layout.addWidget(self.count_label)

        buttons = QHBoxLayout()
        self.add_button = QPushButton("新增事项")
        self.edit_button = QPushButton("编辑 / 历史")
        self.delete_button = QPushButton("删除")
        self.xlsx_button = QPushButton("导出备案 Excel")
        self.pdf_button = QPushButton("导出备案 PDF")
        self.add_button.clicked.connect(lambda: self.open_editor(None))
        self.edit_button.clicked.connect(self.edit_selected)
        self.delete_button.clicked.connect(self.delete_selected)
        self.xlsx_button.clicked.connect(lambda: self.export("xlsx"))
        self.pdf_button.clicked.connect(lambda: self.export("pdf"))
        for b in (self.add_button, self.edit_button, self.delete_button):
            buttons.addWidget(b)
        buttons.addStretch(1)
        buttons.addWidget(self.xlsx_button)
        buttons.addWidget(self.pdf_button)
        layout.addLayout(buttons)
        return page

    def _build_review_tab(self) -> QWidget:
        page = QWidget()
        layout = QVBoxLayout(page)
        layout.addWidget(QLabel("条例第十八条：对不予公开的政府信息进行定期评估审查，对因情势变化可以公开的政府信息应当公开。"))
        self.due_table = readonly_table()
        layout.addWidget(self.due_table, 1)
        buttons = QHBoxLayout()
        self.keep_button = QPushButton("继续保留")
        self.change_button = QPushButton("调整")
        self.release_button = QPushButton("解除（转为公开）")
        for decision, button in (("keep", self.keep_button), ("change", self.change_button),
                                 ("release", self.release_button)):
            button.clicked.connect(lambda _checked=False, d=decision: self.review_selected(d))
            buttons.addWidget(button)
        buttons.addStretch(1)
        layout.addLayout(buttons)
        return page

    # -- data -------------------------------------------------------------------------------------
    def refresh(self) -> None:
        today = dt.date.today()
        with self.ctx.read_session() as s:
            self.items = nl.list_items(
                s, category_code=self.category_filter.currentData(), status=self.status_filter.currentData(),
                due_on=today if self.due_filter.isChecked() else None, text=self.text_filter.text() or None)
            counts = nl.citation_counts(s)
            self.due = nl.review_due(s, today)
        fill_table(self.table, LIST_HEADERS, [
            [i.id, i.name, i.category_label, i.basis_article, i.responsible_unit, i.next_review_on or "—",
             i.status_label, counts.get(i.id, 0)] for i in self.items])
        for row, item in enumerate(self.items):
            if item.next_review_on and item.next_review_on <= today and item.status != "released":
                cell = self.table.item(row, 5)  # filled just above
                if cell is not None:
                    cell.setForeground(Qt.GlobalColor.red)
        self.count_label.setText(f"共 {len(self.items)} 项；到期待复核 {len(self.due)} 项")
        fill_table(self.due_table, DUE_HEADERS, [
            [i.id, i.name, i.category_label, i.last_reviewed_on or "—", i.next_review_on or "未设定",
             (today - i.next_review_on).days if i.next_review_on else "", i.responsible_unit]
            for i in self.due])
        self.tabs.setTabText(1, f"待复核（{len(self.due)}）")

    def showEvent(self, event) -> None:
        super().showEvent(event)
        self.refresh()

    def apply_filter_key(self, key: str) -> None:
        """From the 工作台: `review_due` / `review_soon` open the review list."""
        if key in ("review_due", "review_soon"):
            self.tabs.setCurrentIndex(1)

    def selected_item_id(self) -> int | None:
        rows = self.table.selectionModel().selectedRows() if self.table.selectionModel() else []
        return self.items[rows[0].row()].id if rows else None

    def selected_due_id(self) -> int | None:
        rows = self.due_table.selectionModel().selectedRows() if self.due_table.selectionModel() else []
        return self.due[rows[0].row()].id if rows else None

    # -- actions ----------------------------------------------------------------------------------
    def open_editor(self, item_id: int | None) -> ItemEditor:
        self.dialog = ItemEditor(self.ctx, item_id, self)
        self.dialog.saved.connect(lambda _id: self.refresh())
        self.dialog.setModal(True)
        self.dialog.show()
        return self.dialog

    def edit_selected(self) -> ItemEditor | None:
        item_id = self.selected_item_id()
        if item_id is None:
            self._hint("请先在清单中选择一个事项。")
            return None
        return self.open_editor(item_id)

    def delete_selected(self) -> None:
        item_id = self.selected_item_id()
        if item_id is None:
            self._hint("请先在清单中选择一个事项。")
            return
        answer = QMessageBox.question(self, "删除事项", "确定删除所选事项？删除后不再出现在清单和备案中。")
        if answer != QMessageBox.StandardButton.Yes:
            return
        self.delete_item(item_id)

    def delete_item(self, item_id: int) -> None:
        try:
            with self.ctx.session() as s:
                nl.delete_item(s, item_id)
        except UserError as exc:
            self.ctx.show_error(exc)
            return
        self.ctx.changed("negative_list")
        self.refresh()

    def review_selected(self, decision: str) -> ReviewDialog | None:
        item_id = self.selected_due_id()
        if item_id is None:
            self._hint("请先在待复核列表中选择一个事项。")
            return None
        self.dialog = ReviewDialog(self.ctx, item_id, decision, self)
        self.dialog.reviewed.connect(self._reviewed)
        self.dialog.setModal(True)
        self.dialog.show()
        return self.dialog

    def _reviewed(self, result) -> None:
        self.refresh()
        if result.catalogue_prefill is not None and result.catalogue_entry is None:
            self._hint(f"事项“{result.item.name}”已解除，请在“公开目录”中登记公开该信息。")

    def export(self, kind: str, path: str | None = None) -> None:
        """Write the filing list (xlsx or pdf) on a worker thread; asks for the file when no path is given."""
        from app.negative_list.export import write_pdf, write_xlsx

        if path is None:
            suffix = "Excel 工作簿 (*.xlsx)" if kind == "xlsx" else "PDF 文件 (*.pdf)"
            path, _ = QFileDialog.getSaveFileName(self, "导出负面清单备案", f"负面清单备案.{kind}", suffix)
            if not path:
                return
        writer = write_xlsx if kind == "xlsx" else write_pdf

        def work(progress, target):
            with self.ctx.read_session() as s:
                return writer(s, target)

        self.ctx.jobs.run(work, path, title="正在导出负面清单…", cancellable=False,
                          on_done=lambda n: self.count_label.setText(f"已导出 {n} 项到 {path}"))

    def _hint(self, text: str) -> None:
        self.ctx.show_error(UserError(text))

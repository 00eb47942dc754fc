"""The 依申请公开 screen: the register list (lazy, filtered and sorted in SQL, coloured by urgency), with
registration, the detail view and its workflow actions, batch printing, Excel import and export."""

from __future__ import annotations

import datetime as dt
from typing import TYPE_CHECKING

from PySide6.QtCore import Qt
from PySide6.QtWidgets import (
    QAbstractItemView,
    QHBoxLayout,
    QLabel,
    QMenu,
    QMessageBox,
    QPushButton,
    QVBoxLayout,
    QWidget,
)

from app.errors import UserError
from ui.register.filters import RegisterFilterBar
from ui.register.source import (
    COLUMNS,
    SORT_KEYS,
    RegisterSource,
    received_years,
    row_style,
)
from ui.widgets.lazy_table import LazyTableModel
from ui.widgets.screen import Screen
from ui.widgets.table_view import FastTableView, fit_columns

if TYPE_CHECKING:
    from ui.context import UiContext

# Letters that can be printed for several applications at once (app.letters.kinds).
CONTENT_COLUMN = next(i for i, c in enumerate(COLUMNS) if c.key == "content")  # takes the room that is left
# Columns that may be cut ("…", the whole text as tooltip) on a narrow screen; the others are read whole.
ELIDABLE_COLUMNS = tuple(i for i, c in enumerate(COLUMNS) if c.key in ("applicant_name", "outcome_label"))
BATCH_KINDS = ("receipt", "correction", "extension", "fee", "reply")
LEGEND = ("<span style='background:#fde2e1'>&nbsp;已逾期&nbsp;</span>&nbsp;"
          "<span style='background:#ffe8cc'>&nbsp;今日到期&nbsp;</span>&nbsp;"
          "<span style='background:#fff6d5'>&nbsp;3个工作日内到期&nbsp;</span>&nbsp;"
          "<span style='background:#eef3ff'>&nbsp;期限暂定（缺少当年官方节假日安排）&nbsp;</span>")


class RegisterScreen(Screen):
    title = "依申请公开"

    def __init__(self, ctx: UiContext, parent: QWidget | None = None, *, today: dt.date | None = None) -> None:
        super().__init__(ctx, parent)
        self.today = today
        self.sort = "-received_on"
        self.filter_bar = RegisterFilterBar()
        self.filter_bar.changed.connect(self.apply_filters)
        self.filter_bar.search.returnPressed.connect(self.filter_bar.flush)

        self.new_button = QPushButton("登记新申请…")
        self.new_button.setStyleSheet("font-weight:bold")
        self.new_button.clicked.connect(self.new_application)
        self.detail_button = QPushButton("查看办理…")
        self.detail_button.clicked.connect(self.open_selected)
        self.print_button = QPushButton("批量打印…")
        menu = QMenu(self.print_button)
        from app.letters.kinds import KIND_LABELS

        for kind in BATCH_KINDS:
            menu.addAction(KIND_LABELS[kind], lambda k=kind: self.batch_print(k))  # type: ignore[misc]  # the default binds the loop's kind
        self.print_button.setMenu(menu)
        self.import_button = QPushButton("导入…")
        self.import_button.clicked.connect(self.import_excel)
        self.export_button = QPushButton("导出Excel…")
        self.export_button.clicked.connect(self.export_excel)
        self.lint_button = QPushButton("规则检查…")
        self.lint_button.setToolTip("列出违反法定期限或办理规则的申请记录（含导入的历史记录）；按年度筛选时只查该年度")
        self.lint_button.clicked.connect(self.show_lint)
        self.count_label = QLabel()
        self.count_label.setStyleSheet("color:#344054")

        bar = QHBoxLayout()
        heading = QLabel("依申请公开登记")
        heading.setStyleSheet("font-size:18px;font-weight:bold;color:#1f3a5f")
        bar.addWidget(heading)
        bar.addStretch(1)
        for b in (self.new_button, self.detail_button, self.print_button, self.import_button, self.export_button,
                  self.lint_button):
            bar.addWidget(b)

        self.model = LazyTableModel(COLUMNS, row_style=row_style)
        self.table = FastTableView()
        self.table.setModel(self.model)
        self.table.apply_column_widths()
        self.table.setSelectionMode(QAbstractItemView.SelectionMode.ExtendedSelection)
        self.table.doubleClicked.connect(lambda index: self.open_detail(self.model.id_at(index.row())))
        header = self.table.horizontalHeader()
        header.setSectionsClickable(True)
        header.setSortIndicatorShown(True)
        header.setSortIndicator(1, Qt.SortOrder.DescendingOrder)
        header.sectionClicked.connect(self._sort_clicked)

        footer = QHBoxLayout()
        footer.addWidget(self.count_label)
        footer.addStretch(1)
        legend = QLabel(LEGEND)
        legend.setStyleSheet("color:#475467")
        footer.addWidget(legend)

        layout = QVBoxLayout(self)
        layout.setContentsMargins(12, 10, 12, 8)
        layout.addLayout(bar)
        layout.addWidget(self.filter_bar)
        layout.addWidget(self.table, 1)
        layout.addLayout(footer)
        self._choices_loaded = False
        self._fitted = False
        self.refresh()

    # -- loading ------------------------------------------------------------------------------------
    def refresh(self) -> None:
        self._load_choices()
        self.apply_filters()

    def _load_choices(self) -> None:
        from app.core.profile import list_offices

        with self.ctx.read_session() as s:
            self.filter_bar.set_years(received_years(s))
            self.filter_bar.set_offices([(o.id, o.short_name or o.name) for o in list_offices(s) if o.id is not None])

    def current_filters(self) -> dict:
        return self.filter_bar.filters()

    def apply_filters(self) -> None:
        source = RegisterSource(self.ctx.read_session, self.current_filters(), self.sort, today=self.today)
        try:
            self.model.set_source(source)
        except UserError as exc:
            self.count_label.setText(exc.message)
            return
        self.count_label.setText(f"共 {self.model.rowCount():,} 件申请")
        if not self._fitted and self.model.rowCount():
            self._fitted = True  # once: the columns do not jump as the clerk filters
            fit_columns(self.table, stretch=CONTENT_COLUMN, maximum=260, elidable=ELIDABLE_COLUMNS)

    def apply_filter_key(self, key: str) -> None:
        """Open the list filtered as a 工作台 card says (keys of app.register.dashboard)."""
        if not self.filter_bar.apply_key(key):
            self.filter_bar.clear()

    def _sort_clicked(self, section: int) -> None:
        key = SORT_KEYS.get(COLUMNS[section].key)
        header = self.table.horizontalHeader()
        current = self.sort.lstrip("-")
        if key is None:
            # 申请内容 cannot be sorted; keep the indicator on the current sort column.
            col = next((i for i, c in enumerate(COLUMNS) if SORT_KEYS.get(c.key) == current), 1)
            header.setSortIndicator(col, Qt.SortOrder.DescendingOrder if self.sort.startswith("-")
                                    else Qt.SortOrder.AscendingOrder)
            return
        if key == current:
            self.sort = key if self.sort.startswith("-") else "-" + key
        else:
            # Due dates read best soonest first; everything else newest / last first.
            self.sort = key if key == "reply_due" else "-" + key
        order = Qt.SortOrder.DescendingOrder if self.sort.startswith("-") else Qt.SortOrder.AscendingOrder
        header.setSortIndicator(section, order)
        self.apply_filters()

    # -- selection ----------------------------------------------------------------------------------
    def selected_ids(self) -> list[int]:
        rows = sorted({i.row() for i in self.table.selectionModel().selectedRows()})
        return [i for i in (self.model.id_at(r) for r in rows) if i is not None]

    def open_selected(self) -> None:
        ids = self.selected_ids()
        if not ids:
            QMessageBox.information(self, "提示", "请先在列表中选择一件申请。")
            return
        self.open_detail(ids[0])

    # -- actions ------------------------------------------------------------------------------------
    def new_application(self):
        from ui.register.new_application import NewApplicationDialog

        dialog = NewApplicationDialog(self.ctx, self, today=self.today)
        dialog.saved.connect(lambda _id: self.refresh())
        dialog.open_detail_requested.connect(self.open_detail)
        dialog.open()
        return dialog

    def open_detail(self, application_id: int | None):
        if application_id is None:
            return None
        from ui.register.detail import DetailDialog

        try:
            dialog = DetailDialog(self.ctx, application_id, self, today=self.today)
        except UserError as exc:
            self.ctx.show_error(exc)
            return None
        dialog.open()
        return dialog

    def on_data_changed(self, area: str) -> None:
        if area in ("register", "letters", "calendar", "excel") and self.isVisible():
            self.refresh()

    def batch_print(self, kind: str) -> None:
        ids = self.selected_ids()
        if not ids:
            QMessageBox.information(self, "提示", "请先在列表中选择要打印的申请（按住 Ctrl 或 Shift 可多选）。")
            return
        from ui.letters.dialog import print_batch

        print_batch(self.ctx, ids, kind, self)

    def show_lint(self):
        from ui.register.lint_dialog import LintDialog

        try:
            dialog = LintDialog(self.ctx, self, year=self.current_filters().get("year"))
        except UserError as exc:
            self.ctx.show_error(exc)
            return None
        dialog.open_detail_requested.connect(self.open_detail)
        dialog.open()
        return dialog

    def import_excel(self) -> None:
        from ui.workbench.excel_import_dialog import open_import_dialog

        dialog = open_import_dialog(self.ctx, "register", self)
        dialog.finished.connect(lambda _r: self.refresh())

    def export_excel(self) -> None:
        from ui.workbench.excel_import_dialog import export_with_dialog

        filters = self.current_filters()
        export = {k: v for k, v in filters.items() if k == "year"}
        if filters.get("office_id"):
            from app.core.profile import list_offices

            with self.ctx.read_session() as s:
                code = next((o.org_code for o in list_offices(s) if o.id == filters["office_id"]), None)
            if code:
                export["office"] = code
        export_with_dialog(self.ctx, "register", self, export)

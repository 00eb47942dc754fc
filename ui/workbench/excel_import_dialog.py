"""Excel import wizard (file & kind → column preview → bad cells to map or skip → import) and export."""

from __future__ import annotations

import datetime as dt
from pathlib import Path
from typing import TYPE_CHECKING

from PySide6.QtWidgets import (
    QComboBox,
    QDialog,
    QFileDialog,
    QHBoxLayout,
    QHeaderView,
    QLabel,
    QLineEdit,
    QMessageBox,
    QPushButton,
    QStackedWidget,
    QTableWidget,
    QTableWidgetItem,
    QVBoxLayout,
    QWidget,
)

from app.excel.kinds import KIND_NAMES, kind_spec

if TYPE_CHECKING:
    from app.excel.mapping import Mapping
    from app.excel.parse import ParseResult
    from app.workbench.spreadsheets import WorkbookImport
    from ui.context import UiContext

AREA_OF_KIND = {"register": "register", "catalogue": "catalogue", "negative_list": "negative_list",
                "ledger": "ledger", "ledger_activities": "ledger"}
PREVIEW_ROWS = 20
_UNHANDLED, _BLANK, _SKIP_ROW = "", "__blank__", "__skip_row__"


def _parse_job(progress, db, path, kind, mapping):
    from app.workbench import spreadsheets as excel_io

    with db.read_session() as s:  # the import's own check: what passes here, the import accepts
        return excel_io.check_workbook(s, path, kind, mapping, progress=progress)


def _import_job(progress, db, operator, path, kind, mapping):
    from app.workbench import spreadsheets as excel_io

    with db.session(operator=operator) as s:
        return excel_io.import_workbook(s, path, kind, mapping, progress=progress)


def _export_job(progress, db, kind, path, filters):
    from app.workbench import spreadsheets as excel_io

    with db.read_session() as s:
        return excel_io.export_workbook(s, kind, path, filters, progress=progress)


class ExcelImportDialog(QDialog):
    """The import wizard. Emits nothing; on success the bus gets data_changed(area) and the dialog accepts."""

    def __init__(self, ctx: UiContext, kind: str = "register", parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.ctx = ctx
        self.mapping: Mapping | None = None
        self.parsed: ParseResult | None = None
        self.import_result: WorkbookImport | None = None  # (not `result`: that is QDialog.result())
        self.setWindowTitle("从 Excel 导入")
        self.resize(960, 620)
        self.pages = QStackedWidget()
        self.pages.addWidget(self._build_file_page(kind))
        self.pages.addWidget(self._build_preview_page())
        self.pages.addWidget(self._build_check_page())
        self.back_button = QPushButton("上一步")
        self.next_button = QPushButton("下一步")
        cancel = QPushButton("取消")
        self.back_button.clicked.connect(self.go_back)
        self.next_button.clicked.connect(self.go_next)
        cancel.clicked.connect(self.reject)
        buttons = QHBoxLayout()
        buttons.addStretch(1)
        for button in (self.back_button, self.next_button, cancel):
            buttons.addWidget(button)
        layout = QVBoxLayout(self)
        layout.addWidget(self.pages, 1)
        layout.addLayout(buttons)
        self._update_buttons()

    # --- page 1: file and kind ---------------------------------------------------------------------
    def _build_file_page(self, kind: str) -> QWidget:
        page = QWidget()
        layout = QVBoxLayout(page)
        layout.addWidget(QLabel("<h3>第一步：选择表格文件和类型</h3>"))
        row = QHBoxLayout()
        self.path_edit = QLineEdit()
        self.path_edit.setPlaceholderText("选择 .xlsx 文件（旧版 .xls 请先另存为 .xlsx）")
        browse = QPushButton("浏览…")
        browse.clicked.connect(self._browse)
        row.addWidget(self.path_edit, 1)
        row.addWidget(browse)
        layout.addLayout(row)
        self.kind_combo = QComboBox()
        for code, name in KIND_NAMES.items():
            self.kind_combo.addItem(name, code)
        self.kind_combo.setCurrentIndex(max(0, self.kind_combo.findData(kind.replace("-", "_"))))
        layout.addWidget(QLabel("表格类型："))
        layout.addWidget(self.kind_combo)
        layout.addWidget(QLabel("程序会在标题行下面自动找到表头，并按列名对应字段；下一步可以修改。"))
        layout.addStretch(1)
        return page

    def _browse(self) -> None:
        path, _ = QFileDialog.getOpenFileName(self, "选择表格", "", "Excel 表格 (*.xlsx);;所有文件 (*)")
        if path:
            self.path_edit.setText(path)

    @property
    def kind(self) -> str:
        return self.kind_combo.currentData()

    # --- page 2: preview of the column mapping -------------------------------------------------------
    def _build_preview_page(self) -> QWidget:
        page = QWidget()
        layout = QVBoxLayout(page)
        layout.addWidget(QLabel("<h3>第二步：核对列的对应关系</h3>第一行的下拉框可改为其他字段或“不导入”。"))
        self.sheet_combo = QComboBox()
        self.sheet_combo.currentIndexChanged.connect(self._show_sheet)
        layout.addWidget(self.sheet_combo)
        self.preview_table = QTableWidget()
        layout.addWidget(self.preview_table, 1)
        return page

    def _load_preview(self) -> bool:
        from app.excel.parse import preview
        from app.workbench import spreadsheets as excel_io

        path = self.path_edit.text().strip()
        if not path:
            QMessageBox.warning(self, "提示", "请先选择要导入的表格文件。")
            return False
        try:
            with self.ctx.db.read_session() as s:  # the office's remembered value choices apply
                mapping = excel_io.detect(s, path, self.kind)
            shown = preview(path, self.kind, mapping, limit=PREVIEW_ROWS)
        except Exception as exc:  # user errors as a message; bugs go to the crash dialog
            self.ctx.show_error(exc)
            return False
        self.mapping, self.preview_rows = shown.mapping, shown.rows
        self.sheet_combo.blockSignals(True)
        self.sheet_combo.clear()
        for sheet in self.mapping.sheets:
            self.sheet_combo.addItem(f"工作表「{sheet.sheet}」（表头在{sheet.header_rows_text}）", sheet.sheet)
        self.sheet_combo.blockSignals(False)
        self._show_sheet()
        return True

    def _show_sheet(self) -> None:
        if self.mapping is None or not self.mapping.sheets:
            return
        spec = kind_spec(self.kind)
        sheet = self.mapping.sheets[max(0, self.sheet_combo.currentIndex())]
        rows = self.preview_rows.get(sheet.sheet, [])
        width = max([len(sheet.headers)] + [len(v) for _, v in rows])
        table = self.preview_table
        table.clear()
        table.setColumnCount(width)
        table.setRowCount(len(rows) + 1)
        table.setHorizontalHeaderLabels([sheet.column_title(i) for i in range(width)])
        table.setVerticalHeaderLabels(["对应字段"] + [str(n) for n, _ in rows])
        for column in range(width):
            combo = QComboBox()
            combo.addItem("（不导入）", None)
            for field in spec.fields:
                combo.addItem(field.label + ("（必填）" if field.required else ""), field.name)
            combo.setCurrentIndex(max(0, combo.findData(sheet.columns.get(column))))
            combo.currentIndexChanged.connect(
                lambda _i, c=column, box=combo, name=sheet.sheet: self._column_changed(name, c, box))
            table.setCellWidget(0, column, combo)
        for r, (_, values) in enumerate(rows, start=1):
            for c, value in enumerate(values):
                text = "" if value is None else (value.strftime("%Y-%m-%d") if isinstance(value, dt.datetime)
                                                 else str(value))
                table.setItem(r, c, QTableWidgetItem(text))
        table.resizeColumnsToContents()

    def _column_changed(self, sheet: str, column: int, box: QComboBox) -> None:
        assert self.mapping is not None  # the preview page shows a loaded mapping
        self.mapping.set_column(sheet, column, box.currentData())
        self._show_sheet()  # the field left any other column: show that

    def column_combo(self, column: int) -> QComboBox:
        box = self.preview_table.cellWidget(0, column)
        assert isinstance(box, QComboBox)
        return box

    # --- page 3: check every cell, map or skip the bad ones, import ------------------------------------
    def _build_check_page(self) -> QWidget:
        page = QWidget()
        layout = QVBoxLayout(page)
        layout.addWidget(QLabel("<h3>第三步：检查全部单元格并导入</h3>"))
        self.check_label = QLabel()
        self.check_label.setWordWrap(True)
        layout.addWidget(self.check_label)
        self.error_table = QTableWidget(0, 6)
        self.error_table.setHorizontalHeaderLabels(["工作表", "行", "列", "内容", "问题", "处理"])
        self.error_table.horizontalHeader().setSectionResizeMode(4, QHeaderView.ResizeMode.Stretch)
        layout.addWidget(self.error_table, 1)
        recheck = QPushButton("按所选处理重新检查")
        recheck.clicked.connect(self.recheck)
        layout.addWidget(recheck)
        return page

    def recheck(self) -> None:
        """Apply the clerk's choices to the mapping and parse the whole file again (on a worker)."""
        spec = kind_spec(self.kind)
        assert self.mapping is not None  # checked after the preview loaded it
        for row, error in enumerate(self.parsed.errors if self.parsed else []):
            combo = self.error_table.cellWidget(row, 5)
            choice = combo.currentData() if isinstance(combo, QComboBox) else _UNHANDLED
            if choice == _BLANK and error.column is not None:
                self.mapping.skip_cell(error.sheet, error.row, error.column)
            elif choice == _SKIP_ROW:
                self.mapping.skip_row(error.sheet, error.row)
            elif choice and error.field:
                field = spec.field(error.field)
                self.mapping.map_value(field.name, error.value, choice)
        self._run_check()

    def _run_check(self) -> None:
        self.check_label.setText("正在检查…")
        self.ctx.jobs.run(_parse_job, self.ctx.db, self.path_edit.text().strip(), self.kind, self.mapping,
                          title="正在检查表格…", on_done=self._checked)

    def _checked(self, parsed: ParseResult) -> None:
        self.parsed = parsed
        errors = parsed.errors
        if errors:
            more = "（只列出前1000处）" if parsed.truncated else ""
            self.check_label.setText(
                f"共{len(parsed.rows)}行数据，其中{len(errors)}处无法导入{more}。整个文件在处理完这些问题之前"
                f"不会导入：请在“处理”一栏选择改为某个值、留空或跳过整行，然后重新检查；也可以修改表格后重新选择文件。")
        else:
            self.check_label.setText(f"全部单元格均可识别：共{len(parsed.rows)}行数据，"
                                     f"跳过空行/合计行{parsed.skipped_rows}行。点击“导入”开始导入。")
        self._fill_errors(errors)
        self._update_buttons()

    def _fill_errors(self, errors) -> None:
        spec = kind_spec(self.kind)
        table = self.error_table
        table.setRowCount(len(errors))
        for row, error in enumerate(errors):
            value = "" if error.value is None else str(error.value)
            for col, text in enumerate((error.sheet, str(error.row), error.column_letter + (
                    f"（{error.header}）" if error.header else ""), value, error.reason)):
                table.setItem(row, col, QTableWidgetItem(text))
            combo = QComboBox()
            combo.addItem("未处理", _UNHANDLED)
            if error.column is not None and error.field and not spec.field(error.field).required:
                combo.addItem("留空", _BLANK)
            if error.row:
                combo.addItem("跳过此行", _SKIP_ROW)
            field = spec.field(error.field) if error.field else None
            if field is not None and field.vocabulary is not None and value:
                for code in field.vocabulary.codes:
                    combo.addItem(f"改为：{field.vocabulary.label(code)}", code)
            table.setCellWidget(row, 5, combo)
        table.resizeColumnsToContents()

    def start_import(self) -> None:
        self.next_button.setEnabled(False)
        self.ctx.jobs.run(_import_job, self.ctx.db, self.ctx.operator, self.path_edit.text().strip(), self.kind,
                          self.mapping, title=f"正在导入{KIND_NAMES[self.kind]}…", on_done=self._imported,
                          on_error=self._import_failed)

    def _imported(self, result: WorkbookImport) -> None:
        self.import_result = result
        self.ctx.changed(AREA_OF_KIND[result.kind])
        QMessageBox.information(self, "导入完成", result.summary())
        self.accept()

    def _import_failed(self, exc: BaseException) -> bool:
        self._update_buttons()
        return False  # shown by the job runner (a user error lists every problem in its details)

    # --- navigation ---------------------------------------------------------------------------------
    def go_next(self) -> None:
        index = self.pages.currentIndex()
        if index == 0:
            if self._load_preview():
                self.parsed = None
                self.pages.setCurrentIndex(1)
        elif index == 1:
            self.pages.setCurrentIndex(2)
            self.error_table.setRowCount(0)
            self.parsed = None
            self._run_check()
        else:
            self.start_import()
        self._update_buttons()

    def go_back(self) -> None:
        self.pages.setCurrentIndex(max(0, self.pages.currentIndex() - 1))
        self._update_buttons()

    def _update_buttons(self) -> None:
        index = self.pages.currentIndex()
        self.back_button.setEnabled(index > 0)
        if index == 2:
            self.next_button.setText("导入")
            self.next_button.setEnabled(self.parsed is not None and not self.parsed.errors)
        else:
            self.next_button.setText("下一步")
            self.next_button.setEnabled(True)


def open_import_dialog(ctx: UiContext, kind: str, parent: QWidget | None = None) -> ExcelImportDialog:
    """Open the import wizard for a kind (register, catalogue, negative_list / negative-list, ledger)."""
    dialog = ExcelImportDialog(ctx, kind, parent)
    dialog.open()
    return dialog


def export_with_dialog(ctx: UiContext, kind: str, parent: QWidget | None = None, filters: dict | None = None) -> None:
    """Ask where to save, then export the list on a worker; personal data masked unless filters say full."""
    spec = kind_spec(kind)
    default = f"{KIND_NAMES[spec.kind]}{dt.date.today():%Y%m%d}.xlsx"
    path, _ = QFileDialog.getSaveFileName(parent, "导出为 Excel", str(Path.home() / default), "Excel 表格 (*.xlsx)")
    if not path:
        return
    if not path.lower().endswith(".xlsx"):
        path += ".xlsx"

    def done(result) -> None:
        QMessageBox.information(parent, "导出完成", f"已导出 {result.rows} 行到 {result.path}。")

    ctx.jobs.run(_export_job, ctx.db, spec.kind, path, dict(filters or {}), title="正在导出…", on_done=done)

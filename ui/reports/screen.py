"""The 年度报告 screen: pick year and office, see the tables and checks, drill down, edit the text, issue, unlock."""

from __future__ import annotations

import datetime as dt
from typing import TYPE_CHECKING

from PySide6.QtCore import Qt
from PySide6.QtWidgets import (
    QAbstractItemView,
    QComboBox,
    QDialog,
    QFileDialog,
    QFormLayout,
    QHBoxLayout,
    QHeaderView,
    QInputDialog,
    QLabel,
    QMessageBox,
    QPlainTextEdit,
    QPushButton,
    QSpinBox,
    QTableWidget,
    QTableWidgetItem,
    QTabWidget,
    QVBoxLayout,
    QWidget,
)

from app.reports import labels as L
from app.reports.annual import CHECK_TITLES, verdict
from ui.widgets.screen import Screen
from ui.widgets.table_view import header_text_width, wrap_text

if TYPE_CHECKING:
    from app.reports.service import AnnualData, ReportInfo
    from ui.context import UiContext
    from ui.reports.lint_dialog import LintDialog
    from ui.reports.reference_dialog import TypedReferenceDialog

SUMMARY = "__summary__"
VERDICT_COLOURS = {True: Qt.GlobalColor.darkGreen, False: Qt.GlobalColor.red, None: Qt.GlobalColor.darkYellow}
ROW_LABEL_WIDTH = 340  # table 三's row labels wrap beyond this (pixels): the seven figures keep their room
TEXT_TITLES = {"overview": L.SECTION_HEADINGS[0], "problems": L.SECTION_HEADINGS[4],
               "other_matters": L.SECTION_HEADINGS[5]}


def _load(progress, year: int, code: str | None, summary: bool, db):
    """Worker: compute the report, read its stored text and whether the year's data is locked (read-only)."""
    from app import reports
    from app.reports.text import draft_sections

    with db.read_session() as s:
        data = reports.compute_annual(s, year, office_code=code, summary=summary)
        stored = reports.get_report(s, data.office.id, year, summary=summary)
        locked = any(reports.is_year_locked(s, office_id, year) for office_id in data.office_ids)
    return data, stored, (stored.texts if stored else draft_sections(data)), locked


def _item(value, *, align=Qt.AlignmentFlag.AlignCenter) -> QTableWidgetItem:
    item = QTableWidgetItem(str(value))
    item.setTextAlignment(align | Qt.AlignmentFlag.AlignVCenter)
    item.setFlags(Qt.ItemFlag.ItemIsEnabled | Qt.ItemFlag.ItemIsSelectable)
    return item


class DrillDownDialog(QDialog):
    """The applications behind one number of table 三."""

    def __init__(self, title: str, lines, parent=None) -> None:
        super().__init__(parent)
        self.setWindowTitle(title)
        self.resize(820, 420)
        table = QTableWidget(len(lines), 6, self)
        table.setHorizontalHeaderLabels(["申请编号", "收到日期", "答复日期", "申请人类型", "申请人", "申请内容"])
        for r, line in enumerate(lines):
            values = [line.serial, line.received_on or "", line.replied_on or "",
                      L.COLUMN_LABELS.get(line.applicant_kind or "", line.applicant_kind or "（未填）"),
                      line.applicant_name or "", line.content or ""]
            for c, v in enumerate(values):
                table.setItem(r, c, _item(v, align=Qt.AlignmentFlag.AlignLeft))
        table.horizontalHeader().setStretchLastSection(True)
        table.setEditTriggers(QAbstractItemView.EditTrigger.NoEditTriggers)
        self.table = table
        layout = QVBoxLayout(self)
        layout.addWidget(QLabel(f"共 {len(lines)} 件"))
        layout.addWidget(table)


class ReportsScreen(Screen):
    title = "年度报告"

    def __init__(self, ctx: UiContext, parent: QWidget | None = None) -> None:
        super().__init__(ctx, parent)
        self.data: AnnualData | None = None
        self.stored: ReportInfo | None = None
        self.year = QSpinBox()
        self.year.setRange(2008, 2100)
        self.year.setValue(dt.date.today().year - 1)
        self.year.setSuffix(" 年度")
        self.office = QComboBox()
        self.compute_button = QPushButton("计算")
        self.xlsx_button = QPushButton("导出 Excel…")
        self.pdf_button = QPushButton("导出 PDF…")
        self.issue_button = QPushButton("发布报告…")
        self.unlock_button = QPushButton("解锁年度…")
        self.unlock_button.setToolTip("已发布年度的数据被锁定；确需修改时说明理由后解锁，理由记入操作日志")
        self.lock_button = QPushButton("重新锁定")
        self.lint_button = QPushButton("检查报表…")
        self.lint_button.setToolTip("检查各机关报送的年度报告工作簿（选择一个文件夹）的表内勾稽关系")
        self.lint_dialog: LintDialog | None = None
        self.lock_state = QLabel("")
        self.locked = False
        self.status = QLabel("")
        self.office.setSizeAdjustPolicy(QComboBox.SizeAdjustPolicy.AdjustToContents)  # the whole office name
        bar = QHBoxLayout()
        for w in (QLabel("年度："), self.year, QLabel("机关："), self.office, self.compute_button, self.xlsx_button,
                  self.pdf_button, self.issue_button, self.unlock_button, self.lock_button, self.lint_button):
            bar.addWidget(w)
        bar.addStretch(1)
        state_bar = QHBoxLayout()  # a line of its own: at 1280 pixels the buttons leave no room beside them
        state_bar.addWidget(self.lock_state)
        state_bar.addWidget(self.status)
        state_bar.addStretch(1)

        self.applications = QTableWidget(len(L.ROW_KEYS), len(L.COLUMNS))
        self.applications.setHorizontalHeaderLabels([L.COLUMN_LABELS[c] for c in L.COLUMNS])
        row_labels = [L.row_label(k).replace(L.ROW_RESULTS_LABEL, "") for k in L.ROW_KEYS]
        self.applications.setVerticalHeaderLabels(
            [wrap_text(label, self.applications.fontMetrics(), ROW_LABEL_WIDTH) for label in row_labels])
        self.applications.setEditTriggers(QAbstractItemView.EditTrigger.NoEditTriggers)
        self.applications.horizontalHeader().setSectionResizeMode(QHeaderView.ResizeMode.Stretch)
        self.applications.horizontalHeader().setMinimumSectionSize(
            max(header_text_width(self.applications, c) for c in range(len(L.COLUMNS))))  # no title cut
        self.applications.verticalHeader().setSectionResizeMode(QHeaderView.ResizeMode.ResizeToContents)
        self.applications.setToolTip("双击数字，查看其对应的申请")
        self.applications.cellDoubleClicked.connect(self.drill_down)
        self.proactive = QTableWidget(len(L.PROACTIVE_KEYS), 1)
        self.proactive.setHorizontalHeaderLabels(["数量"])
        self.cases = QTableWidget(3, 5)
        self.cases.setHorizontalHeaderLabels(list(L.CASE_RESULT_LABELS))
        self.cases.setVerticalHeaderLabels(
            [L.REVIEW_GROUP_LABEL, "行政诉讼（" + L.LITIGATION_DIRECT_LABEL + "）",
             "行政诉讼（" + L.LITIGATION_AFTER_REVIEW_LABEL + "）"])
        others = QWidget()
        others_layout = QVBoxLayout(others)
        others_layout.addWidget(QLabel(L.SECTION_HEADINGS[1]))
        others_layout.addWidget(self.proactive)
        others_layout.addWidget(QLabel(L.SECTION_HEADINGS[3]))
        others_layout.addWidget(self.cases)
        self.reference_file_button = QPushButton("载入上年已发布的报告（工作簿）…")
        self.reference_file_button.setToolTip("上年报告的“结转下年度继续办理”即本年“上年结转”的比对依据")
        self.reference_typed_button = QPushButton("手工录入上年结转数…")
        self.checks = QTableWidget(0, 3)
        self.checks.setHorizontalHeaderLabels(["校验项目", "结果", "说明及涉及的申请"])
        self.checks.horizontalHeader().setStretchLastSection(True)
        self.checks.setWordWrap(True)
        self.texts: dict[str, QPlainTextEdit] = {}
        text_page = QWidget()
        form = QFormLayout(text_page)
        for name, heading in TEXT_TITLES.items():
            self.texts[name] = QPlainTextEdit()
            form.addRow(heading, self.texts[name])
        self.save_button = QPushButton("保存文字部分")
        form.addRow(self.save_button)

        self.tabs = QTabWidget()
        self.tabs.addTab(self.applications, "三、依申请公开")
        self.tabs.addTab(others, "二、主动公开 / 四、复议诉讼")
        checks_page = QWidget()
        checks_layout = QVBoxLayout(checks_page)
        reference_bar = QHBoxLayout()
        reference_bar.addWidget(self.reference_file_button)
        reference_bar.addWidget(self.reference_typed_button)
        reference_bar.addStretch(1)
        checks_layout.addLayout(reference_bar)
        checks_layout.addWidget(self.checks)
        self.tabs.addTab(checks_page, "校验")
        self.tabs.addTab(text_page, "文字部分")
        layout = QVBoxLayout(self)
        layout.addLayout(bar)
        layout.addLayout(state_bar)
        layout.addWidget(self.tabs)

        self.compute_button.clicked.connect(self.compute)
        self.save_button.clicked.connect(self.save_texts)
        self.issue_button.clicked.connect(self.issue)
        self.unlock_button.clicked.connect(lambda _=False: self.unlock())
        self.lock_button.clicked.connect(lambda _=False: self.lock())
        self.xlsx_button.clicked.connect(lambda: self.export("xlsx"))
        self.pdf_button.clicked.connect(lambda: self.export("pdf"))
        self.lint_button.clicked.connect(lambda _=False: self.open_lint())
        self.reference_file_button.clicked.connect(lambda _=False: self.load_reference_file())
        self.reference_typed_button.clicked.connect(lambda _=False: self.load_reference_typed())
        self._set_enabled(False)

    # ---- loading ----------------------------------------------------------------------------------
    def refresh(self) -> None:
        from app import reports

        current = self.office.currentData()
        with self.ctx.read_session() as s:
            offices = reports.offices_held(s)
        self.office.clear()
        for office in offices:
            self.office.addItem(office.name + ("（本机关）" if office.is_self else ""), office.org_code)
        if len(offices) > 1:
            self.office.addItem("全部机关（汇总）", SUMMARY)
        index = self.office.findData(current)
        self.office.setCurrentIndex(max(index, 0))
        names = [self.office.itemText(i) for i in range(self.office.count())]
        if names:  # the whole office name beside the arrow (AdjustToContents leaves the last glyph cut)
            self.office.setMinimumWidth(max(self.office.fontMetrics().horizontalAdvance(n) for n in names) + 48)
        if self.isVisible() and not getattr(self, "_computed_once", False) and offices:
            self._computed_once = True  # the clerk sees the numbers at once, not an empty form
            self.compute()

    def _scope(self) -> tuple[str | None, bool]:
        code = self.office.currentData()
        return (None, True) if code == SUMMARY else (code, False)

    def compute(self) -> None:
        code, summary = self._scope()
        self.status.setText("正在计算…")
        self.ctx.jobs.run(_load, self.year.value(), code, summary, self.ctx.db, title="正在计算年度报告…",
                          on_done=self.show_result, cancellable=False)

    def show_result(self, result: tuple[AnnualData, ReportInfo | None, dict[str, str], bool]) -> None:
        data, self.stored, texts, self.locked = result
        self.data = data
        for r, key in enumerate(L.ROW_KEYS):
            for c, value in enumerate(data.applications.rows[key]):
                self.applications.setItem(r, c, _item(value))
        self.proactive.setVerticalHeaderLabels(list(_proactive_labels()))
        for r, key in enumerate(L.PROACTIVE_KEYS):
            self.proactive.setItem(r, 0, _item(data.proactive[key]))
        for g, group in enumerate(L.CASE_GROUPS):
            for c, result_key in enumerate(L.CASE_RESULT_KEYS):
                self.cases.setItem(g, c, _item(data.review_litigation[f"{group}.{result_key}"]))
        self.checks.setRowCount(len(data.checks) + len(data.warnings))
        for r, check in enumerate(data.checks):
            self.checks.setItem(r, 0, _item(CHECK_TITLES.get(check.rule, check.rule), align=Qt.AlignmentFlag.AlignLeft))
            mark = _item(verdict(check.ok))
            mark.setForeground(VERDICT_COLOURS[check.ok])
            self.checks.setItem(r, 1, mark)
            detail = check.detail + (("：" + "、".join(check.applications)) if check.applications else "")
            self.checks.setItem(r, 2, _item(detail, align=Qt.AlignmentFlag.AlignLeft))
        for r, warning in enumerate(data.warnings, start=len(data.checks)):
            self.checks.setItem(r, 0, _item("提醒", align=Qt.AlignmentFlag.AlignLeft))
            mark = _item("请确认")
            mark.setForeground(VERDICT_COLOURS[None])
            self.checks.setItem(r, 1, mark)
            self.checks.setItem(r, 2, _item(warning["detail"], align=Qt.AlignmentFlag.AlignLeft))
        self.checks.resizeColumnToContents(0)  # the check's title on one line; the explanation wraps
        self.checks.resizeColumnToContents(1)
        self.checks.resizeRowsToContents()
        for name, edit in self.texts.items():
            edit.setPlainText(texts.get(name, ""))
        stored = self.stored
        issued = stored is not None and stored.status in ("issued", "published")
        failed = sum(1 for c in data.checks if c.ok is False)
        unchecked = sum(1 for c in data.checks if c.ok is None)
        self.status.setText(
            (("已发布（" + f"{stored.issued_at:%Y-%m-%d} {stored.issued_by}）" if stored.status == "issued"
              else "已载入此前发布的报告") if stored is not None and issued else "草稿")
            + (f"；{failed}项校验未通过" if failed else "；未发现错误" if unchecked else "；校验全部通过")
            + (f"，{unchecked}项未核对" if unchecked else "")
        )
        if not issued:
            self.lock_state.setText("")
        elif self.locked:
            self.lock_state.setText(f"{data.year}年度数据已锁定")
        else:
            self.lock_state.setText(f"{data.year}年度数据已解锁，可修改")
        self.lock_state.setStyleSheet("" if self.locked or not issued else "color: #b00020; font-weight: bold;")
        self._set_enabled(True, issued=issued)

    def _set_enabled(self, loaded: bool, *, issued: bool = False) -> None:
        for w in (self.xlsx_button, self.pdf_button):
            w.setEnabled(loaded)
        self.issue_button.setEnabled(loaded and not issued)
        self.unlock_button.setVisible(loaded and issued and self.locked)
        self.lock_button.setVisible(loaded and issued and not self.locked)
        self.save_button.setEnabled(loaded and not issued)
        for edit in self.texts.values():
            edit.setReadOnly(issued)

    # ---- actions ----------------------------------------------------------------------------------
    def load_reference_file(self, path: str | None = None) -> None:
        """Keep last year's published workbook as the carry-in reference of the year shown."""
        from app.reports.reference import snapshot_from_workbook

        year = self.year.value() - 1
        if path is None:
            path, _ = QFileDialog.getOpenFileName(self, f"选择{year}年度已发布报告的工作簿", "",
                                                  "Excel 工作簿 (*.xlsx)")
            if not path:
                return
        try:
            self._store_reference(year, snapshot_from_workbook(path))
        except Exception as exc:
            self.ctx.show_error(exc)

    def load_reference_typed(self, dialog: TypedReferenceDialog | None = None) -> None:
        """Type last year's 结转下年度 row (and 现行有效件数) from the published report."""
        from ui.reports.reference_dialog import TypedReferenceDialog

        year = self.year.value() - 1
        dialog = dialog or TypedReferenceDialog(year, self)
        if dialog.result() != QDialog.DialogCode.Accepted and dialog.exec() != QDialog.DialogCode.Accepted:
            return
        try:
            self._store_reference(year, dialog.snapshot())
        except Exception as exc:
            self.ctx.show_error(exc)

    def _store_reference(self, year: int, snapshot: dict) -> None:
        from app import reports

        code, summary = self._scope()
        with self.ctx.session() as s:
            reports.load_published_report(s, year, snapshot, office_code=code, summary=summary)
        self.status.setText(f"已载入{year}年度已发布的报告")
        self.ctx.changed("reports")
        self.compute()

    def open_lint(self) -> LintDialog:
        """The 检查报表 window: lint the report workbooks of a folder (no database needed)."""
        from ui.reports.lint_dialog import LintDialog

        if self.lint_dialog is None:
            self.lint_dialog = LintDialog(self.ctx, self)
        self.lint_dialog.show()
        return self.lint_dialog

    def drill_down(self, row: int, column: int) -> DrillDownDialog | None:
        if self.data is None:
            return None
        from app import reports

        key, col = L.ROW_KEYS[row], L.COLUMNS[column]
        with self.ctx.read_session() as s:
            lines = reports.applications_behind(s, self.data, key, col, limit=5000)
        dialog = DrillDownDialog(f"{L.row_label(key)} — {L.COLUMN_LABELS[col]}", lines, self)
        dialog.show()
        return dialog

    def current_texts(self) -> dict[str, str]:
        return {name: edit.toPlainText() for name, edit in self.texts.items()}

    def save_texts(self) -> None:
        from app import reports

        data = self.data
        if data is None:
            return
        code, summary = self._scope()
        try:
            with self.ctx.session() as s:
                reports.draft_report(s, data.year, office_code=code, summary=summary)
                self.stored = reports.save_texts(s, data.office.id, data.year, self.current_texts(), summary=summary)
        except Exception as exc:
            self.ctx.show_error(exc)
            return
        self.status.setText("文字部分已保存（草稿）")
        self.ctx.changed("reports")

    def issue(self) -> None:
        from app import reports
        from app.errors import ConflictError

        data = self.data
        if data is None:
            return
        failed = [c for c in data.checks if c.ok is False]
        question = (f"发布后{data.year}年度数据将被锁定，以后修改须解锁并说明理由。确定发布{data.year}年度报告吗？")
        if failed:
            question = f"有{len(failed)}项校验未通过。" + question
        answer = QMessageBox.question(self, "发布年度报告", question)
        if answer != QMessageBox.StandardButton.Yes:
            return
        code, summary = self._scope()
        try:
            with self.ctx.session() as s:
                reports.draft_report(s, data.year, office_code=code, summary=summary)
                reports.save_texts(s, data.office.id, data.year, self.current_texts(), summary=summary)
                reports.issue_report(s, data.year, office_code=code, summary=summary, accept_failed_checks=True)
        except (ConflictError, Exception) as exc:
            self.ctx.show_error(exc)
            return
        self.ctx.changed("reports")
        self.compute()

    def unlock(self, reason: str | None = None) -> bool:
        """Unlock the shown issued year (every office of a summary) after asking the reason."""
        from app import reports

        data = self.data
        if data is None:
            return False
        if reason is None:
            reason, ok = QInputDialog.getMultiLineText(
                self, "解锁年度数据",
                f"{data.year}年度报告已发布，该年度的数据已锁定。\n请说明解锁理由（记入操作日志）：")
            if not ok:
                return False
        try:
            with self.ctx.session() as s:
                for office_id in data.office_ids:
                    if reports.is_year_locked(s, office_id, data.year):
                        reports.unlock_year(s, office_id, data.year, reason)
        except Exception as exc:
            self.ctx.show_error(exc)
            return False
        self.ctx.changed("reports")
        self.compute()
        return True

    def lock(self) -> None:
        """Lock the shown issued year again after the corrections."""
        from app import reports

        if self.data is None:
            return
        try:
            with self.ctx.session() as s:
                for office_id in self.data.office_ids:
                    reports.lock_year(s, office_id, self.data.year)
        except Exception as exc:
            self.ctx.show_error(exc)
            return
        self.ctx.changed("reports")
        self.compute()

    def export(self, kind: str) -> None:
        if self.data is None:
            return
        suffix = {"xlsx": "Excel 工作簿 (*.xlsx)", "pdf": "PDF 文件 (*.pdf)"}[kind]
        default = f"{self.data.office.name}{self.data.year}年政府信息公开工作年度报告.{kind}"
        path, _ = QFileDialog.getSaveFileName(self, "导出年度报告", default, suffix)
        if path:
            self.ctx.jobs.run(_export, kind, path, self.data, self.current_texts(), title="正在导出…",
                              on_done=lambda _: self.status.setText(f"已导出：{path}"), cancellable=False)


def _export(progress, kind: str, path: str, data, texts: dict[str, str]) -> str:
    from pathlib import Path

    from app.errors import StorageError

    if kind == "xlsx":
        from app.reports.xlsx import workbook_bytes

        content = workbook_bytes(data)
    else:
        from app.reports.pdf import render_report

        content = render_report(data, texts)
    try:
        Path(path).write_bytes(content)
    except OSError as exc:
        raise StorageError(f"无法写入文件“{path}”：{exc.strerror or exc}。") from exc
    return path


def _proactive_labels():
    for _, column_labels, rows in L.PROACTIVE_BLOCKS:
        for label, keys in rows:
            if len(keys) == 1:
                yield label
            else:
                for column_label in column_labels:
                    yield f"{label}·{column_label}"

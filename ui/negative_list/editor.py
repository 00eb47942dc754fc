"""The negative-list item editor (事项 / 历史版本 / 复核记录 / 引用的答复) and the review dialog."""

from __future__ import annotations

import datetime as dt
from typing import TYPE_CHECKING

from PySide6.QtCore import QDate, Signal
from PySide6.QtWidgets import (
    QCheckBox,
    QComboBox,
    QDateEdit,
    QDialog,
    QDialogButtonBox,
    QFormLayout,
    QLabel,
    QLineEdit,
    QPlainTextEdit,
    QSpinBox,
    QTableWidget,
    QTableWidgetItem,
    QTabWidget,
    QVBoxLayout,
    QWidget,
)

from app import negative_list as nl
from app.errors import UserError
from app.negative_list.taxonomy import REGULATION, categories, category, decision_labels, status_labels

if TYPE_CHECKING:
    from ui.context import UiContext

VERSION_LABELS = {"name": "事项名称", "category": "类别", "basis_article": "依据条款", "scope": "适用范围",
                  "responsible_unit": "责任单位", "status": "状态", "approver": "批准人",
                  "review_cycle_months": "复核周期", "keywords": "关键词"}


def fill_table(table: QTableWidget, headers: list[str], rows: list[list]) -> None:
    table.clear()
    table.setColumnCount(len(headers))
    table.setHorizontalHeaderLabels(headers)
    table.setRowCount(len(rows))
    for r, row in enumerate(rows):
        for c, value in enumerate(row):
            table.setItem(r, c, QTableWidgetItem("" if value is None else str(value)))
    table.resizeColumnsToContents()


def readonly_table() -> QTableWidget:
    """A table the clerk reads and selects whole rows in, but does not edit in place."""
    table = QTableWidget()
    table.setEditTriggers(QTableWidget.EditTrigger.NoEditTriggers)
    table.setSelectionBehavior(QTableWidget.SelectionBehavior.SelectRows)
    table.verticalHeader().setVisible(False)
    table.horizontalHeader().setStretchLastSection(True)
    return table


class OptionalDate(QWidget):
    """A date that may be empty: a check box plus a calendar date edit."""

    def __init__(self, parent=None) -> None:
        super().__init__(parent)
        from PySide6.QtWidgets import QHBoxLayout

        layout = QHBoxLayout(self)
        layout.setContentsMargins(0, 0, 0, 0)
        self.enabled = QCheckBox()
        self.edit = QDateEdit()
        self.edit.setCalendarPopup(True)
        self.edit.setDisplayFormat("yyyy-MM-dd")
        self.edit.setDate(QDate.currentDate())
        self.enabled.toggled.connect(self.edit.setEnabled)
        self.edit.setEnabled(False)
        layout.addWidget(self.enabled)
        layout.addWidget(self.edit, 1)

    def set_date(self, value: dt.date | None) -> None:
        self.enabled.setChecked(value is not None)
        if value is not None:
            self.edit.setDate(QDate(value.year, value.month, value.day))

    def date(self) -> dt.date | None:
        if not self.enabled.isChecked():
            return None
        d = self.edit.date()
        return dt.date(d.year(), d.month(), d.day())


class ItemForm(QWidget):
    """The editable fields of an item."""

    def __init__(self, parent=None) -> None:
        super().__init__(parent)
        form = QFormLayout(self)
        self.name = QLineEdit()
        self.category = QComboBox()
        for cat in categories():
            self.category.addItem(cat.label, cat.code)
        self.basis_law = QLineEdit(REGULATION)
        self.basis_article = QLineEdit()
        self.basis_text = QPlainTextEdit()
        self.basis_text.setFixedHeight(80)
        self.scope = QPlainTextEdit()
        self.scope.setFixedHeight(60)
        self.responsible_unit = QLineEdit()
        self.decided_on = OptionalDate()
        self.approver = QLineEdit()
        self.review_cycle = QSpinBox()
        self.review_cycle.setRange(1, 60)
        self.review_cycle.setValue(12)
        self.review_cycle.setSuffix(" 个月")
        self.next_review_on = OptionalDate()
        self.keywords = QLineEdit()
        self.keywords.setPlaceholderText("用顿号或逗号分隔，用于在答复时推荐事项")
        self.notes = QLineEdit()
        for label, widget in (("事项名称", self.name), ("事项类别", self.category), ("依据法规", self.basis_law),
                              ("依据条款", self.basis_article), ("依据条文", self.basis_text),
                              ("适用范围", self.scope), ("责任单位", self.responsible_unit),
                              ("确定日期", self.decided_on), ("批准人", self.approver),
                              ("复核周期", self.review_cycle), ("下次复核日期", self.next_review_on),
                              ("关键词", self.keywords), ("备注", self.notes)):
            form.addRow(label, widget)
        self.category.currentIndexChanged.connect(self._category_changed)
        self._category_changed()

    def _category_changed(self) -> None:
        """A category of arts. 14–16 brings its article and verbatim text (when the law is the regulation)."""
        cat = category(self.category.currentData())
        if cat.article and self.basis_law.text().strip() in ("", REGULATION):
            self.basis_law.setText(REGULATION)
            self.basis_article.setText(cat.article)
            self.basis_text.setPlainText(cat.text or "")
        elif not cat.article:
            self.basis_article.clear()
            self.basis_text.clear()

    def load(self, item: nl.ItemInfo) -> None:
        self.category.blockSignals(True)
        self.category.setCurrentIndex(max(0, self.category.findData(item.category)))
        self.category.blockSignals(False)
        self.name.setText(item.name)
        self.basis_law.setText(item.basis_law)
        self.basis_article.setText(item.basis_article)
        self.basis_text.setPlainText(item.basis_text)
        self.scope.setPlainText(item.scope or "")
        self.responsible_unit.setText(item.responsible_unit or "")
        self.decided_on.set_date(item.decided_on)
        self.approver.setText(item.approver or "")
        self.review_cycle.setValue(item.review_cycle_months)
        self.next_review_on.set_date(item.next_review_on)
        self.keywords.setText("、".join(item.keywords))
        self.notes.setText(item.notes or "")

    def values(self) -> dict:
        return {
            "name": self.name.text(), "category": self.category.currentData(),
            "basis_law": self.basis_law.text(), "basis_article": self.basis_article.text(),
            "basis_text": self.basis_text.toPlainText(), "scope": self.scope.toPlainText(),
            "responsible_unit": self.responsible_unit.text(), "decided_on": self.decided_on.date(),
            "approver": self.approver.text(), "review_cycle_months": self.review_cycle.value(),
            "next_review_on": self.next_review_on.date(), "keywords": self.keywords.text(),
            "notes": self.notes.text(),
        }


class ItemEditor(QDialog):
    """Add or change an item; for an existing one also its versions, reviews and the decisions citing it."""

    saved = Signal(int)

    def __init__(self, ctx: UiContext, item_id: int | None = None, parent=None) -> None:
        super().__init__(parent)
        self.ctx, self.item_id = ctx, item_id
        self.setWindowTitle("新增负面清单事项" if item_id is None else "编辑负面清单事项")
        self.resize(760, 640)
        layout = QVBoxLayout(self)
        self.tabs = QTabWidget()
        self.form = ItemForm()
        self.tabs.addTab(self.form, "事项")
        self.versions = readonly_table()
        self.reviews = readonly_table()
        self.decisions = readonly_table()
        self.tabs.addTab(self.versions, "历史版本")
        self.tabs.addTab(self.reviews, "复核记录")
        self.tabs.addTab(self.decisions, "引用的答复")
        layout.addWidget(self.tabs)
        self.reason = QLineEdit()
        self.reason.setPlaceholderText("修改原因（记入历史版本）")
        self.reason.setVisible(item_id is not None)
        layout.addWidget(self.reason)
        buttons = QDialogButtonBox(QDialogButtonBox.StandardButton.Save | QDialogButtonBox.StandardButton.Cancel)
        buttons.button(QDialogButtonBox.StandardButton.Save).setText("保存")
        buttons.button(QDialogButtonBox.StandardButton.Cancel).setText("取消")
        buttons.accepted.connect(self.save)
        buttons.rejected.connect(self.reject)
        layout.addWidget(buttons)
        for i in range(1, 4):
            self.tabs.setTabEnabled(i, item_id is not None)
        if item_id is not None:
            self.load()

    def load(self) -> None:
        assert self.item_id is not None  # loaded only for a saved item
        with self.ctx.read_session() as s:
            item = nl.get_item(s, self.item_id)
            versions = nl.item_versions(s, self.item_id)
            reviews = nl.reviews_for_item(s, self.item_id)
            decisions = nl.decisions_for_item(s, self.item_id)
        self.form.load(item)
        self.tabs.setTabText(1, f"历史版本（{len(versions)}）")
        self.tabs.setTabText(3, f"引用的答复（{len(decisions)}）")
        fill_table(self.versions, ["版本", "被替换时间", "操作员", "原因", "事项名称", "适用范围", "状态"], [
            [v.version, f"{v.replaced_at:%Y-%m-%d %H:%M}", v.replaced_by, v.reason, v.data.get("name"),
             v.data.get("scope"), status_labels().get(v.data.get("status", ""), v.data.get("status"))]
            for v in versions])
        fill_table(self.reviews, ["复核日期", "结论", "复核人", "复核意见", "下次复核"], [
            [r.reviewed_on, r.decision_label, r.reviewer, r.note, r.next_review_on] for r in reviews])
        fill_table(self.decisions, ["申请编号", "收到日期", "申请内容", "办理结果", "答复日期", "引用人"], [
            [d.serial, d.received_on, d.content, d.outcome or "办理中", d.replied_on, d.cited_by]
            for d in decisions])

    def save(self) -> None:
        try:
            with self.ctx.session() as s:
                if self.item_id is None:
                    self.item_id = nl.create_item(s, self.form.values()).id
                else:
                    nl.update_item(s, self.item_id, self.form.values(), reason=self.reason.text() or None)
        except UserError as exc:
            self.ctx.show_error(exc)
            return
        self.ctx.changed("negative_list")
        self.saved.emit(self.item_id)
        self.accept()


class ReviewDialog(QDialog):
    """Record a review (条例 art. 18): keep, change (with the new scope / name) or release."""

    reviewed = Signal(object)  # ReviewResult

    def __init__(self, ctx: UiContext, item_id: int, decision: str, parent=None) -> None:
        super().__init__(parent)
        self.ctx, self.item_id, self.decision = ctx, item_id, decision
        with ctx.read_session() as s:
            self.item = nl.get_item(s, item_id)
        self.setWindowTitle(f"复核：{decision_labels()[decision]}")
        layout = QVBoxLayout(self)
        layout.addWidget(QLabel(f"<b>{self.item.name}</b><br>{self.item.category_label}　"
                                f"{self.item.basis_law}{self.item.basis_article}"))
        form = QFormLayout()
        self.note = QPlainTextEdit()
        self.note.setFixedHeight(70)
        self.note.setPlaceholderText("复核意见（调整、解除时必填）")
        self.reviewer = QLineEdit(ctx.operator or "")
        self.date = QDateEdit(QDate.currentDate())
        self.date.setCalendarPopup(True)
        self.date.setDisplayFormat("yyyy-MM-dd")
        form.addRow("复核意见", self.note)
        form.addRow("复核人", self.reviewer)
        form.addRow("复核日期", self.date)
        self.scope = QPlainTextEdit(self.item.scope or "")
        self.scope.setFixedHeight(60)
        self.name = QLineEdit(self.item.name)
        if decision == "change":
            form.addRow("调整后名称", self.name)
            form.addRow("调整后范围", self.scope)
        self.to_catalogue = QCheckBox("同时登记到公开目录（主动公开）")
        if decision == "release":
            form.addRow("", self.to_catalogue)
        layout.addLayout(form)
        buttons = QDialogButtonBox(QDialogButtonBox.StandardButton.Ok | QDialogButtonBox.StandardButton.Cancel)
        buttons.button(QDialogButtonBox.StandardButton.Ok).setText("记录复核")
        buttons.button(QDialogButtonBox.StandardButton.Cancel).setText("取消")
        buttons.accepted.connect(self.save)
        buttons.rejected.connect(self.reject)
        layout.addWidget(buttons)

    def save(self) -> None:
        d = self.date.date()
        changes = None
        if self.decision == "change":
            changes = {"name": self.name.text(), "scope": self.scope.toPlainText()}
        try:
            with self.ctx.session() as s:
                result = nl.record_review(s, self.item_id, self.decision, note=self.note.toPlainText(),
                                          reviewer=self.reviewer.text(),
                                          reviewed_on=dt.date(d.year(), d.month(), d.day()), changes=changes,
                                          create_catalogue_entry=self.to_catalogue.isChecked())
        except UserError as exc:
            self.ctx.show_error(exc)
            return
        self.ctx.changed("negative_list")
        if result.catalogue_entry is not None:
            self.ctx.changed("catalogue")
        self.reviewed.emit(result)
        self.accept()

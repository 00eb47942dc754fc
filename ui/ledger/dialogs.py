"""Editors of the 工作台账 screen: task, completion, activity, website column, case and evidence dialogs.

Every editor takes a ``save`` callable: OK runs it with the entered values (the write through the service);
a UserError (e.g. 任务要求不能为空) is shown inside the dialog, which stays open with the entered data.
"""

from __future__ import annotations

import datetime as dt
import tempfile
from pathlib import Path
from typing import Any

from PySide6.QtCore import QDate, QUrl
from PySide6.QtGui import QDesktopServices
from PySide6.QtWidgets import (
    QCheckBox,
    QComboBox,
    QDateEdit,
    QDialog,
    QDialogButtonBox,
    QFileDialog,
    QFormLayout,
    QHBoxLayout,
    QLabel,
    QLineEdit,
    QMessageBox,
    QPlainTextEdit,
    QPushButton,
    QSpinBox,
    QTableWidget,
    QTableWidgetItem,
    QVBoxLayout,
    QWidget,
)

from app.errors import UserError
from app.ledger.cadence import CADENCES
from app.ledger.common import (
    ACTIVITY_KINDS,
    CASE_KINDS,
    CASE_RESULTS,
    CASE_ROUTES,
    CHANNELS,
    PENDING_LABEL,
)
from ui.widgets.attachments import size_text


def _py_date(value: QDate) -> dt.date:
    day = value.toPython()  # typed `object` in PySide6's stubs
    assert isinstance(day, dt.date)
    return day


class OptionalDate(QWidget):
    """A date edit with a check box: unchecked means "no date"."""

    def __init__(self, label: str, value: dt.date | None = None, parent=None) -> None:
        super().__init__(parent)
        layout = QHBoxLayout(self)
        layout.setContentsMargins(0, 0, 0, 0)
        self.check = QCheckBox(label)
        self.edit = QDateEdit()
        self.edit.setCalendarPopup(True)
        self.edit.setDisplayFormat("yyyy-MM-dd")
        layout.addWidget(self.check)
        layout.addWidget(self.edit, 1)
        self.check.toggled.connect(self.edit.setEnabled)
        self.set_value(value)

    def set_value(self, value: dt.date | None) -> None:
        self.check.setChecked(value is not None)
        self.edit.setEnabled(value is not None)
        self.edit.setDate(QDate(value or dt.date.today()))

    def value(self) -> dt.date | None:
        return _py_date(self.edit.date()) if self.check.isChecked() else None


def _combo(items: dict[str, str], current: str | None = None, blank: str | None = None) -> QComboBox:
    box = QComboBox()
    if blank is not None:
        box.addItem(blank, None)
    for code, label in items.items():
        box.addItem(label, code)
    if current is not None:
        box.setCurrentIndex(max(0, box.findData(current)))
    return box


class _Dialog(QDialog):
    """Form + 保存/取消; OK calls ``save(values)`` and closes only when it succeeded."""

    def __init__(self, title: str, parent=None, save=None) -> None:
        super().__init__(parent)
        self.setWindowTitle(title)
        self.setMinimumWidth(520)
        self.save = save
        self.saved: Any = None  # what ``save`` returned
        outer = QVBoxLayout(self)
        self.error = QLabel()
        self.error.setWordWrap(True)
        self.error.setStyleSheet("color: #b00020; font-weight: bold;")
        self.error.hide()
        outer.addWidget(self.error)
        self.form = QFormLayout()
        outer.addLayout(self.form)
        buttons = QDialogButtonBox(QDialogButtonBox.StandardButton.Ok | QDialogButtonBox.StandardButton.Cancel)
        buttons.button(QDialogButtonBox.StandardButton.Ok).setText("保存")
        buttons.button(QDialogButtonBox.StandardButton.Cancel).setText("取消")
        buttons.accepted.connect(self.accept)
        buttons.rejected.connect(self.reject)
        outer.addWidget(buttons)

    def values(self) -> Any:
        """What ``save`` receives (the service's input)."""
        return self.data()

    def data(self) -> Any:
        """The form's values: each dialog that does not override ``values`` has its own."""
        raise NotImplementedError

    def accept(self) -> None:
        if self.save is not None:
            try:
                self.saved = self.save(self.values())
            except UserError as exc:  # the service refused: nothing was stored, the user corrects the form
                self.error.setText(exc.message)
                self.error.show()
                return
        self.error.hide()
        super().accept()


class TaskDialog(_Dialog):
    """New or changed task; ``data()`` gives the service's input dict."""

    def __init__(self, task=None, parent=None, save=None) -> None:
        super().__init__("编辑任务" if task else "新增任务", parent, save)
        self.source = QLineEdit(task.source_document if task else f"{dt.date.today().year}年政务公开工作要点")
        self.requirement = QPlainTextEdit(task.requirement if task else "")
        self.requirement.setFixedHeight(80)
        self.unit = QLineEdit(task.responsible_unit or "" if task else "")
        self.person = QLineEdit(task.responsible_person or "" if task else "")
        self.cadence = _combo(CADENCES, task.cadence if task else "once")
        self.due = OptionalDate("指定", task.due_on if task else dt.date.today() + dt.timedelta(days=30))
        for label, widget in (("任务来源", self.source), ("任务要求", self.requirement), ("责任单位", self.unit),
                              ("责任人", self.person), ("周期", self.cadence), ("完成时限", self.due)):
            self.form.addRow(label, widget)

    def data(self) -> dict:
        return {"source_document": self.source.text(), "requirement": self.requirement.toPlainText(),
                "responsible_unit": self.unit.text(), "responsible_person": self.person.text(),
                "cadence": self.cadence.currentData(), "due_on": self.due.value()}


class CompleteDialog(_Dialog):
    def __init__(self, task, parent=None, save=None) -> None:
        super().__init__("办结任务", parent, save)
        self.on = QDateEdit(QDate(dt.date.today()))
        self.on.setCalendarPopup(True)
        self.on.setDisplayFormat("yyyy-MM-dd")
        self.note = QPlainTextEdit()
        self.note.setFixedHeight(80)
        self.form.addRow("任务", QLineEdit(task.requirement, readOnly=True))
        self.form.addRow("完成日期", self.on)
        self.form.addRow("完成情况", self.note)

    def values(self) -> tuple[dt.date, str]:
        return _py_date(self.on.date()), self.note.toPlainText()


class ActivityDialog(_Dialog):
    """New or changed activity record; fields follow the kind (渠道 for publications, 文件 for 解读 …)."""

    def __init__(self, activity=None, parent=None, save=None) -> None:
        super().__init__("编辑活动记录" if activity else "新增活动记录", parent, save)
        a = activity
        self.kind = _combo(ACTIVITY_KINDS, a.kind if a else "publication")
        self.occurred = OptionalDate("已发生/已发布", a.occurred_on if a else dt.date.today())
        self.title = QLineEdit(a.title if a else "")
        self.title.setPlaceholderText("政策解读可不填：自动取“《文件名称》政策解读”")
        self.channel = _combo(CHANNELS, a.channel if a and a.channel else "website")
        self.quantity = QSpinBox(minimum=1, maximum=100000, value=a.quantity if a else 1)
        self.participants = QSpinBox(minimum=0, maximum=100000, value=(a.participants or 0) if a else 0)
        self.document_title = QLineEdit(a.document_title or "" if a else "")
        self.document_published = OptionalDate("指定", a.document_published_on if a else None)
        self.notes = QLineEdit(a.notes or "" if a else "")
        for label, widget in (("类型", self.kind), ("日期", self.occurred), ("标题（内容）", self.title),
                              ("发布渠道", self.channel), ("数量（条）", self.quantity),
                              ("参训人数", self.participants), ("解读的文件", self.document_title),
                              ("文件公开日期", self.document_published), ("备注", self.notes)):
            self.form.addRow(label, widget)
        self.kind.currentIndexChanged.connect(self._follow_kind)
        self._follow_kind()

    def _follow_kind(self) -> None:
        kind = self.kind.currentData()
        self.channel.setEnabled(kind in ("publication", "interpretation"))
        self.participants.setEnabled(kind == "training")
        self.document_title.setEnabled(kind == "interpretation")
        self.document_published.setEnabled(kind == "interpretation")

    def data(self) -> dict:
        kind = self.kind.currentData()
        data = {"kind": kind, "occurred_on": self.occurred.value(), "title": self.title.text(),
                "quantity": self.quantity.value(), "notes": self.notes.text()}
        if kind in ("publication", "interpretation"):
            data["channel"] = self.channel.currentData()
        if kind == "training":
            data["participants"] = self.participants.value()
        if kind == "interpretation":
            data.update(document_title=self.document_title.text(),
                        document_published_on=self.document_published.value())
        return data


class ColumnDialog(_Dialog):
    def __init__(self, column=None, parent=None, save=None) -> None:
        super().__init__("编辑网站栏目" if column else "新增网站栏目", parent, save)
        c = column
        self.name = QLineEdit(c.name if c else "")
        self.url = QLineEdit(c.url or "" if c else "")
        self.cadence = _combo({k: v for k, v in CADENCES.items() if k != "once"}, c.cadence if c else "monthly")
        self.last = OptionalDate("指定", c.last_updated_on if c else None)
        self.unit = QLineEdit(c.responsible_unit or "" if c else "")
        for label, widget in (("栏目名称", self.name), ("网址", self.url), ("更新周期", self.cadence),
                              ("最近更新", self.last), ("责任单位", self.unit)):
            self.form.addRow(label, widget)

    def data(self) -> dict:
        return {"name": self.name.text(), "url": self.url.text(), "cadence": self.cadence.currentData(),
                "last_updated_on": self.last.value(), "responsible_unit": self.unit.text()}


class CaseDialog(_Dialog):
    """A 行政复议 / 行政诉讼 case with its result (empty result = 尚未审结)."""

    def __init__(self, case=None, parent=None, save=None) -> None:
        super().__init__("编辑案件" if case else "登记复议诉讼案件", parent, save)
        c = case
        self.kind = _combo(CASE_KINDS, c.kind if c else "review")
        self.route = _combo(CASE_ROUTES, c.route if c and c.route else "direct")
        self.number = QLineEdit(c.case_number or "" if c else "")
        self.party = QLineEdit(c.party or "" if c else "")
        self.serial = QLineEdit(c.application_serial or "" if c else "")
        self.filed = QDateEdit(QDate(c.filed_on if c else dt.date.today()))
        self.filed.setCalendarPopup(True)
        self.filed.setDisplayFormat("yyyy-MM-dd")
        self.outcome = _combo(CASE_RESULTS, c.result if c else None, blank=PENDING_LABEL)
        if not (c and c.result):
            self.outcome.setCurrentIndex(0)
        self.concluded = OptionalDate("已审结", c.concluded_on if c else None)
        for label, widget in (("类型", self.kind), ("起诉方式", self.route), ("案号", self.number),
                              ("申请人/原告", self.party), ("相关申请编号", self.serial), ("收案日期", self.filed),
                              ("审理结果", self.outcome), ("审结日期", self.concluded)):
            self.form.addRow(label, widget)
        self.kind.currentIndexChanged.connect(lambda: self.route.setEnabled(self.kind.currentData() == "litigation"))
        self.route.setEnabled(self.kind.currentData() == "litigation")

    def data(self) -> dict:
        return {"kind": self.kind.currentData(),
                "route": self.route.currentData() if self.kind.currentData() == "litigation" else None,
                "case_number": self.number.text(), "party": self.party.text(),
                "application_serial": self.serial.text(), "filed_on": self.filed.date().toPython(),
                "result": self.outcome.currentData(), "concluded_on": self.concluded.value()}


class AttachmentsDialog(QDialog):
    """查看佐证材料: a task's attachments; 另存为… writes one to a file, 打开 shows it with the system viewer.

    ``load(attachment_id)`` returns (filename, bytes) — app.ledger.attachment_content in a session.
    """

    def __init__(self, task, load, parent=None) -> None:
        super().__init__(parent)
        self.setWindowTitle("查看佐证材料")
        self.setMinimumWidth(560)
        self.task, self.load = task, load
        layout = QVBoxLayout(self)
        layout.addWidget(QLabel(f"任务：{task.requirement}", wordWrap=True))
        self.table = QTableWidget(len(task.attachments), 2)
        self.table.setHorizontalHeaderLabels(["文件名", "大小"])
        self.table.setSelectionBehavior(QTableWidget.SelectionBehavior.SelectRows)
        self.table.setSelectionMode(QTableWidget.SelectionMode.SingleSelection)
        self.table.setEditTriggers(QTableWidget.EditTrigger.NoEditTriggers)
        self.table.horizontalHeader().setStretchLastSection(True)
        self.table.setColumnWidth(0, 380)
        for r, att in enumerate(task.attachments):
            self.table.setItem(r, 0, QTableWidgetItem(att.filename))
            self.table.setItem(r, 1, QTableWidgetItem(size_text(att.size)))
        if task.attachments:
            self.table.selectRow(0)
        self.table.doubleClicked.connect(lambda _i: self._guard(self.open_selected))
        layout.addWidget(self.table, 1)
        self.message = QLabel("该任务还没有佐证材料。" if not task.attachments else "")
        self.message.setWordWrap(True)
        layout.addWidget(self.message)
        buttons = QHBoxLayout()
        buttons.addStretch(1)
        self.save_button = QPushButton("另存为…")
        self.open_button = QPushButton("打开")
        close = QPushButton("关闭")
        for b in (self.save_button, self.open_button):
            b.setEnabled(bool(task.attachments))
        self.save_button.clicked.connect(lambda _=False: self._guard(self.save_selected))
        self.open_button.clicked.connect(lambda _=False: self._guard(self.open_selected))
        close.clicked.connect(self.reject)
        for b in (self.save_button, self.open_button, close):
            buttons.addWidget(b)
        layout.addLayout(buttons)

    def _guard(self, fn) -> None:
        try:
            fn()
        except UserError as exc:  # e.g. 内容与登记的校验值不符
            self.message.setText(exc.message)
            QMessageBox.warning(self, "查看佐证材料", exc.message)

    def selected(self):
        rows = self.table.selectionModel().selectedRows()
        return self.task.attachments[rows[0].row()] if rows else None

    def save_selected(self, path: str | None = None) -> Path | None:
        """Write the selected attachment to ``path`` (asked with a file dialog when None)."""
        att = self.selected()
        if att is None:
            return None
        filename, content = self.load(att.id)
        if path is None:
            path, _ = QFileDialog.getSaveFileName(self, "另存佐证材料", str(Path.home() / filename))
            if not path:
                return None
        target = Path(path)
        try:
            target.write_bytes(content)
        except OSError as exc:
            raise UserError(f"无法保存到“{target}”：{exc.strerror or exc}。") from exc
        self.message.setText(f"已保存到 {target}")
        return target

    def open_selected(self) -> Path | None:
        """Write the selected attachment to a temporary folder and open it with the system's viewer."""
        att = self.selected()
        if att is None:
            return None
        filename, content = self.load(att.id)
        folder = Path(tempfile.mkdtemp(prefix="gongkai-evidence-"))
        target = folder / Path(filename).name
        target.write_bytes(content)
        if not QDesktopServices.openUrl(QUrl.fromLocalFile(str(target))):
            self.message.setText(f"没有能打开此类文件的程序，文件已保存在 {target}")
        return target

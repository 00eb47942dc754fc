"""Editors of the 工作台账 screen: task, completion, activity, website column and case dialogs."""

from __future__ import annotations

import datetime as dt

from PySide6.QtCore import QDate
from PySide6.QtWidgets import (
    QCheckBox,
    QComboBox,
    QDateEdit,
    QDialog,
    QDialogButtonBox,
    QFormLayout,
    QHBoxLayout,
    QLineEdit,
    QPlainTextEdit,
    QSpinBox,
    QVBoxLayout,
    QWidget,
)

from app.services.ledger_cadence import CADENCES
from app.services.ledger_common import ACTIVITY_KINDS, CASE_KINDS, CASE_RESULTS, CASE_ROUTES, CHANNELS, PENDING_LABEL


class OptionalDate(QWidget):
    """A date edit with a check box: unchecked means "no date"."""

    def __init__(self, label: str, value: dt.date | None = None, parent=None) -> None:
        super().__init__(parent)
        layout = QHBoxLayout(self)
        layout.setContentsMargins(0, 0, 0, 0)
        self.check = QCheckBox(label)
        self.edit = QDateEdit(calendarPopup=True)
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
        return self.edit.date().toPython() if self.check.isChecked() else None


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
    def __init__(self, title: str, parent=None) -> None:
        super().__init__(parent)
        self.setWindowTitle(title)
        self.setMinimumWidth(520)
        outer = QVBoxLayout(self)
        self.form = QFormLayout()
        outer.addLayout(self.form)
        buttons = QDialogButtonBox(QDialogButtonBox.StandardButton.Ok | QDialogButtonBox.StandardButton.Cancel)
        buttons.button(QDialogButtonBox.StandardButton.Ok).setText("保存")
        buttons.button(QDialogButtonBox.StandardButton.Cancel).setText("取消")
        buttons.accepted.connect(self.accept)
        buttons.rejected.connect(self.reject)
        outer.addWidget(buttons)


class TaskDialog(_Dialog):
    """New or changed task; ``data()`` gives the service's input dict."""

    def __init__(self, task=None, parent=None) -> None:
        super().__init__("编辑任务" if task else "新增任务", parent)
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
    def __init__(self, task, parent=None) -> None:
        super().__init__("办结任务", parent)
        self.on = QDateEdit(QDate(dt.date.today()), calendarPopup=True)
        self.on.setDisplayFormat("yyyy-MM-dd")
        self.note = QPlainTextEdit()
        self.note.setFixedHeight(80)
        self.form.addRow("任务", QLineEdit(task.requirement, readOnly=True))
        self.form.addRow("完成日期", self.on)
        self.form.addRow("完成情况", self.note)

    def values(self) -> tuple[dt.date, str]:
        return self.on.date().toPython(), self.note.toPlainText()


class ActivityDialog(_Dialog):
    """New or changed activity record; fields follow the kind (渠道 for publications, 文件 for 解读 …)."""

    def __init__(self, activity=None, parent=None) -> None:
        super().__init__("编辑活动记录" if activity else "新增活动记录", parent)
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
    def __init__(self, column=None, parent=None) -> None:
        super().__init__("编辑网站栏目" if column else "新增网站栏目", parent)
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

    def __init__(self, case=None, parent=None) -> None:
        super().__init__("编辑案件" if case else "登记复议诉讼案件", parent)
        c = case
        self.kind = _combo(CASE_KINDS, c.kind if c else "review")
        self.route = _combo(CASE_ROUTES, c.route if c and c.route else "direct")
        self.number = QLineEdit(c.case_number or "" if c else "")
        self.party = QLineEdit(c.party or "" if c else "")
        self.serial = QLineEdit(c.application_serial or "" if c else "")
        self.filed = QDateEdit(QDate(c.filed_on if c else dt.date.today()), calendarPopup=True)
        self.filed.setDisplayFormat("yyyy-MM-dd")
        self.result = _combo(CASE_RESULTS, c.result if c else None, blank=PENDING_LABEL)
        if not (c and c.result):
            self.result.setCurrentIndex(0)
        self.concluded = OptionalDate("已审结", c.concluded_on if c else None)
        for label, widget in (("类型", self.kind), ("起诉方式", self.route), ("案号", self.number),
                              ("申请人/原告", self.party), ("相关申请编号", self.serial), ("收案日期", self.filed),
                              ("审理结果", self.result), ("审结日期", self.concluded)):
            self.form.addRow(label, widget)
        self.kind.currentIndexChanged.connect(lambda: self.route.setEnabled(self.kind.currentData() == "litigation"))
        self.route.setEnabled(self.kind.currentData() == "litigation")

    def data(self) -> dict:
        return {"kind": self.kind.currentData(),
                "route": self.route.currentData() if self.kind.currentData() == "litigation" else None,
                "case_number": self.number.text(), "party": self.party.text(),
                "application_serial": self.serial.text(), "filed_on": self.filed.date().toPython(),
                "result": self.result.currentData(), "concluded_on": self.concluded.value()}

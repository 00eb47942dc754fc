"""Workflow dialogs of the detail view: next step, send back, outside approval, 补正, 征求意见, 延期, 收费.

Each dialog does its write in `accept()` through one service call inside `ctx.session()`; a UserError is
shown and the dialog stays open with what the clerk typed.
"""

from __future__ import annotations

import datetime as dt
from typing import TYPE_CHECKING, TypeVar

from PySide6.QtWidgets import (
    QCheckBox,
    QComboBox,
    QDialog,
    QDialogButtonBox,
    QDoubleSpinBox,
    QFormLayout,
    QLineEdit,
    QPlainTextEdit,
    QSpinBox,
    QVBoxLayout,
    QWidget,
)

from app import register
from app.errors import UserError
from app.register.codes import (
    CONSULTATION_PARTIES,
    FEE_METHODS,
    STEP_LABELS,
    STEPS,
)
from ui.register.common import DateField, ScanPicker, hint

if TYPE_CHECKING:
    from ui.context import UiContext

_W = TypeVar("_W", bound=QWidget)


class ActionDialog(QDialog):
    """A small form; subclasses add inputs in build() and write in apply(session)."""

    title = ""
    intro = ""

    def __init__(self, ctx: UiContext, info: dict, parent: QWidget | None = None, *, today: dt.date | None = None) -> None:
        super().__init__(parent)
        self.ctx = ctx
        self.info = info  # the application record (register.application_record) plus "open_consultations"
        self.app_id = int(info["db_id"])
        self.today = today
        self.inputs: dict[str, QWidget] = {}
        self.setWindowTitle(f"{self.title} — {info.get('serial', '')}")
        self.setMinimumWidth(520)
        layout = QVBoxLayout(self)
        if self.intro:
            layout.addWidget(hint(self.intro))
        self.form = QFormLayout()
        layout.addLayout(self.form)
        self.build()
        buttons = QDialogButtonBox(QDialogButtonBox.StandardButton.Ok | QDialogButtonBox.StandardButton.Cancel)
        buttons.button(QDialogButtonBox.StandardButton.Ok).setText("确定")
        buttons.button(QDialogButtonBox.StandardButton.Cancel).setText("取消")
        buttons.accepted.connect(self.accept)
        buttons.rejected.connect(self.reject)
        layout.addWidget(buttons)

    # -- building -------------------------------------------------------------------------------------
    def add(self, name: str, label: str, widget: _W) -> _W:
        self.inputs[name] = widget
        self.form.addRow(label, widget)
        return widget

    def date(self, name: str, label: str) -> DateField:
        return self.add(name, label, DateField(self.today or dt.date.today()))

    def text(self, name: str, label: str, placeholder: str = "", multiline: bool = False) -> QWidget:
        widget = QPlainTextEdit() if multiline else QLineEdit()
        widget.setPlaceholderText(placeholder)
        if multiline:
            widget.setMaximumHeight(90)
        return self.add(name, label, widget)

    def value(self, name: str):
        w = self.inputs[name]
        if isinstance(w, DateField):
            return w.value()
        if isinstance(w, QPlainTextEdit):
            return w.toPlainText().strip() or None
        if isinstance(w, QLineEdit):
            return w.text().strip() or None
        if isinstance(w, QComboBox):
            return w.currentData() if w.currentData() is not None else w.currentText()
        if isinstance(w, (QSpinBox, QDoubleSpinBox)):
            return w.value()
        if isinstance(w, ScanPicker):
            return w.scan()
        if isinstance(w, QCheckBox):
            return w.isChecked()
        raise KeyError(name)

    def set(self, name: str, value) -> None:
        """Fill an input (used by tests and by defaults)."""
        w = self.inputs[name]
        if isinstance(w, DateField):
            w.set_value(value)
        elif isinstance(w, QPlainTextEdit):
            w.setPlainText(value)
        elif isinstance(w, QLineEdit):
            w.setText(value)
        elif isinstance(w, QComboBox):
            idx = w.findData(value)
            w.setCurrentIndex(idx if idx >= 0 else w.findText(value))
        elif isinstance(w, (QSpinBox, QDoubleSpinBox)):
            w.setValue(value)
        elif isinstance(w, ScanPicker):
            w.path.setText(value)
        elif isinstance(w, QCheckBox):
            w.setChecked(bool(value))

    def build(self) -> None:  # pragma: no cover - overridden
        raise NotImplementedError

    def apply(self, session) -> None:  # pragma: no cover - overridden
        raise NotImplementedError

    # -- writing --------------------------------------------------------------------------------------
    def accept(self) -> None:
        try:
            with self.ctx.session() as s:
                self.apply(s)
        except UserError as exc:
            self.ctx.show_error(exc)
            return
        self.ctx.changed("register")
        super().accept()


def next_step(status: str) -> str | None:
    i = STEPS.index(status)
    return STEPS[i + 1] if i + 1 < len(STEPS) else None


class AdvanceDialog(ActionDialog):
    title = "转入下一步"

    def build(self) -> None:
        status = self.info["status"]
        target = next_step(status)
        self.form.addRow("办理步骤", hint(f"由“{STEP_LABELS[status]}”转入“{STEP_LABELS.get(target or '', '')}”"))
        self.text("opinion", "办理意见", "本步骤的意见（记入办理过程）", multiline=True)

    def apply(self, session) -> None:
        register.advance(session, self.app_id, opinion=self.value("opinion"), today=self.today)


class SendBackDialog(ActionDialog):
    title = "退回"

    def build(self) -> None:
        status = self.info["status"]
        combo = QComboBox()
        for step in reversed(STEPS[:STEPS.index(status)]):
            combo.addItem(STEP_LABELS[step], step)
        self.add("to_step", "退回到", combo)
        self.text("reason", "退回理由", "必填：说明退回的原因", multiline=True)

    def apply(self, session) -> None:
        register.send_back(session, self.app_id, self.value("reason") or "", to_step=self.value("to_step"),
                           today=self.today)


class ApprovalDialog(ActionDialog):
    title = "录入线下审批"

    @property
    def intro(self) -> str:  # type: ignore[override]
        return (f"负责人在纸质审批单上签批后，由经办人录入。审批人应为政府信息公开工作机构负责人本人，"
                f"不能填写录入人（当前操作员：{self.ctx.operator}）。")

    def build(self) -> None:
        self.text("approver", "负责人姓名", "签批的负责人")
        self.date("approved_on", "签批日期")
        self.text("opinion", "审批意见", "如：同意", multiline=True)
        self.add("scan", "审批单扫描件", ScanPicker(self, "选择审批单扫描件"))

    def apply(self, session) -> None:
        register.record_approval(session, self.app_id, self.value("approver") or "", self.value("approved_on"),
                                 scan=self.value("scan"), opinion=self.value("opinion"), today=self.today)


def _handed_over(label: str) -> QCheckBox:
    box = QCheckBox(label)
    box.setToolTip("申请人当日收到（当面送达、当场告知）的，勾选；邮寄等以后收到的，收到后在“登记送达…”中录入")
    return box


class CorrectionNoticeDialog(ActionDialog):
    title = "告知补正"
    intro = ("申请内容不明确的，应自收到申请之日起7个工作日内一次性告知申请人补正，说明需要补正的事项和合理的补正期限"
             "（条例第三十条）。补正期限自申请人收到告知书的次日起计算。")

    def build(self) -> None:
        self.date("notified_on", "告知日期")
        self.text("content", "需要补正的事项", "一次性写明需要补正的事项", multiline=True)
        days = QSpinBox()
        days.setRange(1, 60)
        days.setValue(15)
        days.setSuffix(" 个工作日")
        self.add("period_days", "补正期限", days)
        self.add("handed_over", "送达", _handed_over("申请人于告知当日收到告知书"))

    def apply(self, session) -> None:
        notified = self.value("notified_on")
        register.record_correction_notice(session, self.app_id, notified, self.value("content") or "",
                                          self.value("period_days"),
                                          delivered_on=notified if self.value("handed_over") else None,
                                          today=self.today)


class NoticeDeliveredDialog(ActionDialog):
    title = "登记送达"
    intro = "补正期限、缴费期限自申请人收到告知书或收费通知的次日起计算；期限届满前不能按逾期办结。"

    def build(self) -> None:
        combo = QComboBox()
        if self.info.get("correction") and not self.info["correction"].get("delivered_on"):
            combo.addItem("补正告知书", "correction")
        if self.info.get("fee") and not self.info["fee"].get("delivered_on"):
            combo.addItem("收费通知", "fee")
        self.add("notice", "文书", combo)
        self.date("delivered_on", "申请人收到日期")
        if self.info.get("correction") and self.info["correction"].get("period_days") is None:
            days = QSpinBox()
            days.setRange(1, 60)
            days.setValue(15)
            days.setSuffix(" 个工作日")
            self.add("period_days", "补正期限（告知书所载）", days)

    def apply(self, session) -> None:
        notice = self.value("notice")
        if notice not in ("correction", "fee"):
            raise UserError("该申请没有尚未登记送达日期的补正告知书或收费通知。")
        period = self.value("period_days") if notice == "correction" and "period_days" in self.inputs else None
        register.record_notice_delivered(session, self.app_id, notice, self.value("delivered_on"),
                                         period_days=period, today=self.today)


class CorrectionReceivedDialog(ActionDialog):
    title = "收到补正"
    intro = "答复期限自收到补正的申请之日起重新计算（条例第三十条）。"

    def build(self) -> None:
        self.date("received_on", "收到补正日期")

    def apply(self, session) -> None:
        register.record_correction_received(session, self.app_id, self.value("received_on"), today=self.today)


class NoCorrectionDialog(ActionDialog):
    title = "逾期未补正"
    intro = ("申请人无正当理由逾期不补正的，视为放弃申请，本申请将按“逾期不补正”办结（条例第三十条）。"
             "补正期限（自申请人收到告知书次日起计算）届满前不能办结。")

    def build(self) -> None:
        self.date("closed_on", "办结日期")
        self.text("note", "说明", "可选")

    def apply(self, session) -> None:
        register.record_no_correction(session, self.app_id, self.value("closed_on"), note=self.value("note"),
                                      today=self.today)


class ConsultationStartDialog(ActionDialog):
    title = "征求意见"
    intro = ("征求第三方（条例第三十二条）或其他机关（条例第三十四条）意见所需时间不计算在答复期限内"
             "（条例第三十三条第三款）。")

    def build(self) -> None:
        combo = QComboBox()
        for code, label in CONSULTATION_PARTIES.items():
            combo.addItem(label, code)
        self.add("party", "征求对象", combo)
        self.text("party_name", "对象名称", "第三方或机关的名称")
        self.date("sent_on", "发出日期")

    def apply(self, session) -> None:
        register.start_consultation(session, self.app_id, self.value("party"), self.value("sent_on"),
                                    party_name=self.value("party_name"), today=self.today)


class ConsultationEndDialog(ActionDialog):
    title = "收到意见"

    def build(self) -> None:
        combo = QComboBox()
        for c in self.info.get("open_consultations", []):
            party = CONSULTATION_PARTIES.get(c["party"], c["party"])
            combo.addItem(f"{party}{('“' + c['party_name'] + '”') if c.get('party_name') else ''}，"
                          f"{c['sent_on'].isoformat()} 发出", c["id"])
        self.add("consultation", "征求意见", combo)
        self.date("ended_on", "收到意见日期")
        self.text("opinion", "意见摘要", "如：不同意公开其个人信息", multiline=True)

    def apply(self, session) -> None:
        cid = self.value("consultation")
        if not isinstance(cid, int):
            raise UserError("该申请没有尚未结束的征求意见。")
        register.end_consultation(session, cid, self.value("ended_on"), opinion=self.value("opinion"),
                                  today=self.today)


class ExtensionDialog(ActionDialog):
    title = "延期答复"
    intro = ("需要延长答复期限的，应当经政府信息公开工作机构负责人同意并告知申请人，延长的期限最长不得超过"
             "20个工作日（条例第三十三条第二款）。延期须在原答复期限届满前批准。")

    def build(self) -> None:
        days = QSpinBox()
        days.setRange(1, 20)
        days.setValue(20)
        days.setSuffix(" 个工作日")
        self.add("working_days", "延长", days)
        self.text("approver", "批准的负责人", "负责人姓名（不能是录入人）")
        self.date("approved_on", "批准日期")
        self.text("notice", "告知说明", "可选", multiline=True)
        self.add("scan", "审批单扫描件", ScanPicker(self, "选择审批单扫描件"))

    def apply(self, session) -> None:
        register.record_extension(session, self.app_id, self.value("approved_on"), self.value("working_days"),
                                  self.value("approver") or "", notice=self.value("notice"),
                                  scan=self.value("scan"), today=self.today)


class FeeNoticeDialog(ActionDialog):
    title = "收费通知"
    intro = "申请公开政府信息的数量、频次明显超过合理范围的，可以收取信息处理费（条例第四十二条；国办函〔2020〕109号）。"

    def build(self) -> None:
        self.date("notified_on", "通知日期")
        amount = QDoubleSpinBox()
        amount.setRange(0, 1_000_000)
        amount.setDecimals(2)
        amount.setSuffix(" 元")
        self.add("amount", "金额", amount)
        combo = QComboBox()
        for code, label in FEE_METHODS.items():
            combo.addItem(label, code)
        self.add("method", "收费方式", combo)
        self.add("handed_over", "送达", _handed_over("申请人于通知当日收到收费通知"))

    def apply(self, session) -> None:
        notified = self.value("notified_on")
        register.record_fee_notice(session, self.app_id, notified, self.value("amount"), self.value("method"),
                                   delivered_on=notified if self.value("handed_over") else None, today=self.today)


class FeePaidDialog(ActionDialog):
    title = "已缴费"

    def build(self) -> None:
        self.date("paid_on", "缴费日期")

    def apply(self, session) -> None:
        register.record_fee_paid(session, self.app_id, self.value("paid_on"), today=self.today)


class FeeUnpaidDialog(ActionDialog):
    title = "逾期未缴费"
    intro = ("申请人逾期未缴纳信息处理费的，视为放弃申请，本申请将按“逾期未缴纳信息处理费”办结。"
             "缴费期限为收到收费通知次日起20个工作日，届满前不能办结。")

    def build(self) -> None:
        self.date("closed_on", "办结日期")
        self.text("note", "说明", "可选")

    def apply(self, session) -> None:
        register.close_fee_unpaid(session, self.app_id, self.value("closed_on"), note=self.value("note"),
                                  today=self.today)

"""The detail view of one application: all fields, the timeline, the clock with the deadline engine's
step-by-step explanation, attachments, issued letters and the workflow actions."""

from __future__ import annotations

import datetime as dt
import tempfile
from pathlib import Path
from typing import TYPE_CHECKING

from PySide6.QtCore import Qt, QUrl
from PySide6.QtGui import QDesktopServices
from PySide6.QtWidgets import (
    QAbstractItemView,
    QDialog,
    QFormLayout,
    QGroupBox,
    QHBoxLayout,
    QLabel,
    QListWidget,
    QListWidgetItem,
    QMenu,
    QPushButton,
    QScrollArea,
    QSplitter,
    QTableWidget,
    QTableWidgetItem,
    QVBoxLayout,
    QWidget,
)

from app import register
from app.domain.identifiers import implied_id_type
from app.register.codes import (
    APPLICANT_KINDS,
    CHANNELS,
    CONSULTATION_PARTIES,
    FEE_METHODS,
    STEP_LABELS,
)
from ui.register import actions
from ui.register.close_dialog import CloseDialog
from ui.register.common import fmt_date, fmt_due, id_number_label
from ui.register.edit_application import EditApplicationDialog
from ui.widgets.attachments import label as attachment_label

if TYPE_CHECKING:
    from ui.context import UiContext

TIMELINE_COLUMNS = ("时间", "步骤", "事项", "经办人", "意见 / 理由", "负责人审批")


def load_detail(session, application_id: int, today: dt.date) -> dict:
    """Everything the detail view shows, read in one session."""
    from app.letters import list_letters
    from app.negative_list import cited_bases
    from app.register.clock import compute_for
    from app.register.common import get_application, load_children

    app = get_application(session, application_id)
    record = register.application_record(session, application_id)
    children = load_children(session, application_id)
    record["db_id"] = application_id
    record["open_consultations"] = [
        {"id": c.id, "party": c.party, "party_name": c.party_name, "sent_on": c.sent_on}
        for c in children.consultations if c.ended_on is None]
    attachments = register.attachments(session, application_id)
    return {
        "record": record,
        "office_name": _office_name(session, app.office_id),
        "timeline": register.timeline(session, application_id),
        "clock": compute_for(session, app, today=today, children=children),
        "children": {
            "correction": children.correction and (children.correction.notified_on, children.correction.received_on,
                                                    children.correction.period_days, children.correction.delivered_on),
            "consultations": [(c.party, c.party_name, c.sent_on, c.ended_on) for c in children.consultations],
            "extension": children.extension and (children.extension.working_days, children.extension.approver,
                                                  children.extension.approved_on),
            "fee": children.fee and (children.fee.notified_on, children.fee.amount_yuan, children.fee.method,
                                     children.fee.paid_on, children.fee.delivered_on),
        },
        "attachments": attachments,
        "letters": list_letters(session, application_id),
        "cited": cited_bases(session, application_id),
    }


def _office_name(session, office_id: int) -> str:
    from app.storage.models.core import Office

    office = session.get(Office, office_id)
    return office.name if office else ""


class DetailDialog(QDialog):
    def __init__(self, ctx: UiContext, application_id: int, parent: QWidget | None = None, *,
                 today: dt.date | None = None) -> None:
        super().__init__(parent)
        self.ctx = ctx
        self.application_id = application_id
        self.today = today
        self.resize(1320, 820)
        self.header = QLabel()
        self.header.setStyleSheet("font-size:17px;font-weight:bold;color:#1f3a5f")
        self.header.setTextInteractionFlags(Qt.TextInteractionFlag.TextSelectableByMouse)
        self.due_banner = QLabel()
        self.due_banner.setWordWrap(True)

        # left: fields, attachments, letters
        self.fields = QFormLayout()
        self.fields.setLabelAlignment(Qt.AlignmentFlag.AlignRight)
        fields_box = QGroupBox("申请信息")
        fields_box.setLayout(self.fields)
        self.attachments = QListWidget()
        self.attachments.setMaximumHeight(76)
        self.attachments.itemDoubleClicked.connect(self._open_attachment)
        att_box = QGroupBox("附件（双击打开）")
        QVBoxLayout(att_box).addWidget(self.attachments)
        self.letters = QListWidget()
        self.letters.itemDoubleClicked.connect(lambda item: self.open_letters(item.data(Qt.ItemDataRole.UserRole)))
        self.letters_button = QPushButton("出具文书…")
        self.letters_button.clicked.connect(lambda: self.open_letters())
        letters_box = QGroupBox("已出具文书")
        lb = QVBoxLayout(letters_box)
        lb.addWidget(self.letters)
        lb.addWidget(self.letters_button, 0, Qt.AlignmentFlag.AlignLeft)
        left = QWidget()
        ll = QVBoxLayout(left)
        ll.setContentsMargins(0, 0, 0, 0)
        ll.addWidget(fields_box)
        ll.addWidget(att_box)
        ll.addWidget(letters_box, 1)
        scroll = QScrollArea()
        scroll.setWidgetResizable(True)
        scroll.setWidget(left)

        # right: timeline and clock
        self.timeline = QTableWidget(0, len(TIMELINE_COLUMNS))
        self.timeline.setHorizontalHeaderLabels(TIMELINE_COLUMNS)
        self.timeline.verticalHeader().setVisible(False)
        self.timeline.setEditTriggers(QAbstractItemView.EditTrigger.NoEditTriggers)
        self.timeline.setSelectionBehavior(QAbstractItemView.SelectionBehavior.SelectRows)
        self.timeline.setWordWrap(True)
        for i, w in enumerate((128, 52, 130, 64, 200)):
            self.timeline.setColumnWidth(i, w)
        self.timeline.horizontalHeader().setStretchLastSection(True)
        tl_box = QGroupBox("办理过程")
        QVBoxLayout(tl_box).addWidget(self.timeline)
        self.clock_summary = QLabel()
        self.clock_summary.setWordWrap(True)
        self.clock_summary.setTextFormat(Qt.TextFormat.RichText)
        self.explanation = QListWidget()
        self.explanation.setWordWrap(True)
        self.explanation.setAlternatingRowColors(True)
        clock_box = QGroupBox("答复期限计算")
        cl = QVBoxLayout(clock_box)
        cl.addWidget(self.clock_summary)
        cl.addWidget(self.explanation, 1)
        right = QSplitter(Qt.Orientation.Vertical)
        right.addWidget(tl_box)
        right.addWidget(clock_box)
        right.setSizes([380, 320])

        body = QSplitter()
        body.addWidget(scroll)
        body.addWidget(right)
        body.setSizes([520, 800])

        # actions
        self.buttons: dict[str, QPushButton] = {}
        action_row = QHBoxLayout()
        self._button(action_row, "advance", "转入下一步…", lambda: self.run(actions.AdvanceDialog))
        self._button(action_row, "send_back", "退回…", lambda: self.run(actions.SendBackDialog))
        self._button(action_row, "approval", "录入线下审批…", lambda: self.run(actions.ApprovalDialog))
        self._menu_button(action_row, "correction", "补正", [
            ("告知补正…", actions.CorrectionNoticeDialog), ("登记送达…", actions.NoticeDeliveredDialog),
            ("收到补正…", actions.CorrectionReceivedDialog), ("逾期未补正（办结）…", actions.NoCorrectionDialog)])
        self._menu_button(action_row, "consultation", "征求意见", [
            ("发出征求意见…", actions.ConsultationStartDialog), ("收到意见…", actions.ConsultationEndDialog)])
        self._button(action_row, "extension", "延期答复…", lambda: self.run(actions.ExtensionDialog))
        self._menu_button(action_row, "fee", "信息处理费", [
            ("收费通知…", actions.FeeNoticeDialog), ("登记送达…", actions.NoticeDeliveredDialog),
            ("已缴费…", actions.FeePaidDialog), ("逾期未缴费（办结）…", actions.FeeUnpaidDialog)])
        self._button(action_row, "close", "办结…", lambda: self.run(CloseDialog))
        self._button(action_row, "edit", "修改登记信息…", lambda: self.run(EditApplicationDialog))
        self.buttons["close"].setStyleSheet("font-weight:bold")
        action_row.addStretch(1)
        close_button = QPushButton("关闭")
        close_button.clicked.connect(self.accept)
        action_row.addWidget(close_button)

        layout = QVBoxLayout(self)
        layout.addWidget(self.header)
        layout.addWidget(self.due_banner)
        layout.addWidget(body, 1)
        layout.addLayout(action_row)
        self.reload()
        self._record_view()

    def _record_view(self) -> None:
        """Opening the record shows the applicant's personal data unmasked: the audit trail keeps who saw
        it (issue 11). Lists and exports show it masked."""
        a = self.info.get("applicant") or {}
        if not any(a.get(k) for k in ("id_number", "phone", "address", "email", "contact_person")):
            return
        from app.core.security import record_unmasked_view
        from app.errors import UserError

        try:
            with self.ctx.session() as s:
                record_unmasked_view(s, "application", self.application_id)
        except UserError as exc:  # the database is busy: the dialog still opens; the log keeps the miss
            import logging

            logging.getLogger(__name__).warning("unmasked view of application %s not audited: %s",
                                                self.application_id, exc)

    def _button(self, row: QHBoxLayout, key: str, text: str, slot) -> QPushButton:
        b = QPushButton(text)
        b.clicked.connect(slot)
        row.addWidget(b)
        self.buttons[key] = b
        return b

    def _menu_button(self, row: QHBoxLayout, key: str, text: str, entries) -> None:
        b = self._button(row, key, text, lambda: None)
        menu = QMenu(b)
        for label, cls in entries:
            menu.addAction(label, lambda c=cls: self.run(c))  # type: ignore[misc]  # the default binds the loop's class
        b.setMenu(menu)

    # -- loading ------------------------------------------------------------------------------------
    def reload(self) -> None:
        today = self.today or dt.date.today()
        with self.ctx.read_session() as s:
            self.data = load_detail(s, self.application_id, today)
        rec = self.data["record"]
        self.info = rec
        self.setWindowTitle(f"申请办理 — {rec['serial']}")
        status = STEP_LABELS.get(rec["status"], rec["status"])
        state = f"已办结：{rec['outcome_label']}" if rec.get("outcome") else f"办理中：{status}"
        self.header.setText(f"{rec['serial']}　{rec['applicant']['name']}　【{state}】")
        self._fill_fields(rec)
        self._fill_timeline()
        self._fill_clock()
        self._fill_lists()
        self._update_buttons()

    def _row(self, label: str, value) -> None:
        if value in (None, ""):
            return
        v = QLabel(str(value))
        v.setWordWrap(True)
        v.setTextInteractionFlags(Qt.TextInteractionFlag.TextSelectableByMouse)
        self.fields.addRow(label, v)

    def _fill_fields(self, rec: dict) -> None:
        while self.fields.rowCount():
            self.fields.removeRow(0)
        a = rec["applicant"]
        person = a["kind"] == "natural_person"
        self._row("申请编号", rec["serial"])
        self._row("办理机关", self.data["office_name"])
        self._row("收到申请日期", rec["received_on"])
        self._row("申请渠道", CHANNELS.get(rec["channel"], rec["channel"]))
        self._row("收到日期说明", rec.get("receipt_note"))
        self._row("申请人类型", APPLICANT_KINDS.get(a["kind"], a["kind"]) if a["kind"] != "other_org" else "其他组织")
        self._row("姓名" if person else "名称", a.get("name"))
        # The number under its document's name (证件类型, or as the number's shape says when none was given).
        id_type = a.get("id_type") or implied_id_type(a.get("id_number"), organisation=not person)
        self._row(id_number_label(id_type), a.get("id_number"))
        self._row("联系人", a.get("contact_person"))
        self._row("联系电话", a.get("phone"))
        self._row("通讯地址", a.get("address"))
        self._row("电子邮箱", a.get("email"))
        self._row("申请内容", rec.get("content"))
        self._row("提供形式", rec.get("requested_form"))
        self._row("备注", rec.get("notes"))
        self._row("办理步骤", STEP_LABELS.get(rec["status"], rec["status"]))
        self._row("办理结果", rec.get("outcome_label"))
        self._row("答复日期", rec.get("replied_on"))
        self._row("法律依据", rec.get("legal_basis"))
        self._row("不予公开的部分", rec.get("withheld"))
        self._row("办结说明", rec.get("outcome_note"))
        cited = self.data["cited"]
        if cited:
            self._row("引用负面清单", "\n".join(f"{c.item}（{c.citation}）" for c in cited))

    def _fill_timeline(self) -> None:
        entries = self.data["timeline"]
        self.timeline.setRowCount(len(entries))
        for r, e in enumerate(entries):
            local = e.at.replace(tzinfo=dt.timezone.utc).astimezone()
            action = e.action_label + (f" → {STEP_LABELS.get(e.to_step, e.to_step)}" if e.to_step else "")
            words = "；".join(x for x in (e.opinion, f"退回理由：{e.reason}" if e.reason else None) if x)
            approval = ""
            if e.approver_name:
                approval = f"{e.approver_name}　{fmt_date(e.approved_on)}" + ("　附扫描件" if e.attachment_id else "")
            cells = (local.strftime("%Y-%m-%d %H:%M"), e.step_label, action, e.actor, words, approval)
            for c, text in enumerate(cells):
                item = QTableWidgetItem(text)
                item.setToolTip(text)
                if e.action == "send_back":
                    item.setForeground(Qt.GlobalColor.darkRed)
                self.timeline.setItem(r, c, item)
        self.timeline.resizeRowsToContents()

    def _fill_clock(self) -> None:
        res = self.data["clock"]
        ch = self.data["children"]
        rec = self.data["record"]
        lines = []
        if res.reply_due:
            left = ""
            if res.days_left is not None and not rec.get("outcome"):
                left = f"（剩余{res.days_left}个工作日）" if res.days_left >= 0 else f"（已逾期{-res.days_left}个工作日）"
            lines.append(f"<b>答复期限：{fmt_due(res.reply_due, res.provisional)}</b>{left}")
        elif res.waiting_for == "correction":
            lines.append("<b>答复期限：待收到补正后重新计算</b>")
        elif res.waiting_for == "payment":
            lines.append(f"<b>答复期限：待缴费后计算</b>（缴费期限 {fmt_date(res.payment_due)}）")
        lines.append(f"补正告知期限：{fmt_due(res.correction_notice_due, res.provisional)}")
        if ch["correction"]:
            notified, received, period, delivered = ch["correction"]
            lines.append(f"补正：{fmt_date(notified)} 告知"
                         + (f"，补正期限{period}个工作日" if period else "，未登记补正期限")
                         + (f"，{fmt_date(delivered)} 送达" if delivered else "，未登记送达日期") + "，"
                         + (f"{fmt_date(received)} 收到补正" if received else "尚未补正"))
        for party, name, sent, ended in ch["consultations"]:
            lines.append(f"征求{CONSULTATION_PARTIES.get(party, party)}意见{('（' + name + '）') if name else ''}："
                         f"{fmt_date(sent)} 发出，" + (f"{fmt_date(ended)} 收到意见" if ended else "尚未收到意见")
                         + "（期间不计入答复期限）")
        if ch["extension"]:
            days, approver, approved = ch["extension"]
            lines.append(f"延期：{days}个工作日，{approver or ''} {fmt_date(approved)} 批准"
                         + (f"，延期后期限 {fmt_date(res.extension_due)}" if res.extension_due else ""))
        if ch["fee"]:
            notified, amount, method, paid, delivered = ch["fee"]
            lines.append(f"信息处理费：{FEE_METHODS.get(method, method or '')} {amount}元，{fmt_date(notified)} 通知，"
                         + (f"{fmt_date(delivered)} 送达，" if delivered else "未登记送达日期，")
                         + (f"{fmt_date(paid)} 缴纳" if paid else "尚未缴纳"))
        if res.provisional:
            lines.append("<span style='color:#b54708'>暂定：期限涉及尚无官方节假日安排的年份，"
                         "公布后请在“设置—工作日历”中更新并重算。</span>")
        self.clock_summary.setText("<br>".join(lines))
        self.explanation.clear()
        for i, line in enumerate(res.explanation, start=1):
            self.explanation.addItem(QListWidgetItem(f"{i}. {line}"))
        self._set_due_banner(res, rec)

    def _set_due_banner(self, res, rec) -> None:
        if rec.get("outcome") or res.days_left is None:
            self.due_banner.setVisible(False)
            return
        if res.days_left < 0:
            text, style = f"已超过答复期限 {-res.days_left} 个工作日", "background:#fde2e1;color:#b42318"
        elif res.days_left == 0:
            text, style = "今日到期", "background:#ffe8cc;color:#b54708"
        elif res.days_left <= 3:
            text, style = f"{res.days_left} 个工作日内到期", "background:#fff6d5;color:#93370d"
        else:
            self.due_banner.setVisible(False)
            return
        self.due_banner.setText(text)
        self.due_banner.setStyleSheet(style + ";padding:4px;border-radius:4px")
        self.due_banner.setVisible(True)

    def _fill_lists(self) -> None:
        from app.letters.kinds import KIND_LABELS

        self.attachments.clear()
        for a in self.data["attachments"]:
            item = QListWidgetItem(attachment_label(a))
            item.setData(Qt.ItemDataRole.UserRole, a.id)
            item.setToolTip(f"SHA-256：{a.sha256}")
            self.attachments.addItem(item)
        if not self.data["attachments"]:
            self.attachments.addItem("（无）")
        self.letters.clear()
        for info in self.data["letters"]:
            item = QListWidgetItem(f"{KIND_LABELS.get(info.kind, info.kind)}　{info.doc_number or ''}　"
                                   f"{fmt_date(info.letter_date)}　第{info.version}版　{info.issued_by}")
            item.setData(Qt.ItemDataRole.UserRole, info.kind)
            self.letters.addItem(item)
        if not self.data["letters"]:
            self.letters.addItem("（尚未出具文书）")

    def _update_buttons(self) -> None:
        rec = self.data["record"]
        is_open = not rec.get("outcome")
        status = rec["status"]
        nxt = actions.next_step(status)
        advance = self.buttons["advance"]
        advance.setText(f"转入“{STEP_LABELS[nxt]}”…" if nxt else "已归档")
        # Archiving needs the outcome; an open application moves on up to 答复 and is then closed (办结).
        advance.setEnabled(nxt is not None and (is_open != (nxt == "archive")))
        advance.setToolTip("请先办结（登记办理结果）后再归档" if is_open and nxt == "archive" else "")
        for key in ("send_back", "approval", "correction", "consultation", "extension", "fee", "close", "edit"):
            self.buttons[key].setEnabled(is_open)
        self.buttons["send_back"].setEnabled(is_open and status != "accept")

    # -- actions ------------------------------------------------------------------------------------
    def run(self, dialog_cls) -> bool:
        dialog = dialog_cls(self.ctx, self.info, self, today=self.today)
        ok = dialog.exec() == QDialog.DialogCode.Accepted
        if ok:
            self.reload()
        return ok

    def open_letters(self, kind: str | None = None) -> None:
        from ui.letters.dialog import LettersDialog

        dialog = LettersDialog(self.ctx, self.application_id, self, **({"kind": kind} if kind else {}))
        dialog.finished.connect(lambda _r: self.reload())
        dialog.open()

    def _open_attachment(self, item: QListWidgetItem) -> None:
        from app.errors import UserError

        att_id = item.data(Qt.ItemDataRole.UserRole)
        if att_id is None:
            return
        name = next((a.filename for a in self.data["attachments"] if a.id == att_id), "附件")
        try:
            with self.ctx.read_session() as s:
                content = register.attachment_bytes(s, att_id)
        except UserError as exc:
            self.ctx.show_error(exc)
            return
        target = Path(tempfile.mkdtemp(prefix="gongkai-")) / Path(name).name
        target.write_bytes(content)
        QDesktopServices.openUrl(QUrl.fromLocalFile(str(target)))

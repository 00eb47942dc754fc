"""`request lint`: every stored application, entered or imported, that breaks a rule of the clock or of the
decision (docs/spec/application-records.md section "Lint"). Imports accept history as it is; this names it.

Set-based: the applications of the selection and their clock records are read with one query per table; the
engine runs only for applications with an extension (their unextended due date is not stored).
"""

from __future__ import annotations

import datetime as dt
import re
from collections import defaultdict
from dataclasses import dataclass

from sqlalchemy import ColumnElement, select
from sqlalchemy.orm import Session

from app.domain import receipt
from app.register.codes import OUTCOMES, REFUSALS
from app.register.periods import FEE_PAYMENT_DAYS
from app.storage.models.core import Office
from app.storage.models.register import Application, Consultation, Correction, Extension, FeeNotice

# Rule code -> what it checks (the Chinese title shown with each finding's message).
LINT_RULES = {
    "correction_notice_late": "补正告知晚于收到申请后7个工作日（条例第三十条）",
    "closed_no_correction_without_notice": "按逾期不补正办结，但没有未补正的补正告知",
    "closed_before_correction_period": "补正期限届满前按逾期不补正办结（条例第三十条）",
    "correction_period_unrecorded": "按逾期不补正办结，但补正期限或送达日期未登记，无法核对",
    "closed_fee_unpaid_without_notice": "按逾期未缴费办结，但没有未缴费的收费通知",
    "closed_before_payment_period": "缴费期限届满前按逾期未缴费办结",
    "payment_delivery_unrecorded": "按逾期未缴费办结，但收费通知的送达日期未登记，无法核对",
    "extension_after_due": "延期晚于原答复期限批准（条例第三十三条第二款）",
    "reply_late": "答复晚于答复期限（逾期答复）",
    "refusal_without_basis": "不予公开或部分公开未写明法律依据（条例第三十六条第三项、第三十七条）",
    "partial_without_withheld": "部分公开未写明不予公开的部分（条例第三十七条）",
    "receipt_note_missing": "平常信函、互联网、传真、电子邮件等渠道的申请未写明收到日期说明（条例第三十一条）",
}

# Channels whose receipt date rests on a confirmation or the day it actually arrived (app/domain/receipt.py).
_NOTE_CHANNELS = frozenset(c for c in ("letter", "online", "fax", "email", "other")
                           if receipt.rule_for(c).date_field in (receipt.CONFIRMED, receipt.RECEIVED))

_ARTICLE = re.compile(r"第[〇零一二三四五六七八九十百千0-9]+条")


@dataclass
class LintFinding:
    serial: str
    rule: str
    message: str
    application_id: int
    office: str  # org code of the office that handled it

    def to_dict(self) -> dict:
        return {"serial": self.serial, "rule": self.rule, "message": self.message, "office": self.office}


def _fmt(day: dt.date) -> str:
    return f"{day.year}年{day.month}月{day.day}日"


def lint_records(session: Session, *, year: int | None = None, office_id: int | None = None,
         calendar=None) -> list[LintFinding]:
    """The findings for applications received in ``year`` (every year when None), of one office or all held,
    in the order of office and serial."""
    from app.calendar import load_calendar
    from app.domain.deadlines import late_working_days, period_end

    table = Application.__table__
    cond: list[ColumnElement[bool]] = []
    if year is not None:
        cond.append(table.c.received_on.between(dt.date(year, 1, 1), dt.date(year, 12, 31)))
    if office_id is not None:
        cond.append(table.c.office_id == office_id)
    apps = session.execute(
        select(table.c.id, table.c.serial, table.c.office_id, table.c.received_on, table.c.outcome,
               table.c.replied_on, table.c.reply_due, table.c.correction_notice_due, table.c.legal_basis,
               table.c.withheld_parts, table.c.channel, table.c.receipt_note).where(*cond).order_by(table.c.office_id, table.c.serial, table.c.id)
    ).all()
    if not apps:
        return []
    ids = select(table.c.id).where(*cond).scalar_subquery()
    corr = {r.application_id: r for r in session.execute(
        select(Correction.__table__).where(Correction.application_id.in_(ids))).all()}
    fee = {r.application_id: r for r in session.execute(
        select(FeeNotice.__table__).where(FeeNotice.application_id.in_(ids))).all()}
    ext = {r.application_id: r for r in session.execute(
        select(Extension.__table__).where(Extension.application_id.in_(ids))).all()}
    cons: dict[int, list] = defaultdict(list)
    for r in session.execute(select(Consultation.__table__).where(Consultation.application_id.in_(ids))
                             .order_by(Consultation.sent_on, Consultation.id)).all():
        cons[r.application_id].append(r)
    codes = dict(session.execute(select(Office.id, Office.org_code)).all())
    calendar = calendar or load_calendar(session)

    out: list[LintFinding] = []
    for a in apps:
        def add(rule: str, message: str, a=a) -> None:
            out.append(LintFinding(a.serial, rule, message, a.id, codes.get(a.office_id, "")))

        c, f, e = corr.get(a.id), fee.get(a.id), ext.get(a.id)
        if a.channel in _NOTE_CHANNELS and not (a.receipt_note or "").strip():
            # The registration form asks for it (validation, strict); an import accepts the record and lint
            # names it: the receipt date of these channels rests on a confirmation the register must show.
            rule = receipt.rule_for(a.channel)
            add("receipt_note_missing",
                f"{rule.label}申请的收到日期按{rule.basis.removeprefix('条例')}以{rule.date_label}为准，但未写明收到日期说明（如确认的时间和方式）")
        if c is not None and a.correction_notice_due is not None and c.notified_on > a.correction_notice_due:
            late = late_working_days(calendar, a.correction_notice_due, c.notified_on)
            add("correction_notice_late",
                f"补正告知于{_fmt(c.notified_on)}发出，晚于告知期限{_fmt(a.correction_notice_due)}"
                f"（{late}个工作日）；补正应自收到申请之日起7个工作日内一次性告知（条例第三十条）。")
        if a.outcome == "closed_no_correction":
            if c is None or c.received_on is not None:
                add("closed_no_correction_without_notice",
                    "按“逾期不补正”办结，但" + ("没有补正告知记录。" if c is None
                                               else f"已于{_fmt(c.received_on)}收到补正。"))
            elif c.period_days is None:
                add("correction_period_unrecorded",
                    "按“逾期不补正”办结，但未登记告知书给出的补正期限，无法核对办结时补正期限是否已届满。")
            else:
                # Without the day of delivery, the notice day is the earliest the period could have started.
                start = c.delivered_on or c.notified_on
                end = period_end(calendar, start, c.period_days)
                if a.replied_on is not None and a.replied_on <= end:
                    add("closed_before_correction_period",
                        f"于{_fmt(a.replied_on)}按“逾期不补正”办结，但补正期限（{c.period_days}个工作日，"
                        f"{'申请人' + _fmt(start) + '收到告知书' if c.delivered_on else _fmt(start) + '发出告知书'}）"
                        f"至{_fmt(end)}才届满。")
                elif c.delivered_on is None:
                    add("correction_period_unrecorded",
                        "按“逾期不补正”办结，但未登记申请人收到补正告知书的日期，无法核对办结时补正期限是否已届满。")
        if a.outcome == "closed_fee_unpaid":
            if f is None or f.paid_on is not None:
                add("closed_fee_unpaid_without_notice",
                    "按“逾期未缴纳信息处理费”办结，但" + ("没有收费通知记录。" if f is None
                                                      else f"已于{_fmt(f.paid_on)}缴费。"))
            else:
                start = f.delivered_on or f.notified_on
                end = period_end(calendar, start, FEE_PAYMENT_DAYS)
                if a.replied_on is not None and a.replied_on <= end:
                    add("closed_before_payment_period",
                        f"于{_fmt(a.replied_on)}按“逾期未缴纳信息处理费”办结，但缴费期限（收到收费通知次日起"
                        f"{FEE_PAYMENT_DAYS}个工作日，自{_fmt(start)}起算）至{_fmt(end)}才届满。")
                elif f.delivered_on is None:
                    add("payment_delivery_unrecorded",
                        "按“逾期未缴纳信息处理费”办结，但未登记申请人收到收费通知的日期，无法核对办结时缴费期限是否已届满。")
        if e is not None:
            base_due = _unextended_due(a, c, f, cons.get(a.id, []), calendar)
            if base_due is not None and e.approved_on > base_due:
                add("extension_after_due",
                    f"延期于{_fmt(e.approved_on)}批准，晚于原答复期限{_fmt(base_due)}；延期应在答复期限届满前"
                    "经负责人同意并告知申请人（条例第三十三条第二款）。")
        if a.outcome is not None and a.replied_on is not None and a.reply_due is not None \
                and a.replied_on > a.reply_due:
            late = late_working_days(calendar, a.reply_due, a.replied_on)
            add("reply_late", f"于{_fmt(a.replied_on)}答复，晚于答复期限{_fmt(a.reply_due)}，逾期{late}个工作日。")
        if a.outcome in REFUSALS and not (a.legal_basis and _ARTICLE.search(a.legal_basis)):
            add("refusal_without_basis",
                f"办理结果为“{OUTCOMES[a.outcome]}”，未写明不予公开的法律依据（具体到条）；不予公开应说明理由"
                "（条例第三十六条第三项、第三十七条）。")
        if a.outcome == "partial" and not (a.withheld_parts or "").strip():
            add("partial_without_withheld", "部分公开未写明不予公开的部分及理由（条例第三十七条）。")
    return out


def _unextended_due(a, c, f, consultations: list, calendar) -> dt.date | None:
    """The reply due date without the extension (not stored: the stored one is extended)."""
    from app.domain.deadlines import ClockInput, Pause, compute

    pauses = [Pause(r.party, r.sent_on, r.ended_on) for r in consultations]
    if f is not None:
        pauses.append(Pause("fee", f.notified_on, f.paid_on))
    clock = ClockInput(received_on=a.received_on,
                       correction_notified_on=c.notified_on if c is not None else None,
                       correction_received_on=c.received_on if c is not None else None,
                       pauses=pauses)
    return compute(clock, calendar, explain=False).base_due

"""The periods an application's steps must respect, checked where the step is decided (docs/spec/working-days.md 4.5).

- Closing as 逾期不补正 (art. 30) only after the 补正 period the notice gave has ended; closing as 逾期未缴费
  only after the 20 working days to pay have ended. Both periods run from the day after the applicant
  received the notice, which the clerk records.
- An extension (art. 33 para 2) is approved on or before the unextended due date.
- A reply after its due date is a late reply (逾期答复): the working days late are a 考核 figure.
"""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass

from sqlalchemy import select
from sqlalchemy.orm import Session

from app.errors import ConflictError
from app.storage.models.register import Application, Correction, FeeNotice

FEE_PAYMENT_DAYS = 20  # docs/spec/working-days.md section 4 (payment of the fee)


def _fmt(day: dt.date) -> str:
    return f"{day.year}年{day.month}月{day.day}日"


def correction_period_end(calendar, corr: Correction) -> dt.date | None:
    """Last day of the 补正 period, or None while the period or the day of delivery is not recorded."""
    from app.domain.deadlines import period_end

    if corr.period_days is None or corr.delivered_on is None:
        return None
    return period_end(calendar, corr.delivered_on, corr.period_days)


def payment_period_end(calendar, fee: FeeNotice) -> dt.date | None:
    """Last day to pay the fee, or None while the day the applicant received the notice is not recorded."""
    from app.domain.deadlines import period_end

    if fee.delivered_on is None:
        return None
    return period_end(calendar, fee.delivered_on, FEE_PAYMENT_DAYS)


def check_correction_closing(calendar, serial: str, corr: Correction, closed_on: dt.date) -> None:
    """Refuse closing as 逾期不补正 before the 补正 period given in the notice has ended (条例 art. 30)."""
    if corr.period_days is None:
        raise ConflictError(
            f"申请 {serial} 的补正告知未登记补正期限，无法确认申请人已逾期，不能按“逾期不补正”办结；"
            "请先登记告知书中给出的补正期限（条例第三十条）。")
    if corr.delivered_on is None:
        raise ConflictError(
            f"申请 {serial} 未登记申请人收到补正告知书的日期，补正期限自其次日起计算，不能按“逾期不补正”办结；"
            "请先登记送达日期。")
    end = correction_period_end(calendar, corr)
    assert end is not None  # both parts checked above
    if closed_on <= end:
        raise ConflictError(
            f"补正期限为申请人收到告知书（{_fmt(corr.delivered_on)}）次日起{corr.period_days}个工作日，"
            f"至{_fmt(end)}届满；{_fmt(closed_on)}尚未逾期，不能按“逾期不补正”办结（条例第三十条）。")


def check_fee_closing(calendar, serial: str, fee: FeeNotice, closed_on: dt.date) -> None:
    """Refuse closing as 逾期未缴费 before the 20 working days to pay have ended."""
    if fee.delivered_on is None:
        raise ConflictError(
            f"申请 {serial} 未登记申请人收到收费通知的日期，缴费期限自其次日起计算，不能按“逾期未缴纳信息处理费”办结；"
            "请先登记送达日期。")
    end = payment_period_end(calendar, fee)
    assert end is not None
    if closed_on <= end:
        raise ConflictError(
            f"缴费期限为申请人收到收费通知（{_fmt(fee.delivered_on)}）次日起{FEE_PAYMENT_DAYS}个工作日，"
            f"至{_fmt(end)}届满；{_fmt(closed_on)}尚未逾期，不能按“逾期未缴纳信息处理费”办结。")


def check_extension_in_time(serial: str, result, approved_on: dt.date) -> None:
    """Refuse an extension approved after the unextended due date (条例 art. 33 para 2); ``result`` is the
    engine's DeadlineResult before the extension."""
    if result.waiting_for == "correction":
        raise ConflictError(f"申请 {serial} 正在等待补正，答复期限尚未起算，不能延期。")
    if result.waiting_for == "payment":
        raise ConflictError(f"申请 {serial} 正在等待缴费，答复期限暂停，不能延期。")
    if result.base_due is not None and approved_on > result.base_due:
        raise ConflictError(
            f"延期应在答复期限届满前经负责人同意并告知申请人（条例第三十三条第二款）；原答复期限为"
            f"{_fmt(result.base_due)}，{_fmt(approved_on)}批准的延期已晚于该期限，不能登记。")


@dataclass
class LateReply:
    """A reply issued after its due date (逾期答复)."""

    application_id: int
    serial: str
    office_id: int
    received_on: dt.date
    reply_due: dt.date
    replied_on: dt.date
    late_days: int  # working days after the due date


def late_replies(session: Session, year: int, *, office_id: int | None = None, calendar=None) -> list[LateReply]:
    """The replies issued in ``year`` after their due date, with the working days late, oldest reply first.

    The due date is the one stored when the application was closed (docs/spec/working-days.md section 5);
    applications closed while waiting for a 补正 or a payment have none and are never late."""
    from app.calendar import load_calendar
    from app.domain.deadlines import late_working_days

    stmt = select(Application.id, Application.serial, Application.office_id, Application.received_on,
                  Application.reply_due, Application.replied_on).where(
        Application.outcome.is_not(None),
        Application.replied_on.between(dt.date(year, 1, 1), dt.date(year, 12, 31)),
        Application.reply_due.is_not(None),
        Application.replied_on > Application.reply_due,
    )
    if office_id is not None:
        stmt = stmt.where(Application.office_id == office_id)
    rows = session.execute(stmt.order_by(Application.replied_on, Application.id)).all()
    if not rows:
        return []
    calendar = calendar or load_calendar(session)
    out = []
    for i, serial, office, received, due, replied in rows:
        assert due is not None and replied is not None  # selected above
        out.append(LateReply(i, serial, office, received, due, replied, late_working_days(calendar, due, replied)))
    return out

"""The statutory deadline engine: 补正 notice, reply, pauses and extension (条例 art. 30–34).

Rules (docs/spec/working-days.md):
- "N working days from D" is the N-th working day strictly after D; D never counts.
- 补正 notice due: 7 working days from the receipt date (art. 30).
- Reply due: 20 working days from the receipt date (art. 33 para 2), or from the receipt of the
  corrected application after a 补正 (art. 30); while the correction is awaited there is no due date.
- Pauses (art. 33 para 3 with art. 32 and 34; the fee notice where the office applies it): a working day
  W does not count while sent_on <= W <= ended_on. An open third-party consultation ends at the third
  party's 15th working day (art. 32), an open agency consultation likewise (art. 34, silence = consent);
  an open fee notice stops the clock until payment (20 working days to pay, docs/spec/legal-sources.md section 2).
- Extension (art. 33 para 2): at most 20 working days, counted strictly after the unextended due date.
- The periods the office gives itself (the 补正 period of art. 30, the 20 working days to pay a fee) run from
  the day after the applicant received the notice (docs/spec/working-days.md section 4.5).
- A replied application is judged against its due date, never against today: late by the working days after
  the due date up to the reply (逾期答复, a 考核 figure).

Where a period does not count its first day, the basis is 民法典 art. 201 applied by analogy (the 条例 says
nothing on counting); art. 31 only fixes which day is the day of receipt.
"""

from __future__ import annotations

from collections.abc import Callable, Mapping
from dataclasses import dataclass, field
from datetime import date, timedelta
from typing import Any

from app.domain.dates import parse_date
from app.domain.workdays import (
    MAKEUP,
    OVERRIDE_WORKDAY,
    WorkCalendar,
    format_date,
    format_date_weekday,
)
from app.errors import ValidationError

CORRECTION_NOTICE_DAYS = 7  # 条例 art. 30
REPLY_DAYS = 20  # 条例 art. 33 para 2
MAX_EXTENSION_DAYS = 20  # 条例 art. 33 para 2
CONSULTATION_DAYS = 15  # 条例 art. 32 (third party) and art. 34 (other agency)
FEE_PAYMENT_DAYS = 20  # provincial rules implementing 国办函〔2020〕109号 (docs/spec/legal-sources.md section 2)

# The 条例 does not say how its periods are counted; the general rule of 民法典 art. 201 is applied by
# analogy (docs/spec/working-days.md section 2).
START_DAY_BASIS = "参照民法典第二百零一条"

PAUSE_KINDS = ("third_party", "agency", "fee")
PAUSE_LABELS = {"third_party": "征求第三方意见", "agency": "征求其他机关意见", "fee": "收费通知至缴费"}
_PAUSE_BASIS = {"third_party": "条例第三十二条、第三十三条第三款", "agency": "条例第三十四条、第三十三条第三款"}


@dataclass
class Pause:
    """A period in which the reply clock stops: a consultation or a fee notice."""

    kind: str  # "third_party" | "agency" | "fee"
    sent_on: date
    ended_on: date | None = None  # opinion / payment received; None while open


@dataclass
class ClockInput:
    """Everything the deadlines of one application depend on."""

    received_on: date
    correction_notified_on: date | None = None
    correction_received_on: date | None = None
    pauses: list[Pause] = field(default_factory=list)
    extension_days: int | None = None
    extension_approved_on: date | None = None
    replied_on: date | None = None  # the reply (or closing notice) was issued: no days are counted to today
    fee_delivered_on: date | None = None  # the applicant received the fee notice: the days to pay run from the next day


@dataclass
class DeadlineResult:
    """The computed deadlines with a step-by-step Chinese explanation."""

    correction_notice_due: date
    reply_due: date | None  # None: waiting for the corrected application or for payment
    base_due: date | None  # the unextended reply due date
    extension_due: date | None
    pause_ends: list[date]  # the effective end of each pause, in the order given
    provisional: bool  # depends on a year without official holiday data
    explanation: list[str]
    waiting_for: str | None = None  # "correction" | "payment" | None
    payment_due: date | None = None  # last day to pay an open fee notice
    days_left: int | None = None  # working days from ``today`` to reply_due (negative: overdue); None once replied
    late_days: int | None = None  # replied: working days after reply_due (0 = in time); None while open

    def to_dict(self) -> dict[str, object]:
        """JSON-ready form (docs/spec/working-days.md section 5: reply_due, correction_notice_due, provisional, explanation)."""

        def iso(d: date | None) -> str | None:
            return d.isoformat() if d else None

        return {
            "reply_due": iso(self.reply_due),
            "correction_notice_due": iso(self.correction_notice_due),
            "provisional": self.provisional,
            "explanation": list(self.explanation),
            "base_due": iso(self.base_due),
            "extension_due": iso(self.extension_due),
            "pause_ends": [d.isoformat() for d in self.pause_ends],
            "waiting_for": self.waiting_for,
            "payment_due": iso(self.payment_due),
            "days_left": self.days_left,
            "late_days": self.late_days,
        }


def _span_notes(calendar: WorkCalendar, after: date, last: date) -> list[str]:
    """Sentences about holidays skipped and make-up days counted in after < d <= last."""
    notes: list[str] = []
    first = after + timedelta(days=1)
    if last < first:
        return notes
    for run_start, run_end, names in calendar.non_working_runs(first, last):
        span = format_date(run_start) if run_start == run_end else f"{format_date(run_start)}至{format_date(run_end)}"
        notes.append(f"跳过{names}假期（{span}），不计入工作日。")
    for d in calendar.weekend_working_days(first, last):
        notes.append(f"{format_date_weekday(d)}为调休上班日，计入工作日。")
    for d in calendar.unnamed_days_off(first, last):
        notes.append(f"{format_date_weekday(d)}按本地日历设定放假，不计入工作日。")
    return notes


def _day_note(calendar: WorkCalendar, d: date) -> str:
    info = calendar.day_info(d)
    if info.kind == MAKEUP or (info.kind == OVERRIDE_WORKDAY and d.weekday() >= 5):
        return f"{format_date(d)}（{'星期六' if d.weekday() == 5 else '星期日'}，调休上班日）"
    return format_date_weekday(d)


def _resolve_pauses(
    clock: ClockInput, calendar: WorkCalendar, explanation: list[str]
) -> tuple[list[tuple[date, date]], list[date], date | None, Pause | None]:
    """Effective pause intervals, their ends, the payment deadline and the open fee pause if any."""
    intervals: list[tuple[date, date]] = []
    ends: list[date] = []
    payment_due = None
    open_fee = None
    for pause in clock.pauses:
        if pause.kind not in PAUSE_KINDS:
            raise ValidationError(f"未知的暂停类型“{pause.kind}”，应为征求第三方意见、征求其他机关意见或收费通知。")
        if pause.ended_on is not None and pause.ended_on < pause.sent_on:
            raise ValidationError(
                f"{PAUSE_LABELS[pause.kind]}的结束日期{format_date(pause.ended_on)}早于发出日期{format_date(pause.sent_on)}。"
            )
        if pause.kind == "fee":
            if pause.ended_on is None:
                open_fee = pause
                payment_due = calendar.add_working_days(clock.fee_delivered_on or pause.sent_on, FEE_PAYMENT_DAYS)
                ends.append(payment_due)
                continue
            end = pause.ended_on
        elif pause.ended_on is None:
            # 条例 art. 32 / 34: the consulted party has 15 working days; silence ends the pause then.
            end = calendar.add_working_days(pause.sent_on, CONSULTATION_DAYS)
        else:
            end = pause.ended_on
        intervals.append((pause.sent_on, end))
        ends.append(end)
    return intervals, ends, payment_due, open_fee


def _pause_sentences(
    clock: ClockInput, calendar: WorkCalendar, intervals: list[tuple[date, date]], start: date, due: date
) -> list[str]:
    sentences: list[str] = []
    closed = [p for p in clock.pauses if not (p.kind == "fee" and p.ended_on is None)]
    for pause, (first, last) in zip(closed, intervals, strict=True):
        lo, hi = max(first, start + timedelta(days=1)), min(last, due)
        skipped = calendar.working_days_between(lo - timedelta(days=1), hi)
        label = PAUSE_LABELS[pause.kind]
        if pause.kind == "fee":
            span = f"{format_date(first)}发出收费通知至{format_date(last)}缴费"
            basis = "条例第四十二条"
        elif pause.ended_on is None:
            party = "第三方" if pause.kind == "third_party" else "被征求意见机关"
            consequence = "由本机关依法决定是否公开" if pause.kind == "third_party" else "视为同意公开"
            span = (
                f"{format_date(first)}发出征求意见书，尚未收到意见；{party}应在15个工作日内提出意见，"
                f"逾期未提出的{consequence}，暂停计至{format_date(last)}"
            )
            basis = _PAUSE_BASIS[pause.kind]
        else:
            span = f"{format_date(first)}发出征求意见书至{format_date(last)}收到意见"
            basis = _PAUSE_BASIS[pause.kind]
        if skipped:
            sentences.append(f"暂停：{label}（{span}），其间{skipped}个工作日不计入答复期限（{basis}）。")
        else:
            sentences.append(f"{label}（{span}）不在答复期限的计算期间内，不影响答复期限（{basis}）。")
    return sentences


def _skipper(intervals: list[tuple[date, date]]) -> Callable[[date], bool] | None:
    """Whether a day lies in a pause (art. 33 para 3). The intervals are also given as ordinal spans, so
    that WorkCalendar.add_working_days steps over a whole pause at once instead of asking day by day."""
    if not intervals:
        return None
    spans = tuple((a.toordinal(), b.toordinal()) for a, b in intervals)

    def skip(d: date) -> bool:
        o = d.toordinal()
        return any(a <= o <= b for a, b in spans)

    skip.ordinal_spans = spans  # type: ignore[attr-defined]
    return skip


def compute(clock: ClockInput, calendar: WorkCalendar, today: date | None = None, *,
            explain: bool = True) -> DeadlineResult:
    """Compute the 补正 notice and reply deadlines of one application, with the reasons in Chinese.

    ``explain=False`` gives the same dates, pause ends, flags and errors without writing the explanation
    (``explanation`` stays empty): for paths that only store the due dates (imports, recomputing after a
    calendar change), where the sentences are most of the cost. The rules are the same code either way;
    only the sentences are skipped."""
    received = clock.received_on
    explanation: list[str] = []
    if explain:
        explanation.append(f"收到申请之日（按条例第三十一条确定）为{format_date_weekday(received)}。")
        explanation.append(f"期间开始的当日不计入，自次日起计算（{START_DAY_BASIS}）。")
        if not calendar.is_workday(received):
            explanation.append("收到申请之日不是工作日，同样不计入，从其后的第一个工作日起算。")

    # 条例 art. 30: the 补正 notice is due within 7 working days of receipt.
    correction_due = calendar.add_working_days(received, CORRECTION_NOTICE_DAYS)
    if explain:
        explanation.append(
            f"补正告知期限：需要补正的，应自收到申请之日起{CORRECTION_NOTICE_DAYS}个工作日内一次性告知，"
            f"最迟为{format_date_weekday(correction_due)}（条例第三十条）。"
        )
    result = DeadlineResult(correction_due, None, None, None, [], False, explanation)
    touched = [received, correction_due]

    start = received
    if clock.correction_notified_on is not None:
        notified = clock.correction_notified_on
        if notified < received:
            raise ValidationError("补正告知日期早于收到申请之日，请检查日期。")
        late = "，晚于法定的补正告知期限" if notified > correction_due else ""
        if clock.correction_received_on is None:
            if explain:
                explanation.append(
                    f"已于{format_date(notified)}告知申请人补正{late}；尚未收到补正后的申请，答复期限自收到补正申请之日起"
                    "重新计算，目前暂不确定（条例第三十条）。"
                )
            result.waiting_for = "correction"
            return _finish(result, calendar, touched, today, explain, clock.replied_on)
        if clock.correction_received_on < notified:
            raise ValidationError("收到补正申请的日期早于补正告知日期，请检查日期。")
        start = clock.correction_received_on
        if explain:
            explanation.append(
                f"已于{format_date(notified)}告知补正{late}，于{format_date_weekday(start)}收到补正后的申请；"
                f"答复期限自该日起重新计算（条例第三十条），不计当日（{START_DAY_BASIS}）。"
            )
    elif clock.correction_received_on is not None:
        if clock.correction_received_on < received:
            raise ValidationError("收到补正申请的日期早于收到申请之日，请检查日期。")
        start = clock.correction_received_on
        if explain:
            explanation.append(
                f"于{format_date_weekday(start)}收到补正后的申请，答复期限自该日起重新计算（条例第三十条），"
                f"不计当日（{START_DAY_BASIS}）。"
            )

    intervals, result.pause_ends, result.payment_due, open_fee = _resolve_pauses(clock, calendar, explanation)
    touched.extend(result.pause_ends)
    if open_fee is not None:
        assert result.payment_due is not None  # set together with open_fee
        if explain:
            explanation.append(
                f"已于{format_date(open_fee.sent_on)}发出收费通知，申请人应在收到收费通知次日起{FEE_PAYMENT_DAYS}个工作日内缴纳"
                + (f"，申请人于{format_date(clock.fee_delivered_on)}收到，最迟为" if clock.fee_delivered_on
                   else "，尚未登记申请人收到的日期，按发出之日推算最迟为")
                + f"{format_date_weekday(result.payment_due)}，逾期未缴纳的视为放弃申请；"
                "缴费前答复期限暂停，收到缴费后继续计算。"
            )
        result.waiting_for = "payment"
        return _finish(result, calendar, touched, today, explain, clock.replied_on)

    skip = _skipper(intervals)
    base_due = calendar.add_working_days(start, REPLY_DAYS, skip=skip)
    if explain:
        first = calendar.add_working_days(start, 1, skip=skip)
        explanation.append(f"第1个工作日为{_day_note(calendar, first)}。")
        # The first day's make-up status is already stated above.
        explanation.extend(n for n in _span_notes(calendar, start, base_due)
                           if not n.startswith(format_date_weekday(first)))
        explanation.extend(_pause_sentences(clock, calendar, intervals, start, base_due))
        explanation.append(
            f"第{REPLY_DAYS}个工作日为{format_date_weekday(base_due)}，即答复期限（条例第三十三条第二款）。"
        )
    result.base_due = result.reply_due = base_due
    touched.append(base_due)

    days = clock.extension_days
    if days is not None and days != 0:
        if days < 0 or days > MAX_EXTENSION_DAYS:
            raise ValidationError(
                f"延长答复期限最长不得超过{MAX_EXTENSION_DAYS}个工作日（条例第三十三条第二款），不能延长{days}个工作日。"
            )
        # 条例 art. 33 para 2: counted strictly after the unextended due date; pauses still do not count.
        extension_due = calendar.add_working_days(base_due, days, skip=skip)
        if explain:
            explanation.append(
                f"延长：经政府信息公开工作机构负责人同意延长答复期限{days}个工作日，自原答复期限届满次日起计算（条例第三十三条第二款）。"
            )
            explanation.extend(_span_notes(calendar, base_due, extension_due))
            if clock.extension_approved_on is not None and clock.extension_approved_on > base_due:
                explanation.append(
                    f"注意：延期于{format_date(clock.extension_approved_on)}批准，晚于原答复期限；延期应在原期限届满前决定并告知申请人。"
                )
            explanation.append(f"延长后的答复期限为{format_date_weekday(extension_due)}。")
        result.extension_due = result.reply_due = extension_due
        touched.append(extension_due)
    return _finish(result, calendar, touched, today, explain, clock.replied_on)


def late_working_days(calendar: WorkCalendar, due: date, replied_on: date) -> int:
    """Working days after ``due`` up to and including ``replied_on`` (0 when replied on or before it)."""
    return calendar.working_days_between(due, replied_on)


def period_end(calendar: WorkCalendar, delivered_on: date, working_days: int) -> date:
    """The last day of a period of ``working_days`` the office gave in a notice the applicant received on
    ``delivered_on`` (the 补正 period, the 20 working days to pay): counted from the next day."""
    return calendar.add_working_days(delivered_on, working_days)


def _replied(result: DeadlineResult, calendar: WorkCalendar, replied_on: date, explain: bool) -> None:
    """A replied application: late or in time against its due date; today plays no part."""
    if result.reply_due is None:
        if explain:
            result.explanation.append(f"已于{format_date(replied_on)}办结。")
        return
    result.late_days = late_working_days(calendar, result.reply_due, replied_on)
    if explain:
        if result.late_days:
            result.explanation.append(
                f"已于{format_date(replied_on)}答复，超过答复期限{result.late_days}个工作日（逾期答复）。")
        else:
            result.explanation.append(f"已于{format_date(replied_on)}答复，在答复期限内。")


def _finish(result: DeadlineResult, calendar: WorkCalendar, touched: list[date], today: date | None,
            explain: bool = True, replied_on: date | None = None) -> DeadlineResult:
    first, last = min(touched), max(touched)
    years = calendar.provisional_years(first, last)
    if years:
        result.provisional = True
        if explain:
            listed = "、".join(f"{y}年" for y in years)
            result.explanation.append(
                f"注意：{listed}尚无正式公布的放假安排，暂按周末和法定节日推算，以上日期为暂定，"
                "国务院办公厅公布当年安排后请复核。"
            )
    if replied_on is not None:
        _replied(result, calendar, replied_on, explain)
    elif today is not None and result.reply_due is not None:
        if today <= result.reply_due:
            result.days_left = calendar.working_days_between(today, result.reply_due)
            if explain:
                result.explanation.append(f"截至{format_date(today)}，距答复期限还有{result.days_left}个工作日。")
        else:
            result.days_left = -calendar.working_days_between(result.reply_due, today)
            if explain:
                result.explanation.append(f"截至{format_date(today)}，已超过答复期限{-result.days_left}个工作日。")
    return result


def clock_from_record(record: Mapping[str, Any]) -> ClockInput:
    """The clock of a docs/spec/application-records.md record (dates as strings or dates)."""
    received = parse_date(record.get("received_on"), "收到申请之日")
    if received is None:
        raise ValidationError("缺少收到申请之日（received_on）。")
    clock = ClockInput(received_on=received)
    correction = record.get("correction") or None
    if correction:
        clock.correction_notified_on = parse_date(correction.get("notified_on"), "补正告知日期")
        clock.correction_received_on = parse_date(correction.get("received_on"), "收到补正申请日期")
    for item in record.get("consultations") or []:
        party = item.get("party")
        if party not in ("third_party", "agency"):
            raise ValidationError(f"征求意见对象“{party}”无效，应为 third_party 或 agency。")
        sent = parse_date(item.get("sent_on"), "征求意见书发出日期")
        if sent is None:
            raise ValidationError("征求意见缺少发出日期（sent_on）。")
        clock.pauses.append(Pause(party, sent, parse_date(item.get("ended_on"), "收到意见日期")))
    fee = record.get("fee") or None
    if fee:
        notified = parse_date(fee.get("notified_on"), "收费通知日期")
        if notified is None:
            raise ValidationError("收费通知缺少发出日期（notified_on）。")
        clock.pauses.append(Pause("fee", notified, parse_date(fee.get("paid_on"), "缴费日期")))
        clock.fee_delivered_on = parse_date(fee.get("delivered_on"), "申请人收到收费通知日期")
    extension = record.get("extension") or None
    if extension:
        days = extension.get("working_days")
        if not isinstance(days, int) or isinstance(days, bool):
            raise ValidationError("延期的工作日数（working_days）应为1至20的整数。")
        clock.extension_days = days
        clock.extension_approved_on = parse_date(extension.get("approved_on"), "延期批准日期")
    return clock

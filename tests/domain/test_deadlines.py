"""The deadline engine: worked examples computed by hand from the 2025/2026 schedules (docs/spec/working-days.md section 2)."""

from datetime import date

import pytest

from app.domain.deadlines import ClockInput, Pause, clock_from_record, compute
from app.domain.workdays import WorkCalendar
from app.errors import ValidationError

CAL = WorkCalendar()


def test_reference_example_2025_09_26():
    r = compute(ClockInput(date(2025, 9, 26)), CAL)
    assert r.correction_notice_due == date(2025, 10, 13)
    assert r.reply_due == r.base_due == date(2025, 10, 30)
    assert r.extension_due is None and not r.provisional
    text = "\n".join(r.explanation)
    assert r.explanation[0] == "收到申请之日（按条例第三十一条确定）为2025年9月26日（星期五）。"
    # Art. 31 fixes the day of receipt; that the first day does not count is 民法典 art. 201 by analogy.
    assert r.explanation[1] == "期间开始的当日不计入，自次日起计算（参照民法典第二百零一条）。"
    assert not any("不计" in line and "第三十一条" in line for line in r.explanation)
    assert "第1个工作日为2025年9月28日（星期日，调休上班日）" in text
    assert "跳过国庆节、中秋节假期（2025年10月1日至2025年10月8日）" in text
    assert "第20个工作日为2025年10月30日（星期四）" in text


@pytest.mark.parametrize(
    ("received", "due"),
    [(date(2026, 2, 13), date(2026, 3, 19)), (date(2025, 12, 31), date(2026, 1, 29)),
     (date(2026, 2, 14), date(2026, 3, 20))],
)
def test_reply_due(received, due):
    assert compute(ClockInput(received), CAL).reply_due == due


def test_saturday_make_up_day_receipt_is_not_counted():
    r = compute(ClockInput(date(2026, 2, 14)), CAL)
    # 2/24 … 3/3 are the 7 working days; the Saturday of receipt does not count.
    assert r.correction_notice_due == date(2026, 3, 3)
    assert "春节" in "".join(r.explanation)


def test_correction_over_may_day_2026():
    # Receipt Wed 2026-04-29: 4/30, (5/1–5/5 off), 5/6, 5/7, 5/8, 5/9 (Sat, worked), 5/11, 5/12.
    clock = ClockInput(date(2026, 4, 29), correction_notified_on=date(2026, 5, 7))
    waiting = compute(clock, CAL)
    assert waiting.correction_notice_due == date(2026, 5, 12)
    assert waiting.reply_due is None and waiting.waiting_for == "correction"
    assert "尚未收到补正后的申请" in waiting.explanation[-1]
    # Corrected application received Fri 5/15: the full 20 days run again from it -> Fri 6/12.
    clock.correction_received_on = date(2026, 5, 15)
    r = compute(clock, CAL)
    assert r.reply_due == date(2026, 6, 12)
    assert any("重新计算" in s for s in r.explanation)


def test_correction_over_may_day_2025():
    # Receipt Fri 2025-04-25: 4/27 (Sun, worked), 4/28, 4/29, 4/30, (5/1–5/5 off), 5/6, 5/7, 5/8.
    assert compute(ClockInput(date(2025, 4, 25)), CAL).correction_notice_due == date(2025, 5, 8)


def test_late_correction_notice_is_flagged():
    r = compute(ClockInput(date(2025, 4, 25), correction_notified_on=date(2025, 5, 9)), CAL)
    assert "晚于法定的补正告知期限" in "".join(r.explanation)


def test_two_disjoint_pauses():
    # Receipt Mon 2025-11-03: unpaused the 20th working day is 12/1. Third party 11/5–11/7 (3 working days)
    # and a paid fee notice 11/17–11/18 (2 working days) push it 5 working days to Mon 12/8.
    assert compute(ClockInput(date(2025, 11, 3)), CAL).reply_due == date(2025, 12, 1)
    clock = ClockInput(
        date(2025, 11, 3),
        pauses=[Pause("third_party", date(2025, 11, 5), date(2025, 11, 7)), Pause("fee", date(2025, 11, 17), date(2025, 11, 18))],
    )
    r = compute(clock, CAL)
    assert r.reply_due == date(2025, 12, 8)
    assert r.pause_ends == [date(2025, 11, 7), date(2025, 11, 18)]
    assert sum("暂停" in s for s in r.explanation) == 2


def test_overlapping_pauses_count_once():
    # 11/5–11/12 and 11/10–11/20 overlap: together 11/5–11/20 do not count.
    # 11/4, then 11/21, 11/24–28, 12/1–5, 12/8–12, 12/15–17 -> 12/17.
    clock = ClockInput(
        date(2025, 11, 3),
        pauses=[Pause("third_party", date(2025, 11, 5), date(2025, 11, 12)), Pause("agency", date(2025, 11, 10), date(2025, 11, 20))],
    )
    assert compute(clock, CAL).reply_due == date(2025, 12, 17)


def test_open_consultations_end_after_fifteen_working_days():
    # Sent Mon 2025-10-27, no answer: the 15th working day after is Mon 11/17 (art. 32 / 34).
    for kind in ("third_party", "agency"):
        r = compute(ClockInput(date(2025, 10, 20), pauses=[Pause(kind, date(2025, 10, 27))]), CAL)
        assert r.pause_ends == [date(2025, 11, 17)]
        # 10/21–10/24 (4), pause 10/27–11/17, then 11/18 … : 16 more working days -> 12/9.
        assert r.reply_due == date(2025, 12, 9)


def test_open_fee_notice_stops_the_clock_and_states_payment_deadline():
    r = compute(ClockInput(date(2025, 4, 25), pauses=[Pause("fee", date(2025, 5, 6))]), CAL)
    assert r.reply_due is None and r.waiting_for == "payment"
    # 5/7 … 20 working days: 5/7–5/9 (3), 5/12–16 (8), 5/19–23 (13), 5/26–30 (18), (6/2 端午 off) 6/3, 6/4.
    assert r.payment_due == date(2025, 6, 4)
    assert "2025年6月4日" in r.explanation[-1]


def test_extension_counts_after_the_unextended_due_date():
    r = compute(ClockInput(date(2025, 9, 26), extension_days=20, extension_approved_on=date(2025, 10, 20)), CAL)
    assert r.base_due == date(2025, 10, 30)
    assert r.extension_due == r.reply_due == date(2025, 11, 27)
    assert any(s.startswith("延长") for s in r.explanation)


def test_extension_over_new_year_and_late_approval_warning():
    r = compute(ClockInput(date(2025, 11, 28), extension_days=10, extension_approved_on=date(2025, 12, 29)), CAL)
    # 12/1 … 12/26 is 20 working days; then 12/29, 12/30, 12/31, (1/1–1/3 off), 1/4 (Sun, worked),
    # 1/5 … 1/9, 1/12 is the 10th.
    assert r.base_due == date(2025, 12, 26)
    assert r.reply_due == date(2026, 1, 12)
    assert any("晚于原答复期限" in s for s in r.explanation)


@pytest.mark.parametrize("days", [21, -1])
def test_extension_beyond_twenty_days_is_refused(days):
    with pytest.raises(ValidationError, match="最长不得超过20个工作日"):
        compute(ClockInput(date(2025, 9, 26), extension_days=days), CAL)


def test_provisional_2027():
    r = compute(ClockInput(date(2026, 12, 15)), CAL)
    assert r.reply_due == date(2027, 1, 13)
    assert r.provisional
    assert "2027年尚无正式公布的放假安排" in r.explanation[-1]
    assert not compute(ClockInput(date(2026, 6, 1)), CAL).provisional


def test_bad_pause_dates_are_refused():
    with pytest.raises(ValidationError):
        compute(ClockInput(date(2025, 9, 26), pauses=[Pause("third_party", date(2025, 10, 9), date(2025, 10, 1))]), CAL)
    with pytest.raises(ValidationError):
        compute(ClockInput(date(2025, 9, 26), pauses=[Pause("holiday", date(2025, 10, 9), None)]), CAL)


def test_days_left_and_overdue():
    r = compute(ClockInput(date(2025, 9, 26)), CAL, today=date(2025, 10, 28))
    assert r.days_left == 2
    r = compute(ClockInput(date(2025, 9, 26)), CAL, today=date(2025, 11, 3))
    assert r.days_left == -2


def test_clock_from_record():
    record = {
        "received_on": "2025-11-03",
        "channel": "online",
        "correction": None,
        "consultations": [{"party": "third_party", "sent_on": "2025-11-05", "ended_on": "2025-11-07"}],
        "extension": {"approved_on": "2025-11-20", "working_days": 5},
        "fee": {"notified_on": "2025-11-17", "amount_yuan": 200, "paid_on": "2025-11-18"},
    }
    clock = clock_from_record(record)
    assert clock.received_on == date(2025, 11, 3)
    assert clock.pauses == [Pause("third_party", date(2025, 11, 5), date(2025, 11, 7)), Pause("fee", date(2025, 11, 17), date(2025, 11, 18))]
    assert clock.extension_days == 5
    # 12/8 + 5 working days
    assert compute(clock, CAL).reply_due == date(2025, 12, 15)
    with pytest.raises(ValidationError, match="不是有效日期"):
        clock_from_record({"received_on": "2025-13-01"})
    with pytest.raises(ValidationError):
        clock_from_record({"received_on": "2025-11-03", "correction": {"notified_on": "2025-11-04", "received_on": None}, "extension": {"working_days": "x"}})


def test_to_dict_is_json_ready():
    d = compute(ClockInput(date(2025, 9, 26)), CAL).to_dict()
    assert d["reply_due"] == "2025-10-30" and d["correction_notice_due"] == "2025-10-13"
    assert d["provisional"] is False and isinstance(d["explanation"], list)


def test_local_overrides_are_explained():
    cal = WorkCalendar({date(2025, 11, 5): False, date(2025, 11, 8): True})
    r = compute(ClockInput(date(2025, 11, 3)), cal)
    text = "".join(r.explanation)
    assert "2025年11月5日（星期三）按本地日历设定放假" in text
    assert "2025年11月8日（星期六）为调休上班日" in text
    # one day off and one Saturday worked: the 20th working day stays Mon 12/1
    assert r.reply_due == date(2025, 12, 1)


def test_a_replied_application_is_judged_against_its_due_date_not_today():
    # Due Thu 2025-10-30; replied Tue 2025-11-04: Fri 31, Mon 3, Tue 4 = 3 working days late.
    r = compute(ClockInput(date(2025, 9, 26), replied_on=date(2025, 11, 4)), CAL, today=date(2026, 8, 1))
    assert r.reply_due == date(2025, 10, 30)
    assert r.late_days == 3 and r.days_left is None
    assert r.explanation[-1] == "已于2025年11月4日答复，超过答复期限3个工作日（逾期答复）。"
    assert not any("截至" in line for line in r.explanation)


def test_a_reply_on_the_due_date_is_in_time():
    r = compute(ClockInput(date(2025, 9, 26), replied_on=date(2025, 10, 30)), CAL, today=date(2026, 8, 1))
    assert r.late_days == 0 and r.days_left is None
    assert r.explanation[-1] == "已于2025年10月30日答复，在答复期限内。"
    assert r.to_dict()["late_days"] == 0


def test_period_end_counts_from_the_day_after_delivery():
    from app.domain.deadlines import period_end

    # Delivered Fri 2025-09-26: day 1 is the make-up Sunday 09-28, day 3 is Tue 09-30, then the holiday.
    assert period_end(CAL, date(2025, 9, 26), 3) == date(2025, 9, 30)
    assert period_end(CAL, date(2025, 9, 26), 4) == date(2025, 10, 9)


def test_an_open_fee_notice_counts_the_days_to_pay_from_the_day_after_delivery():
    from app.domain.deadlines import Pause

    sent = ClockInput(date(2025, 9, 26), pauses=[Pause("fee", date(2025, 10, 9))])
    estimated = compute(sent, CAL)
    assert estimated.payment_due == date(2025, 11, 5)  # from the day the notice was sent, the earliest start
    assert "尚未登记申请人收到的日期，按发出之日推算" in estimated.explanation[-1]
    sent.fee_delivered_on = date(2025, 10, 10)
    delivered = compute(sent, CAL)
    assert delivered.payment_due == date(2025, 11, 6) and delivered.waiting_for == "payment"
    assert "申请人于2025年10月10日收到，最迟为2025年11月6日（星期四）" in delivered.explanation[-1]

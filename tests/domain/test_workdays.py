"""Working-day counting against the official 2025/2026 schedules (docs/spec/working-days.md section 2)."""

from datetime import date

import pytest

from app.domain.workdays import HOLIDAY, MAKEUP, OVERRIDE_DAY_OFF, WorkCalendar, statutory_holidays

CAL = WorkCalendar()


@pytest.mark.parametrize(
    ("start", "n", "expected"),
    [
        # docs/spec/working-days.md section 2 worked examples
        (date(2025, 9, 26), 7, date(2025, 10, 13)),
        (date(2025, 9, 26), 20, date(2025, 10, 30)),
        (date(2025, 9, 26), 40, date(2025, 11, 27)),
        (date(2026, 2, 13), 20, date(2026, 3, 19)),
        (date(2025, 12, 31), 20, date(2026, 1, 29)),
        # Saturday 2026-02-14 is a make-up working day, but the start day never counts:
        # 2/24 2/25 2/26 2/27 2/28(Sat, worked) 3/2 3/3 ... 3/20
        (date(2026, 2, 14), 7, date(2026, 3, 3)),
        (date(2026, 2, 14), 20, date(2026, 3, 20)),
        # Sunday 2025-09-28 (make-up day) as start: 9/29 9/30 10/9 10/10 10/11(Sat) 10/13 ... 10/31
        (date(2025, 9, 28), 20, date(2025, 10, 31)),
        # Saturday 2025-09-27 (a day off): find_workday would give 10/31; strict counting gives 10/30.
        (date(2025, 9, 27), 20, date(2025, 10, 30)),
    ],
)
def test_nth_working_day_strictly_after(start, n, expected):
    assert CAL.add_working_days(start, n) == expected
    assert CAL.add_working_days(start, n, skip=lambda d: False) == expected


def test_official_days_and_kinds():
    assert not CAL.is_workday(date(2025, 10, 8))
    assert CAL.day_info(date(2025, 10, 1)).kind == HOLIDAY
    info = CAL.day_info(date(2025, 9, 28))
    assert info.is_workday and info.kind == MAKEUP
    assert CAL.is_workday(date(2026, 2, 28))
    assert not CAL.is_workday(date(2026, 2, 23))
    assert not CAL.is_provisional(date(2026, 12, 31))


def test_skip_days_do_not_count():
    # 2025-11-03 (Mon); skipping 11/5–11/7 pushes the 5th working day from 11/7 to 11/12.
    skip = lambda d: date(2025, 11, 5) <= d <= date(2025, 11, 7)  # noqa: E731
    assert CAL.add_working_days(date(2025, 11, 3), 5) == date(2025, 11, 10)
    assert CAL.add_working_days(date(2025, 11, 3), 5, skip=skip) == date(2025, 11, 13)


def test_override_beats_official_data():
    cal = WorkCalendar({date(2025, 10, 13): False, date(2025, 10, 12): True}, notes={date(2025, 10, 13): "民族节日"})
    info = cal.day_info(date(2025, 10, 13))
    assert not info.is_workday and info.kind == OVERRIDE_DAY_OFF and info.name == "民族节日"
    # 2025-09-26: 7th working day moves from Mon 10/13 to Sun 10/12 (now a working day).
    assert cal.add_working_days(date(2025, 9, 26), 7) == date(2025, 10, 12)


def test_provisional_year_uses_statutory_holidays():
    # 2027: no official data. 春节 2027 = 2/6, so 除夕 2/5 (Fri) to 初三 2/8 (Mon) are off;
    # 清明 2027-04-05 (Mon); 劳动节 5/1–5/2; 国庆 10/1–10/3.
    assert CAL.is_provisional(date(2027, 3, 1))
    assert not CAL.is_workday(date(2027, 2, 5))
    assert not CAL.is_workday(date(2027, 2, 8))
    assert CAL.is_workday(date(2027, 2, 9))
    assert not CAL.is_workday(date(2027, 4, 5))
    assert not CAL.is_workday(date(2027, 1, 1))
    # 2026-12-15 -> 12/16..12/31 (12 working days), 1/1 off, 1/4–1/8, 1/11–1/13 -> 20th is 2027-01-13
    assert CAL.add_working_days(date(2026, 12, 15), 20) == date(2027, 1, 13)
    # 2027-09-28 (Tue): 9/29 9/30, 10/1 (Fri) off, 10/4–10/8, … -> 2027-10-27
    assert CAL.add_working_days(date(2027, 9, 28), 20) == date(2027, 10, 27)


def test_official_override_year_is_not_provisional():
    # The official 2027 schedule: statutory days stay off, the overrides add the extra days and 调休.
    cal = WorkCalendar({date(2027, 2, 9): False, date(2027, 2, 20): True}, official_years=[2027])
    assert not cal.is_provisional(date(2027, 2, 10))
    assert not cal.is_workday(date(2027, 2, 8)) and not cal.is_workday(date(2027, 2, 9))
    assert cal.is_workday(date(2027, 2, 20))
    assert cal.is_provisional(date(2028, 1, 3))


def test_far_years_never_raise():
    for year in (1990, 2100, 2300):
        due = CAL.add_working_days(date(year, 6, 1), 20)
        assert CAL.is_workday(due) and CAL.is_provisional(due)


def test_statutory_holidays_are_thirteen_days():
    days = statutory_holidays(2030)
    assert len(days) == 13
    assert days[date(2030, 10, 3)] == "国庆节"


def test_working_days_between():
    assert CAL.working_days_between(date(2025, 9, 26), date(2025, 10, 30)) == 20
    assert CAL.working_days_between(date(2025, 10, 30), date(2025, 9, 26)) == 0


def test_holiday_runs_name_the_festival():
    runs = CAL.non_working_runs(date(2026, 2, 1), date(2026, 3, 1))
    assert runs == [(date(2026, 2, 15), date(2026, 2, 23), "春节")]


def test_holiday_run_across_the_year_boundary():
    # 元旦 2023: Sat 2022-12-31 to Mon 2023-01-02 off.
    expected = [(date(2022, 12, 31), date(2023, 1, 2), "元旦")]
    assert CAL.non_working_runs(date(2023, 1, 1), date(2023, 1, 20)) == expected
    assert CAL.non_working_runs(date(2022, 12, 20), date(2022, 12, 31)) == expected

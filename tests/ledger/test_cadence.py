"""Recurrence of ledger tasks and freshness of website columns (pure date rules)."""

from __future__ import annotations

import datetime as dt

import pytest

from app.domain.workdays import WorkCalendar
from app.ledger.cadence import (
    column_due,
    column_overdue,
    dekad_end,
    first_due,
    next_due,
    parse_cadence,
)
from tests.helpers.calendars import WeekdayCalendar

D = dt.date
WEEKDAYS = WeekdayCalendar()


def test_monthly_series_keeps_its_day_of_month_after_a_short_month():
    feb = next_due("monthly", D(2025, 1, 31), D(2025, 1, 30), WEEKDAYS, due_day=31)
    assert feb == D(2025, 2, 28)
    assert next_due("monthly", feb, feb, WEEKDAYS, due_day=31) == D(2025, 3, 31)


def test_late_completion_gives_the_first_due_date_after_the_completion():
    # Due 31 Jan, done 5 Mar: the next occurrence is due 31 Mar (February was already past).
    assert next_due("monthly", D(2025, 1, 31), D(2025, 3, 5), WEEKDAYS, due_day=31) == D(2025, 3, 31)


def test_dekad_quarterly_yearly_weekly():
    assert next_due("dekad", D(2025, 1, 10), D(2025, 1, 9), WEEKDAYS) == D(2025, 1, 20)
    assert next_due("dekad", D(2025, 2, 20), D(2025, 2, 20), WEEKDAYS) == D(2025, 2, 28)
    assert next_due("dekad", D(2025, 1, 31), D(2025, 2, 2), WEEKDAYS) == D(2025, 2, 10)
    assert next_due("quarterly", D(2025, 3, 31), D(2025, 4, 10), WEEKDAYS, due_day=31) == D(2025, 6, 30)
    assert next_due("yearly", D(2024, 2, 29), D(2024, 2, 20), WEEKDAYS, due_day=29) == D(2025, 2, 28)
    assert next_due("weekly", D(2025, 3, 7), D(2025, 3, 18), WEEKDAYS) == D(2025, 3, 21)


def test_daily_uses_the_official_calendar_across_national_day():
    # 2025: 1–8 October are off; 9 October is the next working day after 30 September.
    assert next_due("daily", D(2025, 9, 30), D(2025, 9, 30), WorkCalendar()) == D(2025, 10, 9)
    assert next_due("daily", D(2025, 3, 7), D(2025, 3, 7), WEEKDAYS) == D(2025, 3, 10)  # Friday → Monday


def test_once_and_immediate_do_not_recur():
    assert next_due("once", D(2025, 3, 7), D(2025, 3, 7), WEEKDAYS) is None
    assert next_due("immediate", D(2025, 3, 7), D(2025, 3, 7), WEEKDAYS) is None


def test_first_due_is_the_end_of_the_current_period():
    today = D(2025, 5, 14)  # a Wednesday
    assert first_due("monthly", today, WEEKDAYS) == D(2025, 5, 31)
    assert first_due("quarterly", today, WEEKDAYS) == D(2025, 6, 30)
    assert first_due("yearly", today, WEEKDAYS) == D(2025, 12, 31)
    assert first_due("dekad", today, WEEKDAYS) == D(2025, 5, 20)
    assert first_due("weekly", today, WEEKDAYS) == D(2025, 5, 16)
    assert first_due("weekly", D(2025, 5, 17), WEEKDAYS) == D(2025, 5, 23)
    assert dekad_end(D(2024, 2, 21)) == D(2024, 2, 29)


def test_parse_cadence_accepts_labels():
    assert parse_cadence("每季") == "quarterly"
    assert parse_cadence("季度") == "quarterly"
    assert parse_cadence("即时") == "immediate"
    assert parse_cadence("") == "once"
    with pytest.raises(ValueError):
        parse_cadence("每两年")


def test_column_overdue_after_its_period():
    last = D(2025, 1, 15)
    assert column_due("monthly", last, WEEKDAYS) == D(2025, 2, 15)
    assert not column_overdue("monthly", last, D(2025, 2, 15), WEEKDAYS)
    assert column_overdue("monthly", last, D(2025, 2, 16), WEEKDAYS)
    assert column_overdue("weekly", None, D(2025, 2, 16), WEEKDAYS)  # never updated
    assert not column_overdue("immediate", D(2020, 1, 1), D(2025, 2, 16), WEEKDAYS)

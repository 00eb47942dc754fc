"""Cadences of the work ledger (即时/每日/每旬/每月/每季/每年): next due dates and column freshness."""

from __future__ import annotations

import calendar as _calendar
import datetime as dt

from app.domain.workdays import WorkCalendar

# code -> label. ``once`` is a task with a single due date; ``immediate`` (即时) is a standing duty
# done whenever the occasion arises, so it has no calendar due date of its own.
CADENCES: dict[str, str] = {
    "once": "一次性",
    "immediate": "即时",
    "daily": "每日",
    "weekly": "每周",
    "dekad": "每旬",
    "monthly": "每月",
    "quarterly": "每季",
    "yearly": "每年",
}
RECURRING = ("daily", "weekly", "dekad", "monthly", "quarterly", "yearly")
_MONTH_STEPS = {"monthly": 1, "quarterly": 3, "yearly": 12}


def cadence_label(code: str | None) -> str:
    return CADENCES.get(code or "once", code or "")


def parse_cadence(value: str | None) -> str:
    """A cadence code from its code or its Chinese label ('每月', '月度' …); ValueError if unknown."""
    text = (value or "").strip()
    if not text:
        return "once"
    if text in CADENCES:
        return text
    for code, label in CADENCES.items():
        if text == label:
            return code
    aliases = {"一次": "once", "单次": "once", "不定期": "immediate", "实时": "immediate", "每天": "daily",
               "每星期": "weekly", "每半月": "dekad", "月度": "monthly", "每个月": "monthly",
               "季度": "quarterly", "每季度": "quarterly", "年度": "yearly", "每年度": "yearly"}
    if text in aliases:
        return aliases[text]
    raise ValueError(text)


def add_months(d: dt.date, months: int, day: int | None = None) -> dt.date:
    """d moved by ``months`` months, on ``day`` (default d.day) clamped to the month's length."""
    index = d.year * 12 + (d.month - 1) + months
    year, month = divmod(index, 12)
    month += 1
    last = _calendar.monthrange(year, month)[1]
    return dt.date(year, month, min(day or d.day, last))


def dekad_end(d: dt.date) -> dt.date:
    """The last day of the 旬 containing d: the 10th, the 20th or the month's last day."""
    if d.day <= 10:
        return d.replace(day=10)
    if d.day <= 20:
        return d.replace(day=20)
    return d.replace(day=_calendar.monthrange(d.year, d.month)[1])


def first_due(cadence: str, today: dt.date, calendar: WorkCalendar) -> dt.date | None:
    """The due date of a new recurring task created on ``today`` without one: end of the current period."""
    if cadence == "daily":
        return today if calendar.is_workday(today) else calendar.add_working_days(today, 1)
    if cadence == "weekly":  # the Friday of this week (next week's from Saturday on)
        return today + dt.timedelta(days=(4 - today.weekday()) % 7)
    if cadence == "dekad":
        return dekad_end(today)
    if cadence == "monthly":
        return today.replace(day=_calendar.monthrange(today.year, today.month)[1])
    if cadence == "quarterly":
        end_month = ((today.month - 1) // 3) * 3 + 3
        return dt.date(today.year, end_month, _calendar.monthrange(today.year, end_month)[1])
    if cadence == "yearly":
        return dt.date(today.year, 12, 31)
    return None


def next_due(
    cadence: str,
    due_on: dt.date,
    completed_on: dt.date,
    calendar: WorkCalendar,
    due_day: int | None = None,
) -> dt.date | None:
    """The next occurrence's due date after an occurrence due ``due_on`` was completed on ``completed_on``.

    The next due date is the first one of the cadence strictly after both the previous due date and
    the completion day: a late completion is recorded on the completed occurrence (completed_on >
    due_on), and the series does not produce occurrences that were already past when it was done.
    ``due_day`` anchors monthly/quarterly/yearly series so that 31 Jan → 28 Feb → 31 Mar.
    """
    if cadence not in RECURRING:
        return None
    base = max(due_on, completed_on)
    if cadence == "daily":
        return calendar.add_working_days(base, 1)
    if cadence == "weekly":
        d = due_on + dt.timedelta(days=7)
        while d <= base:
            d += dt.timedelta(days=7)
        return d
    if cadence == "dekad":
        return dekad_end(base + dt.timedelta(days=1))
    step = _MONTH_STEPS[cadence]
    k = 1
    while True:
        d = add_months(due_on, step * k, due_day or due_on.day)
        if d > base:
            return d
        k += 1


def column_due(cadence: str, last_updated_on: dt.date | None, calendar: WorkCalendar) -> dt.date | None:
    """The latest day a column updated on ``last_updated_on`` may go without a new update.

    None when the cadence sets no date (即时) or the column was never updated.
    """
    if last_updated_on is None or cadence not in RECURRING:
        return None
    if cadence == "daily":
        return calendar.add_working_days(last_updated_on, 1)
    if cadence == "weekly":
        return last_updated_on + dt.timedelta(days=7)
    if cadence == "dekad":
        return last_updated_on + dt.timedelta(days=10)
    return add_months(last_updated_on, _MONTH_STEPS[cadence])


def column_overdue(cadence: str, last_updated_on: dt.date | None, today: dt.date, calendar) -> bool:
    """A column with a cadence is overdue when its due day has passed, or when it was never updated."""
    if cadence not in RECURRING:
        return False
    if last_updated_on is None:
        return True
    due = column_due(cadence, last_updated_on, calendar)
    return due is not None and today > due

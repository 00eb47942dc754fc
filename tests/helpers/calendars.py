"""Test calendars: Monday to Friday, no holidays, for rules whose arithmetic is checked without 调休."""

from __future__ import annotations

import datetime as dt


class WeekdayCalendar:
    """Monday–Friday only; every date it gives is provisional (no official data)."""

    def is_workday(self, d: dt.date) -> bool:
        return d.weekday() < 5

    def is_provisional(self, d: dt.date) -> bool:
        return True

    def add_working_days(self, start: dt.date, n: int, *, skip=None) -> dt.date:
        # The n-th working day strictly after start; start never counts (docs/spec/working-days.md).
        d, left = start, n
        while left > 0:
            d += dt.timedelta(days=1)
            if self.is_workday(d) and not (skip and skip(d)):
                left -= 1
        return d

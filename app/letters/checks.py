"""Warnings about a letter that do not refuse it: a 成文日期 on a day the office does not work (docs/spec/letters.md)."""

from __future__ import annotations

import datetime as dt

from sqlalchemy.orm import Session

from app.domain.workdays import WorkCalendar, format_date_weekday


def date_warnings(calendar: WorkCalendar, letter_date: dt.date) -> list[str]:
    """A 成文日期 on a weekend or holiday is possible (a letter signed on a duty day) but usually a typing slip."""
    info = calendar.day_info(letter_date)
    if info.is_workday:
        return []
    what = f"{info.label}（{info.name}）" if info.name else info.label
    return [f"成文日期{format_date_weekday(letter_date)}是{what}，不是工作日。请核对日期；如确在当日签发，可以继续出具。"]


def letter_date_warnings(session: Session, letter_date: dt.date) -> list[str]:
    """The warnings for a letter dated ``letter_date`` under the office's working calendar."""
    from app.calendar import load_calendar

    return date_warnings(load_calendar(session), letter_date)

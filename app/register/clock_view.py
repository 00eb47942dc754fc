"""The clock as the clerk reads it in the register list and its export: the reply due date (暂定 when it
depends on a year without official holiday data), the status with what the case waits for, and the working
days left (negative: overdue)."""

from __future__ import annotations

import datetime as dt

from app.register.queries import fetch_rows

CHUNK = 900  # ids per query (SQLite's bound-parameter limit)


def working_days_left(calendar, today: dt.date, reply_due: dt.date | None, is_open: bool) -> int | None:
    """Working days from ``today`` to the due date; overdue: minus the days past it (at least one)."""
    if not is_open or reply_due is None:
        return None
    if reply_due >= today:
        return calendar.working_days_between(today, reply_due)
    return -max(1, calendar.working_days_between(reply_due, today))


def due_text(reply_due: dt.date | None, provisional: bool) -> str:
    if reply_due is None:
        return ""
    return reply_due.isoformat() + ("（暂定）" if provisional else "")


def days_left_text(days: int | None) -> str:
    if days is None:
        return ""
    if days < 0:
        return f"逾期{-days}"
    if days == 0:
        return "今日到期"
    return f"{days}"


def clock_rows(session, ids: list[int], *, today: dt.date, calendar=None) -> dict[int, dict]:
    """For each application id: its display row (app.register.queries.fetch_rows) with ``days_left``,
    ``days_left_text``, ``due_text`` and ``status_text`` added."""
    if calendar is None:
        from app.calendar import load_calendar

        calendar = load_calendar(session)
    out: dict[int, dict] = {}
    for start in range(0, len(ids), CHUNK):
        for r in fetch_rows(session, ids[start:start + CHUNK], today=today):
            days = working_days_left(calendar, today, r["reply_due"], r["is_open"])
            r["days_left"] = days
            r["days_left_text"] = days_left_text(days)
            r["due_text"] = due_text(r["reply_due"], r["due_provisional"])
            r["status_text"] = r["status_label"] + (f"（{r['waiting']}）" if r["waiting"] else "")
            out[r["id"]] = r
    return out

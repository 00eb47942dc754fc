"""The register list's RowSource: counts and ids from SQL page by page, display rows by block.

Filters, sort and paging are the service's (app.register.queries: count, query_page, fetch_rows),
so the model never loads all ids of a 100,000-row register.
"""

from __future__ import annotations

import datetime as dt
from typing import TYPE_CHECKING

from PySide6.QtCore import Qt

from app.register import queries as register_query
from app.register.clock_view import days_left_text, due_text, working_days_left
from app.register.queries import RegisterFilter
from ui.register.common import fmt_date
from ui.widgets.lazy_table import Column

if TYPE_CHECKING:
    from sqlalchemy.orm import Session

    from app.domain.workdays import WorkCalendar

RIGHT = Qt.AlignmentFlag.AlignRight | Qt.AlignmentFlag.AlignVCenter
CENTER = Qt.AlignmentFlag.AlignCenter

COLUMNS = [
    Column("serial", "申请编号", 122),
    Column("received_on", "收到日期", 86, format=fmt_date),
    Column("applicant_name", "申请人", 124),
    Column("applicant_kind_label", "类型", 98),
    Column("channel_label", "渠道", 66),
    Column("content", "申请内容", 204),
    Column("status_text", "状态", 140),
    Column("due_text", "答复期限", 126),
    Column("days_left_text", "剩余工作日", 76, align=RIGHT),
    Column("outcome_label", "办理结果", 160),
]
# Column key -> sort key of register_query.SORT_COLUMNS (None: not sortable).
SORT_KEYS = {
    "serial": "serial", "received_on": "received_on", "applicant_name": "applicant_name",
    "applicant_kind_label": "applicant_kind", "channel_label": "channel", "status_text": "status",
    "due_text": "reply_due", "days_left_text": "reply_due", "outcome_label": "outcome",
}
SOON_WORKING_DAYS = register_query.DUE_SOON_WORKING_DAYS  # 3 working days: yellow


def row_style(row: dict) -> str | None:
    """The urgency colour of a row: overdue red, due today orange, within 3 working days yellow."""
    if not row.get("is_open"):
        return None
    days = row.get("days_left")
    if days is None:
        return None
    if days < 0:
        return "overdue"
    if days == 0:
        return "today"
    if days <= SOON_WORKING_DAYS:
        return "soon"
    if row.get("due_provisional"):
        return "provisional"
    return None


class RegisterSource:
    """A RowSource for LazyTableModel over the application table with the screen's filters and sort."""

    def __init__(self, read_session, filters: RegisterFilter | dict | None = None, sort: str = "-received_on",
                 today: dt.date | None = None) -> None:
        self.read_session = read_session
        self.filters = filters if isinstance(filters, RegisterFilter) else RegisterFilter.from_dict(filters)
        self.sort = sort
        self.today = today or self.filters.today or dt.date.today()
        self.filters.today = self.today
        self._calendar: WorkCalendar | None = None
        # A text search is a LIKE scan of every row that no index helps: its matching ids are read in one
        # scan by count() (ids are cheap to hold, even 100,000 of them) and paged in memory, instead of one
        # scan for the count and another for every page of ids.
        self._all_ids: list[int] | None = None

    @property
    def searching(self) -> bool:
        return bool((self.filters.text or "").strip())

    # -- RowSource -------------------------------------------------------------------------------
    def count(self) -> int:
        """The number of matching rows; called again by the model on every reload, so it re-reads."""
        with self.read_session() as s:
            if self.searching:
                self._all_ids = register_query.query_ids(s, self.filters, self.sort)
                return len(self._all_ids)
            self._all_ids = None
            return register_query.count(s, self.filters)

    def ids(self, offset: int, limit: int) -> list[int]:
        if self._all_ids is not None:
            return self._all_ids[offset:offset + limit]
        with self.read_session() as s:
            return register_query.query_page(s, self.filters, self.sort, offset, limit)

    def rows(self, ids: list[int]) -> dict[int, dict]:
        with self.read_session() as s:
            rows = register_query.fetch_rows(s, ids, today=self.today)
            calendar = self._calendar_for(s)
        out = {}
        for r in rows:
            days = working_days_left(calendar, self.today, r["reply_due"], r["is_open"])
            r["days_left"] = days
            r["days_left_text"] = days_left_text(days)
            r["due_text"] = due_text(r["reply_due"], r["due_provisional"])
            r["status_text"] = r["status_label"] + (f"（{r['waiting']}）" if r["waiting"] else "")
            out[r["id"]] = r
        return out

    def _calendar_for(self, session: Session) -> WorkCalendar:
        if self._calendar is None:
            from app.calendar import load_calendar

            self._calendar = load_calendar(session)
        return self._calendar


def received_years(session) -> list[int]:
    """The years that have applications, newest first (for the year filter)."""
    return register_query.received_years(session)

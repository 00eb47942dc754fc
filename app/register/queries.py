"""Queries for the register screen: filtered, sorted id lists and rows fetched by block."""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass, fields
from typing import Any

from sqlalchemy import and_, exists, or_, select
from sqlalchemy.orm import Session

from app.errors import ValidationError
from app.register.codes import APPLICANT_KINDS, CHANNELS, OUTCOMES, STEP_LABELS, label
from app.storage.models.core import Office
from app.storage.models.register import Application, Consultation, Correction, FeeNotice

RowDict = dict[str, Any]

# Filter keys shared with the dashboard (app.register.dashboard) and the screen.
FILTER_KEYS = {
    "due_today": "今日到期",
    "due_soon": "3个工作日内到期",
    "overdue": "已逾期",
    "awaiting_correction": "待补正",
    "consulting": "征求意见中",
    "awaiting_fee": "待缴费",
    "late_replies": "本年逾期答复",
    "open": "办理中",
    "closed": "已办结",
}
DUE_SOON_WORKING_DAYS = 3

SORT_COLUMNS = {
    "serial": Application.serial,
    "received_on": Application.received_on,
    "reply_due": Application.reply_due,
    "replied_on": Application.replied_on,
    "applicant_name": Application.applicant_name,
    "applicant_kind": Application.applicant_kind,
    "channel": Application.channel,
    "status": Application.status,
    "outcome": Application.outcome,
    "updated_at": Application.updated_at,
}


@dataclass
class RegisterFilter:
    """What the register screen filters by; every field is optional."""

    status: str | list[str] | None = None  # workflow step(s)
    open: bool | None = None  # True: not yet closed; False: closed
    year: int | None = None  # year of received_on
    applicant_kind: str | None = None
    channel: str | None = None
    outcome: str | None = None
    office_id: int | None = None
    due_within: int | None = None  # open and due within N working days from today (today included)
    overdue: bool = False
    text: str | None = None  # substring of applicant name, content or serial
    key: str | None = None  # a dashboard filter key (FILTER_KEYS)
    today: dt.date | None = None

    @classmethod
    def from_dict(cls, data: dict | None) -> RegisterFilter:
        if data is None:
            return cls()
        known = {f.name for f in fields(cls)}
        unknown = set(data) - known
        if unknown:
            raise ValidationError(f"不支持的筛选条件：{'、'.join(sorted(unknown))}。")
        return cls(**data)


def _like_pattern(text: str) -> str:
    escaped = text.replace("\\", "\\\\").replace("%", "\\%").replace("_", "\\_")
    return f"%{escaped}%"


def _load_calendar(session: Session):
    from app.register.clock import load_calendar

    return load_calendar(session)


def key_condition(session: Session, key: str, today: dt.date, calendar=None):
    """The SQL condition of a dashboard filter key."""
    is_open = Application.outcome.is_(None)
    if key == "due_today":
        return and_(is_open, Application.reply_due == today)
    if key == "due_soon":
        calendar = calendar or _load_calendar(session)
        limit = calendar.add_working_days(today, DUE_SOON_WORKING_DAYS)
        return and_(is_open, Application.reply_due > today, Application.reply_due <= limit)
    if key == "overdue":
        return and_(is_open, Application.reply_due < today)
    if key == "awaiting_correction":
        return and_(is_open, exists().where(Correction.application_id == Application.id,
                                            Correction.received_on.is_(None)))
    if key == "consulting":
        return and_(is_open, exists().where(Consultation.application_id == Application.id,
                                            Consultation.ended_on.is_(None)))
    if key == "awaiting_fee":
        return and_(is_open, exists().where(FeeNotice.application_id == Application.id,
                                            FeeNotice.paid_on.is_(None)))
    if key == "late_replies":
        # Replies issued this year after their due date (逾期答复, docs/spec/working-days.md section 4.5).
        return and_(Application.outcome.is_not(None), Application.reply_due.is_not(None),
                    Application.replied_on > Application.reply_due,
                    Application.replied_on.between(dt.date(today.year, 1, 1), dt.date(today.year, 12, 31)))
    if key == "open":
        return is_open
    if key == "closed":
        return Application.outcome.is_not(None)
    raise ValidationError(f"不支持的筛选“{key}”。")


def conditions(session: Session, f: RegisterFilter) -> list:
    today = f.today or dt.date.today()
    out = []
    if f.status:
        statuses = [f.status] if isinstance(f.status, str) else list(f.status)
        out.append(Application.status.in_(statuses))
    if f.open is True:
        out.append(Application.outcome.is_(None))
    elif f.open is False:
        out.append(Application.outcome.is_not(None))
    if f.year:
        out.append(Application.received_on.between(dt.date(f.year, 1, 1), dt.date(f.year, 12, 31)))
    if f.applicant_kind:
        out.append(Application.applicant_kind == f.applicant_kind)
    if f.channel:
        out.append(Application.channel == f.channel)
    if f.outcome:
        out.append(Application.outcome == f.outcome)
    if f.office_id:
        out.append(Application.office_id == f.office_id)
    if f.due_within is not None:
        limit = _load_calendar(session).add_working_days(today, int(f.due_within))
        out.append(and_(Application.outcome.is_(None), Application.reply_due >= today,
                        Application.reply_due <= limit))
    if f.overdue:
        out.append(key_condition(session, "overdue", today))
    if f.key:
        out.append(key_condition(session, f.key, today))
    text = (f.text or "").strip()
    if text:
        pattern = _like_pattern(text)
        out.append(or_(Application.applicant_name.like(pattern, escape="\\"),
                       Application.content.like(pattern, escape="\\"),
                       Application.serial.like(pattern, escape="\\")))
    return out


DEFAULT_SORT = "-received_on"


def _sort_spec(sort: str | None):
    sort = sort or DEFAULT_SORT
    column = SORT_COLUMNS.get(sort.lstrip("-"))
    if column is None:
        raise ValidationError(f"不支持按“{sort}”排序。")
    return column, sort.startswith("-"), Application.__table__.c[column.key].nullable


def _order_by(key, id_column, descending: bool, nullable: bool) -> list:
    key = key.desc() if descending else key.asc()
    if nullable:
        key = key.nulls_last()
    return [key, id_column.desc() if descending else id_column.asc()]


def sort_order(sort: str | None = None) -> list:
    """The ORDER BY of a sort key of SORT_COLUMNS ('-' in front: descending; default newest received first).

    Rows without a value (e.g. no due date while waiting for 补正) go last in both directions, on every
    database; the id breaks ties so the order is total and pages never overlap."""
    column, descending, nullable = _sort_spec(sort)
    return _order_by(column, Application.id, descending, nullable)


def _filter(filters: RegisterFilter | dict | None) -> RegisterFilter:
    return filters if isinstance(filters, RegisterFilter) else RegisterFilter.from_dict(filters)


def query_ids(session: Session, filters: RegisterFilter | dict | None = None, sort: str | None = None) -> list[int]:
    """Ids of the applications matching the filters, in display order (see sort_order)."""
    f = _filter(filters)
    column, descending, nullable = _sort_spec(sort)
    where = conditions(session, f)
    if (f.text or "").strip():
        # A text search (LIKE) reads every row anyway. Walking the sort column's index for it visits the
        # rows in index order, one random lookup each (about 4x slower at 100,000 rows on SQLite); a plain
        # scan of the matches into a materialised set, sorted afterwards, reads the table once in order.
        matched = (select(Application.id.label("id"), column.label("sort_key")).where(*where)
                   .cte("matched").prefix_with("MATERIALIZED"))
        stmt = select(matched.c.id).order_by(*_order_by(matched.c.sort_key, matched.c.id, descending, nullable))
    else:
        stmt = select(Application.id).where(*where).order_by(*_order_by(column, Application.id, descending,
                                                                          nullable))
    return list(session.execute(stmt).scalars())


def query_page(session: Session, filters: RegisterFilter | dict | None, sort: str | None, offset: int,
               limit: int) -> list[int]:
    """One page of query_ids: the same order, `limit` ids from position `offset`."""
    if offset < 0 or limit < 0:
        raise ValidationError("分页参数不能为负数。")
    order = sort_order(sort)
    stmt = (select(Application.id).where(*conditions(session, _filter(filters))).order_by(*order)
            .offset(offset).limit(limit))
    return list(session.execute(stmt).scalars())


def received_years(session: Session) -> list[int]:
    """The years that have applications, newest first (for the year filter)."""
    from sqlalchemy import func

    first, last = session.execute(select(func.min(Application.received_on), func.max(Application.received_on))).one()
    if first is None:
        return []
    return list(range(last.year, first.year - 1, -1))


def count(session: Session, filters: RegisterFilter | dict | None = None) -> int:
    from sqlalchemy import func

    f = filters if isinstance(filters, RegisterFilter) else RegisterFilter.from_dict(filters)
    stmt = select(func.count()).select_from(Application).where(*conditions(session, f))
    return int(session.execute(stmt).scalar_one())


def fetch_rows(session: Session, ids: list[int], *, today: dt.date | None = None) -> list[RowDict]:
    """The display rows of these applications, in the order of `ids` (missing ids are left out)."""
    if not ids:
        return []
    today = today or dt.date.today()
    ids = list(ids)
    stmt = (
        select(
            Application.id, Application.serial, Application.office_id, Office.name.label("office_name"),
            Application.received_on, Application.channel, Application.applicant_kind, Application.applicant_name,
            Application.content, Application.status, Application.outcome, Application.replied_on,
            Application.reply_due, Application.due_provisional,
        )
        .join(Office, Office.id == Application.office_id)
        .where(Application.id.in_(ids))
    )
    rows = {r.id: r for r in session.execute(stmt)}
    waiting_correction = set(session.execute(select(Correction.application_id).where(
        Correction.application_id.in_(ids), Correction.received_on.is_(None))).scalars())
    consulting = set(session.execute(select(Consultation.application_id).where(
        Consultation.application_id.in_(ids), Consultation.ended_on.is_(None))).scalars())
    waiting_fee = set(session.execute(select(FeeNotice.application_id).where(
        FeeNotice.application_id.in_(ids), FeeNotice.paid_on.is_(None))).scalars())
    out = []
    for i in ids:
        r = rows.get(i)
        if r is None:
            continue
        is_open = r.outcome is None
        waiting = []
        if is_open and i in waiting_correction:
            waiting.append("待补正")
        if is_open and i in consulting:
            waiting.append("征求意见中")
        if is_open and i in waiting_fee:
            waiting.append("待缴费")
        overdue = is_open and r.reply_due is not None and r.reply_due < today
        out.append({
            "id": r.id,
            "serial": r.serial,
            "office_id": r.office_id,
            "office_name": r.office_name,
            "received_on": r.received_on,
            "channel": r.channel,
            "channel_label": label(CHANNELS, r.channel),
            "applicant_kind": r.applicant_kind,
            "applicant_kind_label": label(APPLICANT_KINDS, r.applicant_kind),
            "applicant_name": r.applicant_name,
            "content": r.content,
            "status": r.status,
            "status_label": STEP_LABELS.get(r.status, r.status),
            "outcome": r.outcome,
            "outcome_label": label(OUTCOMES, r.outcome),
            "replied_on": r.replied_on,
            "reply_due": r.reply_due,
            "due_provisional": bool(r.due_provisional),
            "is_open": is_open,
            "overdue": overdue,
            "waiting": "、".join(waiting),
        })
    return out

"""Website columns (网站栏目) the office keeps updated at a cadence; overdue ones are flagged."""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass

from sqlalchemy import select

from app.calendar import load_calendar
from app.errors import NotFoundError, ValidationError
from app.ledger.cadence import (
    CADENCES,
    cadence_label,
    column_due,
    column_overdue,
    parse_cadence,
)
from app.ledger.common import optional_text, parse_date, required_text, resolve_office
from app.storage.base import new_uuid
from app.storage.models.ledger import LedgerColumn


@dataclass
class ColumnInfo:
    id: int
    uuid: str
    office_id: int
    name: str
    url: str | None
    cadence: str
    cadence_label: str
    last_updated_on: dt.date | None
    due_on: dt.date | None  # the last day it may go without an update
    overdue: bool
    responsible_unit: str | None
    notes: str | None


def _info(c: LedgerColumn, today: dt.date, calendar) -> ColumnInfo:
    return ColumnInfo(
        id=c.id, uuid=c.uuid, office_id=c.office_id, name=c.name, url=c.url, cadence=c.cadence,
        cadence_label=cadence_label(c.cadence), last_updated_on=c.last_updated_on,
        due_on=column_due(c.cadence, c.last_updated_on, calendar),
        overdue=column_overdue(c.cadence, c.last_updated_on, today, calendar),
        responsible_unit=c.responsible_unit, notes=c.notes,
    )


def validate_column(data: dict, today: dt.date) -> dict:
    try:
        cadence = parse_cadence(data.get("cadence") or "monthly")
    except ValueError:
        raise ValidationError(
            f"无法识别的更新周期“{data.get('cadence')}”。可选：{'、'.join(CADENCES.values())}。") from None
    if cadence == "once":
        raise ValidationError("网站栏目的更新周期不能是“一次性”。")
    last = parse_date(data.get("last_updated_on"), "最近更新日期")
    if last and last > today:
        raise ValidationError("最近更新日期不能晚于今天。")
    return {
        "name": required_text(data.get("name"), "栏目名称", 200),
        "url": optional_text(data.get("url"), "栏目网址", 500),
        "cadence": cadence,
        "last_updated_on": last,
        "responsible_unit": optional_text(data.get("responsible_unit"), "责任单位", 200),
        "notes": optional_text(data.get("notes"), "备注"),
    }


def add_column(session, data: dict, *, office_id: int | None = None, today: dt.date | None = None) -> ColumnInfo:
    """Add a column: name, url, cadence (即时/每日/每周/每旬/每月/每季/每年), last_updated_on, responsible_unit."""
    from app.core import audit

    today = today or dt.date.today()
    column = LedgerColumn(uuid=new_uuid(), office_id=resolve_office(session, office_id), deleted=False,
                          **validate_column(data, today))
    session.add(column)
    audit.record(session, column, "create")
    return _info(column, today, load_calendar(session))


def _load(session, column_id: int) -> LedgerColumn:
    c = session.get(LedgerColumn, column_id)
    if c is None or c.deleted:
        raise NotFoundError(f"网站栏目 {column_id} 不存在或已删除。")
    return c


def update_column(session, column_id: int, data: dict, *, today: dt.date | None = None) -> ColumnInfo:
    from app.core import audit

    today = today or dt.date.today()
    c = _load(session, column_id)
    fields = ("name", "url", "cadence", "last_updated_on", "responsible_unit", "notes")
    current = {k: getattr(c, k) for k in fields}
    current.update({k: v for k, v in data.items() if k in fields})
    for key, value in validate_column(current, today).items():
        setattr(c, key, value)
    audit.record(session, c, "update")
    return _info(c, today, load_calendar(session))


def touch_column(session, column_id: int, updated_on: dt.date | None = None, *,
                 today: dt.date | None = None) -> ColumnInfo:
    """Record that the column was updated on ``updated_on`` (default today); an older date is ignored."""
    today = today or dt.date.today()
    updated_on = parse_date(updated_on, "更新日期") or today
    c = _load(session, column_id)
    if c.last_updated_on and updated_on <= c.last_updated_on:
        return _info(c, today, load_calendar(session))
    return update_column(session, column_id, {"last_updated_on": updated_on}, today=today)


def delete_column(session, column_id: int) -> None:
    from app.core import audit

    c = _load(session, column_id)
    c.deleted = True
    audit.record(session, c, "delete")


def list_columns(session, *, today: dt.date | None = None, office_id: int | None = None,
                 overdue_only: bool = False, text: str | None = None) -> list[ColumnInfo]:
    """Columns by name; overdue derived in Python (an office has tens of columns, not thousands)."""
    today = today or dt.date.today()
    calendar = load_calendar(session)
    stmt = select(LedgerColumn).where(LedgerColumn.deleted.is_(False))
    if office_id is not None:
        stmt = stmt.where(LedgerColumn.office_id == office_id)
    if text:
        stmt = stmt.where(LedgerColumn.name.like(f"%{text.strip()}%"))
    infos = [_info(c, today, calendar) for c in session.scalars(stmt.order_by(LedgerColumn.name, LedgerColumn.id))]
    return [i for i in infos if i.overdue] if overdue_only else infos

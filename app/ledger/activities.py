"""Ledger activity records: proactive publications, 政策解读 (3-working-day rule), 培训, 新闻发布会 …"""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass

from sqlalchemy import and_, func, or_, select

from app.calendar import load_calendar
from app.errors import NotFoundError, ValidationError
from app.ledger.common import (
    ACTIVITY_ALIASES,
    ACTIVITY_KINDS,
    CHANNEL_ALIASES,
    CHANNELS,
    code_from,
    optional_text,
    parse_date,
    parse_int,
    required_text,
    resolve_office,
)
from app.ledger.locks import activity_years, refuse_locked_years
from app.storage.base import new_uuid
from app.storage.models.catalogue import CatalogueEntry
from app.storage.models.ledger import LedgerActivity

# Local 考核 practice named in issue 6: the interpretation (政策解读) of a policy document is published
# within 3 working days of the document. Not a rule of the 条例 itself; kept as one constant.
INTERPRETATION_WORKING_DAYS = 3


@dataclass
class ActivityInfo:
    id: int
    uuid: str
    office_id: int
    kind: str
    kind_label: str
    occurred_on: dt.date | None  # for 政策解读: the day the interpretation was published
    title: str
    channel: str | None
    channel_label: str | None
    quantity: int
    participants: int | None
    document_uuid: str | None
    document_title: str | None
    document_published_on: dt.date | None
    due_on: dt.date | None
    due_provisional: bool
    late: bool  # 政策解读 published after its due day, or still unpublished after it
    notes: str | None


def interpretation_due(document_published_on: dt.date, calendar) -> tuple[dt.date, bool]:
    """(due day, provisional) of a 政策解读: the 3rd working day strictly after the document's publication."""
    due = calendar.add_working_days(document_published_on, INTERPRETATION_WORKING_DAYS)
    provisional = any(calendar.is_provisional(d) for d in {document_published_on, due})
    return due, provisional


def is_late(occurred_on: dt.date | None, due_on: dt.date | None, today: dt.date) -> bool:
    if due_on is None:
        return False
    return occurred_on > due_on if occurred_on else today > due_on


def _info(a: LedgerActivity, today: dt.date) -> ActivityInfo:
    return ActivityInfo(
        id=a.id, uuid=a.uuid, office_id=a.office_id, kind=a.kind, kind_label=ACTIVITY_KINDS.get(a.kind, a.kind),
        occurred_on=a.occurred_on, title=a.title, channel=a.channel,
        channel_label=CHANNELS.get(a.channel) if a.channel else None, quantity=a.quantity,
        participants=a.participants, document_uuid=a.document_uuid, document_title=a.document_title,
        document_published_on=a.document_published_on, due_on=a.due_on, due_provisional=a.due_provisional,
        late=is_late(a.occurred_on, a.due_on, today), notes=a.notes,
    )


def _catalogue_document(session, document_uuid: str) -> tuple[str, dt.date | None] | None:
    """(title, published_on) of a catalogue entry by uuid; None when the catalogue holds no such entry."""
    row = session.execute(
        select(CatalogueEntry.title, CatalogueEntry.published_on).where(CatalogueEntry.uuid == document_uuid)
    ).first()
    return (row[0], row[1]) if row else None


def validate_activity(session, data: dict, calendar) -> dict:
    """Checked column values of an activity from user input (codes or Chinese labels accepted)."""
    kind = code_from(data.get("kind"), ACTIVITY_KINDS, ACTIVITY_ALIASES, "活动类型")
    values = {
        "kind": kind,
        "occurred_on": parse_date(data.get("occurred_on"), "日期", required=kind != "interpretation"),
        "channel": None,
        "quantity": parse_int(data.get("quantity"), "数量", minimum=1, default=1),
        "participants": None,
        "document_uuid": None,
        "document_title": None,
        "document_published_on": None,
        "due_on": None,
        "due_provisional": False,
        "notes": optional_text(data.get("notes"), "备注"),
    }
    if kind == "publication":
        values["channel"] = code_from(data.get("channel") or "website", CHANNELS, CHANNEL_ALIASES, "发布渠道")
    elif data.get("channel"):
        values["channel"] = code_from(data.get("channel"), CHANNELS, CHANNEL_ALIASES, "发布渠道")
    if kind == "training":
        values["participants"] = parse_int(data.get("participants"), "参训人数", minimum=0)
    if kind == "interpretation":
        doc_uuid = optional_text(data.get("document_uuid"), "文件标识", 36)
        doc_title = optional_text(data.get("document_title"), "解读的文件名称", 500)
        published = parse_date(data.get("document_published_on"), "文件公开日期")
        if doc_uuid:
            found = _catalogue_document(session, doc_uuid)
            if found:
                doc_title = doc_title or found[0]
                published = published or found[1]
        if not doc_title:
            raise ValidationError("政策解读请填写所解读的文件名称，或从公开目录中选择文件。")
        if published is None:
            raise ValidationError(f"请填写《{doc_title}》的公开日期，以便计算解读时限。")
        if values["occurred_on"] and values["occurred_on"] < published:
            raise ValidationError("解读发布日期不能早于文件公开日期。")
        values.update(document_uuid=doc_uuid, document_title=doc_title, document_published_on=published)
        values["due_on"], values["due_provisional"] = interpretation_due(published, calendar)
    title = data.get("title") or (f"《{values['document_title']}》政策解读" if kind == "interpretation" else None)
    values["title"] = required_text(title, "标题（内容）", 500)
    return values


def add_activity(session, data: dict, *, office_id: int | None = None, today: dt.date | None = None) -> ActivityInfo:
    """Add an activity record. ``data``: kind (code or label), occurred_on, title, channel (publications),
    quantity (items published in a batch; default 1), participants (培训), document_uuid /
    document_title / document_published_on (政策解读; occurred_on empty = not yet published), notes."""
    from app.core import audit

    values = validate_activity(session, data, load_calendar(session))
    office_id = resolve_office(session, office_id)
    refuse_locked_years(session, office_id, activity_years(values.get("occurred_on"), values.get("due_on")),
                        "其活动记录")
    activity = LedgerActivity(uuid=new_uuid(), office_id=office_id, deleted=False, **values)
    session.add(activity)
    audit.record(session, activity, "create")
    return _info(activity, today or dt.date.today())


def _load(session, activity_id: int) -> LedgerActivity:
    a = session.get(LedgerActivity, activity_id)
    if a is None or a.deleted:
        raise NotFoundError(f"活动记录 {activity_id} 不存在或已删除。")
    return a


EDITABLE = ("kind", "occurred_on", "title", "channel", "quantity", "participants", "document_uuid",
            "document_title", "document_published_on", "notes")


def update_activity(session, activity_id: int, data: dict, *, today: dt.date | None = None) -> ActivityInfo:
    from app.core import audit

    a = _load(session, activity_id)
    current = {k: getattr(a, k) for k in EDITABLE}
    current.update({k: v for k, v in data.items() if k in EDITABLE})
    values = validate_activity(session, current, load_calendar(session))
    if any(getattr(a, key) != value for key, value in values.items()):
        refuse_locked_years(session, a.office_id, activity_years(a.occurred_on, a.due_on)
                            + activity_years(values.get("occurred_on"), values.get("due_on")), "其活动记录")
    for key, value in values.items():
        setattr(a, key, value)
    audit.record(session, a, "update")
    return _info(a, today or dt.date.today())


def publish_interpretation(session, activity_id: int, published_on: dt.date, *,
                           today: dt.date | None = None) -> ActivityInfo:
    """Record the day a pending 政策解读 was published."""
    a = _load(session, activity_id)
    if a.kind != "interpretation":
        raise ValidationError("只有政策解读记录需要登记发布日期。")
    return update_activity(session, activity_id, {"occurred_on": published_on}, today=today)


def delete_activity(session, activity_id: int) -> None:
    from app.core import audit

    a = _load(session, activity_id)
    refuse_locked_years(session, a.office_id, activity_years(a.occurred_on, a.due_on), "其活动记录")
    a.deleted = True
    audit.record(session, a, "delete")


def get_activity(session, activity_id: int, *, today: dt.date | None = None) -> ActivityInfo:
    return _info(_load(session, activity_id), today or dt.date.today())


def activity_filter(*, today: dt.date, office_id: int | None = None, kind: str | None = None,
                    year: int | None = None, text: str | None = None, late: bool = False,
                    pending: bool = False, channel: str | None = None):
    """SQL conditions of the activity list; ``late``: 政策解读 published late or still pending past due."""
    A = LedgerActivity
    conds = [A.deleted.is_(False)]
    if office_id is not None:
        conds.append(A.office_id == office_id)
    if kind:
        conds.append(A.kind == code_from(kind, ACTIVITY_KINDS, ACTIVITY_ALIASES, "活动类型"))
    if channel:
        conds.append(A.channel == code_from(channel, CHANNELS, CHANNEL_ALIASES, "发布渠道"))
    if year is not None:
        # A pending interpretation belongs to the year of its due day.
        first, last = dt.date(year, 1, 1), dt.date(year, 12, 31)
        conds.append(or_(A.occurred_on.between(first, last),
                         and_(A.occurred_on.is_(None), A.due_on.between(first, last))))
    if late:
        conds.append(A.due_on.is_not(None))
        conds.append(or_(A.occurred_on > A.due_on, and_(A.occurred_on.is_(None), A.due_on < today)))
    if pending:
        conds.extend([A.kind == "interpretation", A.occurred_on.is_(None)])
    if text:
        like = f"%{text.strip()}%"
        conds.append(or_(A.title.like(like), A.document_title.like(like), A.notes.like(like)))
    return and_(*conds)


def activity_ids(session, *, today: dt.date | None = None, **filters) -> list[int]:
    """Ordered ids (newest first; pending 政策解读 by due day) of the activities matching the filters."""
    today = today or dt.date.today()
    A = LedgerActivity
    order_day = func.coalesce(A.occurred_on, A.due_on)
    stmt = select(A.id).where(activity_filter(today=today, **filters)).order_by(order_day.desc(), A.id.desc())
    return list(session.scalars(stmt))


def activities_by_ids(session, ids: list[int], *, today: dt.date | None = None) -> list[ActivityInfo]:
    today = today or dt.date.today()
    rows = {a.id: a for a in session.scalars(select(LedgerActivity).where(LedgerActivity.id.in_(ids)))}
    return [_info(rows[i], today) for i in ids if i in rows]


def list_activities(session, *, today: dt.date | None = None, limit: int | None = None,
                    **filters) -> list[ActivityInfo]:
    today = today or dt.date.today()
    ids = activity_ids(session, today=today, **filters)
    return activities_by_ids(session, ids[:limit] if limit else ids, today=today)


def recompute_interpretation_due(session, calendar=None) -> int:
    """Recompute the cached due days of 政策解读 after a calendar change; returns how many moved."""
    from app.core import audit

    calendar = calendar or load_calendar(session)
    moved = 0
    # Plain columns, one due day per publication date: only the activities that move become ORM objects
    # (bench/run.py: loading every 政策解读 as an object cost 2 of the 3 s after a calendar change).
    a = LedgerActivity
    stmt = select(a.id, a.document_published_on, a.due_on, a.due_provisional).where(
        a.kind == "interpretation", a.document_published_on.is_not(None))
    dues: dict[dt.date, tuple[dt.date, bool]] = {}
    for activity_id, published_on, due_on, due_provisional in session.execute(stmt).all():
        if published_on not in dues:
            dues[published_on] = interpretation_due(published_on, calendar)
        due, provisional = dues[published_on]
        if (due, provisional) != (due_on, due_provisional):
            activity = session.get(LedgerActivity, activity_id)
            activity.due_on, activity.due_provisional = due, provisional
            audit.record(session, activity, "recompute")
            moved += 1
    return moved

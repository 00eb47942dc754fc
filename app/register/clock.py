"""The register's link to the deadline engine: compute, store and recompute reply due dates."""

from __future__ import annotations

import datetime as dt
from collections import defaultdict
from collections.abc import Iterable
from dataclasses import dataclass

from sqlalchemy import bindparam, select, update
from sqlalchemy.orm import Session

from app.calendar import load_calendar
from app.core import audit
from app.register.common import Children, load_children
from app.storage.base import utcnow
from app.storage.models.register import (
    Application,
    Consultation,
    Correction,
    Extension,
    FeeNotice,
)


@dataclass
class MovedDeadline:
    application_id: int
    serial: str
    old: dt.date | None
    new: dt.date | None


def clock_input(received_on: dt.date, children: Children, replied_on: dt.date | None = None):
    """The engine's input from the stored records (docs/spec/working-days.md)."""
    from app.domain.deadlines import ClockInput, Pause

    pauses = [Pause(kind=c.party, sent_on=c.sent_on, ended_on=c.ended_on) for c in children.consultations]
    if children.fee is not None:
        # Fee notice to payment does not count where the office applies it (docs/spec/working-days.md section 4.2).
        pauses.append(Pause(kind="fee", sent_on=children.fee.notified_on, ended_on=children.fee.paid_on))
    corr, ext = children.correction, children.extension
    return ClockInput(
        received_on=received_on,
        correction_notified_on=corr.notified_on if corr else None,
        correction_received_on=corr.received_on if corr else None,
        pauses=pauses,
        extension_days=ext.working_days if ext else None,
        extension_approved_on=ext.approved_on if ext else None,
        replied_on=replied_on,
        fee_delivered_on=children.fee.delivered_on if children.fee is not None else None,
    )


def compute_for(session: Session, app: Application, calendar=None, today: dt.date | None = None,
                children: Children | None = None):
    """The engine's DeadlineResult for one application; a closed one is judged against its reply day, not today."""
    from app.domain.deadlines import compute

    if calendar is None:
        calendar = load_calendar(session)
    if children is None:
        children = load_children(session, app.id)
    return compute(clock_input(app.received_on, children, app.replied_on if app.outcome else None), calendar,
                   today or dt.date.today())


def refresh_due(session: Session, app: Application, calendar=None, today: dt.date | None = None) -> None:
    """Recompute and store reply_due, correction_notice_due and due_provisional (caller audits)."""
    result = compute_for(session, app, calendar, today)
    app.reply_due = result.reply_due
    app.correction_notice_due = result.correction_notice_due
    app.due_provisional = bool(result.provisional)


def _open_filter(table, application_ids: list[int] | None):
    cond = table.c.outcome.is_(None)
    if application_ids is not None:
        cond = cond & table.c.id.in_(application_ids)
    return cond


def _clock_keys(session: Session, open_ids) -> dict[int, tuple]:
    """The clock records of the applications selected by ``open_ids`` (a subquery of ids), one set-based
    query per child table: application id → (corr notified, corr received, pauses, ext days, ext approved,
    fee delivered)."""
    corr = {a: (n, r) for a, n, r in session.execute(
        select(Correction.application_id, Correction.notified_on, Correction.received_on)
        .where(Correction.application_id.in_(open_ids)))}
    pauses: dict[int, list] = defaultdict(list)
    for a, party, sent, ended in session.execute(
        select(Consultation.application_id, Consultation.party, Consultation.sent_on, Consultation.ended_on)
        .where(Consultation.application_id.in_(open_ids))
        .order_by(Consultation.application_id, Consultation.sent_on, Consultation.id)
    ):
        pauses[a].append((party, sent, ended))
    delivered = {}
    for a, notified, paid, fee_delivered in session.execute(
        select(FeeNotice.application_id, FeeNotice.notified_on, FeeNotice.paid_on, FeeNotice.delivered_on)
        .where(FeeNotice.application_id.in_(open_ids))):
        # Fee notice to payment does not count where the office applies it (docs/spec/working-days.md section 4.2).
        pauses[a].append(("fee", notified, paid))
        delivered[a] = fee_delivered
    ext = {a: (d, on) for a, d, on in session.execute(
        select(Extension.application_id, Extension.working_days, Extension.approved_on)
        .where(Extension.application_id.in_(open_ids)))}
    out = {}
    for a in corr.keys() | pauses.keys() | ext.keys():
        c, e = corr.get(a, (None, None)), ext.get(a, (None, None))
        out[a] = (c[0], c[1], tuple(pauses.get(a, ())), e[0], e[1], delivered.get(a))
    return out


_NO_CHILDREN = (None, None, (), None, None, None)


def _input_of(received_on: dt.date, key: tuple):
    from app.domain.deadlines import ClockInput, Pause

    corr_notified, corr_received, pauses, ext_days, ext_approved, fee_delivered = key
    return ClockInput(
        received_on=received_on,
        correction_notified_on=corr_notified,
        correction_received_on=corr_received,
        pauses=[Pause(kind=k, sent_on=s, ended_on=e) for k, s, e in pauses],
        extension_days=ext_days,
        extension_approved_on=ext_approved,
        fee_delivered_on=fee_delivered,
    )


_DUE_COLUMNS = ("reply_due", "correction_notice_due", "due_provisional", "updated_at")


def _write_due(session: Session, table, rows: list[tuple]) -> None:
    """One executemany of (reply_due, correction_notice_due, due_provisional, updated_at, id) tuples.

    On SQLite at the driver level with the column types' own bind processors (the values stored are exactly
    what the Core statement would store; SQLAlchemy's per-row parameter handling cost as much as the update
    itself); elsewhere the Core ``update().where(id == bindparam)`` executemany.
    """
    conn = session.connection()
    dialect = conn.dialect
    if dialect.name != "sqlite":
        conn.execute(
            update(table).where(table.c.id == bindparam("b_id")).values(
                {name: bindparam(f"b_{name}") for name in _DUE_COLUMNS}),
            [{**{f"b_{name}": v for name, v in zip(_DUE_COLUMNS, r)}, "b_id": r[-1]} for r in rows],
        )
        return
    processors = [table.c[name].type.dialect_impl(dialect).bind_processor(dialect) or (lambda v: v)
                  for name in _DUE_COLUMNS]
    cache: dict = {}  # few distinct values: the due dates of a few weeks, one timestamp

    def bind(i: int, value):
        if value is None:
            return None
        key = (i, value)
        out = cache.get(key)
        if out is None:
            out = cache[key] = processors[i](value)
        return out

    sql = (f"UPDATE {table.name} SET {', '.join(f'{name} = ?' for name in _DUE_COLUMNS)} "
           f"WHERE {table.c.id.name} = ?")
    conn.connection.cursor().executemany(
        sql, [(bind(0, a), bind(1, b), bind(2, c), bind(3, d), row_id) for a, b, c, d, row_id in rows])


def recompute_deadlines(session: Session, calendar=None, *, today: dt.date | None = None,
                        application_ids: Iterable[int] | None = None, progress=None,
                        batch: int = 2000) -> list[MovedDeadline]:
    """Recompute the due dates of every open application (after a calendar change); return what moved.

    Closed applications keep the due date they were closed with (it shows whether the reply was late).
    Set-based: the open applications and their clock records are read in one query per table, the engine
    runs once per distinct clock (most open applications share one with others received the same day), and
    only the changed rows are written, with one executemany, and audited. The stored due dates do not
    depend on the day of the recompute: `today` is accepted for the callers and not needed.
    """
    from app.domain.deadlines import compute

    if calendar is None:
        calendar = load_calendar(session)
    session.flush()  # the Core statements below must see (and not race) unflushed ORM changes
    table = Application.__table__
    selected = _open_filter(table, None if application_ids is None else list(application_ids))
    rows = session.execute(select(table).where(selected).order_by(table.c.id)).all()
    keys = _clock_keys(session, select(table.c.id).where(selected).scalar_subquery())
    names = list(table.columns.keys())
    col = {n: i for i, n in enumerate(names)}
    i_id, i_serial, i_received = col["id"], col["serial"], col["received_on"]
    i_due, i_cnd, i_prov = col["reply_due"], col["correction_notice_due"], col["due_provisional"]
    results: dict[tuple, tuple] = {}
    moved: list[MovedDeadline] = []
    changed: list[dict] = []
    now = utcnow()
    total = len(rows)
    for start in range(0, total, batch):
        for row in rows[start:start + batch]:
            key = (row[i_received], keys.get(row[i_id], _NO_CHILDREN))
            new = results.get(key)
            if new is None:
                # Only the due dates are stored: no days left, no explanation sentences.
                result = compute(_input_of(row[i_received], key[1]), calendar, explain=False)
                new = results[key] = (result.reply_due, result.correction_notice_due, bool(result.provisional))
            if new != (row[i_due], row[i_cnd], bool(row[i_prov])):
                full = dict(zip(names, row))
                full.update(reply_due=new[0], correction_notice_due=new[1], due_provisional=new[2], updated_at=now)
                changed.append(full)
                if row[i_due] != new[0]:
                    moved.append(MovedDeadline(row[i_id], row[i_serial], row[i_due], new[0]))
        if progress is not None:
            progress.update(min(start + batch, total), total, "正在重算答复期限…")
            if getattr(progress, "cancelled", False):
                from app.errors import Cancelled

                raise Cancelled()
    if changed:
        _write_due(session, table, [(r["reply_due"], r["correction_notice_due"], r["due_provisional"], now, r["id"])
                                    for r in changed])
        audit.record_rows(session, "application", changed, action="update", note="期限重算")
        # ORM objects already in the session must not keep the old due dates.
        session.expire_all()
    return moved

"""The register's link to the deadline engine: compute, store and recompute reply due dates."""

from __future__ import annotations

import datetime as dt
from collections import defaultdict
from collections.abc import Iterable
from dataclasses import dataclass

from sqlalchemy import bindparam, select, update
from sqlalchemy.orm import Session

from app.services import audit
from app.services.register_common import Children, load_children
from app.storage.base import utcnow
from app.storage.models.register import Application, Consultation, Correction, Extension, FeeNotice


@dataclass
class MovedDeadline:
    application_id: int
    serial: str
    old: dt.date | None
    new: dt.date | None


def load_calendar(session: Session):
    from app.services import calendar as calendar_service

    return calendar_service.load_calendar(session)


def clock_input(received_on: dt.date, children: Children):
    """The engine's input from the stored records (contracts.md section 1)."""
    from app.domain.deadlines import ClockInput, Pause

    pauses = [Pause(kind=c.party, sent_on=c.sent_on, ended_on=c.ended_on) for c in children.consultations]
    if children.fee is not None:
        # Fee notice to payment does not count where the office applies it (contracts.md section 1).
        pauses.append(Pause(kind="fee", sent_on=children.fee.notified_on, ended_on=children.fee.paid_on))
    corr, ext = children.correction, children.extension
    return ClockInput(
        received_on=received_on,
        correction_notified_on=corr.notified_on if corr else None,
        correction_received_on=corr.received_on if corr else None,
        pauses=pauses,
        extension_days=ext.working_days if ext else None,
        extension_approved_on=ext.approved_on if ext else None,
    )


def compute_for(session: Session, app: Application, calendar=None, today: dt.date | None = None,
                children: Children | None = None):
    """The engine's DeadlineResult for one application."""
    from app.domain.deadlines import compute

    if calendar is None:
        calendar = load_calendar(session)
    if children is None:
        children = load_children(session, app.id)
    return compute(clock_input(app.received_on, children), calendar, today or dt.date.today())


def refresh_due(session: Session, app: Application, calendar=None, today: dt.date | None = None) -> None:
    """Recompute and store reply_due, correction_notice_due and due_provisional (caller audits)."""
    result = compute_for(session, app, calendar, today)
    app.reply_due = result.reply_due
    app.correction_notice_due = result.correction_notice_due
    app.due_provisional = bool(result.provisional)


def _children_by_app(session: Session, ids: list[int]) -> dict[int, Children]:
    out = {i: Children(None, [], None, None) for i in ids}
    for c in session.execute(select(Correction).where(Correction.application_id.in_(ids))).scalars():
        out[c.application_id].correction = c
    cons = defaultdict(list)
    for c in session.execute(
        select(Consultation).where(Consultation.application_id.in_(ids)).order_by(Consultation.sent_on, Consultation.id)
    ).scalars():
        cons[c.application_id].append(c)
    for app_id, items in cons.items():
        out[app_id].consultations = items
    for e in session.execute(select(Extension).where(Extension.application_id.in_(ids))).scalars():
        out[e.application_id].extension = e
    for f in session.execute(select(FeeNotice).where(FeeNotice.application_id.in_(ids))).scalars():
        out[f.application_id].fee = f
    return out


def recompute_deadlines(session: Session, calendar=None, *, today: dt.date | None = None,
                        application_ids: Iterable[int] | None = None, progress=None,
                        batch: int = 2000) -> list[MovedDeadline]:
    """Recompute the due dates of every open application (after a calendar change); return what moved.

    Closed applications keep the due date they were closed with (it shows whether the reply was late).
    """
    from app.domain.deadlines import compute

    if calendar is None:
        calendar = load_calendar(session)
    today = today or dt.date.today()
    session.flush()  # the Core updates below must not race unflushed ORM changes
    stmt = select(Application.id).where(Application.outcome.is_(None)).order_by(Application.id)
    if application_ids is not None:
        stmt = stmt.where(Application.id.in_(list(application_ids)))
    ids = list(session.execute(stmt).scalars())
    table = Application.__table__
    moved: list[MovedDeadline] = []
    now = utcnow()
    for start in range(0, len(ids), batch):
        chunk = ids[start:start + batch]
        rows = session.execute(select(table).where(table.c.id.in_(chunk))).mappings().all()
        children = _children_by_app(session, chunk)
        changed = []
        for row in rows:
            result = compute(clock_input(row["received_on"], children[row["id"]]), calendar, today)
            new = (result.reply_due, result.correction_notice_due, bool(result.provisional))
            if new != (row["reply_due"], row["correction_notice_due"], bool(row["due_provisional"])):
                full = dict(row)
                full.update(reply_due=new[0], correction_notice_due=new[1], due_provisional=new[2], updated_at=now)
                changed.append(full)
                if row["reply_due"] != new[0]:
                    moved.append(MovedDeadline(row["id"], row["serial"], row["reply_due"], new[0]))
        if changed:
            session.execute(
                update(table).where(table.c.id == bindparam("b_id")).values(
                    reply_due=bindparam("b_reply_due"),
                    correction_notice_due=bindparam("b_cnd"),
                    due_provisional=bindparam("b_prov"),
                    updated_at=bindparam("b_updated"),
                ),
                [{"b_id": r["id"], "b_reply_due": r["reply_due"], "b_cnd": r["correction_notice_due"],
                  "b_prov": r["due_provisional"], "b_updated": now} for r in changed],
            )
            audit.record_rows(session, "application", changed, action="update", note="期限重算")
        session.expire_all()
        if progress is not None:
            progress.update(min(start + batch, len(ids)), len(ids), "正在重算答复期限…")
            if getattr(progress, "cancelled", False):
                from app.errors import Cancelled

                raise Cancelled()
    return moved

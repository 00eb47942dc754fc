"""Registering an application (依申请公开) and reading it back: look-ups, records, the timeline, attachments.

The workflow steps are in workflow.py, the clock in clock.py, serials in serials.py, interchange in
interchange.py and the screen's queries in queries.py; other areas use them through the face, app.register
(docs/area-interfaces.md, "Register").
"""

from __future__ import annotations

import datetime as dt
import re
from dataclasses import dataclass

from sqlalchemy import func, or_, select
from sqlalchemy.orm import Session

from app.core import attachments as core_attachments
from app.core import audit
from app.core.attachments import AttachmentInfo
from app.core.profile import own_office_id
from app.errors import NotFoundError, ValidationError
from app.register.clock import MovedDeadline, recompute_deadlines, refresh_due  # noqa: F401
from app.register.codes import OUTCOMES, STEP_LABELS, label
from app.register.common import (  # noqa: F401
    ApplicationState,
    ScanFile,
    add_event,
    get_application,
    set_document_type,
    state_of,
)
from app.register.serials import next_serial
from app.register.validation import FIELD_LABELS, FIELD_PATHS, validate_fields
from app.storage.base import new_uuid, utcnow
from app.storage.models.core import Office
from app.storage.models.negative_list import ApplicationNegativeItem
from app.storage.models.register import Application, ApplicationEvent


@dataclass
class NewApplication:
    """What the clerk enters when registering an application (条例 art. 29)."""

    received_on: dt.date | str
    channel: str
    applicant_kind: str
    applicant_name: str
    content: str
    applicant_id_number: str | None = None
    # 证件类型, a code of app.domain.identifiers.ID_TYPES; None: the number's shape decides (a person's
    # 居民身份证, an organisation's 统一社会信用代码 or 组织机构代码) and no type is kept.
    applicant_id_type: str | None = None
    applicant_phone: str | None = None
    applicant_address: str | None = None
    applicant_email: str | None = None
    applicant_contact_person: str | None = None
    receipt_note: str | None = None  # how the receipt date was fixed (art. 31)
    requested_form: str | None = None  # 提供形式 (art. 29(三))
    notes: str | None = None
    office_id: int | None = None  # default: the installation's own office
    uuid: str | None = None  # interchange id; a new random one when None


@dataclass
class SimilarApplication:
    id: int
    serial: str
    received_on: dt.date
    content: str
    outcome: str | None
    replied_on: dt.date | None
    similarity: float  # 0..1, character-bigram overlap of the contents
    matched_by: str  # "id_number" | "name"


@dataclass
class TimelineEntry:
    id: int
    at: dt.datetime
    step: str
    step_label: str
    action: str
    action_label: str
    to_step: str | None
    actor: str
    opinion: str | None
    reason: str | None
    approver_name: str | None
    approved_on: dt.date | None
    attachment_id: int | None


ACTION_LABELS = {
    "create": "登记",
    "import": "导入",
    "advance": "办理",
    "send_back": "退回",
    "approve": "负责人审批（线下签批）",
    "correction_notice": "告知补正",
    "correction_received": "收到补正",
    "consultation_start": "征求意见",
    "consultation_end": "收到意见",
    "extension": "延期答复",
    "fee_notice": "收费通知",
    "fee_paid": "缴纳费用",
    "notice_delivered": "文书送达",
    "close": "办结",
    "update": "修改",
}


# -- registering ------------------------------------------------------------------------------------------
def register_application(session: Session, data: NewApplication | dict, *, today: dt.date | None = None
                         ) -> ApplicationState:
    """Register a new application: validate, give it a serial, compute its due dates, audit it."""
    if isinstance(data, dict):
        known = set(NewApplication.__dataclass_fields__)
        data = NewApplication(**{k: v for k, v in data.items() if k in known})
    fields = {k: getattr(data, k) for k in FIELD_PATHS}
    fields["applicant_id_type"] = data.applicant_id_type
    clean, problems = validate_fields(fields, today=today, strict=True)
    if problems:
        labels = {FIELD_PATHS[c]: FIELD_LABELS[c] for c in FIELD_PATHS} | {"applicant.id_type": "证件类型"}
        first = problems[0][1]
        raise ValidationError(
            f"{first}。" if not first.endswith("。") else first,
            details=[f"{labels.get(path, path)}：{msg}" for path, msg in problems],
        )
    office_id = data.office_id or own_office_id(session)
    from app.reports.year_lock import assert_unlocked

    assert_unlocked(session, office_id, clean["received_on"])
    now = utcnow()
    app = Application(
        uuid=data.uuid or new_uuid(),
        office_id=office_id,
        serial=next_serial(session, office_id, clean["received_on"].year),
        status="accept",
        due_provisional=False,
        created_at=now,
        updated_at=now,
        **clean,
    )
    session.add(app)
    refresh_due(session, app, today=today)
    session.flush()
    audit.record(session, app, "create")
    set_document_type(session, app, data.applicant_id_type)
    add_event(session, app, "create")
    return state_of(app)


def get_by_serial(session: Session, serial: str, *, office_id: int | None = None) -> Application:
    """The application with this registration number (own office first when several offices use it)."""
    stmt = select(Application).join(Office, Office.id == Application.office_id).where(Application.serial == serial)
    if office_id is not None:
        stmt = stmt.where(Application.office_id == office_id)
    app = session.execute(stmt.order_by(Office.is_self.desc(), Application.id).limit(1)).scalar_one_or_none()
    if app is None:
        raise NotFoundError(f"没有申请编号为“{serial}”的申请。")
    return app


# -- repeat and excessive applications ------------------------------------------------------------------
def _bigrams(text: str) -> set[str]:
    text = re.sub(r"\s+", "", text or "")
    text = re.sub(r"^(申请)?(公开|提供|获取)?", "", text)
    if len(text) < 2:
        return {text} if text else set()
    return {text[i:i + 2] for i in range(len(text) - 1)}


def content_similarity(a: str, b: str) -> float:
    """Dice coefficient of character bigrams (robust for Chinese without word segmentation)."""
    x, y = _bigrams(a), _bigrams(b)
    if not x or not y:
        return 0.0
    return 2 * len(x & y) / (len(x) + len(y))


def similar_applications(session: Session, applicant: dict, content: str, *, exclude_id: int | None = None,
                         before: dt.date | None = None, min_similarity: float = 0.5, limit: int = 50
                         ) -> list[SimilarApplication]:
    """Earlier applications by the same applicant (ID number or name) whose content is similar.

    Helps the clerk decide on a repeat application (条例 art. 36(六)) or an excessive number of
    applications (art. 35); the decision stays with the clerk."""
    id_number = (applicant.get("id_number") or applicant.get("applicant_id_number") or "").strip().upper()
    name = (applicant.get("name") or applicant.get("applicant_name") or "").strip()
    conditions = []
    if id_number:
        conditions.append(Application.applicant_id_number == id_number)
    if name:
        conditions.append(Application.applicant_name == name)
    if not conditions:
        return []
    stmt = select(Application).where(or_(*conditions))
    if exclude_id is not None:
        stmt = stmt.where(Application.id != exclude_id)
    if before is not None:
        stmt = stmt.where(Application.received_on <= before)
    out = []
    for app in session.execute(stmt.order_by(Application.received_on.desc()).limit(2000)).scalars():
        score = content_similarity(content, app.content)
        if score < min_similarity:
            continue
        matched = "id_number" if id_number and app.applicant_id_number == id_number else "name"
        out.append(SimilarApplication(app.id, app.serial, app.received_on, app.content, app.outcome,
                                      app.replied_on, round(score, 3), matched))
    out.sort(key=lambda s: (-s.similarity, s.received_on), reverse=False)
    return out[:limit]


def applicant_count(session: Session, applicant: dict, *, since: dt.date | None = None) -> int:
    """How many applications the applicant (ID number or name) made since a date (art. 35, fee counting)."""
    id_number = (applicant.get("id_number") or "").strip().upper()
    name = (applicant.get("name") or "").strip()
    cond = Application.applicant_id_number == id_number if id_number else Application.applicant_name == name
    stmt = select(func.count()).select_from(Application).where(cond)
    if since is not None:
        stmt = stmt.where(Application.received_on >= since)
    return int(session.execute(stmt).scalar_one())


# -- records and timeline -----------------------------------------------------------------------------------
def application_record(session: Session, application_id: int) -> dict:
    """The docs/spec/application-records.md record of one application, plus office, status, due dates, legal basis,
    withheld parts and cited negative-list items."""
    from app.register.interchange import record_of

    app = get_application(session, application_id)
    record = record_of(session, app, include_office=True)
    record.update(
        status=app.status,
        status_label=STEP_LABELS.get(app.status, app.status),
        outcome_label=label(OUTCOMES, app.outcome),
        reply_due=app.reply_due.isoformat() if app.reply_due else None,
        due_provisional=bool(app.due_provisional),
        correction_notice_due=app.correction_notice_due.isoformat() if app.correction_notice_due else None,
        legal_basis=app.legal_basis,
        withheld=app.withheld_parts,
        outcome_note=app.outcome_note,
        receipt_note=app.receipt_note,
        requested_form=app.requested_form,
        negative_list_item_ids=_negative_item_ids(session, app.id),
    )
    return record


def _negative_item_ids(session: Session, application_id: int) -> list[int]:
    """Ids of the negative-list items the application's decision cites (the negative list's link table)."""
    link = ApplicationNegativeItem
    return sorted(session.execute(select(link.item_id).where(link.application_id == application_id)).scalars())


def timeline(session: Session, application_id: int) -> list[TimelineEntry]:
    """The application's history, oldest first: steps, opinions, send-backs, outside approvals, clock events."""
    get_application(session, application_id)
    events = session.execute(
        select(ApplicationEvent)
        .where(ApplicationEvent.application_id == application_id)
        .order_by(ApplicationEvent.at, ApplicationEvent.id)
    ).scalars()
    return [
        TimelineEntry(
            id=e.id, at=e.at, step=e.step, step_label=STEP_LABELS.get(e.step, e.step), action=e.action,
            action_label=ACTION_LABELS.get(e.action, e.action), to_step=e.to_step, actor=e.actor,
            opinion=e.opinion, reason=e.reason, approver_name=e.approver_name, approved_on=e.approved_on,
            attachment_id=e.attachment_id,
        )
        for e in events
    ]


# -- attachments ------------------------------------------------------------------------------------------
def attachments(session: Session, application_id: int) -> list[AttachmentInfo]:
    """The files kept with an application, in the order they were added."""
    from app.storage.models.register import Attachment

    get_application(session, application_id)
    return core_attachments.listing(session, Attachment, Attachment.application_id == application_id)


def attachment_bytes(session: Session, attachment_id: int) -> bytes:
    """The content of an attachment, from the database or its file; content changed since it was kept
    (SHA-256 differs) is refused rather than shown as the original."""
    from app.storage.models.register import Attachment

    att = session.get(Attachment, attachment_id)
    if att is None:
        raise NotFoundError(f"附件（编号 {attachment_id}）不存在。")
    return core_attachments.read_content(att)

"""Helpers shared by the register services: loading an application, timeline entries, attachments."""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass

from sqlalchemy import select
from sqlalchemy.orm import Session

from app.core import attachments, audit
from app.domain import dates
from app.errors import ConflictError, NotFoundError, ValidationError
from app.storage.base import utcnow
from app.storage.models.register import (
    ApplicantDocument,
    Application,
    ApplicationEvent,
    Attachment,
    Consultation,
    Correction,
    Extension,
    FeeNotice,
)


@dataclass
class ScanFile:
    """A scanned document handed in by the clerk (e.g. the head's signed approval)."""

    filename: str
    content: bytes | None = None
    path: str | None = None  # kept outside the database instead of `content`
    media_type: str | None = None


@dataclass
class Children:
    """The clock records of one application."""

    correction: Correction | None
    consultations: list[Consultation]
    extension: Extension | None
    fee: FeeNotice | None


def operator(session: Session) -> str:
    return str(session.info.get("operator") or "未知操作员")


def get_application(session: Session, application_id: int) -> Application:
    app = session.get(Application, application_id)
    if app is None:
        raise NotFoundError(f"没有编号为 {application_id} 的申请。")
    return app


def require_open(app: Application) -> None:
    if app.outcome is not None:
        raise ConflictError(f"申请 {app.serial} 已办结，不能再修改办理过程。")


def parse_date(value, field_label: str) -> dt.date:
    """A required date in any form `dates.parse_date` reads; ValidationError naming the field otherwise."""
    return dates.parse_date(value, field_label, required=True)


def clean_text(value) -> str | None:
    if value is None:
        return None
    text = str(value).strip()
    return text or None


def load_children(session: Session, application_id: int) -> Children:
    return Children(
        correction=session.execute(
            select(Correction).where(Correction.application_id == application_id)
        ).scalar_one_or_none(),
        consultations=list(
            session.execute(
                select(Consultation)
                .where(Consultation.application_id == application_id)
                .order_by(Consultation.sent_on, Consultation.id)
            ).scalars()
        ),
        extension=session.execute(
            select(Extension).where(Extension.application_id == application_id)
        ).scalar_one_or_none(),
        fee=session.execute(select(FeeNotice).where(FeeNotice.application_id == application_id)).scalar_one_or_none(),
    )


def document_type(session: Session, application_id: int) -> str | None:
    """The applicant's identity document type kept beside the application (applicant_document), if any."""
    return session.scalar(select(ApplicantDocument.id_type).where(ApplicantDocument.application_id == application_id))


def set_document_type(session: Session, app: Application, id_type: str | None) -> bool:
    """Keep the applicant's document type (证件类型, docs/spec/application-records.md section 3.4) beside the
    application, audited like the other child rows; None removes it. The caller has validated the number
    against the type. Returns whether anything changed."""
    row = session.scalar(select(ApplicantDocument).where(ApplicantDocument.application_id == app.id))
    if row is None:
        if id_type is None:
            return False
        row = ApplicantDocument(application_id=app.id, id_type=id_type)
        session.add(row)
        audit.record(session, row, "create")
        return True
    if id_type == row.id_type:
        return False
    if id_type is None:
        audit.record_delete(session, row)
        session.delete(row)
        session.flush()
        return True
    row.id_type = id_type
    audit.record(session, row, "update")
    return True


def store_attachment(session: Session, application_id: int | None, scan: ScanFile, kind: str = "scan") -> Attachment:
    """Keep a file with the application. The bytes go into the database whether the file was handed in as
    content or by path: the original may be moved or changed, and the one-file backup then holds every scan.
    (Rows written by earlier versions may hold a `path` instead; they are read back with the hash check.)"""
    if scan.content is None and scan.path is None:
        raise ValidationError("扫描件没有内容。")
    filename = (scan.filename or "扫描件").strip()[:255]
    if scan.content is not None:
        data = bytes(scan.content)
    else:
        try:
            with open(scan.path, "rb") as fh:  # type: ignore[arg-type]
                data = fh.read()
        except OSError as exc:
            raise ValidationError(f"无法读取扫描件“{scan.path}”：{exc.strerror or exc}。") from exc
    attachments.check_size(filename, data)
    att = Attachment(
        application_id=application_id,
        kind=kind,
        filename=filename,
        media_type=scan.media_type,
        sha256=attachments.digest(data),
        size=len(data),
        content=data,
        path=None,
        created_at=utcnow(),
    )
    session.add(att)
    audit.record(session, att, "create")
    return att


def add_event(
    session: Session,
    app: Application,
    action: str,
    *,
    to_step: str | None = None,
    opinion: str | None = None,
    reason: str | None = None,
    approver_name: str | None = None,
    approved_on: dt.date | None = None,
    attachment_id: int | None = None,
) -> ApplicationEvent:
    """Append a timeline entry (who = the operator of the unit of work, when = now)."""
    event = ApplicationEvent(
        application_id=app.id,
        step=app.status,
        action=action,
        to_step=to_step,
        actor=operator(session),
        at=utcnow(),
        opinion=clean_text(opinion),
        reason=clean_text(reason),
        approver_name=clean_text(approver_name),
        approved_on=approved_on,
        attachment_id=attachment_id,
    )
    session.add(event)
    audit.record(session, event, "create")
    return event


def touch(session: Session, app: Application, action: str = "update") -> None:
    """Mark the application changed and audit it (recorded even when only an event was added to it)."""
    app.updated_at = utcnow()
    audit.record(session, app, action, touched=True)


@dataclass
class ApplicationState:
    """What a change left behind: enough for the screen to refresh one row."""

    id: int
    serial: str
    status: str
    outcome: str | None
    reply_due: dt.date | None
    due_provisional: bool
    correction_notice_due: dt.date | None
    late_days: int | None = None  # set by closing: working days after the due date of a late reply (逾期答复)


def state_of(app: Application) -> ApplicationState:
    return ApplicationState(
        id=app.id,
        serial=app.serial,
        status=app.status,
        outcome=app.outcome,
        reply_due=app.reply_due,
        due_provisional=bool(app.due_provisional),
        correction_notice_due=app.correction_notice_due,
    )

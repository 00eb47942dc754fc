"""Models of the register area: applications (依申请公开), their timeline, clock events and attachments."""

from __future__ import annotations

import datetime as dt
from decimal import Decimal

from sqlalchemy import (
    Boolean,
    Date,
    DateTime,
    ForeignKey,
    Index,
    Integer,
    LargeBinary,
    Numeric,
    String,
    Text,
    UniqueConstraint,
)
from sqlalchemy.orm import Mapped, mapped_column

from app.storage.base import AttachmentColumns, Base, utcnow


class Application(Base):
    """One request for government information (政府信息公开申请), the register's unit."""

    __tablename__ = "application"
    __table_args__ = (
        UniqueConstraint("office_id", "serial", name="uq_application_office_id_serial"),
        Index("ix_application_office_received", "office_id", "received_on"),
        Index("ix_application_outcome_reply_due", "outcome", "reply_due"),
    )

    id: Mapped[int] = mapped_column(Integer, primary_key=True)
    uuid: Mapped[str] = mapped_column(String(36), unique=True)
    office_id: Mapped[int] = mapped_column(ForeignKey("office.id"))  # indexed with received_on
    serial: Mapped[str] = mapped_column(String(40))
    received_on: Mapped[dt.date] = mapped_column(Date, index=True)
    receipt_note: Mapped[str | None] = mapped_column(Text)  # how the receipt date was fixed (art. 31)
    channel: Mapped[str] = mapped_column(String(20), index=True)
    applicant_kind: Mapped[str] = mapped_column(String(20), index=True)
    applicant_name: Mapped[str] = mapped_column(String(200), index=True)
    applicant_id_number: Mapped[str | None] = mapped_column(String(18), index=True)
    applicant_phone: Mapped[str | None] = mapped_column(String(50))
    applicant_address: Mapped[str | None] = mapped_column(String(300))
    applicant_email: Mapped[str | None] = mapped_column(String(200))
    applicant_contact_person: Mapped[str | None] = mapped_column(String(100))
    content: Mapped[str] = mapped_column(Text)
    requested_form: Mapped[str | None] = mapped_column(String(200))  # 提供形式 (art. 29(三), art. 40)
    status: Mapped[str] = mapped_column(String(20), index=True)  # workflow step, see services.register
    outcome: Mapped[str | None] = mapped_column(String(40))  # indexed with reply_due
    legal_basis: Mapped[str | None] = mapped_column(Text)
    withheld_parts: Mapped[str | None] = mapped_column(Text)  # for partial disclosure (art. 37)
    outcome_note: Mapped[str | None] = mapped_column(Text)
    replied_on: Mapped[dt.date | None] = mapped_column(Date, index=True)
    reply_due: Mapped[dt.date | None] = mapped_column(Date, index=True)  # cached result of the engine
    correction_notice_due: Mapped[dt.date | None] = mapped_column(Date)
    due_provisional: Mapped[bool] = mapped_column(Boolean, default=False)
    notes: Mapped[str | None] = mapped_column(Text)
    created_at: Mapped[dt.datetime] = mapped_column(DateTime, default=utcnow)
    updated_at: Mapped[dt.datetime] = mapped_column(DateTime, default=utcnow, index=True)


class Attachment(AttachmentColumns, Base):
    """A file kept with an application, e.g. the scan of an approval signed on paper."""

    __tablename__ = "attachment"
    __table_args__ = (Index("ix_attachment_sha256", "sha256"),)

    application_id: Mapped[int | None] = mapped_column(ForeignKey("application.id"), index=True)
    kind: Mapped[str] = mapped_column(String(20), default="scan")
    media_type: Mapped[str | None] = mapped_column(String(100))
    # The bytes; None only in rows of earlier versions that name a file at `path` instead.
    content: Mapped[bytes | None] = mapped_column(LargeBinary)  # type: ignore[assignment]  # nullable here only
    path: Mapped[str | None] = mapped_column(String(500))


class ApplicationEvent(Base):
    """One entry of an application's timeline: a workflow step, a clock event, an outside approval."""

    __tablename__ = "application_event"
    __table_args__ = (Index("ix_application_event_application_at", "application_id", "at"),)

    id: Mapped[int] = mapped_column(Integer, primary_key=True)
    application_id: Mapped[int] = mapped_column(ForeignKey("application.id"))
    step: Mapped[str] = mapped_column(String(20))  # the step the application was at
    action: Mapped[str] = mapped_column(String(40))  # advance | send_back | approve | close | …
    to_step: Mapped[str | None] = mapped_column(String(20))
    actor: Mapped[str] = mapped_column(String(100))  # the operator who entered it
    at: Mapped[dt.datetime] = mapped_column(DateTime, default=utcnow)
    opinion: Mapped[str | None] = mapped_column(Text)
    reason: Mapped[str | None] = mapped_column(Text)  # send-back reason
    # Approval given outside the system (on paper): the head's name and date, never the clerk.
    approver_name: Mapped[str | None] = mapped_column(String(100))
    approved_on: Mapped[dt.date | None] = mapped_column(Date)
    attachment_id: Mapped[int | None] = mapped_column(ForeignKey("attachment.id"))


class Correction(Base):
    """补正: the one-time notice asking the applicant to clarify (art. 30)."""

    __tablename__ = "correction"

    id: Mapped[int] = mapped_column(Integer, primary_key=True)
    application_id: Mapped[int] = mapped_column(ForeignKey("application.id"), unique=True)
    notified_on: Mapped[dt.date] = mapped_column(Date)
    received_on: Mapped[dt.date | None] = mapped_column(Date)
    notice_content: Mapped[str | None] = mapped_column(Text)
    # The 补正 period the notice gave (art. 30 "合理的补正期限"), in working days counted from the day after
    # the applicant received the notice (delivered_on); None in records made before it was stored.
    period_days: Mapped[int | None] = mapped_column(Integer)
    delivered_on: Mapped[dt.date | None] = mapped_column(Date)


class Consultation(Base):
    """征求意见 of a third party (art. 32) or a co-producing agency (art. 34)."""

    __tablename__ = "consultation"

    id: Mapped[int] = mapped_column(Integer, primary_key=True)
    application_id: Mapped[int] = mapped_column(ForeignKey("application.id"), index=True)
    party: Mapped[str] = mapped_column(String(20))  # third_party | agency
    party_name: Mapped[str | None] = mapped_column(String(200))
    sent_on: Mapped[dt.date] = mapped_column(Date)
    ended_on: Mapped[dt.date | None] = mapped_column(Date)
    opinion: Mapped[str | None] = mapped_column(Text)


class Extension(Base):
    """延期答复: at most 20 working days, approved by the head of the disclosure office (art. 33)."""

    __tablename__ = "extension"

    id: Mapped[int] = mapped_column(Integer, primary_key=True)
    application_id: Mapped[int] = mapped_column(ForeignKey("application.id"), unique=True)
    approved_on: Mapped[dt.date] = mapped_column(Date)
    working_days: Mapped[int] = mapped_column(Integer)
    approver: Mapped[str | None] = mapped_column(String(100))
    notice: Mapped[str | None] = mapped_column(Text)
    attachment_id: Mapped[int | None] = mapped_column(ForeignKey("attachment.id"))


class FeeNotice(Base):
    """收费通知 of the information-processing fee (art. 42; 国办函〔2020〕109号)."""

    __tablename__ = "fee_notice"

    id: Mapped[int] = mapped_column(Integer, primary_key=True)
    application_id: Mapped[int] = mapped_column(ForeignKey("application.id"), unique=True)
    notified_on: Mapped[dt.date] = mapped_column(Date)
    amount_yuan: Mapped[Decimal] = mapped_column(Numeric(12, 2))
    method: Mapped[str | None] = mapped_column(String(20))  # per_request (按件) | per_page (按量)
    paid_on: Mapped[dt.date | None] = mapped_column(Date)
    # The day the applicant received the notice: the 20 working days to pay run from the next day.
    delivered_on: Mapped[dt.date | None] = mapped_column(Date)


class ApplicantDocument(Base):
    """The type of the applicant's identity document (证件类型: 护照, 港澳居民来往内地通行证 …), kept beside
    the application when it was given (docs/spec/application-records.md section 3.4). Without it the number
    is a 居民身份证号码 (a person) or a 统一社会信用代码 / 组织机构代码 (an organisation), as its shape says."""

    __tablename__ = "applicant_document"

    id: Mapped[int] = mapped_column(Integer, primary_key=True)
    application_id: Mapped[int] = mapped_column(ForeignKey("application.id"), unique=True)
    id_type: Mapped[str] = mapped_column(String(30))

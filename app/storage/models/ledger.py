"""Models of the ledger area: tasks, activity records, website columns, table 二 figures, table 四 cases."""

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
    Numeric,
    String,
    Text,
    UniqueConstraint,
)
from sqlalchemy.orm import Mapped, mapped_column

from app.storage.base import AttachmentColumns, Base, utcnow


class LedgerTask(Base):
    """One occurrence of a task from the year's 工作要点 or a superior notice.

    A recurring task (cadence other than ``once``/``immediate``) is a series: completing an
    occurrence creates the next one with the same ``series_uuid``.
    """

    __tablename__ = "ledger_task"
    __table_args__ = (Index("ix_ledger_task_office_status_due", "office_id", "status", "due_on"),)

    id: Mapped[int] = mapped_column(Integer, primary_key=True)
    uuid: Mapped[str] = mapped_column(String(36), unique=True)
    office_id: Mapped[int] = mapped_column(ForeignKey("office.id"))
    year: Mapped[int] = mapped_column(Integer)
    source_document: Mapped[str] = mapped_column(String(300))
    requirement: Mapped[str] = mapped_column(Text)
    responsible_unit: Mapped[str | None] = mapped_column(String(200))
    responsible_person: Mapped[str | None] = mapped_column(String(100))
    cadence: Mapped[str] = mapped_column(String(20), default="once")
    due_on: Mapped[dt.date | None] = mapped_column(Date)
    due_day: Mapped[int | None] = mapped_column(Integer)  # day-of-month anchor of monthly+ series
    series_uuid: Mapped[str | None] = mapped_column(String(36), index=True)
    status: Mapped[str] = mapped_column(String(20), default="not_started")
    completed_on: Mapped[dt.date | None] = mapped_column(Date)
    completion_note: Mapped[str | None] = mapped_column(Text)
    deleted: Mapped[bool] = mapped_column(Boolean, default=False)
    created_at: Mapped[dt.datetime] = mapped_column(DateTime, default=utcnow)
    updated_at: Mapped[dt.datetime] = mapped_column(DateTime, default=utcnow, onupdate=utcnow)


class LedgerAttachment(AttachmentColumns, Base):
    """Evidence (佐证材料) of a task or an activity: the file bytes and their SHA-256."""

    __tablename__ = "ledger_attachment"
    __table_args__ = (Index("ix_ledger_attachment_sha256", "sha256"),)

    task_id: Mapped[int | None] = mapped_column(ForeignKey("ledger_task.id"), index=True)
    activity_id: Mapped[int | None] = mapped_column(ForeignKey("ledger_activity.id"), index=True)


class LedgerActivity(Base):
    """An activity record counted by 考核 and the annual report (publication, 政策解读, 培训 …)."""

    __tablename__ = "ledger_activity"
    __table_args__ = (
        Index("ix_ledger_activity_office_kind_on", "office_id", "kind", "occurred_on"),
        Index("ix_ledger_activity_kind_due", "kind", "due_on"),
        # A year's totals (annual report, 考核) read only this index (migration 0012).
        Index("ix_ledger_activity_office_occurred", "office_id", "occurred_on", "deleted", "kind", "channel",
              "quantity", "participants"),
    )

    id: Mapped[int] = mapped_column(Integer, primary_key=True)
    uuid: Mapped[str] = mapped_column(String(36), unique=True)
    office_id: Mapped[int] = mapped_column(ForeignKey("office.id"))
    kind: Mapped[str] = mapped_column(String(30))
    occurred_on: Mapped[dt.date | None] = mapped_column(Date)  # None: 政策解读 not yet published
    title: Mapped[str] = mapped_column(String(500))
    channel: Mapped[str | None] = mapped_column(String(20))
    quantity: Mapped[int] = mapped_column(Integer, default=1)
    participants: Mapped[int | None] = mapped_column(Integer)
    document_uuid: Mapped[str | None] = mapped_column(String(36))  # catalogue entry interpreted
    document_title: Mapped[str | None] = mapped_column(String(500))
    document_published_on: Mapped[dt.date | None] = mapped_column(Date)
    due_on: Mapped[dt.date | None] = mapped_column(Date)  # 政策解读: cached due date
    due_provisional: Mapped[bool] = mapped_column(Boolean, default=False)
    notes: Mapped[str | None] = mapped_column(Text)
    deleted: Mapped[bool] = mapped_column(Boolean, default=False)
    created_at: Mapped[dt.datetime] = mapped_column(DateTime, default=utcnow)
    updated_at: Mapped[dt.datetime] = mapped_column(DateTime, default=utcnow, onupdate=utcnow)


class LedgerColumn(Base):
    """A website column (栏目) the office must keep updated at a cadence."""

    __tablename__ = "ledger_column"

    id: Mapped[int] = mapped_column(Integer, primary_key=True)
    uuid: Mapped[str] = mapped_column(String(36), unique=True)
    office_id: Mapped[int] = mapped_column(ForeignKey("office.id"), index=True)
    name: Mapped[str] = mapped_column(String(200))
    url: Mapped[str | None] = mapped_column(String(500))
    cadence: Mapped[str] = mapped_column(String(20))
    last_updated_on: Mapped[dt.date | None] = mapped_column(Date)
    responsible_unit: Mapped[str | None] = mapped_column(String(200))
    notes: Mapped[str | None] = mapped_column(Text)
    deleted: Mapped[bool] = mapped_column(Boolean, default=False)
    created_at: Mapped[dt.datetime] = mapped_column(DateTime, default=utcnow)
    updated_at: Mapped[dt.datetime] = mapped_column(DateTime, default=utcnow, onupdate=utcnow)


class LedgerFigure(Base):
    """One entered number of table 二 for a year (e.g. ``licensing`` = 行政许可 decisions)."""

    __tablename__ = "ledger_figure"
    __table_args__ = (UniqueConstraint("office_id", "year", "key", name="uq_ledger_figure_office_year_key"),)

    id: Mapped[int] = mapped_column(Integer, primary_key=True)
    uuid: Mapped[str] = mapped_column(String(36), unique=True)
    office_id: Mapped[int] = mapped_column(ForeignKey("office.id"))
    year: Mapped[int] = mapped_column(Integer)
    key: Mapped[str] = mapped_column(String(40))
    value: Mapped[Decimal] = mapped_column(Numeric(16, 4))
    note: Mapped[str | None] = mapped_column(Text)
    deleted: Mapped[bool] = mapped_column(Boolean, default=False)
    updated_at: Mapped[dt.datetime] = mapped_column(DateTime, default=utcnow, onupdate=utcnow)


class LedgerCase(Base):
    """A 行政复议 or 行政诉讼 case about disclosure work, counted in table 四."""

    __tablename__ = "ledger_case"
    __table_args__ = (Index("ix_ledger_case_office_filed", "office_id", "filed_on"),)

    id: Mapped[int] = mapped_column(Integer, primary_key=True)
    uuid: Mapped[str] = mapped_column(String(36), unique=True)
    office_id: Mapped[int] = mapped_column(ForeignKey("office.id"))
    kind: Mapped[str] = mapped_column(String(20))  # review | litigation
    route: Mapped[str | None] = mapped_column(String(20))  # litigation: direct | after_review
    case_number: Mapped[str | None] = mapped_column(String(100))
    party: Mapped[str | None] = mapped_column(String(200))  # 申请人 / 原告
    application_serial: Mapped[str | None] = mapped_column(String(50))
    subject: Mapped[str | None] = mapped_column(Text)
    filed_on: Mapped[dt.date] = mapped_column(Date)
    concluded_on: Mapped[dt.date | None] = mapped_column(Date)
    result: Mapped[str | None] = mapped_column(String(20))  # upheld | corrected | other; None: pending
    notes: Mapped[str | None] = mapped_column(Text)
    deleted: Mapped[bool] = mapped_column(Boolean, default=False)
    created_at: Mapped[dt.datetime] = mapped_column(DateTime, default=utcnow)
    updated_at: Mapped[dt.datetime] = mapped_column(DateTime, default=utcnow, onupdate=utcnow)

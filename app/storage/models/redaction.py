"""Models of the redaction area: redaction records (original and redacted copy with their hashes), the
boxes with their grounds, and the privacy scan of catalogue attachments before publication."""

from __future__ import annotations

import datetime as dt
from typing import Any

from sqlalchemy import JSON, DateTime, Float, ForeignKey, Integer, LargeBinary, String, Text
from sqlalchemy.orm import Mapped, mapped_column

from app.storage.base import Base, utcnow


class RedactionRecord(Base):
    """One document made fit to disclose: the original kept unchanged and the redacted copy, both hashed."""

    __tablename__ = "redaction_record"

    id: Mapped[int] = mapped_column(Integer, primary_key=True)
    uuid: Mapped[str] = mapped_column(String(36), unique=True)
    application_id: Mapped[int | None] = mapped_column(ForeignKey("application.id"), index=True)
    catalogue_attachment_id: Mapped[int | None] = mapped_column(ForeignKey("catalogue_attachment.id"), index=True)
    filename: Mapped[str] = mapped_column(String(300))
    original: Mapped[bytes] = mapped_column(LargeBinary)
    original_sha256: Mapped[str] = mapped_column(String(64))
    redacted: Mapped[bytes] = mapped_column(LargeBinary)
    redacted_sha256: Mapped[str] = mapped_column(String(64))
    pages: Mapped[int] = mapped_column(Integer)
    verification: Mapped[str] = mapped_column(String(40))  # text+bytes+ocr | text+bytes
    created_at: Mapped[dt.datetime] = mapped_column(DateTime, default=utcnow)
    created_by: Mapped[str] = mapped_column(String(100))
    note: Mapped[str | None] = mapped_column(Text)


class RedactionBox(Base):
    """One covered region of a record and its ground (a negative-list category or item)."""

    __tablename__ = "redaction_box"

    id: Mapped[int] = mapped_column(Integer, primary_key=True)
    record_id: Mapped[int] = mapped_column(ForeignKey("redaction_record.id"), index=True)
    page: Mapped[int] = mapped_column(Integer)
    x0: Mapped[float] = mapped_column(Float)
    y0: Mapped[float] = mapped_column(Float)
    x1: Mapped[float] = mapped_column(Float)
    y1: Mapped[float] = mapped_column(Float)
    kind: Mapped[str] = mapped_column(String(40))
    row_from: Mapped[int | None] = mapped_column(Integer)
    row_to: Mapped[int | None] = mapped_column(Integer)
    ground: Mapped[str] = mapped_column(String(40))
    item_id: Mapped[int | None] = mapped_column(ForeignKey("negative_item.id"))
    source: Mapped[str] = mapped_column(String(20))  # text | ocr | manual


class PrivacyScan(Base):
    """The privacy scan of one catalogue attachment; findings wait for the clerk in the review queue."""

    __tablename__ = "privacy_scan"

    id: Mapped[int] = mapped_column(Integer, primary_key=True)
    attachment_id: Mapped[int] = mapped_column(ForeignKey("catalogue_attachment.id"), unique=True)
    sha256: Mapped[str] = mapped_column(String(64))
    scanned_at: Mapped[dt.datetime] = mapped_column(DateTime, default=utcnow)
    status: Mapped[str] = mapped_column(String(20), index=True)  # clean | pending | cleared | redacted | failed
    findings: Mapped[list[Any]] = mapped_column(JSON)
    message: Mapped[str | None] = mapped_column(Text)
    resolved_at: Mapped[dt.datetime | None] = mapped_column(DateTime)
    resolved_by: Mapped[str | None] = mapped_column(String(100))

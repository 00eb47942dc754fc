"""Models of the letters area: issued letters (PDF bytes kept as issued) and the office's template overrides."""

from __future__ import annotations

import datetime as dt
from typing import Any

from sqlalchemy import JSON, Date, DateTime, ForeignKey, Integer, LargeBinary, String, Text, UniqueConstraint
from sqlalchemy.orm import Mapped, mapped_column

from app.storage.base import Base, utcnow


class IssuedLetter(Base):
    """A letter as issued: the exact PDF bytes and their hash; a correction is a new version, the old one stays."""

    __tablename__ = "issued_letter"
    __table_args__ = (
        UniqueConstraint("application_id", "kind", "version", name="uq_issued_letter_application_kind_version"),
    )

    id: Mapped[int] = mapped_column(Integer, primary_key=True)
    uuid: Mapped[str] = mapped_column(String(36), unique=True)
    application_id: Mapped[int] = mapped_column(ForeignKey("application.id"), index=True)
    kind: Mapped[str] = mapped_column(String(40))
    outcome: Mapped[str | None] = mapped_column(String(40))
    version: Mapped[int] = mapped_column(Integer, default=1)
    doc_number: Mapped[str | None] = mapped_column(String(80), index=True)
    title: Mapped[str] = mapped_column(String(300))
    letter_date: Mapped[dt.date] = mapped_column(Date)
    pdf: Mapped[bytes] = mapped_column(LargeBinary)
    sha256: Mapped[str] = mapped_column(String(64))
    pages: Mapped[int] = mapped_column(Integer)
    fonts: Mapped[list[str]] = mapped_column(JSON)  # descriptions of the embedded fonts
    fields: Mapped[dict[str, Any]] = mapped_column(JSON)  # the clerk's input used (reasons, parties, dates)
    cited: Mapped[list[str]] = mapped_column(JSON)  # legal-basis keys cited
    issued_at: Mapped[dt.datetime] = mapped_column(DateTime, default=utcnow)
    issued_by: Mapped[str] = mapped_column(String(100))
    supersedes_id: Mapped[int | None] = mapped_column(ForeignKey("issued_letter.id"))
    correction_reason: Mapped[str | None] = mapped_column(Text)


class TemplateOverride(Base):
    """The office's own wording for one template key of a kind (``common/<key>`` for shared wording)."""

    __tablename__ = "letter_template_override"
    __table_args__ = (UniqueConstraint("kind", "key", name="uq_letter_template_override_kind_key"),)

    id: Mapped[int] = mapped_column(Integer, primary_key=True)
    kind: Mapped[str] = mapped_column(String(40))
    key: Mapped[str] = mapped_column(String(100))
    text: Mapped[str] = mapped_column(Text)
    updated_at: Mapped[dt.datetime] = mapped_column(DateTime, default=utcnow)
    updated_by: Mapped[str | None] = mapped_column(String(100))

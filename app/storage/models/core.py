"""Core tables: office profiles, settings, gap-free sequences and the audit trail."""

from __future__ import annotations

import datetime as dt

from sqlalchemy import JSON, Boolean, DateTime, Index, Integer, LargeBinary, String, Text
from sqlalchemy.orm import Mapped, mapped_column

from app.storage.base import Base, utcnow


class Office(Base):
    """An agency's disclosure office: the installation's own (is_self) or one known from packages."""

    __tablename__ = "office"

    id: Mapped[int] = mapped_column(Integer, primary_key=True)
    org_code: Mapped[str] = mapped_column(String(18), unique=True)
    name: Mapped[str] = mapped_column(String(200))
    short_name: Mapped[str | None] = mapped_column(String(100))
    level: Mapped[str] = mapped_column(String(20), default="county")  # app/domain/review_body.py LEVELS
    parent_org_code: Mapped[str | None] = mapped_column(String(18))
    parent_name: Mapped[str | None] = mapped_column(String(200))
    review_agency: Mapped[str | None] = mapped_column(String(200))  # 行政复议机关
    review_agency_reason: Mapped[str | None] = mapped_column(String(500))  # why not the body the rule gives
    court: Mapped[str | None] = mapped_column(String(200))  # 人民法院 with jurisdiction
    doc_prefix: Mapped[str | None] = mapped_column(String(50))  # 机关代字 for 文号
    contact_phone: Mapped[str | None] = mapped_column(String(50))
    contact_address: Mapped[str | None] = mapped_column(String(300))
    postcode: Mapped[str | None] = mapped_column(String(10))
    website: Mapped[str | None] = mapped_column(String(300))
    seal_image: Mapped[bytes | None] = mapped_column(LargeBinary)
    is_self: Mapped[bool] = mapped_column(Boolean, default=False)
    created_at: Mapped[dt.datetime] = mapped_column(DateTime, default=utcnow)


class Setting(Base):
    """A database-wide setting (JSON value), audited like any other change."""

    __tablename__ = "setting"

    key: Mapped[str] = mapped_column(String(100), primary_key=True)
    value: Mapped[object] = mapped_column(JSON, nullable=True)


class Sequence(Base):
    """Gap-free counters: registration numbers, 文号, 索引号 serials."""

    __tablename__ = "sequence"
    __audited__ = False

    key: Mapped[str] = mapped_column(String(100), primary_key=True)
    value: Mapped[int] = mapped_column(Integer, default=0)


class AuditEntry(Base):
    """One append-only, SHA-256 chained entry of the audit trail."""

    __tablename__ = "audit_log"
    __audited__ = False
    __table_args__ = (Index("ix_audit_log_entity_entity_id", "entity", "entity_id"),)

    seq: Mapped[int] = mapped_column(Integer, primary_key=True, autoincrement=False)
    at: Mapped[dt.datetime] = mapped_column(DateTime)
    operator: Mapped[str] = mapped_column(String(100))
    action: Mapped[str] = mapped_column(String(40))
    entity: Mapped[str] = mapped_column(String(60))
    entity_id: Mapped[str] = mapped_column(String(64))
    before: Mapped[str | None] = mapped_column(Text)  # canonical JSON
    after: Mapped[str | None] = mapped_column(Text)  # canonical JSON
    note: Mapped[str | None] = mapped_column(Text)
    prev_hash: Mapped[str] = mapped_column(String(64))
    hash: Mapped[str] = mapped_column(String(64))


class AuditHead(Base):
    """The chain head (one row): locked while appending so concurrent writers serialize."""

    __tablename__ = "audit_head"
    __audited__ = False

    id: Mapped[int] = mapped_column(Integer, primary_key=True)
    seq: Mapped[int] = mapped_column(Integer, default=0)
    hash: Mapped[str] = mapped_column(String(64))


class AuditAnchor(Base):
    """A chain head recorded when it left the database's reach (a package sent, its receipt, a backup, a
    passing check, a sensitive event): `gongkai check` fails when the chain no longer passes through it.
    Also kept outside the database (app.storage.anchors), so deleting these rows is caught too."""

    __tablename__ = "audit_anchor"
    __audited__ = False

    id: Mapped[int] = mapped_column(Integer, primary_key=True)
    seq: Mapped[int] = mapped_column(Integer)
    hash: Mapped[str] = mapped_column(String(64))
    kind: Mapped[str] = mapped_column(String(20))  # package | receipt | backup | check | event | repair
    ref: Mapped[str | None] = mapped_column(String(200))  # package id, backup file name …
    made_at: Mapped[dt.datetime] = mapped_column(DateTime, default=utcnow)

"""Models of the packages area: own key, trusted keys, outgoing queue, incoming packages, streams, conflicts, the
platform inbox (fetched packages, online applications)."""

from __future__ import annotations

import datetime as dt
from typing import Any

from sqlalchemy import JSON, Boolean, Date, DateTime, ForeignKey, Integer, LargeBinary, String, Text, UniqueConstraint
from sqlalchemy.orm import Mapped, mapped_column

from app.storage.base import Base, utcnow


class PackageKey(Base):
    """The installation's own Ed25519 key pair; the private half is an encrypted file in the data dir."""

    __tablename__ = "package_key"

    id: Mapped[int] = mapped_column(Integer, primary_key=True)
    key_id: Mapped[str] = mapped_column(String(32), unique=True)
    public_pem: Mapped[str] = mapped_column(Text)
    fingerprint: Mapped[str] = mapped_column(String(100))
    file_name: Mapped[str] = mapped_column(String(200))  # under data_dir()/keys
    protection: Mapped[str] = mapped_column(String(20))  # machine | passphrase
    active: Mapped[bool] = mapped_column(Boolean, default=True)
    created_at: Mapped[dt.datetime] = mapped_column(DateTime, default=utcnow)


class TrustedKey(Base):
    """A sender's public key, registered by the clerk after comparing the fingerprint by phone."""

    __tablename__ = "trusted_key"

    id: Mapped[int] = mapped_column(Integer, primary_key=True)
    org_code: Mapped[str] = mapped_column(String(40), unique=True)  # an org code or "province"
    org_name: Mapped[str | None] = mapped_column(String(200))
    key_id: Mapped[str] = mapped_column(String(32))
    public_pem: Mapped[str] = mapped_column(Text)
    fingerprint: Mapped[str] = mapped_column(String(100))
    added_by: Mapped[str | None] = mapped_column(String(100))
    added_at: Mapped[dt.datetime] = mapped_column(DateTime, default=utcnow)


class OutgoingPackage(Base):
    """A package made here. Its id and bytes are fixed when it is made, so a retry resends the same package."""

    __tablename__ = "outgoing_package"
    __table_args__ = (UniqueConstraint("recipient", "sequence", name="uq_outgoing_package_recipient"),)

    id: Mapped[int] = mapped_column(Integer, primary_key=True)
    package_id: Mapped[str] = mapped_column(String(36), unique=True)
    recipient: Mapped[str] = mapped_column(String(40))
    sequence: Mapped[int] = mapped_column(Integer)
    kind: Mapped[str] = mapped_column(String(20))  # full | incremental
    transport: Mapped[str] = mapped_column(String(10))  # http | file
    content: Mapped[bytes | None] = mapped_column(LargeBinary)  # the package bytes (http queue)
    path: Mapped[str | None] = mapped_column(String(500))  # where a file export was written
    sha256: Mapped[str] = mapped_column(String(64))
    size: Mapped[int] = mapped_column(Integer)
    records: Mapped[int] = mapped_column(Integer, default=0)
    data_since: Mapped[dt.datetime | None] = mapped_column(DateTime)  # incremental: changes after this
    data_until: Mapped[dt.datetime] = mapped_column(DateTime)  # the snapshot time of the data
    state: Mapped[str] = mapped_column(String(20))  # queued | sent | accepted | duplicate | rejected
    attempts: Mapped[int] = mapped_column(Integer, default=0)
    next_attempt_at: Mapped[dt.datetime | None] = mapped_column(DateTime)
    last_error: Mapped[str | None] = mapped_column(Text)
    receipt: Mapped[dict[str, Any] | None] = mapped_column(JSON)
    created_at: Mapped[dt.datetime] = mapped_column(DateTime, default=utcnow)
    acknowledged_at: Mapped[dt.datetime | None] = mapped_column(DateTime)


class IncomingPackage(Base):
    """A verified package received here: applied, held for a sequence gap, or refused."""

    __tablename__ = "incoming_package"

    id: Mapped[int] = mapped_column(Integer, primary_key=True)
    package_id: Mapped[str | None] = mapped_column(String(36), unique=True)
    sender: Mapped[str | None] = mapped_column(String(40))
    sender_name: Mapped[str | None] = mapped_column(String(200))
    sequence: Mapped[int | None] = mapped_column(Integer)
    kind: Mapped[str | None] = mapped_column(String(20))
    state: Mapped[str] = mapped_column(String(20))  # applied | held | rejected
    sha256: Mapped[str] = mapped_column(String(64))
    file_name: Mapped[str | None] = mapped_column(String(300))
    content: Mapped[bytes | None] = mapped_column(LargeBinary)  # kept while held
    package_created_at: Mapped[str | None] = mapped_column(String(40))
    received_at: Mapped[dt.datetime] = mapped_column(DateTime, default=utcnow)
    applied_at: Mapped[dt.datetime | None] = mapped_column(DateTime)
    summary: Mapped[dict[str, Any] | None] = mapped_column(JSON)
    error: Mapped[str | None] = mapped_column(Text)


class StreamPosition(Base):
    """Where a sender→recipient stream stands, seen from here (direction out: we send; in: we receive)."""

    __tablename__ = "stream_position"
    __table_args__ = (UniqueConstraint("direction", "peer", name="uq_stream_position_direction"),)

    id: Mapped[int] = mapped_column(Integer, primary_key=True)
    direction: Mapped[str] = mapped_column(String(3))  # out | in
    peer: Mapped[str] = mapped_column(String(40))  # recipient (out) or sender (in)
    last_sequence: Mapped[int] = mapped_column(Integer, default=0)
    # out: the last package the destination acknowledged and the snapshot time of its data
    acknowledged_package: Mapped[str | None] = mapped_column(String(36))
    acknowledged_until: Mapped[dt.datetime | None] = mapped_column(DateTime)
    # in: when the last package was applied here (local clock) and when the sender made it (sender clock)
    applied_at: Mapped[dt.datetime | None] = mapped_column(DateTime)
    sender_created_at: Mapped[dt.datetime | None] = mapped_column(DateTime)


class PackageConflict(Base):
    """A record edited here and at the sender since the last exchange: kept aside for the clerk."""

    __tablename__ = "package_conflict"

    id: Mapped[int] = mapped_column(Integer, primary_key=True)
    entity: Mapped[str] = mapped_column(String(40))  # data file stem: applications, catalogue, ...
    record_id: Mapped[str] = mapped_column(String(36))
    package_id: Mapped[str] = mapped_column(String(36))
    sender: Mapped[str] = mapped_column(String(40))
    local_version: Mapped[dict[str, Any] | None] = mapped_column(JSON)
    incoming_version: Mapped[dict[str, Any]] = mapped_column(JSON)
    state: Mapped[str] = mapped_column(String(20), default="open")  # open | kept_local | took_incoming
    detected_at: Mapped[dt.datetime] = mapped_column(DateTime, default=utcnow)
    settled_at: Mapped[dt.datetime | None] = mapped_column(DateTime)
    settled_by: Mapped[str | None] = mapped_column(String(100))


class TrustedKeyOffice(Base):
    """An office a trusted sender may carry records of, besides its own (a county's townships and
    departments). Registered by the clerk (gongkai keys allow); a record of any other office refuses the
    whole package."""

    __tablename__ = "trusted_key_office"
    __table_args__ = (UniqueConstraint("sender", "office_code", name="uq_trusted_key_office_sender"),)

    id: Mapped[int] = mapped_column(Integer, primary_key=True)
    sender: Mapped[str] = mapped_column(String(40))  # trusted_key.org_code
    office_code: Mapped[str] = mapped_column(String(40))
    office_name: Mapped[str | None] = mapped_column(String(200))
    added_by: Mapped[str | None] = mapped_column(String(100))
    added_at: Mapped[dt.datetime] = mapped_column(DateTime, default=utcnow)


class InboxPackage(Base):
    """A package fetched from the platform's inbox (docs/spec/packages.md section 5) and whether it was
    acknowledged. The package itself goes through the importer (incoming_package)."""

    __tablename__ = "inbox_package"

    id: Mapped[int] = mapped_column(Integer, primary_key=True)
    package_id: Mapped[str] = mapped_column(String(36), unique=True)
    sha256: Mapped[str] = mapped_column(String(64))
    fetched_at: Mapped[dt.datetime] = mapped_column(DateTime, default=utcnow)
    state: Mapped[str] = mapped_column(String(20))  # applied | held | duplicate | refused
    error: Mapped[str | None] = mapped_column(Text)
    acknowledged_at: Mapped[dt.datetime | None] = mapped_column(DateTime)


class OnlineApplication(Base):
    """An application submitted on the platform and registered here: its platform number, when it was
    submitted, the receipt date fixed from it (条例 art. 31) and whether the serial was acknowledged."""

    __tablename__ = "online_application"

    id: Mapped[int] = mapped_column(Integer, primary_key=True)
    platform_ref: Mapped[str] = mapped_column(String(100), unique=True)
    application_id: Mapped[int] = mapped_column(ForeignKey("application.id"), index=True)
    package_id: Mapped[str] = mapped_column(String(36))
    submitted_at: Mapped[dt.datetime] = mapped_column(DateTime)  # naive UTC
    submitted_text: Mapped[str] = mapped_column(String(40))  # as the platform sent it, with its offset
    received_on: Mapped[dt.date] = mapped_column(Date)
    serial: Mapped[str] = mapped_column(String(60))
    registered_at: Mapped[dt.datetime] = mapped_column(DateTime, default=utcnow)
    acknowledged_at: Mapped[dt.datetime | None] = mapped_column(DateTime)


class TemplateRelease(Base):
    """A letter wording or legal-basis text released by the platform, kept as a version. It replaces the
    office's wording only where the office had none of its own (or still had the platform's previous
    text); otherwise it waits (state `pending`) until the clerk takes it or keeps the office's own."""

    __tablename__ = "template_release"

    id: Mapped[int] = mapped_column(Integer, primary_key=True)
    kind: Mapped[str] = mapped_column(String(40))
    key: Mapped[str] = mapped_column(String(100))
    text: Mapped[str | None] = mapped_column(Text)  # None: the platform withdrew its wording
    package_id: Mapped[str] = mapped_column(String(36))
    released_at: Mapped[str] = mapped_column(String(40))  # the record's updated_at, as sent
    received_at: Mapped[dt.datetime] = mapped_column(DateTime, default=utcnow)
    state: Mapped[str] = mapped_column(String(20))  # applied | pending | taken | kept_own | superseded
    settled_by: Mapped[str | None] = mapped_column(String(100))
    settled_at: Mapped[dt.datetime | None] = mapped_column(DateTime)


class RelayPackage(Base):
    """A platform package addressed to a township that has no link of its own, fetched by the county (the
    hub) to be passed on by file; the platform's signed bytes travel unchanged."""

    __tablename__ = "relay_package"

    id: Mapped[int] = mapped_column(Integer, primary_key=True)
    package_id: Mapped[str] = mapped_column(String(36), unique=True)
    recipient: Mapped[str] = mapped_column(String(40), index=True)
    sequence: Mapped[int] = mapped_column(Integer)
    content: Mapped[bytes] = mapped_column(LargeBinary)
    sha256: Mapped[str] = mapped_column(String(64))
    summary: Mapped[str] = mapped_column(Text)
    fetched_at: Mapped[dt.datetime] = mapped_column(DateTime, default=utcnow)
    handed_over_at: Mapped[dt.datetime | None] = mapped_column(DateTime)
    acknowledged_at: Mapped[dt.datetime | None] = mapped_column(DateTime)

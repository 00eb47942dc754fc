"""Packages service: own key and trusted keys, export and queue, import, conflicts, lists for the screen."""

from __future__ import annotations

import datetime as dt
import hashlib
from dataclasses import dataclass
from pathlib import Path

from sqlalchemy import func, select
from sqlalchemy.orm import Session

from app.core import anchors, audit, profile, settings
from app.domain.identifiers import org_code_problem
from app.errors import NotFoundError, ValidationError
from app.packages import keys
from app.packages.archive import DEFAULT_LIMITS, Limits
from app.packages.export import build_package, new_manifest
from app.packages.importer import PROVINCE, ImportOutcome, accept_gap, import_package  # noqa: F401 (re-exported)
from app.storage.base import utcnow
from app.storage.models.packages import (
    IncomingPackage,
    OutgoingPackage,
    PackageConflict,
    PackageKey,
    StreamPosition,
    TrustedKey,
)

FULL_RECORDS_SETTING = "packages.full_record_destinations"  # destinations receiving unmasked applications
OVERLAP = dt.timedelta(seconds=1)  # incremental exports overlap the last one by a second: nothing falls between


# -- keys -------------------------------------------------------------------------------------------------------
@dataclass
class KeyInfo:
    key_id: str
    fingerprint: str
    pem: str
    created_at: dt.datetime
    protection: str


@dataclass
class TrustedKeyInfo:
    id: int
    org_code: str
    org_name: str | None
    key_id: str
    fingerprint: str
    added_by: str | None
    added_at: dt.datetime


def _active_key(session: Session) -> PackageKey | None:
    return session.execute(select(PackageKey).where(PackageKey.active.is_(True))
                           .order_by(PackageKey.id.desc()).limit(1)).scalar_one_or_none()


def ensure_own_key(session: Session) -> KeyInfo:
    """The installation's key pair, created on first use (issue 8 item 1)."""
    row = _active_key(session)
    if row is None:
        info, file_name, protection = keys.create_key_file()
        row = PackageKey(key_id=info.key_id, public_pem=info.pem, fingerprint=info.fingerprint, file_name=file_name,
                         protection=protection, active=True, created_at=utcnow())
        session.add(row)
        audit.record(session, row, "create", note="生成本机签名密钥")
    return KeyInfo(row.key_id, row.fingerprint, row.public_pem, row.created_at, row.protection)


def own_key_info(session: Session) -> KeyInfo | None:
    row = _active_key(session)
    return None if row is None else KeyInfo(row.key_id, row.fingerprint, row.public_pem, row.created_at, row.protection)


def signing_key(session: Session):
    """The own office's active key and its private key, for signing a package."""
    info = ensure_own_key(session)
    row = _active_key(session)
    return info, keys.load_private(row.file_name, row.protection, row.key_id)


def trust_key(session: Session, pem_text: str | bytes, org_code: str, org_name: str | None = None) -> TrustedKeyInfo:
    """Register (or replace) the public key of a sender: an office's org code, or "province"."""
    org_code = (org_code or "").strip()
    if org_code != PROVINCE:
        problem = org_code_problem(org_code)
        if problem:
            raise ValidationError(f"机关代码“{org_code}”无效：{problem}。")
        if org_code == profile.own_office_row(session).org_code:
            raise ValidationError("不能把本机关自己登记为可信发送方。")
    public = keys.load_public_pem(pem_text)
    info = keys.describe(public)
    row = session.execute(select(TrustedKey).where(TrustedKey.org_code == org_code)).scalar_one_or_none()
    operator = session.info.get("operator")
    if row is None:
        row = TrustedKey(org_code=org_code, org_name=org_name, key_id=info.key_id, public_pem=info.pem,
                         fingerprint=info.fingerprint, added_by=operator, added_at=utcnow())
        session.add(row)
        audit.record(session, row, "create", note="登记可信公钥")
    else:
        row.key_id, row.public_pem, row.fingerprint = info.key_id, info.pem, info.fingerprint
        row.org_name = org_name or row.org_name
        row.added_by, row.added_at = operator, utcnow()
        audit.record(session, row, "update", note="更换可信公钥")
    return _trusted_info(row)


def _trusted_info(row: TrustedKey) -> TrustedKeyInfo:
    return TrustedKeyInfo(row.id, row.org_code, row.org_name, row.key_id, row.fingerprint, row.added_by, row.added_at)


def list_trusted(session: Session) -> list[TrustedKeyInfo]:
    return [_trusted_info(r) for r in session.execute(select(TrustedKey).order_by(TrustedKey.org_code)).scalars()]


def remove_trusted(session: Session, trusted_id: int) -> None:
    row = session.get(TrustedKey, trusted_id)
    if row is None:
        raise NotFoundError("没有这个可信公钥。")
    audit.record_delete(session, row, note="撤销可信公钥")
    session.delete(row)


# -- export -------------------------------------------------------------------------------------------------------
@dataclass
class OutgoingInfo:
    id: int
    package_id: str
    recipient: str
    sequence: int
    kind: str
    transport: str
    state: str
    records: int
    size: int
    sha256: str
    attempts: int
    next_attempt_at: dt.datetime | None
    last_error: str | None
    receipt: dict | None
    created_at: dt.datetime
    path: str | None
    counts: dict | None = None


def _outgoing_info(row: OutgoingPackage, counts: dict | None = None) -> OutgoingInfo:
    return OutgoingInfo(row.id, row.package_id, row.recipient, row.sequence, row.kind, row.transport, row.state,
                        row.records, row.size, row.sha256, row.attempts, row.next_attempt_at, row.last_error,
                        row.receipt, row.created_at, row.path, counts)


def check_destination(session: Session, to: str) -> str:
    to = (to or "").strip()
    if to == PROVINCE:
        return to
    problem = org_code_problem(to)
    if problem:
        raise ValidationError(f"接收方应为 province 或机关的统一社会信用代码；“{to}”无效：{problem}。")
    if to == profile.own_office_row(session).org_code:
        raise ValidationError("不能给本机关自己生成数据包。")
    return to


def full_record_destinations(session: Session) -> list[str]:
    return settings.get_setting(session, FULL_RECORDS_SETTING)


def receives_full_records(session: Session, to: str) -> bool:
    """Township → county packages carry full records; the province only when configured (contracts §4)."""
    return to != PROVINCE or PROVINCE in full_record_destinations(session)


def _out_stream(session: Session, to: str) -> StreamPosition:
    row = session.execute(select(StreamPosition).where(StreamPosition.direction == "out",
                                                       StreamPosition.peer == to)).scalar_one_or_none()
    if row is None:
        row = StreamPosition(direction="out", peer=to, last_sequence=0)
        session.add(row)
        session.flush()
    return row


def make_package(session: Session, *, to: str, full: bool = False, out_path: str | Path | None = None,
                 progress=None, areas=None) -> OutgoingInfo:
    """Build the next package of the stream to `to`; written to `out_path` (USB, state "sent") or kept in
    the queue for HTTP (state "queued"). Incremental since the last acknowledged package unless `full`."""
    to = check_destination(session, to)
    own = profile.own_office_row(session)
    key, private = signing_key(session)
    stream = _out_stream(session, to)
    since = None if full or stream.acknowledged_until is None else stream.acknowledged_until - OVERLAP
    now = utcnow()
    manifest = new_manifest(sender_code=own.org_code, sender_name=own.name, key_id=key.key_id, recipient=to,
                            sequence=stream.last_sequence + 1, kind="incremental" if since else "full",
                            created_at=now, audit_head=audit.chain_head(session))
    kw = {} if areas is None else {"areas": areas}
    built = build_package(session, manifest=manifest, private_key=private, since=since,
                          full_records=receives_full_records(session, to), out_path=out_path, progress=progress,
                          **kw)
    row = OutgoingPackage(package_id=manifest.package_id, recipient=to, sequence=manifest.sequence,
                          kind=manifest.kind, transport="file" if out_path else "http", content=built.data,
                          path=str(built.path) if built.path else None, sha256=built.sha256, size=built.size,
                          records=built.records, data_since=since, data_until=now,
                          state="sent" if out_path else "queued", attempts=0, created_at=now)
    session.add(row)
    stream.last_sequence = manifest.sequence
    if out_path:
        # Carried by hand: no receipt comes back, so the next incremental package starts from this one.
        stream.acknowledged_package, stream.acknowledged_until = manifest.package_id, now
    audit.record(session, row, "create", note="生成数据包")
    audit.record(session, stream, "update")
    if manifest.audit_head:  # the head signed into the package: the chain must keep passing through it
        anchors.add(session, "package", manifest.package_id,
                    (manifest.audit_head["seq"], manifest.audit_head["hash"]))
    return _outgoing_info(row, built.counts)


def export_package(session: Session, *, to: str, out_path: str | Path, full: bool = False,
                   progress=None) -> OutgoingInfo:
    """`gongkai package export`: a signed package written to a file."""
    return make_package(session, to=to, full=full, out_path=out_path, progress=progress)


def queue_package(session: Session, *, to: str = PROVINCE, full: bool = False, progress=None) -> OutgoingInfo:
    """A package for HTTP: id and bytes fixed now, sent (and resent) by sync."""
    return make_package(session, to=to, full=full, progress=progress)


def pending_count(session: Session, to: str = PROVINCE) -> int:
    return session.execute(select(func.count()).select_from(OutgoingPackage).where(
        OutgoingPackage.recipient == to, OutgoingPackage.state == "queued")).scalar_one()


def requeue(session: Session, outgoing_id: int) -> OutgoingInfo:
    """Send a queued package at the next sync without waiting for its backoff."""
    row = session.get(OutgoingPackage, outgoing_id)
    if row is None or row.state != "queued":
        raise ValidationError("只有排队中的数据包可以立即重试。")
    row.next_attempt_at = None
    audit.record(session, row, "update", note="立即重试")
    return _outgoing_info(row)


# -- import ---------------------------------------------------------------------------------------------------
def import_file(session: Session, path: str | Path, *, accept_gap_now: bool = False,
                limits: Limits = DEFAULT_LIMITS, progress=None) -> ImportOutcome:
    """`gongkai package import F [--accept-gap]`."""
    return import_package(session, path, accept_gap=accept_gap_now, limits=limits, progress=progress)


def note_rejected_file(session: Session, path: str | Path, error: str) -> None:
    """note_rejection for a file: its SHA-256 streamed (a refused file may be gigabytes; it is never read
    whole into memory)."""
    sha = hashlib.sha256()
    try:
        with open(path, "rb") as fh:
            while block := fh.read(1 << 20):
                sha.update(block)
        digest = sha.hexdigest()
    except OSError:
        digest = hashlib.sha256(b"").hexdigest()
    note_rejection(session, data=None, file_name=Path(path).name, error=error, sha256=digest)


def note_rejection(session: Session, *, data: bytes | None, file_name: str | None, error: str,
                   sha256: str | None = None) -> None:
    """Keep a refused package in the history (called in a new unit of work after the refusal)."""
    row = IncomingPackage(state="rejected", sha256=sha256 or hashlib.sha256(data or b"").hexdigest(),
                          file_name=(file_name or "")[:300] or None, received_at=utcnow(), error=error[:2000])
    session.add(row)
    audit.record(session, row, "create", note="拒绝导入数据包")


@dataclass
class IncomingInfo:
    id: int
    package_id: str | None
    sender: str | None
    sender_name: str | None
    sequence: int | None
    kind: str | None
    state: str
    file_name: str | None
    received_at: dt.datetime
    applied_at: dt.datetime | None
    summary: dict | None
    error: str | None


def list_incoming(session: Session, *, state: str | None = None, limit: int = 500) -> list[IncomingInfo]:
    stmt = select(IncomingPackage).order_by(IncomingPackage.id.desc()).limit(limit)
    if state:
        stmt = stmt.where(IncomingPackage.state == state)
    return [IncomingInfo(r.id, r.package_id, r.sender, r.sender_name, r.sequence, r.kind, r.state, r.file_name,
                         r.received_at, r.applied_at, r.summary, r.error) for r in session.execute(stmt).scalars()]


def list_outgoing(session: Session, *, limit: int = 500) -> list[OutgoingInfo]:
    stmt = select(OutgoingPackage).order_by(OutgoingPackage.id.desc()).limit(limit)
    return [_outgoing_info(r) for r in session.execute(stmt).scalars()]


# -- conflicts ----------------------------------------------------------------------------------------------------
@dataclass
class ConflictInfo:
    id: int
    entity: str
    record_id: str
    sender: str
    package_id: str
    state: str
    local_version: dict | None
    incoming_version: dict
    detected_at: dt.datetime
    settled_at: dt.datetime | None
    settled_by: str | None


def list_conflicts(session: Session, *, open_only: bool = True) -> list[ConflictInfo]:
    stmt = select(PackageConflict).order_by(PackageConflict.id)
    if open_only:
        stmt = stmt.where(PackageConflict.state == "open")
    return [_conflict_info(c) for c in session.execute(stmt).scalars()]


def _conflict_info(c: PackageConflict) -> ConflictInfo:
    return ConflictInfo(c.id, c.entity, c.record_id, c.sender, c.package_id, c.state, c.local_version,
                        c.incoming_version, c.detected_at, c.settled_at, c.settled_by)


def settle_conflict(session: Session, conflict_id: int, choice: str) -> ConflictInfo:
    """The clerk keeps the local version or takes the incoming one (applied now, as the newest change)."""
    from app.packages.areas import apply
    from app.storage.models.core import Office

    if choice not in ("kept_local", "took_incoming"):
        raise ValidationError("处理方式应为“保留本机版本”或“采用来件版本”。")
    c = session.get(PackageConflict, conflict_id)
    if c is None:
        raise NotFoundError("没有这条冲突记录。")
    if c.state != "open":
        raise ValidationError("这条冲突已经处理过了。")
    if choice == "took_incoming":
        rec = dict(c.incoming_version)
        rec["updated_at"] = utcnow().isoformat()
        rec.setdefault("deleted", False)
        sender_office = session.execute(select(Office.id).where(Office.org_code == c.sender)).scalar_one_or_none()
        apply(session, c.entity, [rec], sender_office_id=sender_office, from_province=c.sender == PROVINCE,
              attachment=lambda sha: None)
    c.state, c.settled_at, c.settled_by = choice, utcnow(), session.info.get("operator")
    audit.record(session, c, "update", note="处理数据冲突")
    return _conflict_info(c)

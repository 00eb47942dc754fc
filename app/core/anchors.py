"""Anchors of the audit trail: heads noted when they left the database's reach, checked by `gongkai check`.

Noted: the head signed into every package (`add(session, "package", package_id, head)`), the head when a
receipt comes back, when a sensitive event is recorded (app.core.audit.record_event: a view of unmasked
personal data, a failed unlock, a restore) and when a check passes; backups note their own head
(app.storage.backup). Each anchor is kept twice: in the database (`audit_anchor`, so every PC sharing a
PostgreSQL database checks it) and, once the unit of work commits, in the anchor file outside the data
folder (app.storage.anchors). `problem(session)` fails when the chain no longer passes through an anchor:
an entry rewritten (even with the whole chain recomputed) or the entries after it deleted.
"""

from __future__ import annotations

import logging
from pathlib import Path

from sqlalchemy import event, select
from sqlalchemy.orm import Session

from app.errors import StorageError
from app.storage import anchors as stored
from app.storage.base import utcnow
from app.storage.models.core import AuditAnchor, AuditEntry, AuditHead

log = logging.getLogger(__name__)

KIND_LABELS = {"package": "生成数据包", "receipt": "收到回执", "backup": "备份", "check": "完整性检查通过",
               "event": "记录敏感操作", "repair": "修复链头"}


def database_key(session: Session) -> str:
    """The anchor file's key of the session's database (the same as app.storage.backup uses)."""
    url = session.get_bind().engine.url
    if url.get_backend_name() == "sqlite" and url.database:
        return stored.key_for(stored.sqlite_target(url.database))
    return stored.key_for(url.render_as_string(hide_password=True))


def _head(session: Session) -> tuple[int, str]:
    head = session.execute(select(AuditHead.seq, AuditHead.hash).where(AuditHead.id == 1)).first()
    return (head[0], head[1]) if head else (0, "")


def add(session: Session, kind: str, ref: str | None = None, head: tuple[int, str] | None = None) -> None:
    """Note `head` (default: the chain head now) as an anchor, in the database now and in the anchor file
    when the unit of work commits (a rolled-back unit of work leaves no anchor behind)."""
    seq, hash_ = head if head is not None else _head(session)
    if seq <= 0:
        return
    session.add(AuditAnchor(seq=seq, hash=hash_, kind=kind, ref=(ref or "")[:200] or None, made_at=utcnow()))
    key = database_key(session)

    def write(_session: Session) -> None:
        stored.append(key, seq, hash_, kind, ref)

    event.listen(session, "after_commit", write, once=True)


def note_check(session: Session) -> None:
    """A check passed: its head becomes an anchor in the file (a check changes nothing in the database)."""
    seq, hash_ = _head(session)
    try:
        stored.append(database_key(session), seq, hash_, "check")
    except StorageError as exc:  # a full disk: the check itself passed; only this extra anchor is missing
        log.warning("check passed without noting its anchor: %s", exc)


def problem(session: Session) -> str | None:
    """The first anchor the chain no longer passes through, as a Chinese sentence; None when all hold."""
    rows = [(a.seq, a.hash, a.kind, a.ref, a.made_at.isoformat(timespec="seconds"))
            for a in session.execute(select(AuditAnchor).order_by(AuditAnchor.seq)).scalars()]
    rows += [(a.seq, a.hash, a.kind, a.ref, a.at) for a in stored.load(database_key(session))]
    seen: set[tuple[int, str]] = set()
    for seq, hash_, kind, ref, at in sorted(rows):
        if (seq, hash_) in seen:
            continue
        seen.add((seq, hash_))
        entry = session.execute(select(AuditEntry.hash).where(AuditEntry.seq == seq)).scalar_one_or_none()
        what = f"{at.replace('T', ' ')[:16]} {KIND_LABELS.get(kind, kind)}" + (f"（{_short(ref)}）" if ref else "")
        if entry is None:
            return f"审计日志的末尾被删除：{what}时日志已有第{seq}条，现在不存在。"
        if entry != hash_:
            return f"审计日志被改写：第{seq}条与{what}时记下的不一致。"
    return None


def _short(ref: str) -> str:
    return Path(ref).name if "/" in ref or "\\" in ref else ref


def retire_file(session: Session, reason: str) -> int:
    """After a restore: set the anchor file aside (the restored chain is an older one)."""
    return stored.retire(database_key(session), reason)

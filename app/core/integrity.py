"""`gongkai check`: the database's own integrity check, the audit chain, and rows changed outside the program."""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass, field
from typing import TYPE_CHECKING, Any

if TYPE_CHECKING:
    from sqlalchemy.orm import Session

    from app.storage.db import Database

# SQLAlchemy and app.core.audit (which loads every model) are imported inside the functions that use
# them: chain_head_problem runs before the window's first paint over a plain DB-API connection.

CHAIN_HEAD_SQL = "SELECT seq, hash FROM audit_head WHERE id = 1"
LAST_ENTRY_SQL = "SELECT seq, hash FROM audit_log ORDER BY seq DESC LIMIT 1"


@dataclass
class CheckReport:
    ok: bool
    problems: list[str] = field(default_factory=list)
    checked: list[str] = field(default_factory=list)
    audit_entries: int = 0
    chain_head: str = ""


def database_integrity(session: Session, *, quick: bool = False) -> str | None:
    from sqlalchemy import text
    from sqlalchemy.exc import DBAPIError

    if session.get_bind().dialect.name != "sqlite":
        session.execute(text("SELECT 1"))
        return None
    pragma = "quick_check" if quick else "integrity_check"
    try:
        rows = [r[0] for r in session.execute(text(f"PRAGMA {pragma}")).all()]
    except DBAPIError as exc:  # pages so damaged that the check itself cannot read them
        return "数据库文件已损坏，完整性检查无法完成：" + str(getattr(exc, "orig", exc)).splitlines()[0][:200]
    if rows != ["ok"]:
        return "数据库文件完整性检查未通过：" + "；".join(rows[:3])
    fk = session.execute(text("PRAGMA foreign_key_check")).first()
    if fk is not None:
        return f"数据库外键检查未通过：表“{fk[0]}”中第{fk[1]}行引用了不存在的记录“{fk[2]}”。"
    return None


def run_check(session: Session, *, records: bool = True) -> CheckReport:
    """Stop at the first problem of each kind; report them in order of seriousness."""
    from app.core import audit

    report = CheckReport(ok=True)
    problem = database_integrity(session)
    report.checked.append("数据库完整性")
    _note_damage(session, problem)
    if problem:
        # A damaged file: reading the chain and the records would only hit the damaged pages again.
        report.problems.append(problem)
        report.ok = False
        return report
    chain = audit.verify_chain(session)
    report.checked.append("审计日志哈希链")
    if chain:
        report.problems.append(chain.message)
    if not chain:
        from app.core import anchors

        anchored = anchors.problem(session)
        report.checked.append("审计日志锚点（已发出的数据包、备份、敏感操作）")
        if anchored:
            report.problems.append(anchored)
    if records and not chain:
        rec = audit.verify_records(session)
        report.checked.append("记录与审计状态一致")
        if rec:
            report.problems.append(rec.message)
    report.audit_entries, report.chain_head = audit.chain_head(session)
    report.ok = not report.problems
    if report.ok:
        from app.core import anchors

        anchors.note_check(session)  # a later truncation below this head is caught
    return report


def _note_damage(session: Session, problem: str | None) -> None:
    """A damaged SQLite file is flagged (writes refused until a restore); a full check that passes again
    lifts the flag (app.storage.damage)."""
    from pathlib import Path

    from app.storage import damage

    url = session.get_bind().engine.url
    if url.get_backend_name() != "sqlite" or not url.database:
        return
    path = Path(url.database)
    if problem:
        damage.mark(path, problem)
    elif damage.problem(path):
        damage.clear(path)


def quick_startup_check(session: Session) -> str | None:
    """SQLite's quick_check (reads the whole file: seconds at county scale) and the chain head."""
    problem = database_integrity(session, quick=True)
    if problem:
        _note_damage(session, problem)
        return problem
    from sqlalchemy import text

    head = session.execute(text(CHAIN_HEAD_SQL)).first()
    last = session.execute(text(LAST_ENTRY_SQL)).first() if head is not None and head[0] else None
    return _chain_head_verdict(head, last)


def flagged_damage(db: Database) -> str | None:
    """Instant, before the window shows: the file was found damaged earlier (app.storage.damage), so the
    window offers the latest backup at once and every write is refused meanwhile."""
    if db.path is None:
        return None
    from app.storage import damage

    found = damage.problem(db.path)
    return f"数据库文件此前已检查出损坏（{found.rstrip('。')}），在恢复备份之前不能做任何修改。" if found else None


def chain_head_problem(db: Database) -> str | None:
    """Instant, run before the window shows: the audit chain's head matches its last entry. Two indexed
    reads over db.raw_read() (on a SQLite file neither SQLAlchemy nor the models are imported)."""
    with db.raw_read() as conn:
        cur = conn.cursor()
        try:
            cur.execute(CHAIN_HEAD_SQL)
            head = cur.fetchone()
            last = None
            if head is not None and head[0]:
                cur.execute(LAST_ENTRY_SQL)
                last = cur.fetchone()
        finally:
            cur.close()
    return _chain_head_verdict(head, last)


def _chain_head_verdict(head: Sequence[Any] | None, last: Sequence[Any] | None) -> str | None:
    """head: (seq, hash) of audit_head or None (no entry yet: seq 0); last: the newest audit_log row."""
    if head is not None and head[0] and (last is None or last[0] != head[0] or last[1] != head[1]):
        return "审计日志末尾与链头不一致，日志可能被篡改。"
    return None

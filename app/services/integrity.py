"""`gongkai check`: the database's own integrity check, the audit chain, and rows changed outside the program."""

from __future__ import annotations

from dataclasses import dataclass, field

from sqlalchemy import text
from sqlalchemy.exc import DBAPIError
from sqlalchemy.orm import Session

from app.services import audit


@dataclass
class CheckReport:
    ok: bool
    problems: list[str] = field(default_factory=list)
    checked: list[str] = field(default_factory=list)
    audit_entries: int = 0
    chain_head: str = ""


def database_integrity(session: Session, *, quick: bool = False) -> str | None:
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
    report = CheckReport(ok=True)
    problem = database_integrity(session)
    report.checked.append("数据库完整性")
    if problem:
        # A damaged file: reading the chain and the records would only hit the damaged pages again.
        report.problems.append(problem)
        report.ok = False
        return report
    chain = audit.verify_chain(session)
    report.checked.append("审计日志哈希链")
    if chain:
        report.problems.append(chain.message)
    if records and not chain:
        rec = audit.verify_records(session)
        report.checked.append("记录与审计状态一致")
        if rec:
            report.problems.append(rec.message)
    report.audit_entries, report.chain_head = audit.chain_head(session)
    report.ok = not report.problems
    return report


def quick_startup_check(session: Session) -> str | None:
    """SQLite's quick_check (reads the whole file: seconds at county scale) and the chain head."""
    problem = database_integrity(session, quick=True)
    if problem:
        return problem
    return chain_head_problem(session)


def chain_head_problem(session: Session) -> str | None:
    """Instant, run before the window shows: the audit chain's head matches its last entry."""
    seq, head_hash = audit.chain_head(session)
    if seq:
        last = session.execute(text("SELECT seq, hash FROM audit_log ORDER BY seq DESC LIMIT 1")).first()
        if last is None or last[0] != seq or last[1] != head_hash:
            return "审计日志末尾与链头不一致，日志可能被篡改。"
    return None

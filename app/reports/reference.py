"""The previous year's published report as the carry-in reference (docs/spec/annual-report.md section 6).

The legal carry-in of year Y is the 结转下年度 row of the report the office published for Y − 1. It is
the snapshot of a report issued with this program, or a report published before (loaded from its workbook
or typed in: status ``published``). A county summary compares with last year's summary or, when there is
none, with the sum of every office's published report of last year.
"""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass
from pathlib import Path

import sqlalchemy as sa
from sqlalchemy.orm import Session

from app.core import audit
from app.errors import ConflictError, ValidationError
from app.reports import labels as L
from app.storage.base import new_uuid, utcnow
from app.storage.models.reports import AnnualReport

PUBLISHED_STATES = ("issued", "published")


@dataclass
class CarryIn:
    """What the checks compare with: None numbers when no report could be found, and ``note`` says why."""

    carried_out: list[int] | None
    in_force: dict[str, int]
    issued_at: object | None  # datetime of the issue, when this program issued it
    source: str  # e.g. "2024年度已发布的报告"
    note: str = ""  # why there is nothing to compare with


def report_row(session: Session, office_id: int, year: int, summary: bool = False) -> AnnualReport | None:
    return session.scalar(sa.select(AnnualReport).where(
        AnnualReport.office_id == office_id, AnnualReport.year == year, AnnualReport.summary == summary))


def _published(row: AnnualReport | None) -> bool:
    return row is not None and row.status in PUBLISHED_STATES and bool(row.snapshot)


def _in_force(snapshot: dict) -> dict[str, int]:
    proactive = snapshot.get("proactive") or {}
    return {k: proactive[k] for k in ("regulations.in_force", "normative_documents.in_force") if k in proactive}


def carry_in(session: Session, office_id: int, year: int, summary: bool, offices: Sequence) -> CarryIn:
    """The reference of year ``year`` − 1 for one office's report or for the county summary."""
    last = year - 1
    source = f"{last}年度已发布的报告"
    row = report_row(session, office_id, last, summary)
    if _published(row):
        assert row is not None and row.snapshot is not None
        return CarryIn(list(row.snapshot["applications"]["rows"]["carried_out"]), _in_force(row.snapshot),
                       row.issued_at, source)
    if not summary:
        return CarryIn(None, {}, None, source, f"{last}年度报告尚未发布，也未载入此前已发布的报告，无可比对的结转数")
    # A summary without last year's summary: the sum of every office's published report of last year.
    total = [0] * len(L.COLUMNS)
    in_force: dict[str, int] = {}
    missing = []
    issued_at = None
    for office in offices:
        own = report_row(session, office.id, last, False)
        if not _published(own):
            missing.append(office.name)
            continue
        assert own is not None and own.snapshot is not None
        total = [a + b for a, b in zip(total, own.snapshot["applications"]["rows"]["carried_out"])]
        for key, value in _in_force(own.snapshot).items():
            in_force[key] = in_force.get(key, 0) + value
        if own.issued_at is not None and (issued_at is None or own.issued_at < issued_at):
            issued_at = own.issued_at  # the earliest: changes after it may have moved the numbers
    if missing:
        return CarryIn(None, {}, None, f"{last}年度汇总报告", f"{last}年度汇总报告尚未发布，且以下机关的{last}年度报告"
                       "尚未发布或载入：" + "、".join(missing))
    return CarryIn(total, in_force, issued_at, f"{last}年度各机关已发布报告之和")


def stored_references(session: Session) -> dict:
    """Every published report held (issued here, received in a package, or loaded), as the carry-in
    references of ``report lint`` keyed by (office name as titled, year); a summary's name ends in （汇总）."""
    from app.reports.lint import reference_from_snapshot
    from app.reports.report_workbook import SUMMARY_MARK, norm
    from app.storage.models.core import Office

    query = (sa.select(Office.name, AnnualReport.year, AnnualReport.summary, AnnualReport.snapshot)
             .join(Office, Office.id == AnnualReport.office_id)
             .where(AnnualReport.status.in_(PUBLISHED_STATES), AnnualReport.snapshot.is_not(None)))
    found = {}
    for name, year, summary, snapshot in session.execute(query):
        key = norm(name) + (SUMMARY_MARK if summary else "")
        found[(key, year)] = reference_from_snapshot(snapshot, year, f"数据库中{name}{year}年度已发布的报告")
    return found


def snapshot_from_workbook(path: str | Path) -> dict:
    """A stored report's JSON from a published workbook; table 三 must be complete and add up."""
    from app.reports.lint import lint_workbook
    from app.reports.report_workbook import read_report_workbook

    book = read_report_workbook(path)
    name = Path(path).name
    if book.applications is None:
        raise ValidationError(f"工作簿“{name}”中未找到表三，不能作为上年报告载入。")
    result = lint_workbook(path)
    bad = [p for p in result.errors if p.table in ("三", "")]
    if bad:
        raise ValidationError(f"工作簿“{name}”的表三有{len(bad)}处问题，请先更正再载入。",
                              details=[f"{p.row}·{p.column}：{p.message}" for p in bad[:20]])
    rows = {key: [book.applications[key][c].value for c in L.COLUMNS] for key in L.ROW_KEYS}
    proactive = {k: c.value for k, c in (book.proactive or {}).items() if c.value is not None}
    cases = {k: c.value for k, c in (book.review_litigation or {}).items() if c.value is not None}
    return {"year": book.year, "applications": {"columns": list(L.COLUMNS), "rows": rows},
            "proactive": proactive, "review_litigation": cases, "source": name}


def snapshot_typed(year: int, carried_out: Sequence[int], in_force: dict[str, int]) -> dict:
    """A stored report's JSON from the figures typed in: the 结转下年度 row and the 现行有效件数."""
    if len(carried_out) != len(L.COLUMNS):
        raise ValidationError(f"结转下年度须按{len(L.COLUMNS)}列填写：" + "、".join(L.COLUMN_LABELS[c] for c in L.COLUMNS)
                              + "。")
    if any(n < 0 for n in carried_out) or sum(carried_out[:-1]) != carried_out[-1]:
        raise ValidationError("结转下年度的总计须等于六类申请人之和，且各数不能为负。")
    return {"year": year, "applications": {"columns": list(L.COLUMNS), "rows": {"carried_out": list(carried_out)}},
            "proactive": dict(in_force), "review_litigation": {}, "source": "手工录入", "partial": True}


def load_published(session: Session, office_id: int, year: int, snapshot: dict, *, summary: bool = False) -> int:
    """Store a report published before as the carry-in reference of ``year`` + 1. A report this program
    issued for that year is never replaced."""
    if snapshot.get("year") not in (None, year):
        raise ValidationError(f"所载入的是{snapshot['year']}年度的报告，不是{year}年度的。")
    snapshot = {**snapshot, "year": year, "summary": summary}
    row = report_row(session, office_id, year, summary)
    if row is not None and row.status == "issued":
        raise ConflictError(f"{year}年度报告已由本程序发布，其结转数即为比对依据，不能再载入。")
    if row is not None and row.status == "draft":
        raise ConflictError(f"{year}年度报告有草稿，请先确认：已发布的报告应通过“发布”保存。")
    if row is None:
        row = AnnualReport(uuid=new_uuid(), office_id=office_id, year=year, summary=summary, overview="",
                           problems="", other_matters="")
        session.add(row)
        action = "create"
    else:
        action = "update"
    row.status = "published"
    row.snapshot = snapshot
    row.issued_at = None
    row.issued_by = None
    row.updated_at = utcnow()
    audit.record(session, row, action)
    return row.id

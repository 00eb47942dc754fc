"""Issued years kept as issued: a guard around bulk changes, and the check that an issued report still
matches its data (docs/spec/annual-report.md section 6)."""

from __future__ import annotations

from collections.abc import Iterable, Iterator
from contextlib import contextmanager
from dataclasses import dataclass

import sqlalchemy as sa
from sqlalchemy.orm import Session

from app.reports import annual
from app.reports.row_mapping import outcome_mapping
from app.reports.service import compute_annual, fees_collected, ledger_counts
from app.reports.year_lock import YearLocked, locked_message, locked_years
from app.storage.models.core import Office
from app.storage.models.reports import AnnualReport


def _figures(session: Session, office_id: int, year: int, mapping: dict[str, str]) -> tuple:
    """Everything of one office's year that its report prints as a number: table 三, tables 二 and 四
    and the ledger's activity counts, and the fees collected."""
    table = annual.applications_tables_by_office(session, year, [office_id], mapping)[office_id]
    proactive, cases, activities = ledger_counts(session, year, office_id)
    return (table.to_json(), proactive, cases, activities, str(fees_collected(session, year, [office_id])))


class LockedFiguresChanged(YearLocked):
    """A change would alter the figures of a year whose report is issued; ``by_office``: office id → years."""

    def __init__(self, message: str, by_office: dict[int, list[int]], details: list[str] | None = None) -> None:
        super().__init__(message, [y for years in by_office.values() for y in years], details=details)
        self.by_office = by_office


@contextmanager
def figures_unchanged(session: Session, office_ids: Iterable[int] | None = None, *, what: str = "本次导入",
                      rows_of_year=None) -> Iterator[None]:
    """Refuse (LockedFiguresChanged, the caller's unit of work rolls back) a change made inside the block
    that alters any figure of a locked year of the given offices (default: every office). The figures are
    computed before and after, for the locked years only; with no locked year this costs one query.
    ``rows_of_year(office_id, year)`` may name the records concerned (lines for the message)."""
    locks = locked_years(session)
    wanted = None if office_ids is None else set(office_ids)
    pairs = sorted((office, year) for office, years in locks.items() for year in years
                   if wanted is None or office in wanted)
    if not pairs:
        yield
        return
    mapping = outcome_mapping(session)
    before = {pair: _figures(session, *pair, mapping) for pair in pairs}
    yield
    session.flush()
    changed = [pair for pair in pairs if _figures(session, *pair, mapping) != before[pair]]
    if not changed:
        return
    names = dict(session.execute(sa.select(Office.id, Office.name)
                                 .where(Office.id.in_([o for o, _ in changed]))).all())
    details = []
    years: dict[int, list[int]] = {}
    for office, year in changed:
        years.setdefault(office, []).append(year)
        details.append(f"{names.get(office, office)}：{locked_message(year, f'，{what}会改变该年度的统计数字')}")
        if rows_of_year is not None:
            details.extend(f"  {line}" for line in rows_of_year(office, year))
    raise LockedFiguresChanged(details[0] + "。未做任何更改。" if len(changed) == 1
                               else f"{what}会改变{len(changed)}个已发布年度的统计数字，未做任何更改。",
                               years, details=details)


@dataclass(frozen=True)
class IssuedMismatch:
    office: str
    year: int
    summary: bool
    parts: list[str]  # which tables differ

    def message(self) -> str:
        kind = "汇总报告" if self.summary else "年度报告"
        return (f"{self.office}{self.year}年度{kind}已发布，但现在的数据算出的{'、'.join(self.parts)}与发布时不一致"
                "（数据在发布后被修改过）")


_PARTS = (("applications", "表三（收到和处理政府信息公开申请情况）"), ("proactive", "表二（主动公开情况）"),
          ("review_litigation", "表四（行政复议、行政诉讼情况）"), ("offices", "各机关分表"))


def issued_mismatches(session: Session) -> list[IssuedMismatch]:
    """Every issued report whose figures, computed again from today's data, differ from the issued ones."""
    found = []
    rows = session.execute(sa.select(AnnualReport, Office).join(Office, Office.id == AnnualReport.office_id)
                           .where(AnnualReport.status == "issued").order_by(AnnualReport.year, Office.name)).all()
    for report, office in rows:
        if not report.snapshot:
            continue
        now = compute_annual(session, report.year, office_code=None if report.summary else office.org_code,
                             summary=bool(report.summary)).to_json()
        parts = [label for key, label in _PARTS
                 if key in report.snapshot and now.get(key) != report.snapshot.get(key)]
        if parts:
            found.append(IssuedMismatch(office.name, report.year, bool(report.summary), parts))
    return found

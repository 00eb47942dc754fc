"""Annual reports (年度报告, 条例 art. 49–50): compute, draft, issue, lock the year, county roll-up."""

from __future__ import annotations

import datetime as dt
from collections.abc import Mapping
from dataclasses import dataclass, field
from decimal import Decimal

import sqlalchemy as sa
from sqlalchemy.orm import Session

from app import ledger
from app.core import audit, profile
from app.errors import ConflictError, NotFoundError, ValidationError
from app.reports import annual
from app.reports import labels as L
from app.reports.row_mapping import outcome_mapping
from app.reports.year_lock import set_lock
from app.storage.base import new_uuid, utcnow
from app.storage.models.core import Office
from app.storage.models.register import FeeNotice
from app.storage.models.reports import AnnualReport

TEXT_FIELDS = ("overview", "problems", "other_matters")

FEE_NOTICE = FeeNotice.__table__


# ---- offices -----------------------------------------------------------------------------------


@dataclass(frozen=True)
class OfficeRef:
    id: int
    org_code: str
    name: str
    level: str
    is_self: bool


def _ref(office: Office) -> OfficeRef:
    return OfficeRef(office.id, office.org_code, office.name, office.level, bool(office.is_self))


def own_office(session: Session) -> OfficeRef:
    return _ref(profile.own_office_row(session))


def offices_held(session: Session) -> list[OfficeRef]:
    """Every office in the database: the own office first, then the others by level and name."""
    rows = session.scalars(sa.select(Office)).all()
    order = {"county": 0, "department": 1, "township": 2}
    return [_ref(o) for o in sorted(rows, key=lambda o: (not o.is_self, order.get(o.level, 3), o.name))]


def office_by_code(session: Session, code: str) -> OfficeRef:
    office = session.scalar(sa.select(Office).where(Office.org_code == code))
    if office is None:
        raise NotFoundError(f"数据库中没有统一社会信用代码为 {code} 的机关。")
    return _ref(office)


# ---- tables 二 and 四 from the ledger (and catalogue) -------------------------------------------


def _figure(counts: Mapping, section: str, key: str):
    """One number of what ledger.annual_counts returns: ``key`` is a dotted path under ``section``.
    A number the ledger does not give is an error (KeyError), never a zero in the report."""
    node = counts[section]
    for part in key.split("."):
        node = node[part]
    return node


def _number(value):
    if isinstance(value, Decimal):
        return float(value) if value != value.to_integral_value() else int(value)
    return value or 0


def ledger_counts(session: Session, year: int, office_id: int) -> tuple[dict, dict, dict]:
    """(proactive, review_litigation, activities) for one office, from the ledger (tables 二 and 四)."""
    counts = ledger.annual_counts(session, year, office_id)
    proactive = {key: _figure(counts, "proactive", key) for key in L.PROACTIVE_KEYS}
    cases = {key: _figure(counts, "review_litigation", key) for key in L.REVIEW_LITIGATION_KEYS}
    return proactive, cases, dict(counts["activities"])


def _add(into: dict, more: Mapping) -> None:
    """Add numbers key by key (nested dicts too): the county roll-up of the offices' counts."""
    for key, value in more.items():
        if isinstance(value, Mapping):
            _add(into.setdefault(key, {}), value)
        elif isinstance(value, (int, float, Decimal)) and not isinstance(value, bool):
            total = (into.get(key) or 0) + value
            into[key] = round(total, 4) if isinstance(total, float) else _number(total)


def fees_collected(session: Session, year: int, office_ids) -> Decimal:
    """信息处理费 paid in the year (国办函〔2020〕109号), for section 六, from the register's fee notices."""
    start, end = annual.year_bounds(year)
    a = annual.APPLICATION.c
    query = (
        sa.select(sa.func.coalesce(sa.func.sum(FEE_NOTICE.c.amount_yuan), 0))
        .select_from(FEE_NOTICE.join(annual.APPLICATION, a.id == FEE_NOTICE.c.application_id))
        .where(FEE_NOTICE.c.paid_on >= start, FEE_NOTICE.c.paid_on <= end, annual._office_filter(office_ids))
    )
    return Decimal(str(session.scalar(query) or 0))


# ---- the whole report --------------------------------------------------------------------------


@dataclass
class OfficeSection:
    office: OfficeRef
    applications: annual.ApplicationsTable
    proactive: dict
    review_litigation: dict

    def to_json(self) -> dict:
        return {
            "office": self.office.org_code,
            "name": self.office.name,
            "applications": self.applications.to_json(),
            "proactive": dict(self.proactive),
            "review_litigation": dict(self.review_litigation),
        }


@dataclass
class AnnualData:
    """Everything the outputs need. ``to_json()`` is docs/spec/annual-report.md section 2 (plus optional fields)."""

    year: int
    office: OfficeRef  # the reporting office (for a summary: the own county office)
    summary: bool
    office_ids: list[int]
    applications: annual.ApplicationsTable
    proactive: dict
    review_litigation: dict
    checks: list[annual.Check]
    figures: annual.YearFigures
    previous: annual.ApplicationsTable  # last year, for year on year
    fees_collected: Decimal
    activities: dict
    mapping: dict[str, str]
    offices: list[OfficeSection] = field(default_factory=list)  # one per office in a summary

    @property
    def ok(self) -> bool:
        return all(c.ok for c in self.checks)

    def to_json(self) -> dict:
        data = {
            "year": self.year,
            "applications": self.applications.to_json(),
            "proactive": dict(self.proactive),
            "review_litigation": dict(self.review_litigation),
            "checks": [c.to_json() for c in self.checks],
            "office": self.office.org_code,
            "summary": self.summary,
        }
        if self.summary:
            data["offices"] = [section.to_json() for section in self.offices]
        return data


def compute_annual(
    session: Session, year: int, *, office_code: str | None = None, summary: bool = False
) -> AnnualData:
    """Compute every table and check of ``year`` for one office (default: own) or the county roll-up."""
    if not 2000 <= year <= 2100:
        raise ValidationError(f"年度 {year} 不在可统计的范围内。")
    if summary and office_code:
        raise ValidationError("汇总报告包括数据库中的全部机关，不能同时指定单个机关。")
    mapping = outcome_mapping(session)
    own = own_office(session)
    if summary:
        offices = offices_held(session)
        reporting = own
    else:
        reporting = office_by_code(session, office_code) if office_code else own
        offices = [reporting]
    office_ids = [o.id for o in offices]
    tables = annual.applications_tables_by_office(session, year, office_ids, mapping)
    sections = []
    total = annual.ApplicationsTable.empty(year)
    proactive: dict = {key: 0 for key in L.PROACTIVE_KEYS}
    cases: dict = {key: 0 for key in L.REVIEW_LITIGATION_KEYS}
    activities: dict = {}
    for office in offices:
        p, c, act = ledger_counts(session, year, office.id)
        sections.append(OfficeSection(office, tables[office.id], p, c))
        total.add(tables[office.id])
        _add(proactive, p)
        _add(cases, c)
        _add(activities, act)
    previous_report = _report_row(session, reporting.id, year - 1)
    previous_out = None
    previous_at = None
    if previous_report is not None and previous_report.status == "issued" and previous_report.snapshot:
        previous_out = previous_report.snapshot["applications"]["rows"]["carried_out"]
        previous_at = previous_report.issued_at
    checks = annual.compute_checks(session, total, office_ids, mapping, previous_out, previous_at)
    return AnnualData(
        year=year,
        office=reporting,
        summary=summary,
        office_ids=office_ids,
        applications=total,
        proactive=proactive,
        review_litigation=cases,
        checks=checks,
        figures=annual.year_figures(session, year, office_ids),
        previous=annual.applications_table(session, year - 1, office_ids, mapping),
        fees_collected=fees_collected(session, year, office_ids),
        activities=activities,
        mapping=mapping,
        offices=sections if summary else [],
    )


# ---- drill-down ------------------------------------------------------------------------------


@dataclass
class ApplicationLine:
    id: int
    serial: str
    received_on: dt.date | None
    replied_on: dt.date | None
    applicant_kind: str | None
    applicant_name: str | None
    outcome: str | None
    content: str | None


def applications_behind(
    session: Session, data: AnnualData, row: str, column: str, *, limit: int | None = None
) -> list[ApplicationLine]:
    """The applications counted in one number of table 三 (row key, column key)."""
    if row not in L.ROW_KEYS or column not in L.COLUMNS:
        raise ValidationError("年度报告表中没有这个单元格。")
    a = annual.APPLICATION.c
    query = (
        sa.select(a.id, a.serial, a.received_on, a.replied_on, a.applicant_kind, a.applicant_name, a.outcome,
                  a.content)
        .where(annual.cell_condition(data.year, row, column, data.mapping), annual._office_filter(data.office_ids))
        .order_by(a.received_on, a.id)
    )
    if limit:
        query = query.limit(limit)
    return [ApplicationLine(*r) for r in session.execute(query)]


# ---- stored reports: text, issue, lock ---------------------------------------------------------


@dataclass
class ReportInfo:
    id: int
    office_id: int
    year: int
    status: str
    summary: bool
    overview: str
    problems: str
    other_matters: str
    issued_at: dt.datetime | None
    issued_by: str | None
    snapshot: dict | None

    @property
    def texts(self) -> dict[str, str]:
        return {"overview": self.overview, "problems": self.problems, "other_matters": self.other_matters}


def _info(row: AnnualReport) -> ReportInfo:
    return ReportInfo(
        row.id, row.office_id, row.year, row.status, bool(row.summary), row.overview or "", row.problems or "",
        row.other_matters or "", row.issued_at, row.issued_by, row.snapshot,
    )


def _report_row(session: Session, office_id: int, year: int) -> AnnualReport | None:
    return session.scalar(sa.select(AnnualReport).where(AnnualReport.office_id == office_id,
                                                        AnnualReport.year == year))


def get_report(session: Session, office_id: int, year: int) -> ReportInfo | None:
    row = _report_row(session, office_id, year)
    return _info(row) if row else None


def draft_report(session: Session, year: int, *, office_code: str | None = None, summary: bool = False,
                 data: AnnualData | None = None) -> ReportInfo:
    """The stored report of the year, created with drafted text sections when it does not exist yet."""
    from app.reports.text import draft_sections

    data = data or compute_annual(session, year, office_code=office_code, summary=summary)
    row = _report_row(session, data.office.id, year)
    if row is not None:
        return _info(row)
    texts = draft_sections(data)
    row = AnnualReport(uuid=new_uuid(), office_id=data.office.id, year=year, status="draft",
                       summary=summary, **texts)
    session.add(row)
    audit.record(session, row, "create")
    return _info(row)


def save_texts(session: Session, office_id: int, year: int, texts: Mapping[str, str]) -> ReportInfo:
    """Save edited text sections of a draft report."""
    row = _report_row(session, office_id, year)
    if row is None:
        raise NotFoundError(f"{year}年度报告尚未起草。")
    if row.status == "issued":
        raise ConflictError(f"{year}年度报告已发布，不能再修改文字部分。")
    unknown = set(texts) - set(TEXT_FIELDS)
    if unknown:
        raise ValidationError("未知的报告部分：" + "、".join(sorted(unknown)) + "。")
    for name, value in texts.items():
        setattr(row, name, str(value or ""))
    audit.record(session, row, "update")
    return _info(row)


def issue_report(session: Session, year: int, *, office_code: str | None = None, summary: bool = False,
                 accept_failed_checks: bool = False) -> ReportInfo:
    """Issue the report: freeze its numbers (snapshot) and lock the year's data (条例 art. 49)."""
    data = compute_annual(session, year, office_code=office_code, summary=summary)
    failed = [c for c in data.checks if not c.ok]
    if failed and not accept_failed_checks:
        raise ConflictError(
            f"{year}年度报告有{len(failed)}项校验未通过，请先核对数据。",
            details=[f"{annual.CHECK_TITLES.get(c.rule, c.rule)}：{c.detail}" for c in failed],
        )
    draft_report(session, year, office_code=office_code, summary=summary, data=data)
    row = _report_row(session, data.office.id, year)
    if row.status == "issued":
        raise ConflictError(f"{year}年度报告已于{row.issued_at:%Y-%m-%d}发布。")
    operator = session.info.get("operator") or "未知操作员"
    row.status = "issued"
    row.summary = summary
    row.issued_at = utcnow()
    row.issued_by = operator
    row.snapshot = data.to_json()
    audit.record(session, row, "issue")
    for office_id in data.office_ids:
        set_lock(session, office_id, year, True, operator, None)
    return _info(row)

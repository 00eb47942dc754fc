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
from app.reports.reference import carry_in, report_row
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
    warnings: list[dict] = field(default_factory=list)  # {"rule", "detail"}: to confirm, not failures

    @property
    def ok(self) -> bool:
        """No check failed (a check that could not run, 未核对, is not a failure but never 通过)."""
        return all(c.ok is not False for c in self.checks)

    def to_json(self) -> dict:
        data = {
            "year": self.year,
            "applications": self.applications.to_json(),
            "proactive": dict(self.proactive),
            "review_litigation": dict(self.review_litigation),
            "checks": [c.to_json() for c in self.checks],
            "office": self.office.org_code,
            "summary": self.summary,
            "warnings": list(self.warnings),
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
    reference = carry_in(session, reporting.id, year, summary, offices)
    checks = annual.compute_checks(session, total, office_ids, mapping, reference.carried_out,
                                   reference.issued_at, previous_source=reference.source,
                                   previous_note=reference.note)
    checks.insert(4, in_force_check(proactive, reference.in_force if reference.carried_out is not None else None,
                                    reference.source, reference.note or f"{year - 1}年度报告尚未发布"))
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
        warnings=empty_table_warnings(proactive, cases),
    )


def in_force_check(proactive: Mapping, last_in_force: Mapping | None, source: str, note: str) -> annual.Check:
    """Table 二: this year's 现行有效件数 = last year's + 本年制发 − 本年废止, for 规章 and 行政规范性文件."""
    rule = "in_force_continuity"
    if last_in_force is None:
        return annual.Check(rule, None, "未核对：" + note)
    bad, unchecked = [], []
    for kind, label in (("regulations", "规章"), ("normative_documents", "行政规范性文件")):
        last = last_in_force.get(f"{kind}.in_force")
        if last is None:
            unchecked.append(label)
            continue
        expected = last + proactive[f"{kind}.issued"] - proactive[f"{kind}.repealed"]
        if proactive[f"{kind}.in_force"] != expected:
            bad.append(f"{label}现行有效{proactive[f'{kind}.in_force']}件，按{source}应为{last}＋"
                       f"{proactive[f'{kind}.issued']}－{proactive[f'{kind}.repealed']}＝{expected}件")
    if bad:
        return annual.Check(rule, False, "；".join(bad))
    if unchecked:
        return annual.Check(rule, None, "未核对：" + source + "没有" + "、".join(unchecked) + "的现行有效件数")
    return annual.Check(rule, True, f"规章、行政规范性文件的现行有效件数与{source}衔接")


def empty_table_warnings(proactive: Mapping, cases: Mapping) -> list[dict]:
    """Tables 二 and 四 that are all zero: printed as they are, but the clerk is asked to confirm."""
    warnings = []
    if not any(proactive.values()):
        warnings.append({"rule": "proactive_empty", "detail": "表二（主动公开政府信息情况）全部为0：请确认是否漏填"
                                                             "工作台账中的规章、规范性文件、许可、处罚、强制和收费数"})
    if not any(cases.values()):
        warnings.append({"rule": "cases_empty", "detail": "表四（行政复议、行政诉讼情况）全部为0：请确认本年确无"
                                                         "因政府信息公开引起的复议、诉讼案件"})
    return warnings


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


def _report_row(session: Session, office_id: int, year: int, summary: bool = False) -> AnnualReport | None:
    return report_row(session, office_id, year, summary)


def get_report(session: Session, office_id: int, year: int, *, summary: bool = False) -> ReportInfo | None:
    """The stored report: the office's own, or with ``summary`` the county summary (two reports a year)."""
    row = _report_row(session, office_id, year, summary)
    return _info(row) if row else None


def draft_report(session: Session, year: int, *, office_code: str | None = None, summary: bool = False,
                 data: AnnualData | None = None) -> ReportInfo:
    """The stored report of the year, created with drafted text sections when it does not exist yet."""
    from app.reports.text import draft_sections

    data = data or compute_annual(session, year, office_code=office_code, summary=summary)
    row = _report_row(session, data.office.id, year, summary)
    if row is not None:
        return _info(row)
    texts = draft_sections(data)
    row = AnnualReport(uuid=new_uuid(), office_id=data.office.id, year=year, status="draft",
                       summary=summary, **texts)
    session.add(row)
    audit.record(session, row, "create")
    return _info(row)


def save_texts(session: Session, office_id: int, year: int, texts: Mapping[str, str], *,
               summary: bool = False) -> ReportInfo:
    """Save edited text sections of a draft report (the own report, or with ``summary`` the summary)."""
    row = _report_row(session, office_id, year, summary)
    if row is None:
        raise NotFoundError(f"{year}年度报告尚未起草。")
    if row.status in ("issued", "published"):
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
    failed = [c for c in data.checks if c.ok is False]
    if failed and not accept_failed_checks:
        raise ConflictError(
            f"{year}年度报告有{len(failed)}项校验未通过，请先核对数据。",
            details=[f"{annual.CHECK_TITLES.get(c.rule, c.rule)}：{c.detail}" for c in failed],
        )
    draft_report(session, year, office_code=office_code, summary=summary, data=data)
    row = _report_row(session, data.office.id, year, summary)
    if row is None:
        raise NotFoundError(f"{year}年度报告尚未起草。")
    if row.status == "issued":
        raise ConflictError(f"{year}年度报告已于{row.issued_at:%Y-%m-%d}发布。")
    if row.status == "published":
        raise ConflictError(f"{year}年度报告已作为此前发布的报告载入，不能再次发布。")
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


def load_published_report(session: Session, year: int, snapshot: dict, *, office_code: str | None = None,
                          summary: bool = False) -> ReportInfo:
    """Keep the report the office published for ``year`` before it used this program (from its workbook,
    ``reference.snapshot_from_workbook``, or typed in, ``reference.snapshot_typed``): its 结转下年度 row is
    the carry-in that next year's report is checked against."""
    from app.reports.reference import load_published

    office = office_by_code(session, office_code) if office_code else own_office(session)
    load_published(session, office.id, year, snapshot, summary=summary)
    row = _report_row(session, office.id, year, summary)
    assert row is not None
    return _info(row)

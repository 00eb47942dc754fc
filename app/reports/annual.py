"""Compute the tables of an annual report (条例 art. 50) and their consistency checks.

Table 三 is counted from the register by the rules of docs/spec/annual-report.md section 3.3:
- ``new``: received in year Y;
- ``carried_in``: received before Y and not replied before 1 January of Y;
- ``result.*``: replied in Y, by outcome (carried-in ones included);
- ``carried_out``: received on or before 31 December of Y and not replied by then.
Two paths give the same numbers: ``compute_applications_table`` over section-2 records (pure), and
``applications_table`` over the ``application`` table with SQL aggregates (one GROUP BY query).
"""

from __future__ import annotations

import datetime as dt
from collections import Counter
from collections.abc import Iterable, Mapping, Sequence
from dataclasses import dataclass, field

import sqlalchemy as sa

from app.domain import dates
from app.reports import labels as L
from app.storage.models.register import Application

# The register's table (only the columns of docs/area-interfaces.md are read here).
APPLICATION = Application.__table__

CATEGORIES = ("new", "carried_in", "replied", "carried_out")
# (category, applicant_kind, outcome) -> number of applications
CountKey = tuple[str, "str | None", "str | None"]


@dataclass
class ApplicationsTable:
    """Table 三: ``rows[key]`` lists the seven columns of ``labels.COLUMNS``."""

    year: int
    rows: dict[str, list[int]]

    def cell(self, row: str, column: str) -> int:
        return self.rows[row][L.COLUMNS.index(column)]

    def to_json(self) -> dict:
        return {"columns": list(L.COLUMNS), "rows": {key: list(self.rows[key]) for key in L.ROW_KEYS}}

    @classmethod
    def empty(cls, year: int) -> ApplicationsTable:
        return cls(year, {key: [0] * len(L.COLUMNS) for key in L.ROW_KEYS})

    def add(self, other: ApplicationsTable) -> None:
        for key in L.ROW_KEYS:
            self.rows[key] = [a + b for a, b in zip(self.rows[key], other.rows[key])]


@dataclass
class Check:
    """One consistency check: ``applications`` are the serials of the applications that break it.
    ``ok`` is None when the check could not run (未核对): ``detail`` says why; it is never 通过."""

    rule: str
    ok: bool | None
    detail: str
    applications: list[str] = field(default_factory=list)

    def to_json(self) -> dict:
        return {"rule": self.rule, "ok": self.ok, "detail": self.detail, "applications": list(self.applications)}


def year_bounds(year: int) -> tuple[dt.date, dt.date]:
    return dt.date(year, 1, 1), dt.date(year, 12, 31)


def _as_date(value, label: str) -> dt.date | None:
    return dates.parse_date(value, label)


def categories_of(received_on: dt.date | None, replied_on: dt.date | None, year: int) -> list[str]:
    """The categories of docs/spec/annual-report.md section 3.3 that one application falls in for ``year``."""
    start, end = year_bounds(year)
    found: list[str] = []
    if received_on is None or received_on > end:
        return found
    if start <= received_on <= end:
        found.append("new")
    if received_on < start and (replied_on is None or replied_on >= start):
        found.append("carried_in")
    if replied_on is not None and start <= replied_on <= end:
        found.append("replied")
    if received_on <= end and (replied_on is None or replied_on > end):
        found.append("carried_out")
    return found


def build_table(year: int, counts: Mapping[CountKey, int], mapping: Mapping[str, str]) -> ApplicationsTable:
    """Table 三 from grouped counts. The 总计 column and （七）总计 count every application, so a
    record with an unknown applicant type or outcome shows up as a failed check rather than vanishing."""
    table = ApplicationsTable.empty(year)
    total_index = L.COLUMNS.index("total")
    for (category, kind, outcome), n in counts.items():
        if not n:
            continue
        column = L.COLUMNS.index(kind) if kind in L.APPLICANT_KINDS else None
        if category == "replied":
            targets = ["result.total"]
            row_key = mapping.get(outcome) if outcome else None
            if row_key in table.rows:
                targets.append(row_key)
        else:
            targets = [category]
        for key in targets:
            if column is not None:
                table.rows[key][column] += n
            table.rows[key][total_index] += n
    return table


def resolve_mapping(overrides: Mapping[str, str] | None = None) -> dict[str, str]:
    """The outcome → row mapping: the defaults with the office's overrides applied."""
    mapping = dict(L.DEFAULT_OUTCOME_ROWS)
    for outcome, row in (overrides or {}).items():
        if outcome in mapping and row in L.RESULT_KEYS:
            mapping[outcome] = row
    return mapping


def compute_applications_table(
    records: Iterable[Mapping], year: int, mapping: Mapping[str, str] | None = None
) -> ApplicationsTable:
    """Table 三 over docs/spec/application-records.md records (pure; no database)."""
    mapping = resolve_mapping(mapping)
    counts: Counter = Counter()
    for record in records:
        received = _as_date(record.get("received_on"), "收到申请日期")
        replied = _as_date(record.get("replied_on"), "答复日期")
        kind = (record.get("applicant") or {}).get("kind")
        for category in categories_of(received, replied, year):
            counts[(category, kind, record.get("outcome"))] += 1
    return build_table(year, counts, mapping)


# ---- SQL path ---------------------------------------------------------------------------------------


def _office_filter(office_ids: Sequence[int] | None):
    if office_ids is None:
        return sa.true()
    return APPLICATION.c.office_id.in_(list(office_ids))


def _execute_scan(session, query):
    """Run an aggregate that reads most of the table. On SQLite a plain table scan is several times faster
    than walking the (office_id, received_on) index and looking every row up, and the planner picks the
    index, so the statement is rendered with NOT INDEXED. Only integers and dates of our own are inlined."""
    bind = session.get_bind()
    if bind.dialect.name != "sqlite":
        return session.execute(query)
    sql = str(query.compile(dialect=bind.dialect, compile_kwargs={"literal_binds": True}))
    sql = sql.replace("FROM application", "FROM application NOT INDEXED", 1)
    return session.execute(sa.text(sql))


def grouped_counts(session, year: int, office_ids: Sequence[int] | None) -> dict[int | None, Counter]:
    """One GROUP BY query: per office, the counts of (category, applicant_kind, outcome)."""
    start, end = year_bounds(year)
    a = APPLICATION.c
    not_replied_before_start = sa.or_(a.replied_on.is_(None), a.replied_on >= start)
    not_replied_by_end = sa.or_(a.replied_on.is_(None), a.replied_on > end)

    def flag(condition):
        return sa.func.sum(sa.case((condition, 1), else_=0))

    query = (
        sa.select(
            a.office_id,
            a.applicant_kind,
            a.outcome,
            flag(a.received_on >= start),
            flag(sa.and_(a.received_on < start, not_replied_before_start)),
            flag(sa.and_(a.replied_on >= start, a.replied_on <= end)),
            flag(not_replied_by_end),
        )
        .where(a.received_on <= end, sa.or_(a.replied_on.is_(None), a.replied_on >= start, a.replied_on < a.received_on),
               _office_filter(office_ids))
        .group_by(a.office_id, a.applicant_kind, a.outcome)
    )
    result: dict[int | None, Counter] = {}
    for office_id, kind, outcome, *numbers in _execute_scan(session, query):
        counts = result.setdefault(office_id, Counter())
        for category, n in zip(CATEGORIES, numbers):
            if n:
                counts[(category, kind, outcome)] += int(n)
    return result


def applications_table(
    session, year: int, office_ids: Sequence[int] | None, mapping: Mapping[str, str] | None = None
) -> ApplicationsTable:
    """Table 三 for the offices named (None: every office held), from SQL aggregates."""
    mapping = resolve_mapping(mapping)
    merged: Counter = Counter()
    for counts in grouped_counts(session, year, office_ids).values():
        merged.update(counts)
    return build_table(year, merged, mapping)


def applications_tables_by_office(
    session, year: int, office_ids: Sequence[int], mapping: Mapping[str, str] | None = None
) -> dict[int, ApplicationsTable]:
    """Table 三 of each office, from the same single query."""
    mapping = resolve_mapping(mapping)
    grouped = grouped_counts(session, year, office_ids)
    return {oid: build_table(year, grouped.get(oid, Counter()), mapping) for oid in office_ids}


def cell_condition(year: int, row: str, column: str, mapping: Mapping[str, str]):
    """The SQL condition selecting the applications counted in one cell of table 三 (drill-down)."""
    start, end = year_bounds(year)
    a = APPLICATION.c
    if row == "new":
        cond = sa.and_(a.received_on >= start, a.received_on <= end)
    elif row == "carried_in":
        cond = sa.and_(a.received_on < start, sa.or_(a.replied_on.is_(None), a.replied_on >= start))
    elif row == "carried_out":
        cond = sa.and_(a.received_on <= end, sa.or_(a.replied_on.is_(None), a.replied_on > end))
    elif row.startswith("result."):
        cond = sa.and_(a.replied_on >= start, a.replied_on <= end, a.received_on <= end)
        if row != "result.total":
            outcomes = [code for code, key in resolve_mapping(mapping).items() if key == row]
            cond = sa.and_(cond, a.outcome.in_(outcomes))
    else:
        raise KeyError(row)
    if column != "total":
        cond = sa.and_(cond, a.applicant_kind == column)
    return cond


def cell_application_ids(
    session, year: int, row: str, column: str, office_ids: Sequence[int] | None, mapping=None
) -> list[int]:
    """Ids of the applications behind one number of table 三, ordered by receipt date."""
    a = APPLICATION.c
    query = (
        sa.select(a.id)
        .where(cell_condition(year, row, column, resolve_mapping(mapping)), _office_filter(office_ids))
        .order_by(a.received_on, a.id)
    )
    return list(session.scalars(query))


# ---- checks -----------------------------------------------------------------------------------------


def _serials(session, condition, office_ids, limit: int = 200) -> list[str]:
    a = APPLICATION.c
    query = (
        sa.select(sa.func.coalesce(a.serial, sa.cast(a.id, sa.String)))
        .where(condition, _office_filter(office_ids))
        .order_by(a.received_on, a.id)
        .limit(limit)
    )
    return [row[0] for row in _execute_scan(session, query)]


def table_checks(table: ApplicationsTable) -> dict[str, tuple[bool, str]]:
    """The three arithmetic checks of the 2021 format on a computed table (no offender lists)."""
    rows = table.rows
    bad_balance = [
        L.COLUMN_LABELS[col]
        for i, col in enumerate(L.COLUMNS)
        if rows["new"][i] + rows["carried_in"][i] != rows["result.total"][i] + rows["carried_out"][i]
    ]
    bad_totals = [
        L.row_label(key).split("）")[-1] or L.row_label(key)
        for key in L.ROW_KEYS
        if sum(rows[key][:-1]) != rows[key][-1]
    ]
    bad_results = [
        L.COLUMN_LABELS[col]
        for i, col in enumerate(L.COLUMNS)
        if sum(rows[key][i] for key in L.RESULT_KEYS) != rows["result.total"][i]
    ]
    return {
        "balance": (
            not bad_balance,
            "每列第一项加第二项之和等于第三项（七）总计加第四项"
            if not bad_balance
            else "以下列的勾稽关系不成立：" + "、".join(bad_balance),
        ),
        "column_total": (
            not bad_totals,
            "总计等于六类申请人之和" if not bad_totals else "以下行的总计不等于六类申请人之和：" + "、".join(bad_totals),
        ),
        "result_total": (
            not bad_results,
            "（七）总计等于各项办理结果之和"
            if not bad_results
            else "以下列的（七）总计不等于各项办理结果之和：" + "、".join(bad_results),
        ),
    }


def compute_checks(
    session,
    table: ApplicationsTable,
    office_ids: Sequence[int] | None,
    mapping: Mapping[str, str],
    previous_carried_out: list[int] | None = None,
    previous_issued_at: dt.datetime | None = None,
    *,
    previous_source: str = "",
    previous_note: str = "",
) -> list[Check]:
    """Every check of issue 7, each with the applications that break it. Without ``previous_carried_out``
    the carry-in check is 未核对 and ``previous_note`` says why."""
    year = table.year
    start, end = year_bounds(year)
    a = APPLICATION.c
    mapping = resolve_mapping(mapping)
    arithmetic = table_checks(table)
    in_scope = sa.and_(a.received_on <= end, sa.or_(a.replied_on.is_(None), a.replied_on >= start))
    replied_in_year = sa.and_(a.replied_on >= start, a.replied_on <= end)
    unmapped = sa.or_(a.outcome.is_(None), a.outcome.not_in(list(mapping)))
    checks = []

    ok, detail = arithmetic["balance"]
    offenders = [] if ok else _serials(
        session,
        sa.or_(sa.and_(replied_in_year, unmapped), sa.and_(in_scope, a.replied_on < a.received_on)),
        office_ids,
    )
    checks.append(Check("balance", ok, detail, offenders))

    ok, detail = arithmetic["column_total"]
    offenders = [] if ok else _serials(
        session, sa.and_(in_scope, sa.or_(a.applicant_kind.is_(None), a.applicant_kind.not_in(L.APPLICANT_KINDS))),
        office_ids,
    )
    checks.append(Check("column_total", ok, detail, offenders))

    ok, detail = arithmetic["result_total"]
    offenders = [] if ok else _serials(session, sa.and_(replied_in_year, unmapped), office_ids)
    checks.append(Check("result_total", ok, detail, offenders))

    checks.append(carry_in_check(session, table, office_ids, previous_carried_out, previous_issued_at,
                                 previous_source or f"{year - 1}年度已发布的报告", previous_note))

    # Open (or half-closed) applications with missing data.
    missing = sa.and_(
        in_scope,
        sa.or_(
            sa.and_(a.outcome.is_not(None), a.replied_on.is_(None)),
            sa.and_(a.outcome.is_(None), a.replied_on.is_not(None)),
            sa.and_(a.replied_on.is_(None), sa.or_(a.applicant_name.is_(None), a.applicant_name == "")),
            sa.and_(a.replied_on.is_(None), sa.or_(a.content.is_(None), a.content == "")),
            a.applicant_kind.is_(None),
        ),
    )
    offenders = _serials(session, missing, office_ids)
    checks.append(
        Check(
            "missing_data",
            not offenders,
            "在办申请数据完整"
            if not offenders
            else "以下申请缺少数据（申请人、申请内容、申请人类型，或办理结果与答复日期只填了一项）",
            offenders,
        )
    )
    return checks


def carry_in_check(session, table: ApplicationsTable, office_ids: Sequence[int] | None,
                   previous: list[int] | None, previous_issued_at: dt.datetime | None, source: str,
                   note: str) -> Check:
    """This year's 二 against last year's published 四 (docs/spec/annual-report.md section 6). A failure lists
    the applications behind it: those received before the year and changed after last year's report was
    issued, or, when none was changed, every application counted in the columns that differ."""
    rule = "carried_in_matches_last_year"
    year = table.year
    if previous is None:
        return Check(rule, None, "未核对：" + (note or f"{year - 1}年度报告尚未发布，无可比对的结转数"))
    now = table.rows["carried_in"]
    if list(previous) == list(now):
        return Check(rule, True, f"本年上年结转数等于{source}的结转下年度数")
    a = APPLICATION.c
    start, _ = year_bounds(year)
    differing = [col for i, col in enumerate(L.COLUMNS) if previous[i] != now[i]]
    detail = (f"本年上年结转数（总计{now[-1]}）与{source}的结转下年度数（总计{previous[-1]}）不一致，"
              "不一致的列：" + "、".join(L.COLUMN_LABELS[c] for c in differing))
    offenders: list[str] = []
    if previous_issued_at is not None:
        offenders = _serials(session, sa.and_(a.received_on < start, a.updated_at > previous_issued_at), office_ids)
        if offenders:
            detail += "；以下申请在上年报告发布后被修改"
    if not offenders:
        condition = cell_condition(year, "carried_in", "total", {})
        kinds = [c for c in differing if c != "total"]
        if kinds:  # those columns, and applications of no known kind (counted only in 总计)
            condition = sa.and_(condition, sa.or_(a.applicant_kind.in_(kinds), a.applicant_kind.is_(None),
                                                  a.applicant_kind.not_in(L.APPLICANT_KINDS)))
        offenders = _serials(session, condition, office_ids)
        detail += "；以下为本年计入“上年结转”的申请，请与上年报告逐件核对"
    return Check(rule, False, detail, offenders)


def verdict(ok: bool | None) -> str:
    """通过 / 未通过 / 未核对 (a check that could not run is never 通过)."""
    return "未核对" if ok is None else "通过" if ok else "未通过"


CHECK_TITLES = {
    "balance": "勾稽关系：一＋二＝（七）总计＋四",
    "column_total": "总计＝六类申请人之和",
    "result_total": "（七）总计＝各项办理结果之和",
    "carried_in_matches_last_year": "本年“上年结转”＝上年“结转下年度”",
    "in_force_continuity": "现行有效件数＝上年现行有效＋本年制发－本年废止",
    "missing_data": "在办申请数据完整",
}


# ---- figures for the charts and text -------------------------------------------------------------


@dataclass
class YearFigures:
    """Numbers behind the charts: applications received per month, replies and on-time replies."""

    received_by_month: list[int]
    replied: int
    replied_on_time: int  # replied on or before the cached reply_due
    replied_with_due: int  # replied applications that have a reply_due to compare
    due_by_month: list[int] = field(default_factory=lambda: [0] * 12)  # replied with a reply_due, by reply month
    on_time_by_month: list[int] = field(default_factory=lambda: [0] * 12)

    @property
    def on_time_rate(self) -> float | None:
        return self.replied_on_time / self.replied_with_due if self.replied_with_due else None


def year_figures(session, year: int, office_ids: Sequence[int] | None) -> YearFigures:
    start, end = year_bounds(year)
    a = APPLICATION.c
    month = sa.extract("month", a.received_on)
    by_month = [0] * 12
    query = (
        sa.select(month, sa.func.count())
        .where(a.received_on >= start, a.received_on <= end, _office_filter(office_ids))
        .group_by(month)
    )
    for m, n in _execute_scan(session, query):
        by_month[int(m) - 1] = int(n)
    replied_in_year = sa.and_(a.replied_on >= start, a.replied_on <= end, _office_filter(office_ids))
    reply_month = sa.extract("month", a.replied_on)
    figures = YearFigures(by_month, 0, 0, 0)
    query = (
        sa.select(
            reply_month,
            sa.func.count(),
            sa.func.sum(sa.case((a.reply_due.is_not(None), 1), else_=0)),
            sa.func.sum(sa.case((a.replied_on <= a.reply_due, 1), else_=0)),
        )
        .where(replied_in_year)
        .group_by(reply_month)
    )
    rows = _execute_scan(session, query)
    for m, replied, with_due, on_time in rows:
        figures.replied += int(replied or 0)
        figures.replied_with_due += int(with_due or 0)
        figures.replied_on_time += int(on_time or 0)
        figures.due_by_month[int(m) - 1] = int(with_due or 0)
        figures.on_time_by_month[int(m) - 1] = int(on_time or 0)
    return figures

"""Annual-report inputs kept in the ledger: table 二 figures, table 四 cases, and annual_counts."""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass
from decimal import Decimal

from sqlalchemy import and_, case, func, or_, select

from app.errors import NotFoundError, ValidationError
from app.ledger.common import (
    CASE_KINDS,
    CASE_RESULT_ALIASES,
    CASE_RESULTS,
    CASE_ROUTES,
    CHANNELS,
    FIGURES,
    INTEGER_FIGURES,
    PENDING_LABEL,
    code_from,
    optional_text,
    parse_date,
    parse_decimal,
    parse_int,
    resolve_office,
)
from app.ledger.locks import case_years, refuse_locked_years
from app.storage.base import new_uuid
from app.storage.models.ledger import LedgerActivity, LedgerCase, LedgerFigure, LedgerTask

# Which cases a year's table 四 counts (a setting the office can change; the 2021 format does not say):
#   "handled": filed in the year, or filed earlier and still open on 1 January (carried in);
#   "filed":   filed in the year only.
CASE_COUNTING_SETTING = "ledger.case_counting"
CASE_COLUMNS = ("upheld", "corrected", "other", "pending", "total")
CASE_GROUPS = ("review", "litigation_direct", "litigation_after_review")


# ---------------------------------------------------------------- table 二 figures

def figure_value(key: str, value) -> Decimal:
    """A table 二 figure as entered, checked and normalised (integers where the format counts items)."""
    label = "".join(FIGURES[key])
    if key in INTEGER_FIGURES:
        return Decimal(parse_int(value, label))
    return parse_decimal(value, label).quantize(Decimal("0.0001"))


def set_figures(session, year: int, values: dict, *, office_id: int | None = None) -> dict[str, Decimal | None]:
    """Enter table 二 numbers for a year. ``values``: figure key (see FIGURES) -> number, or None/"" to
    clear it. Keys not given keep their value. Returns every figure of the year afterwards."""
    from app.core import audit

    office_id = resolve_office(session, office_id)
    year = _check_year(year)
    unknown = [k for k in values if k not in FIGURES]
    if unknown:
        raise ValidationError(f"无法识别的统计项：{'、'.join(unknown)}。")
    parsed = {k: (None if v is None or str(v).strip() == "" else figure_value(k, v)) for k, v in values.items()}
    existing = {f.key: f for f in session.scalars(
        select(LedgerFigure).where(LedgerFigure.office_id == office_id, LedgerFigure.year == year))}
    stored = {k: (None if row.deleted else Decimal(row.value)) for k, row in existing.items()}
    if any(stored.get(k) != v for k, v in parsed.items()):
        refuse_locked_years(session, office_id, [year], "表二的统计数字")
    for key, value in parsed.items():
        row = existing.get(key)
        if value is None:
            if row is not None and not row.deleted:
                row.deleted = True
                audit.record(session, row, "delete")
            continue
        if row is None:
            row = LedgerFigure(uuid=new_uuid(), office_id=office_id, year=year, key=key, value=value,
                               deleted=False)
            session.add(row)
            audit.record(session, row, "create")
        elif row.deleted or Decimal(row.value) != value:
            row.value, row.deleted = value, False
            audit.record(session, row, "update")
    return get_figures(session, year, office_id=office_id)


def get_figures(session, year: int, *, office_id: int | None = None,
                office_ids: list[int] | None = None) -> dict[str, Decimal | None]:
    """figure key -> value (None when not entered), summed over ``office_ids`` when given."""
    ids = office_ids if office_ids is not None else [resolve_office(session, office_id)]
    stmt = (select(LedgerFigure.key, func.sum(LedgerFigure.value))
            .where(LedgerFigure.office_id.in_(ids), LedgerFigure.year == year, LedgerFigure.deleted.is_(False))
            .group_by(LedgerFigure.key))
    found = {k: Decimal(v) for k, v in session.execute(stmt)}
    return {k: found.get(k) for k in FIGURES}


def _check_year(year) -> int:
    try:
        year = int(year)
    except (TypeError, ValueError):
        raise ValidationError(f"年度“{year}”不是有效年份。") from None
    if not 2000 <= year <= 2100:
        raise ValidationError(f"年度“{year}”不是有效年份。")
    return year


# ---------------------------------------------------------------- table 四 cases

@dataclass
class CaseInfo:
    id: int
    uuid: str
    office_id: int
    kind: str
    kind_label: str
    route: str | None
    route_label: str | None
    case_number: str | None
    party: str | None
    application_serial: str | None
    subject: str | None
    filed_on: dt.date
    concluded_on: dt.date | None
    result: str | None
    result_label: str
    notes: str | None


def _case_info(c: LedgerCase) -> CaseInfo:
    return CaseInfo(
        id=c.id, uuid=c.uuid, office_id=c.office_id, kind=c.kind, kind_label=CASE_KINDS[c.kind], route=c.route,
        route_label=CASE_ROUTES.get(c.route) if c.route else None, case_number=c.case_number, party=c.party,
        application_serial=c.application_serial, subject=c.subject, filed_on=c.filed_on,
        concluded_on=c.concluded_on, result=c.result,
        result_label=CASE_RESULTS[c.result] if c.result else PENDING_LABEL, notes=c.notes,
    )


def validate_case(data: dict) -> dict:
    kind = code_from(data.get("kind"), CASE_KINDS, {"复议": "review", "诉讼": "litigation"}, "案件类型")
    route = None
    if kind == "litigation":
        route = code_from(data.get("route"), CASE_ROUTES,
                          {"直接起诉": "direct", "复议后": "after_review", "经复议": "after_review"}, "起诉方式")
    result_text = str(data.get("result") or "").strip()
    result = None
    if result_text and result_text != PENDING_LABEL and result_text != "pending":
        result = code_from(result_text, CASE_RESULTS, CASE_RESULT_ALIASES, "审理结果")
    filed_on = parse_date(data.get("filed_on"), "收案（申请/起诉）日期", required=True)
    concluded_on = parse_date(data.get("concluded_on"), "审结日期")
    if result and concluded_on is None:
        raise ValidationError("已有审理结果的案件请填写审结日期。")
    if concluded_on and not result:
        raise ValidationError("已审结的案件请选择审理结果（结果维持、结果纠正或其他结果）。")
    if concluded_on and concluded_on < filed_on:
        raise ValidationError("审结日期不能早于收案日期。")
    return {
        "kind": kind, "route": route, "filed_on": filed_on, "concluded_on": concluded_on, "result": result,
        "case_number": optional_text(data.get("case_number"), "案号", 100),
        "party": optional_text(data.get("party"), "申请人/原告", 200),
        "application_serial": optional_text(data.get("application_serial"), "申请编号", 50),
        "subject": optional_text(data.get("subject"), "案由"),
        "notes": optional_text(data.get("notes"), "备注"),
    }


CASE_FIELDS = ("kind", "route", "case_number", "party", "application_serial", "subject", "filed_on",
               "concluded_on", "result", "notes")


def add_case(session, data: dict, *, office_id: int | None = None) -> CaseInfo:
    """Add a 行政复议 / 行政诉讼 case: kind (review|litigation), route (litigation: direct|after_review),
    filed_on, concluded_on + result (upheld|corrected|other; both empty = 尚未审结), case_number, party,
    application_serial, subject, notes."""
    from app.core import audit

    values = validate_case(data)
    office_id = resolve_office(session, office_id)
    refuse_locked_years(session, office_id, case_years(values.get("filed_on"), values.get("concluded_on"),
                                                       dt.date.today()), "其行政复议、诉讼案件")
    c = LedgerCase(uuid=new_uuid(), office_id=office_id, deleted=False, **values)
    session.add(c)
    audit.record(session, c, "create")
    return _case_info(c)


def _load_case(session, case_id: int) -> LedgerCase:
    c = session.get(LedgerCase, case_id)
    if c is None or c.deleted:
        raise NotFoundError(f"案件 {case_id} 不存在或已删除。")
    return c


def update_case(session, case_id: int, data: dict) -> CaseInfo:
    from app.core import audit

    c = _load_case(session, case_id)
    current = {k: getattr(c, k) for k in CASE_FIELDS}
    current.update({k: v for k, v in data.items() if k in CASE_FIELDS})
    values = validate_case(current)
    if any(getattr(c, key) != value for key, value in values.items()):
        today = dt.date.today()
        refuse_locked_years(session, c.office_id, case_years(c.filed_on, c.concluded_on, today)
                            + case_years(values.get("filed_on"), values.get("concluded_on"), today),
                            "其行政复议、诉讼案件")
    for key, value in values.items():
        setattr(c, key, value)
    audit.record(session, c, "update")
    return _case_info(c)


def delete_case(session, case_id: int) -> None:
    from app.core import audit

    c = _load_case(session, case_id)
    refuse_locked_years(session, c.office_id, case_years(c.filed_on, c.concluded_on, dt.date.today()),
                        "其行政复议、诉讼案件")
    c.deleted = True
    audit.record(session, c, "delete")


def _case_scope(year: int, counting: str):
    first, last = dt.date(year, 1, 1), dt.date(year, 12, 31)
    filed_in_year = LedgerCase.filed_on.between(first, last)
    if counting == "filed":
        return filed_in_year
    carried_in = and_(LedgerCase.filed_on < first, or_(LedgerCase.concluded_on.is_(None),
                                                       LedgerCase.concluded_on >= first))
    return or_(filed_in_year, carried_in)


def _case_counting(session) -> str:
    from app.core.settings import get_setting

    return get_setting(session, CASE_COUNTING_SETTING)  # declared with its two choices


def list_cases(session, *, year: int | None = None, office_id: int | None = None,
               kind: str | None = None) -> list[CaseInfo]:
    """Cases (newest first); with ``year``: the cases that year's table 四 counts."""
    stmt = select(LedgerCase).where(LedgerCase.deleted.is_(False))
    if office_id is not None:
        stmt = stmt.where(LedgerCase.office_id == office_id)
    if kind:
        stmt = stmt.where(LedgerCase.kind == kind)
    if year is not None:
        stmt = stmt.where(_case_scope(year, _case_counting(session)))
    return [_case_info(c) for c in session.scalars(stmt.order_by(LedgerCase.filed_on.desc(), LedgerCase.id.desc()))]


def case_table(session, year: int, office_ids: list[int]) -> dict[str, dict[str, int]]:
    """The 15 numbers of table 四: group -> {upheld, corrected, other, pending, total}.

    A case's column is its result when it was concluded on or before 31 December of the year, else 尚未审结.
    """
    last = dt.date(year, 12, 31)
    group = case((LedgerCase.kind == "review", "review"),
                 (LedgerCase.route == "direct", "litigation_direct"), else_="litigation_after_review")
    column = case((and_(LedgerCase.result.is_not(None), LedgerCase.concluded_on <= last), LedgerCase.result),
                  else_="pending")
    stmt = (select(group, column, func.count()).where(
        LedgerCase.deleted.is_(False), LedgerCase.office_id.in_(office_ids),
        _case_scope(year, _case_counting(session))).group_by(group, column))
    table = {g: dict.fromkeys(CASE_COLUMNS, 0) for g in CASE_GROUPS}
    for g, col, n in session.execute(stmt):
        table[g][col] += n
        table[g]["total"] += n
    return table


# ---------------------------------------------------------------- annual_counts

def _office_scope(session, office_id: int | None, summary: bool) -> list[int]:
    if summary:
        from app.storage.models.core import Office

        return list(session.scalars(select(Office.id)))
    return [resolve_office(session, office_id)]


def _int(value: Decimal | None) -> int:
    return int(value) if value is not None else 0


def annual_counts(session, year: int, office_id: int | None = None, *, summary: bool = False) -> dict:
    """The ledger's numbers for the annual report of ``year``.

    Scope: ``office_id`` (default: the installation's own office); ``summary=True`` adds up every office.
    Returns (all numbers are ints except fees_wan_yuan, a float with 4 decimals)::

        {"year": 2025, "office_ids": [1],
         "proactive": {                                  # table 二 (docs/spec/annual-report.md 4)
             "regulations":         {"issued": n, "repealed": n, "in_force": n},   # 规章
             "normative_documents": {"issued": n, "repealed": n, "in_force": n},   # 行政规范性文件
             "licensing": n,        # 行政许可 本年处理决定数量
             "penalty": n,          # 行政处罚 本年处理决定数量
             "coercion": n,         # 行政强制 本年处理决定数量
             "fees_wan_yuan": x},   # 行政事业性收费 本年收费金额（单位：万元）
         "review_litigation": {                          # table 四 (docs/spec/annual-report.md 5), 15 numbers
             "review":                  {"upheld": n, "corrected": n, "other": n, "pending": n, "total": n},
             "litigation_direct":       {...same five...},   # 行政诉讼 未经复议直接起诉
             "litigation_after_review": {...same five...}},  # 行政诉讼 复议后起诉
             # upheld 结果维持, corrected 结果纠正, other 其他结果, pending 尚未审结, total 总计
         "activities": {                                 # for the report's text sections
             "publications": {"total": n, "website": n, "gazette": n, "weibo": n, "wechat": n, "other": n},
             "interpretations": {"total": n, "late": n, "pending": n},
                 # total: published in the year; late: of those, after the 3-working-day due day;
                 # pending: due in the year and not published by 31 December
             "press_conferences": n, "online_interviews": n, "responses": n,
             "trainings": {"sessions": n, "participants": n},
             "public_reviews": n, "open_meetings": n, "leader_briefings": n},
         "tasks": {"total": n, "done": n, "done_late": n, "open": n},   # tasks due in the year
         "missing_figures": ["licensing", ...]}          # table 二 keys nobody entered (counted as 0)

    Activity numbers add up each record's ``quantity`` (a record may stand for a batch, e.g. 35 items
    published on the website in March).
    """
    year = _check_year(year)
    ids = _office_scope(session, office_id, summary)
    figures = get_figures(session, year, office_ids=ids)
    fees = figures["fees_wan_yuan"]
    proactive = {
        "regulations": {c: _int(figures[f"regulations.{c}"]) for c in ("issued", "repealed", "in_force")},
        "normative_documents": {c: _int(figures[f"normative_documents.{c}"])
                                for c in ("issued", "repealed", "in_force")},
        "licensing": _int(figures["licensing"]),
        "penalty": _int(figures["penalty"]),
        "coercion": _int(figures["coercion"]),
        "fees_wan_yuan": float(fees.quantize(Decimal("0.0001"))) if fees is not None else 0.0,
    }
    return {
        "year": year,
        "office_ids": ids,
        "proactive": proactive,
        "review_litigation": case_table(session, year, ids),
        "activities": _activity_counts(session, year, ids),
        "tasks": _task_counts(session, year, ids),
        "missing_figures": [k for k, v in figures.items() if v is None],
    }


def year_totals_statement(year: int, ids: list[int]):
    """Quantity and participants of the offices' activities that took place in `year`, by kind and channel.
    Served by one covering index (migration 0012): the rows themselves are never read."""
    A = LedgerActivity
    return (select(A.kind, A.channel, func.sum(A.quantity), func.sum(func.coalesce(A.participants, 0)))
            .where(A.deleted.is_(False), A.office_id.in_(ids),
                   A.occurred_on.between(dt.date(year, 1, 1), dt.date(year, 12, 31)))
            .group_by(A.kind, A.channel))


def _activity_counts(session, year: int, ids: list[int]) -> dict:
    A = LedgerActivity
    first, last = dt.date(year, 1, 1), dt.date(year, 12, 31)
    base = [A.deleted.is_(False), A.office_id.in_(ids)]
    sums: dict[tuple[str, str | None], int] = {}
    participants = 0
    for kind, channel, qty, people in session.execute(year_totals_statement(year, ids)):
        sums[(kind, channel)] = int(qty or 0)
        if kind == "training":
            participants += int(people or 0)

    def total(kind: str) -> int:
        return sum(n for (k, _), n in sums.items() if k == kind)

    late = session.scalar(select(func.count()).select_from(A).where(
        *base, A.kind == "interpretation", A.occurred_on.between(first, last), A.occurred_on > A.due_on))
    pending = session.scalar(select(func.count()).select_from(A).where(
        *base, A.kind == "interpretation", A.due_on.between(first, last),
        or_(A.occurred_on.is_(None), A.occurred_on > last)))
    publications = {"total": total("publication")}
    publications.update({ch: sums.get(("publication", ch), 0) for ch in CHANNELS})
    return {
        "publications": publications,
        "interpretations": {"total": total("interpretation"), "late": int(late or 0), "pending": int(pending or 0)},
        "press_conferences": total("press_conference"),
        "online_interviews": total("online_interview"),
        "responses": total("response"),
        "trainings": {"sessions": total("training"), "participants": participants},
        "public_reviews": total("public_review"),
        "open_meetings": total("open_meeting"),
        "leader_briefings": total("leader_briefing"),
    }


def _task_counts(session, year: int, ids: list[int]) -> dict:
    T = LedgerTask
    first, last = dt.date(year, 1, 1), dt.date(year, 12, 31)
    done = T.status == "done"
    stmt = select(
        func.count(),
        func.sum(case((done, 1), else_=0)),
        func.sum(case((and_(done, T.completed_on > T.due_on), 1), else_=0)),
    ).where(T.deleted.is_(False), T.office_id.in_(ids), T.due_on.between(first, last))
    n, n_done, n_late = session.execute(stmt).one()
    n, n_done = int(n or 0), int(n_done or 0)
    return {"total": n, "done": n_done, "done_late": int(n_late or 0), "open": n - n_done}

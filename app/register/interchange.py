"""Application records as JSON Lines (docs/spec/application-records.md): all-or-nothing import and exact export."""

from __future__ import annotations

import datetime as dt
import operator
import re
from collections import defaultdict
from collections.abc import Iterator, Mapping
from dataclasses import dataclass
from decimal import Decimal, InvalidOperation

from sqlalchemy import select
from sqlalchemy.orm import Session

from app.core import audit, profile, sequences
from app.core.results import ImportResult
from app.domain import dates
from app.domain.identifiers import org_code_problem
from app.errors import Cancelled, ValidationError
from app.register.codes import CONSULTATION_PARTIES, FEE_METHODS, OUTCOMES
from app.register.common import document_type
from app.register.validation import FIELD_PATHS, validate_fields
from app.storage import bulk, indexes
from app.storage.base import new_uuid, utcnow
from app.storage.models.core import AuditEntry, Office
from app.storage.models.register import (
    ApplicantDocument,
    Application,
    Consultation,
    Correction,
    Extension,
    FeeNotice,
)

APPLICANT_FIELDS = ("kind", "name", "id_number", "contact_person", "phone", "address", "email")
# Optional fields beyond the contract's table, written only when set (contracts allow added optional fields).
EXTRA_FIELDS = {
    "legal_basis": "legal_basis",
    "withheld": "withheld_parts",
    "outcome_note": "outcome_note",
    "receipt_note": "receipt_note",
    "requested_form": "requested_form",
    "notes": "notes",
}
BATCH = 2000
# Record fields checked by validate_fields, by their column: the applicant's, and the optional fields that
# are columns of FIELD_PATHS (the others are taken as they are, below).
_APPLICANT_COLUMNS = tuple(("applicant_" + key, key) for key in APPLICANT_FIELDS)
_VALIDATED_EXTRAS = tuple((key, column) for key, column in EXTRA_FIELDS.items() if column in FIELD_PATHS)


# -- export ---------------------------------------------------------------------------------------------------
def _iso(value) -> str | None:
    return value.isoformat() if value is not None else None


def _money(value) -> int | float:
    d = Decimal(value)
    return int(d) if d == d.to_integral_value() else float(d)


def build_record(app: Mapping, office_code: str | None, correction: Mapping | None, consultations: list,
                 extension: Mapping | None, fee: Mapping | None, *, include_office: bool,
                 id_type: str | None = None) -> dict:
    """One section-2 record, fields in the contract's order; optional fields only when set."""
    rec: dict = {"id": app["uuid"], "serial": app["serial"]}
    if include_office and office_code:
        rec["office"] = office_code
    rec["received_on"] = _iso(app["received_on"])
    rec["channel"] = app["channel"]
    applicant = {"kind": app["applicant_kind"], "name": app["applicant_name"]}
    if id_type is not None:
        applicant["id_type"] = id_type
    for key in APPLICANT_FIELDS[2:]:
        value = app["applicant_" + key]
        if value is not None:
            applicant[key] = value
    rec["applicant"] = applicant
    rec["content"] = app["content"]
    rec["correction"] = (
        {"notified_on": _iso(correction["notified_on"]), "received_on": _iso(correction["received_on"])}
        if correction is not None else None
    )
    if correction is not None:
        # Optional (docs/spec/application-records.md): the period the notice gave and its delivery.
        if correction.get("period_days") is not None:
            rec["correction"]["period_days"] = correction["period_days"]
        if correction.get("delivered_on") is not None:
            rec["correction"]["delivered_on"] = _iso(correction["delivered_on"])
    cons = []
    for c in consultations:
        item = {"party": c["party"], "sent_on": _iso(c["sent_on"]), "ended_on": _iso(c["ended_on"])}
        if c["party_name"]:
            item["party_name"] = c["party_name"]
        cons.append(item)
    rec["consultations"] = cons
    if extension is not None:
        rec["extension"] = {"approved_on": _iso(extension["approved_on"]), "working_days": extension["working_days"]}
        if extension["approver"]:
            rec["extension"]["approver"] = extension["approver"]
    else:
        rec["extension"] = None
    if fee is not None:
        rec["fee"] = {"notified_on": _iso(fee["notified_on"]), "amount_yuan": _money(fee["amount_yuan"]),
                      "paid_on": _iso(fee["paid_on"])}
        if fee["method"]:
            rec["fee"]["method"] = fee["method"]
        if fee.get("delivered_on") is not None:
            rec["fee"]["delivered_on"] = _iso(fee["delivered_on"])
    else:
        rec["fee"] = None
    rec["outcome"] = app["outcome"]
    rec["replied_on"] = _iso(app["replied_on"])
    for key, column in EXTRA_FIELDS.items():
        if app[column] is not None:
            rec[key] = app[column]
    return rec


def _row_dict(obj) -> dict | None:
    if obj is None:
        return None
    return {c.key: getattr(obj, c.key) for c in obj.__table__.columns}


def record_of(session: Session, app: Application, *, include_office: bool = True) -> dict:
    """The section-2 record of one ORM application."""
    from app.register.common import load_children

    ch = load_children(session, app.id)
    office = session.get(Office, app.office_id)
    return build_record(_row_dict(app), office.org_code if office else None, _row_dict(ch.correction),
                        [_row_dict(c) for c in ch.consultations], _row_dict(ch.extension), _row_dict(ch.fee),
                        include_office=include_office, id_type=document_type(session, app.id))


def export_records(session: Session, *, office_id: int | None = None, since: dt.datetime | None = None,
                   include_office: bool | None = None, with_meta: bool = False) -> Iterator[dict]:
    """Section-2 records of every office held (or one), in registration order.

    `office` is written for applications of other offices; for the installation's own office only when
    `include_office` is True (a record without `office` means "the sender's own office").
    `with_meta` adds `updated_at` and `deleted` for packages (docs/spec/packages.md)."""
    offices = {o.id: (o.org_code, o.is_self) for o in session.execute(select(Office)).scalars()}
    table = Application.__table__
    stmt = select(table.c.id).order_by(table.c.id)
    if office_id is not None:
        stmt = stmt.where(table.c.office_id == office_id)
    if since is not None:
        stmt = stmt.where(table.c.updated_at >= since)
    ids = list(session.execute(stmt).scalars())
    for start in range(0, len(ids), BATCH):
        chunk = ids[start:start + BATCH]
        apps = session.execute(select(table).where(table.c.id.in_(chunk)).order_by(table.c.id)).mappings().all()
        corr = {r["application_id"]: r for r in session.execute(
            select(Correction.__table__).where(Correction.__table__.c.application_id.in_(chunk))).mappings()}
        ext = {r["application_id"]: r for r in session.execute(
            select(Extension.__table__).where(Extension.__table__.c.application_id.in_(chunk))).mappings()}
        fee = {r["application_id"]: r for r in session.execute(
            select(FeeNotice.__table__).where(FeeNotice.__table__.c.application_id.in_(chunk))).mappings()}
        dt_ = ApplicantDocument.__table__
        docs = dict(session.execute(select(dt_.c.application_id, dt_.c.id_type)
                                    .where(dt_.c.application_id.in_(chunk))).all())
        cons = defaultdict(list)
        ct = Consultation.__table__
        for r in session.execute(select(ct).where(ct.c.application_id.in_(chunk)).order_by(ct.c.sent_on, ct.c.id)
                                 ).mappings():
            cons[r["application_id"]].append(r)
        for a in apps:
            code, is_self = offices.get(a["office_id"], (None, False))
            rec = build_record(a, code, corr.get(a["id"]), cons.get(a["id"], []), ext.get(a["id"]),
                               fee.get(a["id"]), include_office=bool(include_office) or not is_self,
                               id_type=docs.get(a["id"]))
            if with_meta:
                rec["updated_at"] = a["updated_at"].isoformat()
                rec["deleted"] = False
            yield rec


# -- import: validation ---------------------------------------------------------------------------------------
class _Problems:
    def __init__(self) -> None:
        self.found: list[tuple[int, str | None, str]] = []  # (line, field path or None for the line, message)
        self.locked_count = 0  # how many of the problems are the year lock's
        self.locked_years: set[int] = set()

    @property
    def items(self) -> list[tuple[int, str | None, str]]:
        return self.found

    def add(self, line: int, path: str | None, message: str) -> None:
        self.found.append((line, path, message))

    def lines(self) -> list[str]:
        """"第N行，字段“path”：message" in line order (a line's own problems in the order found)."""
        return [f"第{line}行：{message}" if path is None else f"第{line}行，字段“{path}”：{message}"
                for line, path, message in sorted(self.found, key=lambda item: item[0])]

    def lock(self, line: int, year: int, message: str) -> None:
        self.add(line, None, message)
        self.locked_count += 1
        self.locked_years.add(year)

    def raise_if_any(self) -> None:
        lines = self.lines()
        if lines and self.locked_count == len(self.found):
            # only the year lock stands in the way: a package may be held until the year is unlocked
            from app.reports.year_lock import YearLocked

            text = f"{lines[0]}。未导入任何记录。" if len(lines) == 1 else \
                f"文件中有{len(lines)}条记录会改变已发布年度的统计数字，未导入任何记录。"
            raise YearLocked(text, sorted(self.locked_years), details=lines)
        if len(lines) == 1:
            raise ValidationError(f"{lines[0]}。未导入任何记录。", details=lines)
        if lines:
            raise ValidationError(f"文件中有{len(lines)}处错误，未导入任何记录。", details=lines)


def _date(value, line: int, path: str, problems: _Problems, *, required: bool, today: dt.date) -> dt.date | None:
    """`dates.parse_date` with the problem filed under the record's line and field path."""
    try:
        day = dates.parse_date(value, path)
    except dates.InvalidDate as err:
        problems.add(line, path, f"“{err.text}”{err.reason}")
        return None
    if day is None:
        if required:
            problems.add(line, path, "缺少日期")
    elif day > today:
        problems.add(line, path, f"日期 {day.isoformat()} 晚于今天")
    return day


_UNSTORABLE = re.compile("[\x00\ud800-\udfff]")


def _needs_walk(value) -> bool:
    """Whether any string in `value` cannot be stored; cheap (no paths built, one call per object or
    list rather than per value): the usual answer is no."""
    t = type(value)
    if t is dict:
        values = value.values()
    elif t is list:
        values = value
    else:
        return isinstance(value, str) and _UNSTORABLE.search(value) is not None
    search = _UNSTORABLE.search
    for v in values:
        t = type(v)
        if t is str:
            if search(v) is not None:
                return True
        elif t is dict or t is list:
            if _needs_walk(v):
                return True
        elif v is not None and isinstance(v, str) and search(v) is not None:  # str subclasses
            return True
    return False


def _undecodable_paths(value, path: str = "") -> list[str]:
    """Paths of strings that cannot be stored: lone surrogates (valid JSON escapes, invalid UTF-8) or NUL."""
    if isinstance(value, str):
        return [] if _UNSTORABLE.search(value) is None else [path or "(整行)"]
    if isinstance(value, dict):
        return [p for k, v in value.items() for p in _undecodable_paths(v, f"{path}.{k}" if path else str(k))]
    if isinstance(value, list):
        return [p for i, v in enumerate(value) for p in _undecodable_paths(v, f"{path}[{i}]")]
    return []


def _parse_record(rec, line: int, problems: _Problems, today: dt.date) -> dict | None:
    """A parsed record: {'fields', 'children', 'uuid', 'serial', 'office'}; problems are collected."""
    if not isinstance(rec, dict):
        problems.add(line, None, "不是 JSON 对象")
        return None
    before = len(problems.items)
    for path in _undecodable_paths(rec) if _needs_walk(rec) else ():
        problems.add(line, path, "含有无法识别的字符（可能是编码错误）或控制字符")
    if len(problems.items) > before:
        return None
    applicant = rec.get("applicant")
    if not isinstance(applicant, dict):
        problems.add(line, "applicant", "缺少申请人信息（应为对象）")
        applicant = {}
    flat = {"received_on": rec.get("received_on"), "channel": rec.get("channel"), "content": rec.get("content")}
    for column, key in _APPLICANT_COLUMNS:
        flat[column] = applicant.get(key)
    id_type = applicant.get("id_type")
    flat["applicant_id_type"] = id_type
    for key, column in _VALIDATED_EXTRAS:
        flat[column] = rec.get(key)
    clean, field_problems = validate_fields(flat, today=today, strict=False)
    for path, message in field_problems:
        problems.add(line, path, message)
    for key in ("legal_basis", "withheld", "outcome_note"):
        value = rec.get(key)
        clean[EXTRA_FIELDS[key]] = value.strip() or None if isinstance(value, str) else None

    ident = rec.get("id")
    if ident is not None and (not isinstance(ident, str) or not ident.strip() or len(ident) > 36):
        problems.add(line, "id", "应为不超过36个字符的 UUID 字符串")
    serial = rec.get("serial")
    if serial is not None and (not isinstance(serial, str) or not serial.strip() or len(serial) > 40):
        problems.add(line, "serial", "申请编号应为不超过40个字符的文字")
    office = rec.get("office")
    if office is not None:
        problem = org_code_problem(office) if isinstance(office, str) else "应为统一社会信用代码"
        if problem:
            problems.add(line, "office", problem)

    received = clean.get("received_on")
    children: dict = {"correction": None, "consultations": [], "extension": None, "fee": None,
                      "document": id_type if isinstance(id_type, str) else None}
    corr = rec.get("correction")
    if corr is not None:
        if not isinstance(corr, dict):
            problems.add(line, "correction", "应为对象或 null")
        else:
            n = _date(corr.get("notified_on"), line, "correction.notified_on", problems, required=True, today=today)
            r = _date(corr.get("received_on"), line, "correction.received_on", problems, required=False, today=today)
            if n and received and n < received:
                problems.add(line, "correction.notified_on", "告知补正日期早于收到申请日期")
            if n and r and r < n:
                problems.add(line, "correction.received_on", "收到补正日期早于告知补正日期")
            d = _date(corr.get("delivered_on"), line, "correction.delivered_on", problems, required=False,
                      today=today)
            if n and d and d < n:
                problems.add(line, "correction.delivered_on", "申请人收到补正告知书的日期早于告知补正日期")
            period = corr.get("period_days")
            if period is not None and (not isinstance(period, int) or isinstance(period, bool) or period < 1):
                problems.add(line, "correction.period_days", "补正期限应为正整数（工作日数）")
                period = None
            children["correction"] = {"notified_on": n, "received_on": r, "notice_content": None,
                                      "period_days": period, "delivered_on": d}
    cons = rec.get("consultations", [])
    if cons is None:
        cons = []
    if not isinstance(cons, list):
        problems.add(line, "consultations", "应为列表")
        cons = []
    for i, c in enumerate(cons):
        path = f"consultations[{i}]"
        if not isinstance(c, dict):
            problems.add(line, path, "应为对象")
            continue
        if not isinstance(c.get("party"), str) or c.get("party") not in CONSULTATION_PARTIES:
            problems.add(line, path + ".party", f"应为 third_party 或 agency，而不是“{c.get('party')}”")
        s = _date(c.get("sent_on"), line, path + ".sent_on", problems, required=True, today=today)
        e = _date(c.get("ended_on"), line, path + ".ended_on", problems, required=False, today=today)
        if s and e and e < s:
            problems.add(line, path + ".ended_on", "收到意见日期早于发出日期")
        name = c.get("party_name")
        children["consultations"].append({"party": c.get("party"), "sent_on": s, "ended_on": e,
                                          "party_name": name.strip() or None if isinstance(name, str) else None,
                                          "opinion": None})
    ext = rec.get("extension")
    if ext is not None:
        if not isinstance(ext, dict):
            problems.add(line, "extension", "应为对象或 null")
        else:
            a = _date(ext.get("approved_on"), line, "extension.approved_on", problems, required=True, today=today)
            days = ext.get("working_days")
            if not isinstance(days, int) or isinstance(days, bool) or not 1 <= days <= 20:
                problems.add(line, "extension.working_days", "延长的工作日数应为1至20的整数（条例第三十三条）")
            approver = ext.get("approver")
            children["extension"] = {"approved_on": a, "working_days": days, "notice": None, "attachment_id": None,
                                     "approver": approver.strip() or None if isinstance(approver, str) else None}
    fee = rec.get("fee")
    if fee is not None:
        if not isinstance(fee, dict):
            problems.add(line, "fee", "应为对象或 null")
        else:
            n = _date(fee.get("notified_on"), line, "fee.notified_on", problems, required=True, today=today)
            p = _date(fee.get("paid_on"), line, "fee.paid_on", problems, required=False, today=today)
            amount = fee.get("amount_yuan")
            try:
                if isinstance(amount, bool) or not isinstance(amount, (int, float, str)):
                    raise InvalidOperation
                amount = Decimal(str(amount)).quantize(Decimal("0.01"))
                if amount < 0:
                    raise InvalidOperation
            except (InvalidOperation, ValueError):
                problems.add(line, "fee.amount_yuan", f"收费金额“{fee.get('amount_yuan')}”不是有效的非负数")
                amount = None
            method = fee.get("method")
            if method is not None and (not isinstance(method, str) or method not in FEE_METHODS):
                problems.add(line, "fee.method", "应为 per_request（按件）或 per_page（按量）")
            if n and p and p < n:
                problems.add(line, "fee.paid_on", "缴费日期早于收费通知日期")
            d = _date(fee.get("delivered_on"), line, "fee.delivered_on", problems, required=False, today=today)
            if n and d and d < n:
                problems.add(line, "fee.delivered_on", "申请人收到收费通知的日期早于收费通知日期")
            children["fee"] = {"notified_on": n, "amount_yuan": amount, "method": method, "paid_on": p,
                               "delivered_on": d}
    outcome = rec.get("outcome")
    if outcome is not None and (not isinstance(outcome, str) or outcome not in OUTCOMES):
        problems.add(line, "outcome", f"办理结果“{outcome}”不在允许的取值中")
    replied = _date(rec.get("replied_on"), line, "replied_on", problems, required=False, today=today)
    if outcome is not None and replied is None and rec.get("replied_on") is None:
        problems.add(line, "replied_on", "已办结的申请须有答复日期")
    if replied and received and replied < received:
        problems.add(line, "replied_on", "答复日期早于收到申请日期")
    clean["outcome"] = outcome
    clean["replied_on"] = replied
    if len(problems.items) > before:
        return None
    return {"fields": clean, "children": children, "uuid": ident.strip() if ident else None,
            "serial": serial.strip() if serial else None, "office": office}


# -- import: writing ------------------------------------------------------------------------------------------------
def _full(table, values: dict) -> dict:
    return {c.name: values.get(c.name) for c in table.columns}


def _children_equal(session: Session, app: Application, parsed: dict, office_code: str | None) -> bool:
    current = record_of(session, app, include_office=True)
    corr = parsed["children"]["correction"]
    probe = build_record(
        {**_row_dict(app), **parsed["fields"], "uuid": app.uuid, "serial": parsed["serial"] or app.serial},
        office_code, corr, parsed["children"]["consultations"], parsed["children"]["extension"],
        parsed["children"]["fee"], include_office=True, id_type=parsed["children"]["document"],
    )
    return current == probe


def import_records(session: Session, records: list[dict], *, office_id: int | None = None, progress=None,
                   line_numbers: list[int] | None = None, today: dt.date | None = None,
                   unreadable: list[tuple[int, str]] = ()) -> ImportResult:
    """Import section-2 records, all or nothing (see _import_records). ``unreadable``: (line, message) of
    the file's lines that are not JSON records, reported together with every other bad line."""
    with bulk.collector_paused():
        return _import_records(session, records, office_id=office_id, progress=progress,
                               line_numbers=line_numbers, today=today, unreadable=unreadable)


@dataclass
class ImportPlan:
    """The checked records of an import, matched with the stored applications (plan_import)."""

    problems: list[tuple[int, str | None, str]]  # (line, field path or None for the line, message)
    today: dt.date
    parts: tuple = ()  # (new, existing, office maps) for apply_plan


def plan_import(session: Session, records: list[dict], *, office_id: int | None = None,
                line_numbers: list[int] | None = None, today: dt.date | None = None) -> ImportPlan:
    """Check the records and match them with the stored applications without changing anything: every
    problem import_records would refuse them for (fields, duplicates, matches, the year lock). The Excel
    preview shows the problems; a plan without problems is written by apply_plan in the same unit of work."""
    problems = _Problems()
    today = today or dt.date.today()
    parts = _plan(session, records, office_id=office_id, line_numbers=line_numbers, today=today, problems=problems)
    return ImportPlan(list(problems.found), today, parts)


def apply_plan(session: Session, plan: ImportPlan, *, progress=None) -> ImportResult:
    """Write a plan made by plan_import in this unit of work (refused if it has problems)."""
    if plan.problems:
        raise ValidationError("导入计划中有错误，未导入任何记录。", details=[m for _, _, m in plan.problems])
    with bulk.collector_paused():
        return _write_plan(session, *plan.parts, progress=progress, today=plan.today)


def check_records(session: Session, records: list[dict], *, office_id: int | None = None,
                  line_numbers: list[int] | None = None, today: dt.date | None = None
                  ) -> list[tuple[int, str | None, str]]:
    """Every problem the import of these records would refuse them for (see plan_import)."""
    return plan_import(session, records, office_id=office_id, line_numbers=line_numbers, today=today).problems


def _import_records(session: Session, records: list[dict], *, office_id: int | None = None, progress=None,
                    line_numbers: list[int] | None = None, today: dt.date | None = None,
                    unreadable: list[tuple[int, str]] = ()) -> ImportResult:
    """Import section-2 records, all or nothing.

    Every record is checked first; if any is bad nothing is changed and a ValidationError lists each bad
    line (行号 and field). A record whose `id` (or, without id, office + serial) is already stored updates
    that application, or is skipped when identical: re-importing never duplicates. New records are
    written with bulk inserts (app.storage.bulk), each audited with its canonical snapshot."""
    today = today or dt.date.today()
    problems = _Problems()
    for line, message in unreadable:
        problems.add(line, None, message)
    plan_new, plan_existing, id_to_code, code_to_id = _plan(
        session, records, office_id=office_id, line_numbers=line_numbers, today=today, problems=problems)
    problems.raise_if_any()
    return _write_plan(session, plan_new, plan_existing, id_to_code, code_to_id, progress=progress, today=today)


def _plan(session: Session, records: list[dict], *, office_id: int | None, line_numbers: list[int] | None,
          today: dt.date, problems: _Problems) -> tuple[list, list, dict, dict]:
    """Check every record and match it with the stored applications: (new, existing, office maps)."""
    lines = line_numbers or list(range(1, len(records) + 1))
    parsed: list[tuple[int, dict]] = []
    for line, rec in zip(lines, records):
        p = _parse_record(rec, line, problems, today)
        if p is not None:
            parsed.append((line, p))

    # Offices: the record's own, or the default.
    default_office_id = office_id or profile.own_office_id(session)
    code_to_id = {o.org_code: o.id for o in session.execute(select(Office)).scalars()}
    id_to_code = {v: k for k, v in code_to_id.items()}

    # Duplicates inside the file.
    seen_ids: dict[str, int] = {}
    seen_serials: dict[tuple, int] = {}
    for line, p in parsed:
        if p["uuid"]:
            if p["uuid"] in seen_ids:
                problems.add(line, "id", f"与第{seen_ids[p['uuid']]}行的 id 重复")
            seen_ids.setdefault(p["uuid"], line)
        if p["serial"]:
            key = (p["office"] or default_office_id, p["serial"])
            if key in seen_serials:
                problems.add(line, "serial", f"与第{seen_serials[key]}行的申请编号重复")
            seen_serials.setdefault(key, line)

    # Match stored applications: by id, else by office + serial.
    table = Application.__table__
    by_uuid: dict[str, tuple[int, int, str]] = {}
    # A register still empty (a new installation taking over an office's records) has nothing to match.
    stored = session.execute(select(table.c.id).limit(1)).first() is not None
    uuids = [p["uuid"] for _, p in parsed if p["uuid"]] if stored else []
    for start in range(0, len(uuids), 900):
        for row in session.execute(select(table.c.uuid, table.c.id, table.c.office_id, table.c.serial)
                                   .where(table.c.uuid.in_(uuids[start:start + 900]))):
            by_uuid[row.uuid] = (row.id, row.office_id, row.serial)
    serials = sorted({p["serial"] for _, p in parsed if p["serial"]}) if stored else []
    # Only (office, serial) pairs are ever looked up: the offices the records name (or the default) and
    # those of the applications matched by id. Naming them lets the unique (office_id, serial) index
    # answer; serial alone scans the whole register.
    named = (code_to_id.get(p["office"]) if p["office"] else default_office_id for _, p in parsed if p["serial"])
    offices = {office for office in named if office is not None}
    offices.update(office for _, office, _ in by_uuid.values())
    by_serial: dict[tuple[int, str], tuple[int, str]] = {}
    for start in range(0, len(serials), 900):
        for row in session.execute(select(table.c.office_id, table.c.serial, table.c.id, table.c.uuid)
                                   .where(table.c.office_id.in_(sorted(offices)),
                                          table.c.serial.in_(serials[start:start + 900]))):
            by_serial[(row.office_id, row.serial)] = (row.id, row.uuid)

    plan_new: list[tuple[int, dict, int]] = []
    plan_existing: list[tuple[int, dict, int, int]] = []
    for line, p in parsed:
        target_office = code_to_id.get(p["office"]) if p["office"] else default_office_id
        if p["uuid"] and p["uuid"] in by_uuid:
            app_id, app_office, _ = by_uuid[p["uuid"]]
            if p["office"] and target_office != app_office:
                problems.add(line, "office", "与已登记的同一申请所属机关不一致")
            if p["serial"]:
                other = by_serial.get((app_office, p["serial"]))
                if other and other[0] != app_id:
                    problems.add(line, "serial", f"申请编号“{p['serial']}”已被另一申请使用")
            plan_existing.append((line, p, app_id, app_office))
            continue
        if target_office is not None and p["serial"] and (target_office, p["serial"]) in by_serial:
            app_id, stored_uuid = by_serial[(target_office, p["serial"])]
            if p["uuid"]:
                problems.add(line, "serial", f"申请编号“{p['serial']}”已被另一申请（id {stored_uuid}）使用")
            else:
                plan_existing.append((line, p, app_id, target_office))
            continue
        plan_new.append((line, p, target_office))
    _check_year_locks(session, plan_new, plan_existing, problems, today)
    return plan_new, plan_existing, id_to_code, code_to_id


def _lock_view(fields: Mapping, fee: Mapping | None) -> dict:
    """The values of an application the annual report's figures read (app/reports/year_lock.py)."""
    return {"received_on": fields.get("received_on"), "replied_on": fields.get("replied_on"),
            "applicant_kind": fields.get("applicant_kind"), "outcome": fields.get("outcome"),
            "fee_paid_on": fee.get("paid_on") if fee else None,
            "fee_amount": Decimal(str(fee["amount_yuan"])).quantize(Decimal("0.01"))
            if fee and fee.get("amount_yuan") is not None else None}


def _check_year_locks(session: Session, plan_new, plan_existing, problems: _Problems, today: dt.date) -> None:
    """A record that would change the figures of a year whose report is issued is refused, naming the
    record and the year (docs/spec/application-records.md section 4); the whole file is then refused."""
    from app.reports.year_lock import locked_message, locked_years, years_changed

    locks = locked_years(session)
    if not locks:
        return
    for line, p, office in plan_new:
        years = locks.get(office) if office is not None else None
        if years:
            for year in years_changed(None, _lock_view(p["fields"], p["children"]["fee"]), years):
                problems.lock(line, year, locked_message(year, _named(p)))
    for line, p, app_id, office in plan_existing:
        years = locks.get(office)
        if not years:
            continue
        app = session.get_one(Application, app_id)
        stored_fee = session.scalar(select(FeeNotice).where(FeeNotice.application_id == app_id))
        before = _lock_view(_row_dict(app) or {}, _row_dict(stored_fee))
        for year in years_changed(before, _lock_view(p["fields"], p["children"]["fee"]), years):
            what = f"，申请编号 {p['serial'] or app.serial} 的这项修改会改变该年度的统计数字"
            problems.lock(line, year, locked_message(year, what))


def _named(p: dict) -> str:
    return f"（申请编号 {p['serial']}）" if p.get("serial") else ""


def _write_plan(session: Session, plan_new, plan_existing, id_to_code, code_to_id, *, progress, today
                ) -> ImportResult:
    from app.domain.deadlines import compute
    from app.register import serials as reg
    from app.register.clock import clock_input, load_calendar

    result = ImportResult()
    # New offices known only by code (applications of townships or departments held by a county).
    from app.core.profile import ensure_office

    for i, (line, p, target) in enumerate(plan_new):
        if target is None:
            if p["office"] not in code_to_id:
                office = ensure_office(session, p["office"])
                code_to_id[p["office"]] = office.id
                id_to_code[office.id] = p["office"]
                result.offices_created.append(p["office"])
            plan_new[i] = (line, p, code_to_id[p["office"]])

    calendar = load_calendar(session)
    dues = _DueCache(calendar, today, compute, clock_input)
    now = utcnow()

    # Updates (few): ORM path, audited per row.
    for _line, p, app_id, app_office in plan_existing:
        app = session.get(Application, app_id)
        if _children_equal(session, app, p, id_to_code.get(app_office)):
            result.unchanged += 1
            continue
        _apply_update(session, app, p, calendar, today, now)
        result.updated += 1

    # Serials: raise the yearly counters over imported numbers, then number the records without one.
    pattern = reg.serial_pattern(reg.serial_format(session))
    highest: dict[int, int] = {}
    match = pattern.match
    for _, p, _ in plan_new:
        m = match(p["serial"] or "")
        if m:
            year, number = map(int, m.group("year", "number"))
            if number > highest.get(year, 0):
                highest[year] = number
    for year, number in sorted(highest.items()):
        sequences.ensure_at_least(session, reg.sequence_key(year), number)
    for _, p, target in plan_new:
        if not p["serial"]:
            p["serial"] = reg.next_serial(session, target, p["fields"]["received_on"].year)
            result.serials_assigned += 1

    # New applications: ids and the audit chain head are taken first; then batch by batch the rows are
    # built, snapshotted, chained and written with prepared executemany statements (bulk.Writer).
    child_tables = ("correction", "consultation", "extension", "fee_notice", "applicant_document")
    counts = dict.fromkeys(child_tables, 0)
    for _, p, _ in plan_new:
        ch = p["children"]
        counts["correction"] += ch["correction"] is not None
        counts["consultation"] += len(ch["consultations"])
        counts["extension"] += ch["extension"] is not None
        counts["fee_notice"] += ch["fee"] is not None
        counts["applicant_document"] += ch["document"] is not None
    ids = {"application": iter(bulk.allocate_ids(session, Application.__table__, len(plan_new)))}
    for name in child_tables:
        ids[name] = iter(bulk.allocate_ids(session, Application.metadata.tables[name], counts[name]))
    trail = audit.BulkAudit(session)
    done = 0
    writer = bulk.Writer(session)

    def rebuilding() -> None:
        if progress is not None:
            progress.update(done, len(plan_new), "正在为登记簿建立索引…")

    # A big import into a small register: its indexes are built after the rows (app.storage.indexes).
    with indexes.deferred(session, ("application", "audit_log"), len(plan_new), rebuilding):
        for start in range(0, len(plan_new), BATCH):
            chunk = plan_new[start:start + BATCH]
            _insert_batch(writer, trail, chunk, ids, dues, now)
            result.created += len(chunk)
            done += len(chunk)
            if progress is not None:
                progress.update(done, len(plan_new), "正在导入申请…")
                if getattr(progress, "cancelled", False):
                    raise Cancelled()
    trail.close()
    return result


def _status_for(outcome: str | None) -> str:
    return "archive" if outcome else "register"


def _apply_update(session: Session, app: Application, p: dict, calendar, today, now) -> None:
    from app.register.clock import refresh_due

    for column, value in p["fields"].items():
        setattr(app, column, value)
    if p["serial"]:
        app.serial = p["serial"]
    if app.outcome and app.status != "archive":
        app.status = _status_for(app.outcome)
    app.updated_at = now
    # Replace the clock records with the imported ones.
    # Details that records do not carry (notice text, opinions, scans) are kept where the event matches.
    kept: dict = {}
    for model in (Correction, Consultation, Extension, FeeNotice, ApplicantDocument):
        for obj in session.execute(select(model).where(model.application_id == app.id)).scalars():
            if isinstance(obj, Correction):
                kept[("correction", obj.notified_on)] = {"notice_content": obj.notice_content}
            elif isinstance(obj, Consultation):
                kept[("consultation", obj.party, obj.sent_on)] = {"opinion": obj.opinion}
            elif isinstance(obj, Extension):
                kept[("extension", obj.approved_on)] = {"notice": obj.notice, "attachment_id": obj.attachment_id}
            audit.record_delete(session, obj)
            session.delete(obj)
    session.flush()
    ch = p["children"]
    new_objs = []
    if ch["correction"]:
        values = {**ch["correction"], **kept.get(("correction", ch["correction"]["notified_on"]), {})}
        new_objs.append(Correction(application_id=app.id, **values))
    for c in ch["consultations"]:
        values = {**c, **kept.get(("consultation", c["party"], c["sent_on"]), {})}
        new_objs.append(Consultation(application_id=app.id, **values))
    if ch["extension"]:
        values = {**ch["extension"], **kept.get(("extension", ch["extension"]["approved_on"]), {})}
        new_objs.append(Extension(application_id=app.id, **values))
    if ch["fee"]:
        new_objs.append(FeeNotice(application_id=app.id, **ch["fee"]))
    if ch["document"]:
        new_objs.append(ApplicantDocument(application_id=app.id, id_type=ch["document"]))
    for obj in new_objs:
        session.add(obj)
        audit.record(session, obj, "create")
    refresh_due(session, app, calendar, today)
    audit.record(session, app, "update", note="导入更新")


class _DueCache:
    """The engine's result per distinct clock: imports repeat the same few clocks many times."""

    def __init__(self, calendar, today, compute, clock_input) -> None:
        self.calendar, self.today, self.compute, self.clock_input = calendar, today, compute, clock_input
        self.results: dict = {}

    def get(self, received_on: dt.date, ch: dict):
        corr, cons, ext, fee = ch["correction"], ch["consultations"], ch["extension"], ch["fee"]
        if corr is None and not cons and ext is None and fee is None:
            key = received_on  # most records: the receipt date is the whole clock
        else:
            key = (
                received_on,
                (corr["notified_on"], corr["received_on"]) if corr else None,
                tuple([(c["party"], c["sent_on"], c["ended_on"]) for c in cons]),
                (ext["working_days"], ext["approved_on"]) if ext else None,
                (fee["notified_on"], fee["paid_on"], fee.get("delivered_on")) if fee else None,
            )
        result = self.results.get(key)
        if result is None:
            from types import SimpleNamespace as NS

            from app.register.common import Children

            kids = Children(
                correction=NS(**corr) if corr else None,
                consultations=[NS(**c) for c in ch["consultations"]],
                extension=NS(**ext) if ext else None,
                fee=NS(**fee) if fee else None,
            )
            # Only the due dates are stored: no `today` (days left) and no explanation sentences.
            due = self.compute(self.clock_input(received_on, kids), self.calendar, None, explain=False)
            result = self.results[key] = (due.reply_due, due.correction_notice_due, bool(due.provisional))
        return result


def _write_rows(writer: bulk.Writer, trail: audit.BulkAudit, table, rows: list[tuple]) -> None:
    """Rows as value tuples in table column order, primary key first: inserted, then one audit entry
    each (the row's canonical snapshot), chained and inserted after them."""
    columns = list(table.columns.keys())
    writer.insert(table, columns, rows)
    encode = audit.row_json(table)
    writer.insert(AuditEntry.__table__, audit.BulkAudit.columns,
                trail.entries(table.name, ((str(v[0]), encode(v)) for v in rows), note="导入"))


def _insert_batch(writer: bulk.Writer, trail: audit.BulkAudit, chunk, ids: dict, dues: _DueCache, now) -> None:
    table = Application.__table__
    columns = list(table.columns.keys())
    assert columns[0] == "id"
    blank = dict.fromkeys(columns)
    pick = operator.itemgetter(*columns)
    next_id = ids["application"].__next__
    rows = []
    for _, p, office in chunk:
        f = p["fields"]
        reply_due, notice_due, provisional = dues.get(f["received_on"], p["children"])
        rows.append(pick({
            **blank, **f,
            "id": next_id(), "uuid": p["uuid"] or new_uuid(), "office_id": office, "serial": p["serial"],
            "status": _status_for(f["outcome"]), "reply_due": reply_due, "correction_notice_due": notice_due,
            "due_provisional": provisional, "created_at": now, "updated_at": now,
        }))
    _write_rows(writer, trail, table, rows)

    child_rows: dict[str, list[dict]] = defaultdict(list)
    for (_, p, _), app_row in zip(chunk, rows):
        ch = p["children"]
        app_id = app_row[0]
        if ch["correction"]:
            child_rows["correction"].append({"application_id": app_id, **ch["correction"]})
        for c in ch["consultations"]:
            child_rows["consultation"].append({"application_id": app_id, **c})
        if ch["extension"]:
            child_rows["extension"].append({"application_id": app_id, **ch["extension"]})
        if ch["fee"]:
            child_rows["fee_notice"].append({"application_id": app_id, **ch["fee"]})
        if ch["document"]:
            child_rows["applicant_document"].append({"application_id": app_id, "id_type": ch["document"]})
    for name, items in child_rows.items():
        t = Application.metadata.tables[name]
        names = list(t.columns.keys())
        assert names[0] == "id"
        next_child = ids[name].__next__
        _write_rows(writer, trail, t, [(next_child(), *(r.get(c) for c in names[1:])) for r in items])

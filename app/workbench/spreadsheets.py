"""Spreadsheets in and out for every list (register, catalogue, negative list, ledger), all or nothing."""

from __future__ import annotations

import copy
import datetime as dt
import os
from collections.abc import Iterable, Iterator
from dataclasses import dataclass
from pathlib import Path
from typing import Any

from sqlalchemy import select

from app.core import profile
from app.core.results import ImportResult
from app.errors import ValidationError
from app.excel.kinds import KIND_NAMES, KindSpec, kind_spec
from app.excel.mapping import Mapping
from app.excel.parse import CellError, ParseResult, detect_mapping, parse_workbook, preview  # noqa: F401
from app.excel.writer import Column, write_table


@dataclass
class WorkbookImport:
    kind: str
    rows: int               # data rows read from the workbook
    skipped_rows: int       # blank, 合计 and footer rows, and rows the clerk skipped
    result: ImportResult    # what the area's import changed

    def summary(self) -> str:
        return (f"已导入{KIND_NAMES[self.kind]}：读取{self.rows}行，{self.result.summary()}"
                + (f"，跳过空行/合计行{self.skipped_rows}行" if self.skipped_rows else "") + "。")


@dataclass
class ExportResult:
    kind: str
    path: Path
    rows: int


# --- import ---------------------------------------------------------------------------------------------


VALUE_MAPPINGS = "excel.value_mappings"


def remembered_values(session, kind: str) -> dict[str, dict[str, Any]]:
    """The values this office chose for cells of ``kind`` in earlier imports: field → {cell text key: value}."""
    from app.core.settings import get_setting

    stored = get_setting(session, VALUE_MAPPINGS).get(kind_spec(kind).kind, {})
    return {field: dict(values) for field, values in stored.items()}


def remember_values(session, mapping: Mapping) -> None:
    """Keep the clerk's value choices of this import for the office's next imports (audited setting)."""
    from app.core.settings import get_setting, set_setting

    if not mapping.value_overrides:
        return
    stored = get_setting(session, VALUE_MAPPINGS)
    kind = dict(stored.get(mapping.kind, {}))
    for field, values in mapping.value_overrides.items():
        kind[field] = {**kind.get(field, {}), **values}
    if kind != stored.get(mapping.kind):
        set_setting(session, VALUE_MAPPINGS, {**stored, mapping.kind: kind})


def detect(session, path: str | os.PathLike, kind: str) -> Mapping:
    """The detected mapping of a workbook with the office's remembered value choices applied."""
    mapping = detect_mapping(path, kind)
    for field, values in remembered_values(session, kind).items():
        mapping.value_overrides[field] = {**values, **mapping.value_overrides.get(field, {})}
    return mapping


def check_workbook(session, path: str | os.PathLike, kind: str, mapping: Mapping | None = None,
                   progress=None) -> ParseResult:
    """Read a workbook and check it exactly as import_workbook will: every cell, then the area's own rules
    for the rows whose cells were read (for the register every field, identity documents, duplicates and
    the year lock: app.register.check_records). The preview shows ``errors``; the import refuses the file
    while there are any. Nothing is changed."""
    return _checked(session, path, kind, mapping, progress)[0]


def _checked(session, path, kind: str, mapping: Mapping | None, progress) -> tuple[ParseResult, Any]:
    """check_workbook, and for the register the import plan of its rows (written if nothing is wrong)."""
    spec = kind_spec(kind)
    mapping = mapping or detect(session, path, spec.kind)
    parsed = parse_workbook(path, spec.kind, mapping, progress=progress)
    plan = _check_register(session, parsed) if spec.kind == "register" else None
    return parsed, plan


def import_workbook(session, path: str | os.PathLike, kind: str, mapping: Mapping | None = None,
                    progress=None) -> WorkbookImport:
    """Read, check and import a workbook. Any bad cell or broken rule refuses the whole file
    (ValidationError whose ``details`` name every cell, with check_workbook's checks); nothing is written.
    A change to the figures of a year whose annual report is issued is refused too. The caller commits.
    Rows without an id get a stable one (same workbook → same ids), so re-importing never duplicates. The
    clerk's value choices are remembered for the office's next imports."""
    from app.reports.issued import figures_unchanged
    from app.storage.bulk import collector_paused

    spec = kind_spec(kind)
    with collector_paused():  # every row of the workbook stays alive until the import is written
        parsed, plan = _checked(session, path, spec.kind, mapping, progress)
        parsed.raise_if_errors()
        if not parsed.rows:
            raise ValidationError("表格中没有可导入的数据行。")
        if plan is not None:  # the register's check made the plan (and named every record of a locked year)
            from app import register

            area = register.apply_plan(session, plan, progress=progress)
        else:
            own = profile.own_office_id(session)
            with figures_unchanged(session, [own], what="导入该表格",
                                   rows_of_year=lambda _office, year: _rows_in_year(parsed, year)):
                area = _IMPORTERS[spec.kind](session, parsed, progress)
        remember_values(session, parsed.mapping)
    return WorkbookImport(kind=spec.kind, rows=len(parsed.rows), skipped_rows=parsed.skipped_rows, result=area)


def _rows_in_year(parsed: ParseResult, year: int) -> list[str]:
    """The rows of a workbook with a date in ``year`` (to name them when that year is locked)."""
    lines = []
    for row in parsed.rows:
        if any(isinstance(v, dt.date) and v.year == year for v in row.values.values()):
            lines.append(f"工作表「{row.sheet}」第{row.row}行")
            if len(lines) >= 50:
                lines.append("……")
                break
    return lines


def _check_register(session, parsed: ParseResult):
    """The register's own rules over the rows whose cells were all recognised, as cell errors; the import
    plan of the rows (app.register.plan_import)."""
    from app import register

    bad_rows = {(e.sheet, e.row) for e in parsed.errors}
    rows = [row for row in parsed.rows if (row.sheet, row.row) not in bad_rows]
    if not rows:
        return None
    records = _register_records(session, rows, parsed.kind)
    spec = kind_spec(parsed.kind)
    sheets = {s.sheet: s for s in parsed.mapping.sheets}
    plan = register.plan_import(session, records, line_numbers=list(range(1, len(rows) + 1)))
    for line, field_path, message in plan.problems:
        row = rows[line - 1]
        sheet = sheets[row.sheet]
        column = sheet.column_of(field_path) if field_path else None
        header = sheet.headers[column] if column is not None and column < len(sheet.headers) else ""
        # the cell's text is shown with the problem (a choice's code is not the text the clerk typed)
        shown = row.values.get(field_path) if column is not None and field_path in spec.fields_by_name \
            and spec.fields_by_name[field_path].vocabulary is None else None
        parsed.errors.append(CellError(row.sheet, row.row, column, header, shown, message, field_path))
    parsed.errors.sort(key=lambda e: ([s.sheet for s in parsed.mapping.sheets].index(e.sheet), e.row,
                                      -1 if e.column is None else e.column))
    return plan


def _with_place(parsed: ParseResult, *, keep_id: bool, drop_none: bool = False) -> list[dict]:
    rows = []
    for row, record in zip(parsed.rows, parsed.records()):
        if not keep_id:
            record.pop("id", None)
        if drop_none:
            record = {k: v for k, v in record.items() if v is not None}
        record["_sheet"], record["_row"] = row.sheet, row.row
        rows.append(record)
    return rows


def _deep_merge(stored: dict, new: dict) -> dict:
    merged = copy.deepcopy(stored)
    for key, value in new.items():
        if isinstance(value, dict) and isinstance(merged.get(key), dict):
            merged[key] = _deep_merge(merged[key], value)
        else:
            merged[key] = value
    return merged


def _register_records(session, rows, kind: str) -> list[dict]:
    """Section-2 records of the rows. A workbook carries only some fields: for an application already held
    (same serial in the own office) the fields the sheet lacks keep their stored values (补正, 征求意见,
    address…)."""
    from app import register
    from app.excel.parse import to_record
    from app.storage.models.register import Application

    spec = kind_spec(kind)
    records = [to_record(spec, row.values) for row in rows]
    own = profile.own_office_id(session)
    serials = [r["serial"] for r in records if r.get("serial")]
    held: dict[str, int] = {}
    table = Application.__table__
    for start in range(0, len(serials), 900):
        for app_id, serial in session.execute(select(table.c.id, table.c.serial).where(
                table.c.office_id == own, table.c.serial.in_(serials[start:start + 900]))):
            held[serial] = app_id
    out = []
    for record in records:
        serial = record.get("serial")
        if serial:
            record.pop("id", None)  # the register matches by office + serial
            if serial in held:
                stored = register.application_record(session, held[serial])
                keep = {k: v for k, v in stored.items() if k in _SECTION2_KEYS}
                keep.pop("office", None)
                record = _deep_merge(keep, record)
        out.append(record)
    return out


_SECTION2_KEYS = {"id", "serial", "office", "received_on", "channel", "applicant", "content", "correction",
                  "consultations", "extension", "fee", "outcome", "replied_on", "notes", "legal_basis",
                  "withheld", "outcome_note"}


def _import_catalogue(session, parsed: ParseResult, progress) -> ImportResult:
    from app import catalogue

    return catalogue.import_rows(session, _with_place(parsed, keep_id=True), progress=progress)


def _import_negative_list(session, parsed: ParseResult, progress) -> ImportResult:
    from app import negative_list

    # matched by name in the own office: no derived id, so items entered by hand are updated, not doubled
    return negative_list.import_rows(session, _with_place(parsed, keep_id=False, drop_none=True), progress=progress)


def _import_ledger(session, parsed: ParseResult, progress) -> ImportResult:
    from app import ledger

    rows = _with_place(parsed, keep_id=False, drop_none=True)
    for row in rows:
        row["type"] = "task"  # matched by source + requirement + due date
    return ledger.import_rows(session, rows, progress=progress)


def _import_ledger_activities(session, parsed: ParseResult, progress) -> ImportResult:
    from app import ledger

    rows = _with_place(parsed, keep_id=False, drop_none=True)
    for row in rows:
        row["type"] = "activity"  # matched by kind + date + title + channel
    return ledger.import_rows(session, rows, progress=progress)


_IMPORTERS = {"catalogue": _import_catalogue,
              "negative_list": _import_negative_list, "ledger": _import_ledger,
              "ledger_activities": _import_ledger_activities}


# --- export ---------------------------------------------------------------------------------------------


def _value_at(record: dict, dotted: str) -> Any:
    value: Any = record
    for part in dotted.split("."):
        if not isinstance(value, dict):
            return None
        value = value.get(part)
    return value


def _export_columns(spec: KindSpec) -> list[Column]:
    columns = [Column("序号", kind="number", width=6)]
    for field in spec.fields:
        if field.export:
            columns.append(Column(field.label, kind=field.kind, mask=field.mask))
    return columns


def _cells(spec: KindSpec, records: Iterable[dict]) -> Iterator[list]:
    fields = [f for f in spec.fields if f.export]
    for number, record in enumerate(records, start=1):
        row: list[Any] = [number]
        for field in fields:
            value = _value_at(record, field.name)
            if field.vocabulary is not None and value in field.vocabulary.codes:
                value = field.vocabulary.label(value)
            elif isinstance(value, list):
                value = "、".join(str(v) for v in value)
            row.append(value)
        yield row


def _records(session, spec: KindSpec, office_id: int | None) -> Iterator[dict]:
    if spec.kind == "register":
        from app import register

        yield from register.export_records(session, office_id=office_id)
        return
    if spec.kind == "catalogue":
        from app import catalogue as area
        records = area.export_records(session, office_id=office_id)
    elif spec.kind == "negative_list":
        from app import negative_list as area
        records = area.export_records(session, office_id=office_id)
    else:
        from app import ledger as area
        records = area.export_records(session, office_id=office_id,
                                      types=("activity",) if spec.kind == "ledger_activities" else ("task",))
    for record in records:
        if record.get("deleted"):
            continue
        basis = record.get("basis")
        if isinstance(basis, dict):  # negative list: flatten to the sheet's columns
            record = dict(record, basis_law=basis.get("law"), basis_article=basis.get("article"),
                          basis_text=basis.get("text"))
        yield record


CLOCK_COLUMNS = [Column("答复期限", width=18), Column("办理状态", width=18), Column("剩余工作日", width=10)]


def _register_with_clock(session, spec: KindSpec, records: Iterable[dict], office_id: int | None,
                         columns: list[Column]) -> tuple[list[Column], Iterator[list]]:
    """The register's rows sorted by date received (then serial), each followed by its 答复期限, status and
    remaining working days (app.register.clock_view, the same text as the register list)."""
    from app.register.clock_view import clock_rows
    from app.storage.models.register import Application

    ordered = sorted(records, key=lambda r: (str(r.get("received_on") or ""), str(r.get("serial") or "")))
    query = select(Application.serial, Application.id)
    if office_id is not None:
        query = query.where(Application.office_id == office_id)
    ids = {serial: id_ for serial, id_ in session.execute(query)}
    clock = clock_rows(session, [ids[r["serial"]] for r in ordered], today=dt.date.today())

    def rows() -> Iterator[list]:
        for row, record in zip(_cells(spec, ordered), ordered, strict=True):
            c = clock[ids[record["serial"]]]
            left = c["days_left"]
            yield [*row, c["due_text"], c["status_text"], left if left is not None and left > 0 else c["days_left_text"]]

    return [*columns, *CLOCK_COLUMNS], rows()


_DATE_FILTER_FIELD = {"register": "received_on", "catalogue": "published_on", "negative_list": "decided_on",
                      "ledger": "due_on", "ledger_activities": "occurred_on"}


def export_workbook(session, kind: str, path: str | os.PathLike, filters: dict | None = None,
                    progress=None) -> ExportResult:
    """Write a list to a finished .xlsx. ``filters``: ``year`` (received / published / due in that year),
    ``office`` (org code; default: the own office), ``full`` (True: personal data not masked)."""
    from app.core.profile import get_own_office, office_by_code

    spec = kind_spec(kind)
    filters = dict(filters or {})
    own = get_own_office(session)
    office_name, office_id = own.name, own.id
    if filters.get("office"):
        office = office_by_code(session, filters["office"])
        office_name, office_id = office.name, office.id
    year = filters.get("year")
    records: Iterable[dict] = _records(session, spec, office_id)
    if year:
        field = _DATE_FILTER_FIELD[spec.kind]
        records = (r for r in records if str(r.get(field) or "").startswith(f"{int(year)}-"))
    columns = _export_columns(spec)
    rows = _cells(spec, records)
    if spec.kind == "register":  # the clerk's list: in received order, with the clock as the window shows it
        columns, rows = _register_with_clock(session, spec, records, office_id, columns)
    period = f"{int(year)}年" if year else ""
    today = dt.date.today()
    subtitle = (f"填报单位：{office_name}    统计期间：{f'{int(year)}年1月1日至12月31日' if year else '全部'}"
                f"    导出日期：{today.year}年{today.month}月{today.day}日"
                + ("" if filters.get("full") else "    （个人信息已脱敏）"))
    count = write_table(path, title=f"{office_name}{period}{spec.title}", subtitle=subtitle,
                        columns=columns, rows=rows,
                        sheet_name=f"{period}{KIND_NAMES[spec.kind]}", mask_personal=not filters.get("full"),
                        progress=progress)
    return ExportResult(kind=spec.kind, path=Path(path), rows=count)

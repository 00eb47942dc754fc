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
from app.excel.parse import ParseResult, detect_mapping, parse_workbook, preview  # noqa: F401
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


def import_workbook(session, path: str | os.PathLike, kind: str, mapping: Mapping | None = None,
                    progress=None) -> WorkbookImport:
    """Read, check and import a workbook. Any bad cell refuses the whole file (ValidationError whose
    ``details`` name every cell); the area service then checks its own rules, all or nothing. The caller
    commits. Rows without an id get a stable one (same workbook → same ids), so re-importing never duplicates."""
    from app.storage.bulk import collector_paused

    spec = kind_spec(kind)
    with collector_paused():  # every row of the workbook stays alive until the import is written
        parsed = parse_workbook(path, spec.kind, mapping, progress=progress)
        parsed.raise_if_errors()
        if not parsed.rows:
            raise ValidationError("表格中没有可导入的数据行。")
        area = _IMPORTERS[spec.kind](session, parsed, progress)
    return WorkbookImport(kind=spec.kind, rows=len(parsed.rows), skipped_rows=parsed.skipped_rows, result=area)


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


def _import_register(session, parsed: ParseResult, progress) -> ImportResult:
    """Section-2 records. A workbook carries only some fields: for an application already held (same
    serial in the own office) the fields the sheet lacks keep their stored values (补正, 征求意见, address…)."""
    from app import register
    from app.storage.models.register import Application

    records = parsed.records()
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
    return register.import_records(session, out, progress=progress,
                                   line_numbers=[row.row for row in parsed.rows])


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


_IMPORTERS = {"register": _import_register, "catalogue": _import_catalogue,
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
    period = f"{int(year)}年" if year else ""
    today = dt.date.today()
    subtitle = (f"填报单位：{office_name}    统计期间：{f'{int(year)}年1月1日至12月31日' if year else '全部'}"
                f"    导出日期：{today.year}年{today.month}月{today.day}日"
                + ("" if filters.get("full") else "    （个人信息已脱敏）"))
    count = write_table(path, title=f"{office_name}{period}{spec.title}", subtitle=subtitle,
                        columns=_export_columns(spec), rows=_cells(spec, records),
                        sheet_name=f"{period}{KIND_NAMES[spec.kind]}", mask_personal=not filters.get("full"),
                        progress=progress)
    return ExportResult(kind=spec.kind, path=Path(path), rows=count)

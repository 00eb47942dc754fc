"""Read a workbook of one kind into plain row dicts, naming every cell that cannot be recognised."""

from __future__ import annotations

import datetime as dt
import os
from dataclasses import dataclass, field
from typing import Any

from openpyxl.utils import get_column_letter

from app.errors import ValidationError
from app.excel.header import HEADER_SCAN_ROWS, find_header
from app.excel.kinds import FieldSpec, KindSpec, kind_spec
from app.excel.mapping import Mapping, SheetMapping
from app.excel.reader import iter_rows, open_workbook, sheet_total_rows
from app.excel.values import BadValue, clean_text, is_blank, parse_date

_TOTAL_WORDS = ("合计", "总计", "小计", "共计", "总数")
_FOOTER_WORDS = ("注", "说明", "填表人", "填报人", "制表人", "制表", "审核人", "审核", "负责人", "联系人",
                 "填表说明", "备注")
MAX_ERRORS = 1000  # beyond this many bad cells the file is clearly of another kind; stop listing


@dataclass
class CellError:
    sheet: str
    row: int
    column: int | None        # 0-based; None for a whole row or sheet
    header: str
    value: Any
    reason: str
    field: str | None = None

    @property
    def column_letter(self) -> str:
        return get_column_letter(self.column + 1) if self.column is not None else ""

    def message(self) -> str:
        where = f"工作表「{self.sheet}」"
        if self.row:
            where += f"第{self.row}行"
        if self.column is not None:
            where += f"{self.column_letter}列" + (f"（{self.header}）" if self.header else "")
        if is_blank(self.value):
            return f"{where}：{self.reason}"
        shown = self.value.strftime("%Y-%m-%d") if isinstance(self.value, dt.datetime) else self.value
        return f"{where}：“{shown}”{self.reason}"


@dataclass
class ParsedRow:
    sheet: str
    row: int
    values: dict[str, Any]    # flat field names → parsed values (only mapped fields)


@dataclass
class ParseResult:
    kind: str
    mapping: Mapping
    rows: list[ParsedRow] = field(default_factory=list)
    errors: list[CellError] = field(default_factory=list)
    skipped_rows: int = 0     # blank, 合计 and footer rows, and rows the clerk skipped
    truncated: bool = False   # more errors than MAX_ERRORS

    def error_lines(self) -> list[str]:
        lines = [e.message() for e in self.errors]
        if self.truncated:
            lines.append(f"……错误超过{MAX_ERRORS}处，其余未列出；请检查表格类型和列的对应是否正确。")
        return lines

    def raise_if_errors(self) -> None:
        """Refuse the whole file (nothing imported) when any cell is bad."""
        if len(self.errors) == 1 and not self.truncated:
            line = self.errors[0].message()
            raise ValidationError(f"{line}。整个文件未导入；请修改表格，或在导入向导中指定或跳过该单元格。",
                                  details=[line])
        if self.errors:
            count = f"{MAX_ERRORS}处以上" if self.truncated else f"{len(self.errors)}处"
            raise ValidationError(
                f"表格中有{count}内容无法识别，整个文件未导入；请修改表格，或在导入向导中逐项指定或跳过。",
                details=self.error_lines())

    def records(self) -> list[dict]:
        """Row dicts with nested fields (applicant.name → {"applicant": {"name": …}}) and a stable ``id``."""
        spec = kind_spec(self.kind)
        return [to_record(spec, row.values) for row in self.rows]


def to_record(spec: KindSpec, values: dict[str, Any]) -> dict:
    record: dict[str, Any] = {}
    for name, value in values.items():
        if isinstance(value, dt.date):
            value = value.isoformat()
        target = record
        *parents, leaf = name.split(".")
        for parent in parents:
            target = target.setdefault(parent, {})
        target[leaf] = value
    record.setdefault("id", spec.row_uuid(values))
    return record


def _is_total_or_footer(values: tuple) -> bool:
    """A blank row, a 合计 row or a footer line (填表人：…); only the first filled cells are read."""
    first = None
    filled = 0
    for value in values:
        if value is None or (type(value) is str and not value.strip()):
            continue
        filled += 1
        if first is None:
            first = value
        elif filled > 2:
            break
    if first is None:
        return True
    text = clean_text(first).replace(" ", "")
    if len(text) <= 8 and any(text.startswith(word) for word in _TOTAL_WORDS):
        return True
    return filled <= 2 and any(text.startswith(word) and len(text) > len(word) and text[len(word)] in ":："
                               for word in _FOOTER_WORDS)


def detect_sheet(name: str, head: list[tuple[int, tuple]], spec: KindSpec) -> SheetMapping | None:
    found = find_header(head, spec)
    if found is None:
        return None
    return SheetMapping(sheet=name, header_row=found.row, headers=found.headers, columns=found.columns,
                        first_header_row=found.first_row)


def detect_mapping(path: str | os.PathLike, kind: str) -> Mapping:
    """Find the data sheets, their header rows and the columns' fields from the first rows only."""
    spec = kind_spec(kind)
    mapping = Mapping(kind=spec.kind)
    with open_workbook(path) as workbook:
        for sheet in workbook.worksheets:
            head = []
            for number, values in iter_rows(sheet):
                head.append((number, values))
                if number >= HEADER_SCAN_ROWS:
                    break
            found = detect_sheet(sheet.title, head, spec)
            if found:
                mapping.sheets.append(found)
    if not mapping.sheets:
        words = "、".join(f.label for f in spec.fields[:5])
        raise ValidationError(f"在表格的前{HEADER_SCAN_ROWS}行中没有找到{spec.title}的表头（如{words}），"
                              f"请确认选择的表格类型。")
    return mapping


@dataclass
class Preview:
    mapping: Mapping
    rows: dict[str, list[tuple[int, tuple]]]   # sheet → first data rows (row number, raw values)


def preview(path: str | os.PathLike, kind: str, mapping: Mapping | None = None, limit: int = 20) -> Preview:
    """The mapping (detected unless given) and the first data rows of each mapped sheet."""
    mapping = mapping or detect_mapping(path, kind)
    rows: dict[str, list[tuple[int, tuple]]] = {}
    with open_workbook(path) as workbook:
        for sheet_map in mapping.sheets:
            taken: list[tuple[int, tuple]] = []
            for number, values in iter_rows(workbook[sheet_map.sheet]):
                if number <= sheet_map.header_row or _is_total_or_footer(values):
                    continue
                taken.append((number, values))
                if len(taken) >= limit:
                    break
            rows[sheet_map.sheet] = taken
    return Preview(mapping=mapping, rows=rows)


def _parse_cell(spec_field: FieldSpec, raw: Any, mapping: Mapping) -> Any:
    chosen, value = mapping.override_for(spec_field.name, raw)
    if chosen:
        if spec_field.kind == "date" and isinstance(value, str):
            return parse_date(value)
        if spec_field.vocabulary is not None and value is not None and value not in spec_field.vocabulary.codes:
            raise BadValue(f"指定的值“{value}”不是有效的{spec_field.vocabulary.name}")
        return value
    return spec_field.parse(raw)


def _sheet_errors(spec: KindSpec, sheet_map: SheetMapping, mapping: Mapping) -> list[CellError]:
    missing = [f.label for f in spec.fields
               if f.required and sheet_map.column_of(f.name) is None and f.name not in mapping.defaults]
    if not missing:
        return []
    return [CellError(sheet_map.sheet, sheet_map.header_row, None, "", None,
                      f"缺少必需的列：{'、'.join(missing)}（请在预览中指定对应的列）")]


def parse_workbook(path: str | os.PathLike, kind: str, mapping: Mapping | None = None,
                   progress=None) -> ParseResult:
    """Parse every mapped sheet. Nothing is refused here: bad cells are collected in ``errors``."""
    spec = kind_spec(kind)
    mapping = mapping or detect_mapping(path, kind)
    result = ParseResult(kind=spec.kind, mapping=mapping)
    fields = {f.name: f for f in spec.fields}
    seen_keys: dict[tuple, tuple[str, int]] = {}

    def add_error(error: CellError) -> None:
        if len(result.errors) >= MAX_ERRORS:
            result.truncated = True
        else:
            result.errors.append(error)

    with open_workbook(path) as workbook:
        names = set(workbook.sheetnames)
        for sheet_map in mapping.sheets:
            if sheet_map.sheet not in names:
                raise ValidationError(f"表格中没有名为“{sheet_map.sheet}”的工作表。")
        total = sum(sheet_total_rows(workbook[s.sheet]) for s in mapping.sheets)
        done = 0
        for sheet_map in mapping.sheets:
            for error in _sheet_errors(spec, sheet_map, mapping):
                add_error(error)
            columns = [(index, fields[name]) for index, name in sorted(sheet_map.columns.items())
                       if name in fields]
            sheet = workbook[sheet_map.sheet]
            number = 0
            for number, values in iter_rows(sheet, progress=progress, done_before=done, total=total,
                                            text=f"正在读取“{sheet_map.sheet}”"):
                if number <= sheet_map.header_row:
                    continue
                if (sheet_map.sheet, number) in mapping.skipped_rows or _is_total_or_footer(values):
                    result.skipped_rows += 1
                    continue
                parsed: dict[str, Any] = {}
                for index, spec_field in columns:
                    raw = values[index] if index < len(values) else None
                    if (sheet_map.sheet, number, index) in mapping.skipped_cells:
                        raw = None
                    try:
                        value = _parse_cell(spec_field, raw, mapping)
                    except BadValue as bad:
                        add_error(CellError(sheet_map.sheet, number, index, _header(sheet_map, index), raw,
                                            bad.reason, spec_field.name))
                        continue
                    if value is None and spec_field.name in mapping.defaults:
                        value = mapping.defaults[spec_field.name]
                    if value is None and spec_field.required:
                        add_error(CellError(sheet_map.sheet, number, index, _header(sheet_map, index), None,
                                            f"{spec_field.label}未填写", spec_field.name))
                    parsed[spec_field.name] = value
                for name, value in mapping.defaults.items():
                    parsed.setdefault(name, value)
                _check_row(spec, sheet_map, number, parsed, add_error, seen_keys)
                result.rows.append(ParsedRow(sheet_map.sheet, number, parsed))
            done += number  # every row read, whatever the sheet declared
    if progress is not None:
        progress.update(done, max(total, done), "读取完成")
    return result


def _header(sheet_map: SheetMapping, index: int) -> str:
    return sheet_map.headers[index] if index < len(sheet_map.headers) else ""


def _check_row(spec: KindSpec, sheet_map: SheetMapping, number: int, parsed: dict, add_error,
               seen_keys: dict) -> None:
    """Checks across cells: a duplicated key, a reply dated before the receipt."""
    key = tuple(parsed.get(name) for name in spec.key_fields)
    if any(part not in (None, "") for part in key):
        first = seen_keys.get(key)
        if first is not None:
            index = sheet_map.column_of(spec.key_fields[0])
            add_error(CellError(sheet_map.sheet, number, index, _header(sheet_map, index) if index is not None
                                else "", parsed.get(spec.key_fields[0]),
                                f"与工作表「{first[0]}」第{first[1]}行重复", spec.key_fields[0]))
        else:
            seen_keys[key] = (sheet_map.sheet, number)
    received, replied = parsed.get("received_on"), parsed.get("replied_on")
    if isinstance(received, dt.date) and isinstance(replied, dt.date) and replied < received:
        index = sheet_map.column_of("replied_on")
        add_error(CellError(sheet_map.sheet, number, index, _header(sheet_map, index) if index is not None else "",
                            replied.isoformat(), f"早于收到申请日期{received.isoformat()}", "replied_on"))

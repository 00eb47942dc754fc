"""The clerk's mapping of a workbook: columns → fields per sheet, chosen values, skipped cells and rows."""

from __future__ import annotations

import datetime as dt
import json
from dataclasses import dataclass, field
from typing import Any

from openpyxl.utils import get_column_letter

from app.errors import ValidationError
from app.excel.kinds import KindSpec
from app.excel.values import label_key


@dataclass
class SheetMapping:
    sheet: str
    header_row: int                                   # 1-based last row of the header (data below it)
    headers: list[str]                                # header text per column ("组/列" under a group)
    columns: dict[int, str | None]                    # 0-based column → field name, None = not imported
    first_header_row: int = 0                         # 1-based first row of a multi-row header (0: one row)

    @property
    def header_rows_text(self) -> str:
        first = self.first_header_row or self.header_row
        return f"第{self.header_row}行" if first == self.header_row else f"第{first}—{self.header_row}行"

    def column_of(self, field_name: str) -> int | None:
        for index, name in self.columns.items():
            if name == field_name:
                return index
        return None

    def column_title(self, index: int) -> str:
        header = self.headers[index] if index < len(self.headers) else ""
        return f"{get_column_letter(index + 1)}列" + (f"（{header}）" if header else "")


@dataclass
class Mapping:
    """What the preview found and the clerk confirmed or changed; JSON-serialisable for the CLI."""

    kind: str
    sheets: list[SheetMapping] = field(default_factory=list)
    # field → {label_key(raw cell text): value}; a choice field takes a code, a date field an ISO date
    value_overrides: dict[str, dict[str, Any]] = field(default_factory=dict)
    skipped_cells: set[tuple[str, int, int]] = field(default_factory=set)   # (sheet, row, 0-based col)
    skipped_rows: set[tuple[str, int]] = field(default_factory=set)         # (sheet, row)
    defaults: dict[str, Any] = field(default_factory=dict)                  # field → value for blank cells

    def sheet(self, name: str) -> SheetMapping | None:
        for sheet in self.sheets:
            if sheet.sheet == name:
                return sheet
        return None

    # --- clerk's choices ---------------------------------------------------------------------------
    def set_column(self, sheet: str, column: int, field_name: str | None) -> None:
        """Map a column to a field (None: do not import it); the field leaves any other column."""
        target = self.sheet(sheet)
        if target is None:
            raise ValidationError(f"表格中没有名为“{sheet}”的工作表。")
        if field_name is not None:
            for index, name in list(target.columns.items()):
                if name == field_name:
                    target.columns[index] = None
        target.columns[column] = field_name

    def map_value(self, field_name: str, raw: Any, value: Any) -> None:
        """Use ``value`` wherever ``field_name`` holds the text ``raw``."""
        if isinstance(value, dt.date):
            value = value.isoformat()
        self.value_overrides.setdefault(field_name, {})[label_key(raw)] = value

    def override_for(self, field_name: str, raw: Any) -> tuple[bool, Any]:
        chosen = self.value_overrides.get(field_name)
        if not chosen:
            return False, None
        key = label_key(raw)
        if key in chosen:
            return True, chosen[key]
        return False, None

    def skip_cell(self, sheet: str, row: int, column: int) -> None:
        self.skipped_cells.add((sheet, row, column))

    def skip_row(self, sheet: str, row: int) -> None:
        self.skipped_rows.add((sheet, row))

    def describe(self, spec: KindSpec) -> list[str]:
        """Chinese lines for the preview: which column goes to which field."""
        lines = []
        for sheet in self.sheets:
            lines.append(f"工作表「{sheet.sheet}」，表头在{sheet.header_rows_text}：")
            for index in sorted(sheet.columns):
                name = sheet.columns[index]
                target = spec.field(name).label if name else "（不导入）"
                if name or (index < len(sheet.headers) and sheet.headers[index]):
                    lines.append(f"  {sheet.column_title(index)} → {target}")
        return lines

    # --- JSON ------------------------------------------------------------------------------------------
    def to_json(self) -> str:
        data = {
            "kind": self.kind,
            "sheets": [{"sheet": s.sheet, "header_row": s.header_row,
                        "first_header_row": s.first_header_row or s.header_row, "headers": s.headers,
                        "columns": {str(k): v for k, v in sorted(s.columns.items())}} for s in self.sheets],
            "value_overrides": self.value_overrides,
            "skipped_cells": sorted([list(c) for c in self.skipped_cells]),
            "skipped_rows": sorted([list(r) for r in self.skipped_rows]),
            "defaults": self.defaults,
        }
        return json.dumps(data, ensure_ascii=False, indent=1)

    @classmethod
    def from_json(cls, text: str) -> Mapping:
        try:
            data = json.loads(text)
            return cls(
                kind=data["kind"],
                sheets=[SheetMapping(s["sheet"], int(s["header_row"]), list(s.get("headers", [])),
                                     {int(k): v for k, v in s["columns"].items()},
                                     int(s.get("first_header_row") or s["header_row"])) for s in data["sheets"]],
                value_overrides={f: dict(v) for f, v in data.get("value_overrides", {}).items()},
                skipped_cells={(c[0], int(c[1]), int(c[2])) for c in data.get("skipped_cells", [])},
                skipped_rows={(r[0], int(r[1])) for r in data.get("skipped_rows", [])},
                defaults=dict(data.get("defaults", {})),
            )
        except (ValueError, KeyError, TypeError, IndexError) as exc:
            raise ValidationError(f"映射文件格式不正确：{exc}") from exc

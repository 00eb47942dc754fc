"""Write any list to a finished .xlsx: title row, Chinese headers, widths, frozen header, filter, real dates."""

from __future__ import annotations

import datetime as dt
import os
import unicodedata
from collections.abc import Iterable, Sequence
from dataclasses import dataclass
from itertools import chain, islice
from pathlib import Path
from typing import Any

from app.errors import Cancelled, StorageError

DATE_FORMAT = "yyyy-mm-dd"
SAMPLE_ROWS = 200          # rows measured for the column widths
MAX_WIDTH, MIN_WIDTH = 60, 6
HEADER_ROW = 3             # row 1 title, row 2 office and period, row 3 headers
_FORMULA_START = ("=", "+", "-", "@", "\t", "\r")


@dataclass(frozen=True)
class Column:
    header: str
    kind: str = "text"   # text | date | number | code
    mask: str = ""       # id | phone | email | address | name — personal data masked unless asked otherwise
    width: float | None = None


def escape_formula(text: str) -> str:
    """Cells starting with = + - @ would run as formulas in Excel/WPS: prefix them with an apostrophe."""
    return "'" + text if text.startswith(_FORMULA_START) else text


def mask_value(value: Any, how: str) -> Any:
    """Mask personal data by the one policy of app.core.privacy: 3301**********1234, 138****5678,
    ab***@x.cn, 浙江省杭州市****, 张**."""
    from app.core.privacy import mask

    return mask(value, how)


def display_width(text: str) -> int:
    return sum(2 if unicodedata.east_asian_width(ch) in "WF" else 1 for ch in text)


def _illegal_chars():
    from openpyxl.cell.cell import ILLEGAL_CHARACTERS_RE

    return ILLEGAL_CHARACTERS_RE


def write_table(path: str | os.PathLike, *, title: str, subtitle: str, columns: Sequence[Column],
                rows: Iterable[Sequence[Any]], sheet_name: str = "Sheet1", mask_personal: bool = True,
                progress=None, total: int = 0) -> int:
    """Write rows (one value per column) under a title; returns the number of data rows written.
    Dates become real Excel dates; text is escaped against formula injection."""
    from openpyxl import Workbook
    from openpyxl.cell import WriteOnlyCell
    from openpyxl.styles import Alignment, Border, Font, PatternFill, Side
    from openpyxl.utils import get_column_letter
    from openpyxl.worksheet.properties import PageSetupProperties

    illegal = _illegal_chars()
    workbook = Workbook(write_only=True)
    sheet = workbook.create_sheet(sheet_name[:31] or "Sheet1")
    last = get_column_letter(len(columns))

    rows = iter(rows)
    sample = list(islice(rows, SAMPLE_ROWS))

    def prepare(row: Sequence[Any]) -> list:
        out = []
        for column, value in zip(columns, row):
            if mask_personal and column.mask:
                value = mask_value(value, column.mask)
            if isinstance(value, str):
                value = illegal.sub("", escape_formula(value))
            out.append(value)
        return out

    # widths from the headers and the first rows
    for index, column in enumerate(columns, start=1):
        width = column.width
        if width is None:
            measured = [display_width(column.header)]
            for row in sample:
                value = row[index - 1] if index - 1 < len(row) else None
                if column.kind == "date" and value is not None:
                    measured.append(10)
                elif value is not None:
                    measured.append(display_width(str(value)))
            width = min(MAX_WIDTH, max(MIN_WIDTH, max(measured) + 2))
        sheet.column_dimensions[get_column_letter(index)].width = width

    sheet.freeze_panes = f"A{HEADER_ROW + 1}"
    sheet.print_title_rows = f"{HEADER_ROW}:{HEADER_ROW}"
    sheet.page_setup.orientation = "landscape"
    sheet.page_setup.paperSize = "9"  # A4
    sheet.page_setup.fitToWidth = 1
    sheet.page_setup.fitToHeight = 0
    sheet.sheet_properties.pageSetUpPr = PageSetupProperties(fitToPage=True)

    title_cell = WriteOnlyCell(sheet, value=escape_formula(title))
    title_cell.font = Font(name="宋体", size=16, bold=True)
    title_cell.alignment = Alignment(horizontal="center", vertical="center")
    sheet.row_dimensions[1].height = 28
    sheet.append([title_cell])
    sheet.append([WriteOnlyCell(sheet, value=escape_formula(subtitle))])
    thin = Side(style="thin", color="808080")
    header_cells = []
    for column in columns:
        cell = WriteOnlyCell(sheet, value=column.header)
        cell.font = Font(bold=True)
        cell.fill = PatternFill("solid", fgColor="DDE6F0")
        cell.alignment = Alignment(horizontal="center", vertical="center", wrap_text=True)
        cell.border = Border(top=thin, bottom=thin, left=thin, right=thin)
        header_cells.append(cell)
    sheet.append(header_cells)
    sheet.merged_cells.add(f"A1:{last}1")

    date_columns = [i for i, c in enumerate(columns) if c.kind == "date"]
    count = 0
    for row in chain(sample, rows):
        values = prepare(row)
        for i in date_columns:
            value = values[i] if i < len(values) else None
            if isinstance(value, str) and value:
                value = dt.date.fromisoformat(value[:10])  # the app's own ISO text, not user input
            if isinstance(value, (dt.date, dt.datetime)):
                cell = WriteOnlyCell(sheet, value=value)
                cell.number_format = DATE_FORMAT
                values[i] = cell
        sheet.append(values)
        count += 1
        if progress is not None and count % 1000 == 0:
            if getattr(progress, "cancelled", False):
                raise Cancelled()
            progress.update(count, total, "正在写入表格…")
    sheet.auto_filter.ref = f"A{HEADER_ROW}:{last}{HEADER_ROW + max(count, 1)}"
    target = Path(path)
    try:
        workbook.save(target)
    except OSError as exc:
        raise StorageError(f"无法写入文件{target}：{exc.strerror or exc}（文件可能正在被Excel或WPS打开）") from exc
    return count

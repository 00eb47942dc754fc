"""Stream the rows of an .xlsx workbook (openpyxl read-only mode) with progress and cancel."""

from __future__ import annotations

import os
import re
import zipfile
from collections.abc import Iterator
from contextlib import contextmanager
from pathlib import Path
from typing import Any

from app.errors import Cancelled, ValidationError
from app.excel.guard import check_workbook

PROGRESS_EVERY = 500  # rows between progress reports / cancel checks


_PATCHED = False


def _size_from_head(self) -> None:
    """ReadOnlyWorksheet._get_size without the wasted pass: openpyxl looks for <dimension> with "end"
    events, so for a sheet that declares none (files written in streaming mode, our own exports) the
    "stop at <sheetData>" test fires only after the whole sheet was parsed, and the result is "unknown"
    anyway. <dimension> precedes <sheetData> in the schema, so stopping at its *start* is the same
    answer without reading the rows (a 100,000-row import parsed every sheet three times)."""
    from openpyxl.worksheet._reader import DATA_TAG, DIMENSION_TAG
    from openpyxl.worksheet.dimensions import SheetDimension
    from openpyxl.xml.functions import iterparse

    src = self._get_source()
    try:
        for _event, element in iterparse(src, events=("start",)):
            if element.tag == DIMENSION_TAG:
                dimensions = SheetDimension.from_tree(element).boundaries
                self._min_column, self._min_row, self._max_column, self._max_row = dimensions
                return
            if element.tag == DATA_TAG:
                return
    finally:
        src.close()


def _patch_openpyxl() -> None:
    global _PATCHED
    if not _PATCHED:
        from openpyxl.worksheet._read_only import ReadOnlyWorksheet

        ReadOnlyWorksheet._get_size = _size_from_head
        _PATCHED = True


@contextmanager
def open_workbook(path: str | os.PathLike) -> Iterator[Any]:
    """Open a workbook read-only (values, not formulas); refuse what is not an .xlsx with a Chinese message."""
    import openpyxl

    file = Path(path)
    if not file.is_file():
        raise ValidationError(f"找不到文件：{file}")
    suffix = file.suffix.lower()
    if suffix in (".xls", ".et", ".wps"):
        raise ValidationError(f"不支持{suffix}格式的旧版表格，请在Excel或WPS中“另存为”.xlsx后再导入：{file.name}")
    if suffix == ".csv":
        raise ValidationError(f"请先把CSV文件另存为.xlsx后再导入：{file.name}")
    if not zipfile.is_zipfile(file):
        raise ValidationError(f"文件不是有效的.xlsx表格（可能已损坏或被加密）：{file.name}")
    check_workbook(file)  # memory bounds before openpyxl loads the shared strings (app/excel/guard.py)
    _patch_openpyxl()
    try:
        workbook = openpyxl.load_workbook(file, read_only=True, data_only=True)
    except Exception as exc:  # openpyxl raises many kinds on damaged files
        raise ValidationError(f"无法读取表格文件{file.name}：文件可能已损坏（{type(exc).__name__}）") from exc
    try:
        yield workbook
    finally:
        workbook.close()


_DIMENSION = re.compile(rb'<(?:\w+:)?dimension\s+ref="[A-Z]+\d+:[A-Z]+(\d+)"')


def sheet_total_rows(sheet: Any) -> int:
    """The row count the file declares in its first bytes (0 when it declares none). openpyxl's own
    ``max_row`` parses the whole sheet when the declaration is missing (files written in streaming mode)."""
    try:
        source = sheet._get_source()
        try:
            head = source.read(8192)
        finally:
            source.close()
    except Exception:
        return 0
    match = _DIMENSION.search(head)
    return int(match.group(1)) if match else 0


def iter_rows(sheet: Any, *, progress=None, done_before: int = 0, total: int = 0,
              text: str = "") -> Iterator[tuple[int, tuple]]:
    """Yield (1-based row number, values) for every row the sheet holds, reporting progress and honouring
    cancel. The declared <dimension> is not trusted: openpyxl's read-only mode stops at its last row and
    column, and files written by some programs under-state it (rows and cells would be lost silently),
    so the dimensions are reset and every row is read from A1 on; rows may then differ in length."""
    sheet.reset_dimensions()
    rows = sheet.iter_rows(min_row=1, min_col=1, values_only=True)
    for number, values in enumerate(rows, start=1):
        if progress is not None and number % PROGRESS_EVERY == 0:
            if getattr(progress, "cancelled", False):
                raise Cancelled()
            progress.update(done_before + number, total, text)
        yield number, values

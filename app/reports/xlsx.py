"""The annual report's tables as an .xlsx laid out like the official tables (docs/spec/annual-report.md sections 3–5)."""

from __future__ import annotations

import io
import re

from openpyxl import Workbook
from openpyxl.styles import Alignment, Border, Font, Side
from openpyxl.utils import get_column_letter
from openpyxl.worksheet.worksheet import Worksheet

from app.reports import labels as L

FONT_NAME = "宋体"
THIN = Side(style="thin", color="000000")
BORDER = Border(left=THIN, right=THIN, top=THIN, bottom=THIN)
CENTER = Alignment(horizontal="center", vertical="center", wrap_text=True)
LEFT = Alignment(horizontal="left", vertical="center", wrap_text=True)
TITLE_FONT = Font(name=FONT_NAME, size=14, bold=True)
HEADER_FONT = Font(name=FONT_NAME, size=10, bold=True)
CELL_FONT = Font(name=FONT_NAME, size=10)

SHEET_PROACTIVE = "二 主动公开"
SHEET_APPLICATIONS = "三 依申请公开"
SHEET_CASES = "四 复议诉讼"
SHEET_CHECKS = "校验"


def _sheet_name(text: str) -> str:
    return re.sub(r"[\[\]:*?/\\]", "", text)[:31]


def _box(ws: Worksheet, first_row: int, last_row: int, first_col: int, last_col: int) -> None:
    for row in ws.iter_rows(min_row=first_row, max_row=last_row, min_col=first_col, max_col=last_col):
        for cell in row:
            cell.border = BORDER


def _put(ws: Worksheet, ref: str, value, *, font=CELL_FONT, align=CENTER, merge_to: str | None = None) -> None:
    ws[ref] = value
    ws[ref].font = font
    ws[ref].alignment = align
    if merge_to:
        ws.merge_cells(f"{ref}:{merge_to}")


def _print_setup(ws: Worksheet, *, landscape: bool, last_col: int, last_row: int) -> None:
    ws.page_setup.paperSize = ws.PAPERSIZE_A4
    ws.page_setup.orientation = "landscape" if landscape else "portrait"
    ws.page_setup.fitToWidth = 1
    ws.page_setup.fitToHeight = 0
    ws.sheet_properties.pageSetUpPr.fitToPage = True
    ws.print_options.horizontalCentered = True
    ws.page_margins.left = ws.page_margins.right = 0.5
    ws.page_margins.top = ws.page_margins.bottom = 0.75
    ws.print_area = f"A1:{get_column_letter(last_col)}{last_row}"


def write_proactive(ws: Worksheet, proactive: dict, title: str) -> None:
    """Table 二: four blocks, each with its 第二十条 item header, a column header row and data rows."""
    _put(ws, "A1", title, font=TITLE_FONT, merge_to="D1")
    row = 2
    for header, column_labels, rows in L.PROACTIVE_BLOCKS:
        _put(ws, f"A{row}", header, font=HEADER_FONT, merge_to=f"D{row}")
        row += 1
        _put(ws, f"A{row}", L.PROACTIVE_CONTENT_LABEL, font=HEADER_FONT)
        if len(column_labels) == 3:
            for i, label in enumerate(column_labels):
                _put(ws, f"{'BCD'[i]}{row}", label, font=HEADER_FONT)
        else:
            _put(ws, f"B{row}", column_labels[0], font=HEADER_FONT, merge_to=f"D{row}")
        row += 1
        for label, keys in rows:
            _put(ws, f"A{row}", label)
            if len(keys) == 3:
                for i, key in enumerate(keys):
                    _put(ws, f"{'BCD'[i]}{row}", proactive[key])
            else:
                _put(ws, f"B{row}", proactive[keys[0]], merge_to=f"D{row}")
                if keys[0] == "fees_wan_yuan":
                    ws[f"B{row}"].number_format = "0.0000"
            row += 1
    _box(ws, 2, row - 1, 1, 4)
    ws.column_dimensions["A"].width = 22
    for col in "BCD":
        ws.column_dimensions[col].width = 18
    _print_setup(ws, landscape=False, last_col=4, last_row=row - 1)


def write_applications(ws: Worksheet, table, title: str) -> None:
    """Table 三: 3 label columns × 3 header rows, 7 numeric columns, 25 data rows (docs/spec/annual-report.md section 3)."""
    _put(ws, "A1", title, font=TITLE_FONT, merge_to="J1")
    _put(ws, "A2", L.BALANCE_NOTE, font=HEADER_FONT, merge_to="C4")
    _put(ws, "D2", L.APPLICANT_HEADER, font=HEADER_FONT, merge_to="J2")
    _put(ws, "D3", L.COLUMN_LABELS["natural_person"], font=HEADER_FONT, merge_to="D4")
    _put(ws, "E3", L.ORG_GROUP_LABEL, font=HEADER_FONT, merge_to="I3")
    _put(ws, "J3", L.COLUMN_LABELS["total"], font=HEADER_FONT, merge_to="J4")
    for i, kind in enumerate(L.APPLICANT_KINDS[1:]):
        _put(ws, f"{'EFGHI'[i]}4", L.COLUMN_LABELS[kind], font=HEADER_FONT)

    def numbers(row_number: int, key: str) -> None:
        for i, value in enumerate(table.rows[key]):
            _put(ws, f"{'DEFGHIJ'[i]}{row_number}", value)

    _put(ws, "A5", L.ROW_NEW_LABEL, align=LEFT, merge_to="C5")
    numbers(5, "new")
    _put(ws, "A6", L.ROW_CARRIED_IN_LABEL, align=LEFT, merge_to="C6")
    numbers(6, "carried_in")
    first = 7
    _put(ws, f"A{first}", L.ROW_RESULTS_LABEL, merge_to=f"A{first + len(L.RESULT_ROWS) - 1}")
    groups: dict[str, list[int]] = {}
    for offset, (key, level2, level3) in enumerate(L.RESULT_ROWS):
        r = first + offset
        groups.setdefault(level2, []).append(r)
        if level3:
            _put(ws, f"C{r}", level3, align=LEFT)
        numbers(r, key)
    for level2, rows in groups.items():
        if len(rows) == 1:  # a level-2 row without sub-rows spans both label columns
            _put(ws, f"B{rows[0]}", level2, align=LEFT, merge_to=f"C{rows[0]}")
        else:
            _put(ws, f"B{rows[0]}", level2, align=LEFT, merge_to=f"B{rows[-1]}")
    last = first + len(L.RESULT_ROWS)
    _put(ws, f"A{last}", L.ROW_CARRIED_OUT_LABEL, align=LEFT, merge_to=f"C{last}")
    numbers(last, "carried_out")
    _box(ws, 2, last, 1, 10)
    ws.column_dimensions["A"].width = 12
    ws.column_dimensions["B"].width = 16
    ws.column_dimensions["C"].width = 34
    for col in "DEFGHIJ":
        ws.column_dimensions[col].width = 9
    ws.row_dimensions[2].height = 30
    ws.row_dimensions[4].height = 30
    for r in range(first, last + 1):
        label = ws[f"C{r}"].value or ""
        ws.row_dimensions[r].height = 30 if len(str(label)) > 17 else 18
    _print_setup(ws, landscape=False, last_col=10, last_row=last)


def write_cases(ws: Worksheet, cases: dict, title: str) -> None:
    """Table 四 in the national layout (docs/spec/annual-report.md section 5): 行政复议 over its five result
    columns, whose labels span the two lower header rows; 行政诉讼 over ten, split into 未经复议直接起诉 and
    复议后起诉 of five each; one row of 15 numbers."""
    _put(ws, "A1", title, font=TITLE_FONT, merge_to="O1")
    _put(ws, "A2", L.REVIEW_GROUP_LABEL, font=HEADER_FONT, merge_to="E2")
    _put(ws, "F2", L.LITIGATION_GROUP_LABEL, font=HEADER_FONT, merge_to="O2")
    _put(ws, "F3", L.LITIGATION_DIRECT_LABEL, font=HEADER_FONT, merge_to="J3")
    _put(ws, "K3", L.LITIGATION_AFTER_REVIEW_LABEL, font=HEADER_FONT, merge_to="O3")
    for g, group in enumerate(L.CASE_GROUPS):
        for i, (key, label) in enumerate(zip(L.CASE_RESULT_KEYS, L.CASE_RESULT_LABELS)):
            col = get_column_letter(1 + g * 5 + i)
            if group == "review":
                _put(ws, f"{col}3", label, font=HEADER_FONT, merge_to=f"{col}4")
            else:
                _put(ws, f"{col}4", label, font=HEADER_FONT)
            _put(ws, f"{col}5", cases[f"{group}.{key}"])
    _box(ws, 2, 5, 1, 15)
    for c in range(1, 16):
        ws.column_dimensions[get_column_letter(c)].width = 8
    ws.row_dimensions[4].height = 30
    _print_setup(ws, landscape=True, last_col=15, last_row=5)


def write_checks(ws: Worksheet, checks, warnings=()) -> None:
    from app.reports.annual import CHECK_TITLES, verdict

    headers = ("校验项目", "结果", "说明", "涉及的申请")
    for i, h in enumerate(headers):
        _put(ws, f"{'ABCD'[i]}1", h, font=HEADER_FONT)
    for r, check in enumerate(checks, start=2):
        _put(ws, f"A{r}", CHECK_TITLES.get(check.rule, check.rule), align=LEFT)
        _put(ws, f"B{r}", verdict(check.ok))
        _put(ws, f"C{r}", check.detail, align=LEFT)
        _put(ws, f"D{r}", "、".join(check.applications), align=LEFT)
    for r, warning in enumerate(warnings, start=len(checks) + 2):
        _put(ws, f"A{r}", "提醒", align=LEFT)
        _put(ws, f"B{r}", "请确认")
        _put(ws, f"C{r}", warning["detail"], align=LEFT)
        _put(ws, f"D{r}", "", align=LEFT)
    last = len(checks) + len(warnings) + 1
    _box(ws, 1, last, 1, 4)
    for col, width in zip("ABCD", (30, 8, 50, 40)):
        ws.column_dimensions[col].width = width
    _print_setup(ws, landscape=True, last_col=4, last_row=last)


def build_workbook(data) -> Workbook:
    """The workbook of an ``AnnualData``: tables 二, 三, 四 (summed for a roll-up), the checks, and for a
    county roll-up one table 三 per office."""
    wb = Workbook()
    prefix = f"{data.office.name}{data.year}年" + ("（汇总）" if data.summary else "")
    ws = wb.active
    ws.title = SHEET_PROACTIVE
    write_proactive(ws, data.proactive, prefix + L.TABLE_TITLES["proactive"])
    write_applications(wb.create_sheet(SHEET_APPLICATIONS), data.applications,
                       prefix + L.TABLE_TITLES["applications"])
    write_cases(wb.create_sheet(SHEET_CASES), data.review_litigation, prefix + L.TABLE_TITLES["review_litigation"])
    write_checks(wb.create_sheet(SHEET_CHECKS), data.checks, data.warnings)
    for section in data.offices:
        name = _sheet_name("三 " + (section.office.name))
        existing = set(wb.sheetnames)
        n = 2
        base = name
        while name in existing:
            name = _sheet_name(f"{base[:28]}{n}")
            n += 1
        write_applications(wb.create_sheet(name), section.applications,
                           f"{section.office.name}{data.year}年" + L.TABLE_TITLES["applications"])
    return wb


def workbook_bytes(data) -> bytes:
    buffer = io.BytesIO()
    build_workbook(data).save(buffer)
    return buffer.getvalue()

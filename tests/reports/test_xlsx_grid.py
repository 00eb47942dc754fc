"""The plain reader of a workbook's cell values used by `report lint`."""

from __future__ import annotations

import zipfile

import pytest
from openpyxl import Workbook

from app.errors import ValidationError
from app.reports import lint
from app.reports.xlsx_grid import UNCALCULATED, column_letter, read_sheets

MAIN = "http://schemas.openxmlformats.org/spreadsheetml/2006/main"
REL = "http://schemas.openxmlformats.org/officeDocument/2006/relationships"


def _hand_made(path, sheet_xml: str) -> None:
    """A workbook as another program may write it: inline strings, no shared strings part, an absolute
    relationship target, cells without their reference."""
    with zipfile.ZipFile(path, "w") as zf:
        zf.writestr("xl/workbook.xml", f'<workbook xmlns="{MAIN}" xmlns:r="{REL}"><sheets>'
                                       '<sheet name="表三" sheetId="1" r:id="rId7"/></sheets></workbook>')
        zf.writestr("xl/_rels/workbook.xml.rels",
                    '<Relationships xmlns="http://schemas.openxmlformats.org/package/2006/relationships">'
                    '<Relationship Id="rId7" Target="/xl/worksheets/s.xml" Type="x"/></Relationships>')
        zf.writestr("xl/worksheets/s.xml", f'<worksheet xmlns="{MAIN}"><sheetData>{sheet_xml}</sheetData></worksheet>')


def test_inline_strings_numbers_and_positions(tmp_path):
    path = tmp_path / "a.xlsx"
    _hand_made(path, '<row r="2"><c r="B2" t="inlineStr"><is><t>规章</t></is></c><c><v>3</v></c>'
                     '<c r="E2"><v>1.5</v></c><c r="F2" t="b"><v>1</v></c></row>'
                     '<row><c r="A3"><f>SUM(A1:A2)</f></c></row>')
    (sheet,) = read_sheets(path, max_rows=100, max_cols=20)
    assert sheet.title == "表三"
    assert sheet.rows[0] == [None] * 6
    assert sheet.rows[1] == [None, "规章", 3, None, 1.5, True]
    assert sheet.rows[2][0] is UNCALCULATED


def test_formula_without_its_result_is_named_not_read_as_blank(tmp_path):
    from app.reports import labels as L
    from app.reports import xlsx
    from app.reports.annual import ApplicationsTable

    wb = Workbook()
    xlsx.write_applications(wb.active, ApplicationsTable.empty(2025), "某局2025年收到和处理政府信息公开申请情况")
    wb.active["J5"] = "=SUM(D5:I5)"  # openpyxl saves formulas without a calculated value
    path = tmp_path / "f.xlsx"
    wb.save(path)
    result = lint.lint_workbook(path)
    problem = next(p for p in result.errors if p.row == L.ROW_NEW_LABEL)
    assert problem.column == "总计" and "公式没有保存计算结果" in problem.message


def test_not_a_workbook(tmp_path):
    path = tmp_path / "old.xls"
    path.write_bytes(b"\xd0\xcf\x11\xe0 an old binary workbook")
    with pytest.raises(ValidationError, match="另存为 .xlsx"):
        read_sheets(path, max_rows=10, max_cols=10)


def test_column_letters():
    assert [column_letter(n) for n in (1, 26, 27, 52, 703)] == ["A", "Z", "AA", "AZ", "AAA"]

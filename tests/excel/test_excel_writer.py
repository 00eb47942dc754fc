"""The workbook writer: title, headers, widths, frozen header, filter, real dates, escaping, masking."""

from __future__ import annotations

import datetime as dt

import openpyxl
import pytest

from app.excel.writer import Column, escape_formula, mask_value, write_table


@pytest.mark.parametrize(("value", "how", "masked"), [
    ("330106195205184353", "id", "3301**********4353"),
    ("33010619520518435X", "id", "3301**********435X"),
    ("9133021205FMTD2XD1", "id", "9133021205FMTD2XD1"),   # organisation code: public
    ("13812345678", "phone", "138****5678"),
    ("0571-29181264", "phone", "057*-****1264"),
    ("zhang.san@example.cn", "email", "zh***@example.cn"),
    ("浙江省杭州市浦江区251号", "address", "浙江省杭州市****"),
    ("于丽", "name", "于**"),  # 张**: the length of the name is hidden too (docs/spec/application-records.md section 6)
    (None, "phone", None),
])
def test_masking(value, how, masked):
    assert mask_value(value, how) == masked


@pytest.mark.parametrize("text", ["=1+1", "+86", "-5", "@SUM(A1)", "\tx"])
def test_formula_starts_are_escaped(text):
    assert escape_formula(text) == "'" + text
    assert escape_formula("申请" + text) == "申请" + text


def test_written_workbook_reopens_with_expected_cells(tmp_path):
    path = tmp_path / "t.xlsx"
    columns = [Column("申请人"), Column("证件号码", kind="code", mask="id"), Column("收到申请日期", kind="date"),
               Column("说明")]
    rows = [("张三", "330106195205184353", dt.date(2025, 3, 5), "=cmd|' /C calc'!A0"),
            ("某公司", None, "2025-04-01", "正常\x07文字")]
    assert write_table(path, title="标题", subtitle="填报单位：某县", columns=columns, rows=rows,
                       sheet_name="登记") == 2
    wb = openpyxl.load_workbook(path)
    ws = wb["登记"]
    assert [ws["A1"].value, ws["A2"].value] == ["标题", "填报单位：某县"]
    assert [c.value for c in ws[3]] == ["申请人", "证件号码", "收到申请日期", "说明"]
    assert ws["A3"].font.bold
    assert ws.freeze_panes == "A4" and ws.auto_filter.ref == "A3:D5"
    assert [str(r) for r in ws.merged_cells.ranges] == ["A1:D1"]
    assert ws["B4"].value == "3301**********4353"
    assert ws["C4"].value == dt.datetime(2025, 3, 5) and ws["C4"].is_date and ws["C5"].is_date
    assert ws["D4"].value == "'=cmd|' /C calc'!A0" and ws["D4"].data_type == "s"
    assert ws["D5"].value == "正常文字"
    assert ws.column_dimensions["C"].width >= 12  # wide enough for the header (CJK counts double)
    wb.close()


def test_unmasked_when_asked(tmp_path):
    path = tmp_path / "t.xlsx"
    write_table(path, title="t", subtitle="s", columns=[Column("证件号码", mask="id")],
                rows=[("330106195205184353",)], mask_personal=False)
    wb = openpyxl.load_workbook(path)
    assert wb.worksheets[0]["A4"].value == "330106195205184353"
    wb.close()

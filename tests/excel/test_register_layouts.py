"""Register workbooks as offices keep them: multi-row merged headers, exact header words before aliases,
delivery and staff columns left out, 证件类型, short forms, and rows beyond a lying <dimension>."""

from __future__ import annotations

import openpyxl

from app.excel.kinds import REGISTER
from app.excel.parse import detect_mapping, parse_workbook
from tests.helpers.register_layouts import (
    ONE_ROW_RECORDS,
    TWO_ROW_DATA,
    one_row_workbook,
    two_row_workbook,
    understate_dimension,
)


def _without_ids(records):
    out = []
    for record in records:
        record = {k: v for k, v in record.items() if k != "id" and v is not None}
        out.append(record)
    return out


def test_two_row_merged_header_is_read_as_one_header(tmp_path):
    path = two_row_workbook(tmp_path / "two.xlsx")
    mapping = detect_mapping(path, "register")
    (sheet,) = mapping.sheets
    assert (sheet.first_header_row, sheet.header_row) == (2, 3)
    assert sheet.columns == {0: None, 1: "serial", 2: "received_on", 3: "applicant.name", 4: "applicant.kind",
                             5: "applicant.id_type", 6: "applicant.id_number", 7: "channel", 8: "content",
                             9: None, 10: "outcome", 11: "replied_on", 12: None, 13: "notes"}
    assert sheet.headers[4] == "申请人信息/类型" and sheet.headers[9] == "答复情况/答复方式"
    assert "表头在第2—3行" in mapping.describe(REGISTER)[0]


def test_two_row_workbook_parses_exactly_with_no_mapping_file(tmp_path):
    result = parse_workbook(two_row_workbook(tmp_path / "two.xlsx"), "register")
    assert result.errors == []
    assert _without_ids(result.records()) == [expected for _, expected in TWO_ROW_DATA]


def test_exact_header_beats_alias_and_staff_is_not_the_applicants_contact(tmp_path):
    path = one_row_workbook(tmp_path / "one.xlsx")
    (sheet,) = detect_mapping(path, "register").sheets
    assert sheet.columns[8] is None and sheet.columns[9] == "outcome"  # 答复方式 is how it was delivered
    assert sheet.columns[3] is None  # 经办人: office staff
    assert sheet.columns[0] == "serial"  # 登记号
    result = parse_workbook(path, "register")
    assert result.errors == []
    assert _without_ids(result.records()) == ONE_ROW_RECORDS


def test_remark_and_delivery_headers_never_take_a_field_by_containing_its_word(tmp_path):
    path = tmp_path / "remarks.xlsx"
    wb = openpyxl.Workbook()
    wb.active.append(["受理号", "申请人", "申请人类型", "申请方式", "收到申请日期", "申请内容", "答复情况备注",
                      "答复情况送达方式", "承办人联系电话"])
    wb.save(path)
    (sheet,) = detect_mapping(path, "register").sheets
    assert [sheet.columns[i] for i in (6, 7, 8)] == [None, None, None]


def test_text_is_kept_exactly_as_typed(tmp_path):
    result = parse_workbook(two_row_workbook(tmp_path / "two.xlsx"), "register")
    assert result.records()[0]["content"] == "关于印发《临安区农村宅基地管理办法（试行）》的通知：第一条，全文"


def test_rows_beyond_an_understated_dimension_are_read(tmp_path):
    path = understate_dimension(two_row_workbook(tmp_path / "lying.xlsx"), "A1:F4")
    book = openpyxl.load_workbook(path, read_only=True)
    try:
        assert book.worksheets[0].max_row == 4  # what the file claims
    finally:
        book.close()
    result = parse_workbook(path, "register")
    assert result.errors == []
    assert _without_ids(result.records()) == [expected for _, expected in TWO_ROW_DATA]

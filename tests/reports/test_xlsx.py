"""Golden tests on the workbook: merged ranges, exact labels, numbers, print setup."""

from __future__ import annotations

import io

import pytest
from openpyxl import load_workbook

from app import reports
from app.reports import labels as L
from app.reports import xlsx
from tests.helpers.reports import expected_numbers, load_sample_into


@pytest.fixture
def workbook(db):
    load_sample_into(db)
    with db.read_session() as s:
        data = reports.compute_annual(s, 2025)
    return load_workbook(io.BytesIO(xlsx.workbook_bytes(data)))


def cells(ws) -> dict:
    return {c.coordinate: c.value for row in ws.iter_rows() for c in row if c.value is not None}


def test_sheets(workbook):
    assert workbook.sheetnames == ["二 主动公开", "三 依申请公开", "四 复议诉讼", "校验"]


def test_applications_sheet_layout_and_labels(workbook):
    ws = workbook["三 依申请公开"]
    merged = {str(r) for r in ws.merged_cells.ranges}
    assert {"A1:J1", "A2:C4", "D2:J2", "D3:D4", "E3:I3", "J3:J4", "A5:C5", "A6:C6", "A7:A28",
            "B7:C7", "B8:C8", "B9:B16", "B17:B19", "B20:B24", "B25:B27", "B28:C28", "A29:C29"} == merged
    c = cells(ws)
    assert c["A1"] == "测试县人民政府办公室2025年收到和处理政府信息公开申请情况"
    assert c["A2"] == "（本列数据的勾稽关系为：第一项加第二项之和，等于第三项加第四项之和）"
    assert c["D2"] == "申请人情况"
    assert [c["D3"], c["E3"], c["J3"]] == ["自然人", "法人或其他组织", "总计"]
    assert [c[f"{col}4"] for col in "EFGHI"] == ["商业企业", "科研机构", "社会公益组织", "法律服务机构", "其他"]
    assert c["A5"] == "一、本年新收政府信息公开申请数量"
    assert c["A6"] == "二、上年结转政府信息公开申请数量"
    assert c["A7"] == "三、本年度办理结果"
    assert c["B7"] == "（一）予以公开"
    assert c["B8"] == "（二）部分公开（区分处理的，只计这一情形，不计其他情形）"
    assert c["B9"] == "（三）不予公开"
    assert c["C11"] == "3.危及“三安全一稳定”"
    assert c["C16"] == "8.属于行政查询事项"
    assert c["B17"] == "（四）无法提供" and c["C17"] == "1.本机关不掌握相关政府信息"
    assert c["B20"] == "（五）不予处理" and c["C24"] == "5.要求行政机关确认或重新出具已获取信息"
    assert c["B25"] == "（六）其他处理"
    assert c["C25"] == "1.申请人无正当理由逾期不补正、行政机关不再处理其政府信息公开申请"
    assert c["C26"] == "2.申请人逾期未按收费通知要求缴纳费用、行政机关不再处理其政府信息公开申请"
    assert c["C27"] == "3.其他"
    assert c["B28"] == "（七）总计"
    assert c["A29"] == "四、结转下年度继续办理"
    expected = expected_numbers()["2025"]
    for r, key in enumerate(L.ROW_KEYS, start=5):
        assert [ws[f"{col}{r}"].value for col in "DEFGHIJ"] == expected[key], key
    assert ws["D5"].border.left.style == "thin" and ws["B16"].border.bottom.style == "thin"
    assert int(ws.page_setup.paperSize) == 9  # A4
    assert ws.column_dimensions["C"].width > ws.column_dimensions["D"].width


def test_proactive_sheet(workbook):
    ws = workbook["二 主动公开"]
    c = cells(ws)
    assert [c["A2"], c["A6"], c["A9"], c["A13"]] == ["第二十条第（一）项", "第二十条第（五）项", "第二十条第（六）项",
                                                    "第二十条第（八）项"]
    assert [c["A3"], c["B3"], c["C3"], c["D3"]] == ["信息内容", "本年制发件数", "本年废止件数", "现行有效件数"]
    assert [c["A4"], c["A5"], c["A8"], c["A11"], c["A12"], c["A15"]] == [
        "规章", "行政规范性文件", "行政许可", "行政处罚", "行政强制", "行政事业性收费"]
    assert c["B14"] == "本年收费金额（单位：万元）"
    merged = {str(r) for r in ws.merged_cells.ranges}
    assert {"A2:D2", "B7:D7", "B8:D8", "B14:D14", "B15:D15"} <= merged


def test_cases_sheet(workbook):
    ws = workbook["四 复议诉讼"]
    c = cells(ws)
    merged = {str(r) for r in ws.merged_cells.ranges}
    # the national layout: 行政复议 over five columns whose labels span rows 3–4; 行政诉讼 over ten
    assert merged == {"A1:O1", "A2:E2", "F2:O2", "F3:J3", "K3:O3", "A3:A4", "B3:B4", "C3:C4", "D3:D4", "E3:E4"}
    assert [c["A2"], c["F2"], c["F3"], c["K3"]] == ["行政复议", "行政诉讼", "未经复议直接起诉", "复议后起诉"]
    assert [c[f"{col}3"] for col in "ABCDE"] == ["结果维持", "结果纠正", "其他结果", "尚未审结", "总计"]
    assert [c[f"{col}4"] for col in "FGHIJ"] == ["结果维持", "结果纠正", "其他结果", "尚未审结", "总计"]
    assert [c[f"{col}4"] for col in "KLMNO"] == ["结果维持", "结果纠正", "其他结果", "尚未审结", "总计"]
    assert all(isinstance(ws.cell(5, col).value, (int, float)) for col in range(1, 16))
    assert ws.page_setup.orientation == "landscape"


def test_checks_sheet(workbook):
    c = cells(workbook["校验"])
    assert c["A1"] == "校验项目" and c["B2"] == "通过"

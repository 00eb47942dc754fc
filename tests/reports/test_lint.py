"""`report lint`: the checks of a report workbook, found by labels (docs/spec/annual-report.md section 9)."""

from __future__ import annotations

import json

import pytest
from openpyxl import Workbook, load_workbook

from app import reports
from app.errors import ValidationError
from app.reports import labels as L
from app.reports import lint, xlsx
from app.reports.report_workbook import read_report_workbook
from tests.helpers.reports import expected_numbers, load_sample_into


@pytest.fixture
def exported(db, tmp_path):
    """This program's export of the sample register's 2025 report, untouched."""
    load_sample_into(db)
    with db.read_session() as s:
        data = reports.compute_annual(s, 2025)
    path = tmp_path / "export.xlsx"
    path.write_bytes(xlsx.workbook_bytes(data))
    return path


def _set(path, sheet: str, ref: str, value) -> None:
    wb = load_workbook(path)
    wb[sheet][ref] = value
    wb.save(path)


def _rules(result) -> dict:
    return {c.rule: c.ok for c in result.checks}


def test_reads_every_number_of_the_export(exported):
    book = read_report_workbook(exported)
    assert book.missing == []
    assert book.year == 2025 and book.office == "测试县人民政府办公室"
    expected = expected_numbers()
    rows = expected["2025"]
    for key in L.ROW_KEYS:
        assert [book.applications[key][c].value for c in L.COLUMNS] == rows[key], key
    assert set(book.proactive) == set(L.PROACTIVE_KEYS)
    assert set(book.review_litigation) == set(L.REVIEW_LITIGATION_KEYS)


def test_untouched_export_passes_and_says_what_it_could_not_check(exported):
    result = lint.lint_workbook(exported)
    assert result.ok, [p.to_json() for p in result.errors]
    rules = _rules(result)
    assert rules["column_total"] is True and rules["result_total"] is True and rules["balance"] is True
    assert rules["cases_total"] is True
    # no previous year's report given: 未核对 with the reason, never 通过
    assert rules["carried_in_matches_last_year"] is None
    assert rules["in_force_continuity"] is None
    detail = next(c.detail for c in result.checks if c.rule == "carried_in_matches_last_year")
    assert detail.startswith("未核对") and "2024" in detail


def test_a_changed_cell_is_named(exported):
    ws = load_workbook(exported)[xlsx.SHEET_APPLICATIONS]
    ws_value = ws["E9"].value  # 商业企业 × （三）不予公开 1.属于国家秘密
    _set(exported, xlsx.SHEET_APPLICATIONS, "E9", ws_value + 2)
    result = lint.lint_workbook(exported)
    assert not result.ok
    named = {(p.row, p.column) for p in result.errors}
    label = "（三）不予公开1.属于国家秘密"
    assert (label, "总计") in named  # the row's total
    assert ("（七）总计", "商业企业") in named  # the column's sum of outcomes
    suspects = [p for p in result.errors if "很可能有误" in p.message]
    assert [(p.row, p.column, p.cell) for p in suspects] == [(label, "商业企业", f"“{xlsx.SHEET_APPLICATIONS}”E9")]
    assert _rules(result)["balance"] is True  # 一, 二, （七）, 四 untouched


def test_balance_names_the_carry_out_cell(exported):
    _set(exported, xlsx.SHEET_APPLICATIONS, "D29", 99)  # 自然人 × 四、结转下年度继续办理
    result = lint.lint_workbook(exported)
    rows = {(p.row, p.column) for p in result.errors if "勾稽" in p.message}
    assert rows == {(L.ROW_CARRIED_OUT_LABEL, "自然人")}
    assert _rules(result)["balance"] is False


def test_blank_cell_is_named_and_its_checks_are_unchecked(exported):
    _set(exported, xlsx.SHEET_APPLICATIONS, "F5", None)  # 科研机构 × 一、本年新收
    result = lint.lint_workbook(exported)
    blank = [p for p in result.errors if "为空" in p.message]
    assert [(p.row, p.column) for p in blank] == [(L.ROW_NEW_LABEL, "科研机构")]
    rules = _rules(result)
    assert rules["balance"] is None and rules["column_total"] is None  # could not run for that column/row
    assert rules["result_total"] is True


def test_table_four_total(exported):
    _set(exported, xlsx.SHEET_CASES, "B5", 3)  # 行政复议 结果纠正, so 总计 no longer adds up
    result = lint.lint_workbook(exported)
    problems = [p for p in result.errors if p.table == "四"]
    assert [(p.row, p.column) for p in problems] == [(L.REVIEW_GROUP_LABEL, "总计")]


def test_empty_tables_two_and_four_are_warnings(exported):
    result = lint.lint_workbook(exported)  # the sample office entered nothing in the ledger
    assert {p.table for p in result.warnings} == {"二", "四"}
    assert result.ok  # a warning is not an error
    assert [c.rule for c in result.unchecked] == ["carried_in_matches_last_year", "in_force_continuity"]
    _set(exported, xlsx.SHEET_PROACTIVE, "B8", 12)  # 行政许可
    result = lint.lint_workbook(exported)
    assert {p.table for p in result.warnings} == {"四"}


def _previous(tmp_path, carried_out, regulations=(0, 0, 3), normative=(2, 1, 10)):
    """A previous year's report typed by hand in the national layout, on one sheet."""
    wb = Workbook()
    ws = wb.active
    ws["A1"] = "测试县人民政府办公室2024年政府信息公开工作年度报告"
    ws.append([])
    ws.append(["信息内容", "本年制发件数", "本年废止件数", "现行有效件数"])
    ws.append(["规章", *regulations])
    ws.append(["行政规范性文件", *normative])
    ws.append(["行政许可", 5])
    ws.append(["行政处罚", 2])
    ws.append(["行政强制", 0])
    ws.append(["行政事业性收费", 1.5])
    ws.append([])
    ws.append(["（本列数据的勾稽关系为：第一项加第二项之和，等于第三项加第四项之和）", "", "", "申请人情况"])
    ws.append(["", "", "", "自然人", "法人或其他组织", "", "", "", "", "总计"])
    ws.append(["", "", "", "", "商业企业", "科研机构", "社会公益组织", "法律服务机构", "其他", ""])
    zero = [0] * 7
    ws.append(["一、本年新收政府信息公开申请数量", "", "", *carried_out])
    ws.append(["二、上年结转政府信息公开申请数量", "", "", *zero])
    for key, level2, level3 in L.RESULT_ROWS:
        ws.append(["三、本年度办理结果" if key == "result.granted" else "", level2, level3, *zero])
    ws.append(["四、结转下年度继续办理", "", "", *carried_out])
    path = tmp_path / "previous.xlsx"
    wb.save(path)
    return path


def test_carry_in_and_in_force_against_the_previous_report(exported, tmp_path):
    book = read_report_workbook(exported)
    carried_in = [book.applications["carried_in"][c].value for c in L.COLUMNS]
    in_force = {k: book.proactive[k].value for k in L.PROACTIVE_KEYS}
    regulations = (0, 0, in_force["regulations.in_force"] - in_force["regulations.issued"]
                   + in_force["regulations.repealed"])
    normative = (0, 0, in_force["normative_documents.in_force"] - in_force["normative_documents.issued"]
                 + in_force["normative_documents.repealed"])
    previous = lint.reference_from_workbook(read_report_workbook(
        _previous(tmp_path, carried_in, regulations, normative)))
    assert previous.year == 2024
    result = lint.lint_workbook(exported, previous)
    rules = _rules(result)
    assert rules["carried_in_matches_last_year"] is True and rules["in_force_continuity"] is True

    wrong = list(carried_in)
    wrong[0] += 1
    wrong[-1] += 1
    previous = lint.reference_from_workbook(read_report_workbook(
        _previous(tmp_path, wrong, regulations, (0, 0, normative[2] + 4))))
    result = lint.lint_workbook(exported, previous)
    rules = _rules(result)
    assert rules["carried_in_matches_last_year"] is False and rules["in_force_continuity"] is False
    named = {(p.table, p.row, p.column) for p in result.errors}
    assert ("三", L.ROW_CARRIED_IN_LABEL, "自然人") in named
    assert ("二", "行政规范性文件", "现行有效件数") in named


def test_previous_report_of_another_year_is_refused(exported, tmp_path):
    path = _previous(tmp_path, [0] * 7)
    _set(path, "Sheet", "A1", "测试县人民政府办公室2023年政府信息公开工作年度报告")
    previous = lint.reference_from_workbook(read_report_workbook(path))
    with pytest.raises(ValidationError, match="2023"):
        lint.lint_workbook(exported, previous)


def test_hand_made_layout_is_found_by_labels(tmp_path):
    """Another office's workbook: one sheet, other places, half-width brackets, straight quotes."""
    path = _previous(tmp_path, [1, 0, 0, 0, 0, 0, 1])
    wb = load_workbook(path)
    ws = wb.active
    ws.insert_rows(1, 3)
    ws.insert_cols(1, 2)
    for row in ws.iter_rows():
        for cell in row:
            if isinstance(cell.value, str):
                cell.value = cell.value.replace("（", "(").replace("）", ")").replace("“", '"').replace("”", '"')
    wb.save(path)
    book = read_report_workbook(path)
    assert book.missing == ["四"]
    assert book.applications["new"]["natural_person"].value == 1
    assert book.applications["result.denied.security_stability"]["total"].value == 0
    result = lint.lint_workbook(path)
    assert not result.ok  # table 四 missing
    assert [p.message for p in result.errors] == ["工作簿中未找到表四（按国家统一格式的标签查找）"]
    # 一 + 二 = 1 but （七） + 四 = 1: balanced
    assert _rules(result)["balance"] is True


def test_folder_pairs_an_office_with_its_previous_year(exported, tmp_path):
    folder = tmp_path / "reports"
    folder.mkdir()
    (folder / "a.xlsx").write_bytes(exported.read_bytes())
    book = read_report_workbook(exported)
    carried_in = [book.applications["carried_in"][c].value for c in L.COLUMNS]
    (folder / "b-2024.xlsx").write_bytes(_previous(tmp_path, carried_in).read_bytes())
    (folder / "broken.xlsx").write_bytes(b"not a workbook")
    results = {r.path.rsplit("/", 1)[-1]: r for r in lint.lint_folder(folder)}
    assert set(results) == {"a.xlsx", "b-2024.xlsx", "broken.xlsx"}
    assert _rules(results["a.xlsx"])["carried_in_matches_last_year"] is True
    assert not results["broken.xlsx"].ok
    assert "文件夹中没有" in next(c.detail for c in results["b-2024.xlsx"].checks
                              if c.rule == "carried_in_matches_last_year")


def test_cli_lint_file_and_folder(exported, tmp_path, capsys):
    from app.cli.main import main

    assert main(["report", "lint", str(exported), "--json"]) == 0
    out = json.loads(capsys.readouterr().out)
    assert out["ok"] is True and isinstance(out["problems"], list)
    _set(exported, xlsx.SHEET_APPLICATIONS, "E9", 7)
    assert main(["report", "lint", str(exported)]) == 1
    text = capsys.readouterr().out
    assert "很可能有误" in text and "E9" in text
    assert main(["--json", "report", "lint", str(exported.parent)]) == 1
    out = json.loads(capsys.readouterr().out)
    assert out["ok"] is False and len(out["workbooks"]) == 1


def test_folder_never_pairs_a_summary_with_the_own_report_and_names_duplicates(exported, tmp_path):
    folder = tmp_path / "reports"
    folder.mkdir()
    summary = folder / "summary-2025.xlsx"
    summary.write_bytes(exported.read_bytes())
    wb = load_workbook(summary)
    for ws in wb.worksheets:
        if isinstance(ws["A1"].value, str) and "2025年" in ws["A1"].value:
            ws["A1"] = ws["A1"].value.replace("2025年", "2025年（汇总）")
    wb.save(summary)
    book = read_report_workbook(exported)
    carried_in = [book.applications["carried_in"][c].value for c in L.COLUMNS]
    (folder / "own-2024-a.xlsx").write_bytes(_previous(tmp_path, carried_in).read_bytes())
    results = {r.path.rsplit("/", 1)[-1]: r for r in lint.lint_folder(folder)}
    assert results["summary-2025.xlsx"].office == "测试县人民政府办公室（汇总）"
    detail = next(c.detail for c in results["summary-2025.xlsx"].checks if c.rule == "carried_in_matches_last_year")
    assert "没有测试县人民政府办公室（汇总）2024年度" in detail
    (folder / "own-2025.xlsx").write_bytes(exported.read_bytes())
    (folder / "own-2024-b.xlsx").write_bytes(_previous(tmp_path, carried_in).read_bytes())
    results = {r.path.rsplit("/", 1)[-1]: r for r in lint.lint_folder(folder)}
    check = next(c for c in results["own-2025.xlsx"].checks if c.rule == "carried_in_matches_last_year")
    assert check.ok is None and "2份" in check.detail and "own-2024-a.xlsx" in check.detail


# Figures of a real published report: 金湖县2023年政府信息公开工作年度报告, as parsed from its PDF by the
# KIROGOVCOMPARE project (temp-jinhu-2023.json). Its table 四 as parsed gives 未经复议直接起诉 结果维持 2,
# 其他结果 1 and 总计 0.
JINHU_2023 = {
    "new": {"natural_person": 140, "commercial": 1, "other_org": 2},
    "result.granted": {"natural_person": 61, "commercial": 1},
    "result.partial": {"natural_person": 4},
    "result.denied.third_party": {"natural_person": 2},
    "result.denied.internal_affairs": {"natural_person": 2},
    "result.denied.process_info": {"natural_person": 1},
    "result.unavailable.not_held": {"natural_person": 44, "other_org": 2},
    "result.unavailable.unclear": {"natural_person": 2},
    "result.not_processed.petition": {"natural_person": 1},
    "result.not_processed.repeat": {"natural_person": 2},
    "result.not_processed.confirm_existing": {"natural_person": 2},
    "result.other.no_correction": {"natural_person": 17},
    "result.other.other": {"natural_person": 2},
    "result.total": {"natural_person": 140, "commercial": 1, "other_org": 2},
}
JINHU_2023_PROACTIVE = [("规章", 0, 0, 0), ("行政规范性文件", 3, 6, 14)]
JINHU_2023_DECISIONS = [("行政许可", 54408), ("行政处罚", 2086), ("行政强制", 1272), ("行政事业性收费", 14722.49)]
JINHU_2023_CASES = [1, 0, 6, 0, 7, 2, 0, 1, 0, 0, 0, 0, 1, 0, 1]


def _one_sheet_report(path) -> None:
    """A report as an office might type it: every table on one sheet, the PDF's labels, 四 in the national
    layout, blanks where the report prints nothing (table 三's zeros typed as 0)."""
    wb = Workbook()
    ws = wb.active
    ws.title = "年报"
    ws.append(["金湖县人民政府2023年政府信息公开工作年度报告"])
    ws.append(["二、主动公开政府信息情况"])
    ws.append(["第二十条第(一)项"])
    ws.append(["信息内容", "本年制发件数", "本年废止件数", "现行有效件数"])
    for row in JINHU_2023_PROACTIVE:
        ws.append(list(row))
    for label, n in JINHU_2023_DECISIONS:
        ws.append(["信息内容", "本年处理决定数量" if label != "行政事业性收费" else "本年收费金额(单位:万元)"])
        ws.append([label, n])
    ws.append(["三、收到和处理政府信息公开申请情况"])
    ws.append([L.BALANCE_NOTE, None, None, "申请人情况"])
    ws.append([None, None, None, "自然人", "法人或其他组织", None, None, None, None, "总计"])
    ws.append([None, None, None, None, "商业企业", "科研机构", "社会公益组织", "法律服务机构", "其他", None])

    def numbers(key):
        row = [JINHU_2023.get(key, {}).get(c, 0) for c in L.APPLICANT_KINDS]
        return row + [sum(row)]

    ws.append([L.ROW_NEW_LABEL, None, None, *numbers("new")])
    ws.append([L.ROW_CARRIED_IN_LABEL, None, None, *numbers("carried_in")])
    seen = set()
    for key, level2, level3 in L.RESULT_ROWS:
        first = level2 not in seen
        seen.add(level2)
        label3 = level3.replace("“", '"').replace("”", '"')
        ws.append(["三、本年度办理结果" if key == "result.granted" else None, level2 if first else None,
                   label3 or None, *numbers(key)])
    ws.append([L.ROW_CARRIED_OUT_LABEL, None, None, *numbers("carried_out")])
    ws.append(["四、政府信息公开行政复议、行政诉讼情况"])
    ws.append(["行政复议", None, None, None, None, "行政诉讼"])
    ws.append([*L.CASE_RESULT_LABELS, "未经复议直接起诉", None, None, None, None, "复议后起诉"])
    ws.append([None] * 5 + list(L.CASE_RESULT_LABELS) * 2)
    ws.append(JINHU_2023_CASES)
    wb.save(path)


def test_a_real_report_typed_on_one_sheet(tmp_path):
    path = tmp_path / "jinhu-2023.xlsx"
    _one_sheet_report(path)
    book = read_report_workbook(path)
    assert book.missing == [] and (book.office, book.year) == ("金湖县人民政府", 2023)
    assert book.proactive["licensing"].value == 54408 and book.proactive["fees_wan_yuan"].value == 14722.49
    assert book.proactive["normative_documents.in_force"].value == 14
    result = lint.lint_workbook(path)
    rules = _rules(result)
    assert rules["column_total"] is rules["result_total"] is rules["balance"] is True  # table 三 adds up
    assert rules["cases_total"] is False
    assert [(p.table, p.row, p.column, p.cell) for p in result.errors] == [
        ("四", "行政诉讼/未经复议直接起诉", "总计", "“年报”J48")]
    assert "总计0不等于" in result.errors[0].message and "之和3" in result.errors[0].message

"""Reading workbooks to plain records: the samples exactly, header detection, refusals naming every cell."""

from __future__ import annotations

import datetime as dt
import shutil

import openpyxl
import pytest

from app.errors import ValidationError
from app.excel.mapping import Mapping
from app.excel.parse import detect_mapping, parse_workbook, preview
from tests.helpers.excel import carried_fields, cells, expected_2025


def test_register_2025_parses_exactly_as_the_sample_records(samples_dir):
    result = parse_workbook(samples_dir / "register-2025.xlsx", "register")
    assert result.errors == []
    parsed = {r["serial"]: r for r in result.records()}
    expected = expected_2025(samples_dir)
    assert set(parsed) == set(expected)
    for serial, record in expected.items():
        got = parsed[serial]
        assert carried_fields(got) == carried_fields(record), serial
        assert got["notes"] is None
        assert "address" not in got["applicant"]  # not in the sheet: absent, not blank
    assert result.skipped_rows == 2  # the empty row and the 合计 row


def test_register_ids_are_stable_across_reads(samples_dir):
    first = [r["id"] for r in parse_workbook(samples_dir / "register-2025.xlsx", "register").records()]
    second = [r["id"] for r in parse_workbook(samples_dir / "register-2025.xlsx", "register").records()]
    assert first == second and len(set(first)) == len(first)


def test_catalogue_sample_parses_every_row_as_in_the_sheet(samples_dir):
    path = samples_dir / "catalogue-sample.xlsx"
    result = parse_workbook(path, "catalogue")
    assert result.errors == []
    sheet = cells(path)
    data = sheet[2:]
    records = result.records()
    assert len(records) == len(data) == 3000
    validity = {None: None, "有效": "valid", "失效": "expired", "废止": "repealed", "修订": "amended"}
    mode = {"主动公开": "proactive", "依申请公开": "on_request"}
    for row, rec in zip(data, records):
        assert rec["index_number"] == row[0] and rec["title"] == row[1] and rec["publisher"] == row[2]
        assert rec["written_on"] == row[3].date().isoformat()
        y, m, d = row[4].split(".")
        assert rec["published_on"] == dt.date(int(y), int(m), int(d)).isoformat()
        assert rec["doc_number"] == row[5] and rec["category"] == row[7]
        assert rec["validity"] == validity[row[8]] and rec["disclosure_mode"] == mode[row[6]]


def test_header_found_below_title_rows_and_sheet_without_header_ignored(samples_dir):
    mapping = detect_mapping(samples_dir / "register-2025.xlsx", "register")
    assert [s.sheet for s in mapping.sheets] == ["2025年"]  # 填表说明 is not a data sheet
    sheet = mapping.sheets[0]
    assert sheet.header_row == 3
    assert sheet.columns[0] is None and sheet.columns[1] == "serial" and sheet.columns[9] == "outcome"


def _write(path, rows, title="台账"):
    wb = openpyxl.Workbook()
    ws = wb.active
    ws.title = title
    for row in rows:
        ws.append(row)
    wb.save(path)
    return path


def test_header_words_in_their_common_variants(tmp_path):
    path = _write(tmp_path / "v.xlsx", [
        ["某某镇依申请公开登记表"], [],
        ["编号", "申请人姓名/名称", "申请人类别", "身份证号码", "手机号码", "申请渠道", "受理日期（年月日）",
         "所需信息内容描述", "处理结果", "办结日期", "说明"],
        ["Z-1", "张三", "公民", "330106195205184353", "13800000000", "网上", "2025年3月5日", "某文件", "予以公开",
         20250320, None],
        ["合 计", "1件"],
        ["填表人：李四"],
    ])
    result = parse_workbook(path, "register")
    assert result.errors == []
    (record,) = result.records()
    assert record["applicant"] == {"name": "张三", "kind": "natural_person", "id_number": "330106195205184353",
                                   "phone": "13800000000"}
    assert (record["channel"], record["received_on"], record["replied_on"], record["outcome"]) == (
        "online", "2025-03-05", "2025-03-20", "granted")


def _corrupt(samples_dir, tmp_path):
    """A copy of the register sample with an impossible date, an unknown outcome and text in a date column."""
    path = tmp_path / "bad.xlsx"
    shutil.copy(samples_dir / "register-2025.xlsx", path)
    wb = openpyxl.load_workbook(path)
    ws = wb["2025年"]
    ws["H5"] = "2025-02-30"
    ws["J10"] = "看情况办"
    ws["K12"] = "尽快答复"
    wb.save(path)
    return path


def test_corrupted_copy_is_refused_with_every_bad_cell_named(samples_dir, tmp_path):
    path = _corrupt(samples_dir, tmp_path)
    result = parse_workbook(path, "register")
    assert [(e.row, e.column_letter) for e in result.errors] == [(5, "H"), (10, "J"), (12, "K")]
    with pytest.raises(ValidationError) as info:
        result.raise_if_errors()
    assert "3处" in str(info.value) and "未导入" in str(info.value)
    details = info.value.details
    assert details[0] == "工作表「2025年」第5行H列（收到申请日期）：“2025-02-30”不是有效日期：2025年2月没有30日"
    assert details[1].startswith("工作表「2025年」第10行J列（办理结果）：“看情况办”无法识别的办理结果")
    assert "第12行K列（答复日期）：“尽快答复”不是有效日期，请写成2026-03-09" in details[2]


def test_clerk_maps_and_skips_bad_cells_explicitly(samples_dir, tmp_path):
    path = _corrupt(samples_dir, tmp_path)
    mapping = detect_mapping(path, "register")
    mapping.map_value("received_on", "2025-02-30", dt.date(2025, 2, 28))
    mapping.map_value("outcome", "看情况办", "granted")
    mapping.skip_cell("2025年", 12, 10)
    mapping = Mapping.from_json(mapping.to_json())  # the CLI passes it as a file
    result = parse_workbook(path, "register", mapping)
    assert result.errors == []
    rows = {r.row: r.values for r in result.rows}
    assert rows[5]["received_on"] == dt.date(2025, 2, 28)
    assert rows[10]["outcome"] == "granted"
    assert rows[12]["replied_on"] is None


def test_skipped_row_is_left_out(samples_dir, tmp_path):
    path = _corrupt(samples_dir, tmp_path)
    mapping = detect_mapping(path, "register")
    for row in (5, 10, 12):
        mapping.skip_row("2025年", row)
    result = parse_workbook(path, "register", mapping)
    assert result.errors == [] and len(result.rows) == 179


def test_missing_required_column_and_duplicates_and_reply_before_receipt(tmp_path):
    path = _write(tmp_path / "m.xlsx", [
        ["申请编号", "申请人", "申请人类型", "收到日期", "申请内容", "答复日期"],
        ["A1", "张三", "自然人", "2025-03-05", "x", "2025-03-01"],
        ["A1", "李四", "自然人", "2025-03-05", "y", None],
    ])
    messages = parse_workbook(path, "register").error_lines()
    assert any("缺少必需的列：申请方式" in m for m in messages)
    assert any("第2行F列（答复日期）" in m and "早于收到申请日期" in m for m in messages)
    assert any("第3行A列（申请编号）：“A1”与工作表「台账」第2行重复" in m for m in messages)
    mapping = detect_mapping(path, "register")
    mapping.defaults["channel"] = "in_person"
    assert all("申请方式" not in m for m in parse_workbook(path, "register", mapping).error_lines())


def test_changed_column_mapping_is_used(tmp_path):
    path = _write(tmp_path / "c.xlsx", [
        ["申请人", "类型", "日期一", "申请方式", "申请内容"],
        ["张三", "自然人", "2025-03-05", "当面", "x"],
    ])
    mapping = detect_mapping(path, "register")
    assert mapping.sheets[0].columns[2] is None
    mapping.set_column("台账", 2, "received_on")
    (record,) = parse_workbook(path, "register", mapping).records()
    assert record["received_on"] == "2025-03-05"


def test_not_a_workbook_or_wrong_kind(tmp_path, samples_dir):
    fake = tmp_path / "x.xlsx"
    fake.write_text("not a zip", encoding="utf-8")
    with pytest.raises(ValidationError, match="不是有效的.xlsx"):
        parse_workbook(fake, "register")
    old = tmp_path / "old.xls"
    old.write_bytes(b"\xd0\xcf\x11\xe0")
    with pytest.raises(ValidationError, match="另存为"):
        parse_workbook(old, "register")
    with pytest.raises(ValidationError, match="没有找到政务公开负面清单的表头"):
        parse_workbook(samples_dir / "register-2025.xlsx", "negative_list")
    with pytest.raises(ValidationError, match="不支持的表格类型"):
        parse_workbook(samples_dir / "register-2025.xlsx", "letters")


def test_preview_shows_first_data_rows(samples_dir):
    shown = preview(samples_dir / "register-2025.xlsx", "register", limit=5)
    rows = shown.rows["2025年"]
    assert [n for n, _ in rows] == [4, 5, 6, 7, 8]
    assert rows[0][1][1] == "GK-2025-00001"

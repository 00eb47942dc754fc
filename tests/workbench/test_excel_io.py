"""Workbooks in and out through the area services: exact import, re-import, refusal, export."""

from __future__ import annotations

import datetime as dt
import json
import shutil

import openpyxl
import pytest
from sqlalchemy import func, select

from app.errors import ValidationError
from app.workbench import spreadsheets as excel_io
from tests.helpers.excel import carried_fields, cells, expected_2025


def _stored(db) -> dict[str, dict]:
    from app import register

    with db.read_session() as s:
        return {r["serial"]: r for r in register.export_records(s)}


def _count(db) -> int:
    from app.storage.models.register import Application

    with db.read_session() as s:
        return s.execute(select(func.count()).select_from(Application)).scalar_one()


def test_register_workbook_imports_exactly_and_reimport_never_duplicates(db, samples_dir):
    path = samples_dir / "register-2025.xlsx"
    with db.session() as s:
        first = excel_io.import_workbook(s, path, "register")
    assert (first.rows, first.result.created, first.result.updated) == (182, 182, 0)
    stored = _stored(db)
    expected = expected_2025(samples_dir)
    assert set(stored) == set(expected)
    for serial, record in expected.items():
        assert carried_fields(stored[serial]) == carried_fields(record), serial
    with db.session() as s:
        again = excel_io.import_workbook(s, path, "register")
    assert (again.result.created, again.result.updated, again.result.unchanged) == (0, 0, 182)
    assert _count(db) == 182


def test_workbook_over_jsonl_keeps_fields_the_sheet_lacks(db, samples_dir):
    from app import register

    lines = (samples_dir / "register-sample.jsonl").read_text(encoding="utf-8").splitlines()
    with db.session() as s:
        register.import_records(s, [json.loads(line) for line in lines])
    before = _stored(db)
    with db.session() as s:
        result = excel_io.import_workbook(s, samples_dir / "register-2025.xlsx", "register")
    assert result.result.created == 0
    assert _count(db) == 400
    after = _stored(db)
    for serial in expected_2025(samples_dir):
        assert after[serial] == before[serial], serial  # same data, address and 补正 kept


def test_corrupted_copy_is_refused_and_nothing_changes(db, samples_dir, tmp_path):
    path = tmp_path / "bad.xlsx"
    shutil.copy(samples_dir / "register-2025.xlsx", path)
    wb = openpyxl.load_workbook(path)
    ws = wb["2025年"]
    ws["H5"], ws["J10"], ws["K12"] = "2025-02-30", "看情况办", "尽快答复"
    wb.save(path)
    with pytest.raises(ValidationError) as info, db.session() as s:
        excel_io.import_workbook(s, path, "register")
    assert len(info.value.details) == 3
    assert all("2025年" in d for d in info.value.details)
    assert _count(db) == 0


def test_register_export_is_a_finished_workbook_with_masking(db, samples_dir, tmp_path):
    with db.session() as s:
        excel_io.import_workbook(s, samples_dir / "register-2025.xlsx", "register")
    out = tmp_path / "out.xlsx"
    with db.read_session() as s:
        result = excel_io.export_workbook(s, "register", out, {"year": 2025})
    assert result.rows == 182
    wb = openpyxl.load_workbook(out)
    ws = wb.worksheets[0]
    assert ws["A1"].value == "测试县人民政府办公室2025年政府信息公开申请登记台账"
    assert ws["A2"].value.startswith("填报单位：测试县人民政府办公室")
    headers = [c.value for c in ws[3]]
    assert headers[:4] == ["序号", "申请编号", "申请人", "申请人类型"]
    last = ws.cell(3, len(headers)).column_letter
    assert [str(r) for r in ws.merged_cells.ranges] == [f"A1:{last}1"]
    assert ws.freeze_panes == "A4" and ws.auto_filter.ref == f"A3:{ws.cell(3, len(headers)).column_letter}185"
    rows = {r[1]: dict(zip(headers, r)) for r in ws.iter_rows(min_row=4, values_only=True)}
    first = rows["GK-2025-00001"]
    assert first["收到申请日期"] == dt.datetime(2025, 11, 25) and first["答复日期"] == dt.datetime(2025, 12, 17)
    assert ws.cell(4, headers.index("收到申请日期") + 1).number_format == "yyyy-mm-dd"
    assert first["证件号码"] == "3307**********7009" and first["联系电话"] == "190****0984"
    assert first["申请人类型"] == "自然人" and first["办理结果"] == "非本机关负责公开"
    assert rows["GK-2025-00003"]["证件号码"] == "9133021205FMTD2XD1"  # an organisation's code is public
    wb.close()


def test_full_export_reimports_to_the_same_records(db, samples_dir, tmp_path, db_url):
    with db.session() as s:
        excel_io.import_workbook(s, samples_dir / "register-2025.xlsx", "register")
    out = tmp_path / "full.xlsx"
    with db.read_session() as s:
        excel_io.export_workbook(s, "register", out, {"full": True})
    parsed = excel_io.parse_workbook(out, "register")
    assert parsed.errors == []
    stored = _stored(db)
    for record in parsed.records():
        assert carried_fields(record) == carried_fields(stored[record["serial"]])


def test_export_escapes_formula_injection(db, tmp_path):
    from app import register

    with db.session() as s:
        register.import_records(s, [{
            "serial": "GK-2025-09999", "received_on": "2025-03-05", "channel": "online",
            "applicant": {"kind": "natural_person", "name": "=HYPERLINK(\"http://x\",\"点我\")"},
            "content": "+1-2", "outcome": None, "replied_on": None}])
    out = tmp_path / "inj.xlsx"
    with db.read_session() as s:
        excel_io.export_workbook(s, "register", out)
    data = cells(out)
    row = dict(zip(data[2], data[3]))
    assert row["申请人"] == "'=HYPERLINK(\"http://x\",\"点我\")" and row["申请内容"] == "'+1-2"
    wb = openpyxl.load_workbook(out)
    assert wb.worksheets[0]["C4"].data_type == "s"
    wb.close()


def test_register_export_carries_the_clock_in_received_order(db, tmp_path):
    from app import register
    from app.register.clock_view import clock_rows
    from app.storage.models.register import Application

    today = dt.date.today()
    received = [today - dt.timedelta(days=d) for d in (3, 40, 10)]  # imported out of order
    with db.session() as s:
        register.import_records(s, [{
            "serial": f"GK-{today.year}-0990{i}", "received_on": day.isoformat(), "channel": "online",
            "applicant": {"kind": "natural_person", "name": f"申请人{i}"}, "content": f"内容{i}",
            "outcome": None, "replied_on": None} for i, day in enumerate(received)])
    out = tmp_path / "clock.xlsx"
    with db.read_session() as s:
        excel_io.export_workbook(s, "register", out)
        ids = {serial: id_ for serial, id_ in s.execute(select(Application.serial, Application.id))}
        clock = clock_rows(s, list(ids.values()), today=today)
    data = cells(out)
    headers = data[2]
    assert headers[-3:] == ["答复期限", "办理状态", "剩余工作日"]
    rows = [dict(zip(headers, r)) for r in data[3:]]
    assert [r["申请编号"] for r in rows] == [f"GK-{today.year}-09901", f"GK-{today.year}-09902",
                                         f"GK-{today.year}-09900"]  # received order
    for r in rows:
        c = clock[ids[r["申请编号"]]]
        assert r["答复期限"] == c["due_text"] and r["答复期限"]
        assert r["办理状态"] == c["status_text"]
        assert str(r["剩余工作日"]) == c["days_left_text"]
    assert rows[0]["剩余工作日"].startswith("逾期")  # received 40 days ago, still open

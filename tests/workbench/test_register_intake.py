"""Register workbooks in real layouts imported exactly with no mapping file; the preview refuses what the
import refuses; an issued year refuses the workbook; the clerk's value choices are remembered."""

from __future__ import annotations

import openpyxl
import pytest

from app import register, reports
from app.core.profile import own_office_id
from app.errors import ConflictError, ValidationError
from app.excel.mapping import Mapping
from app.reports.issued import LockedFiguresChanged
from app.workbench import spreadsheets as excel_io
from tests.helpers.register_layouts import (
    ONE_ROW_RECORDS,
    TWO_ROW_DATA,
    comparable,
    one_row_workbook,
    two_row_workbook,
    understate_dimension,
)


def _stored(db) -> dict[str, dict]:
    with db.read_session() as s:
        return {r["serial"]: comparable(r) for r in register.export_records(s)}


def test_two_row_layout_with_a_lying_dimension_imports_exactly(db, tmp_path):
    path = understate_dimension(two_row_workbook(tmp_path / "two.xlsx"), "A1:H5")
    with db.session() as s:
        done = excel_io.import_workbook(s, path, "register")
    assert (done.rows, done.result.created) == (len(TWO_ROW_DATA), len(TWO_ROW_DATA))
    assert f"读取{len(TWO_ROW_DATA)}行" in done.summary()
    assert _stored(db) == {expected["serial"]: expected for _, expected in TWO_ROW_DATA}
    with db.session() as s:  # the same workbook again changes nothing
        again = excel_io.import_workbook(s, path, "register")
    assert (again.result.created, again.result.updated, again.result.unchanged) == (0, 0, len(TWO_ROW_DATA))


def test_one_row_layout_imports_exactly(db, tmp_path):
    with db.session() as s:
        excel_io.import_workbook(s, one_row_workbook(tmp_path / "one.xlsx"), "register")
    assert _stored(db) == {r["serial"]: r for r in ONE_ROW_RECORDS}


def _with_cell(rows, index: int, column: int, value):
    changed = [(list(cells), expected) for cells, expected in rows]
    changed[index][0][column] = value
    return changed


def test_the_preview_refuses_what_the_import_refuses(db, tmp_path):
    # A passport number given as a 居民身份证, and a 15-digit number with an impossible birth date.
    rows = _with_cell(_with_cell(TWO_ROW_DATA, 1, 5, "居民身份证"), 5, 6, "330106521318435")
    path = two_row_workbook(tmp_path / "bad.xlsx", rows)
    with db.read_session() as s:
        checked = excel_io.check_workbook(s, path, "register")
    assert [(e.row, e.column_letter) for e in checked.errors] == [(5, "G"), (9, "G")]
    assert "居民身份证" in checked.errors[0].message() and "出生日期" in checked.errors[1].message()
    with db.session() as s, pytest.raises(ValidationError) as refused:
        excel_io.import_workbook(s, path, "register")
    assert refused.value.details == [e.message() for e in checked.errors]
    assert _stored(db) == {}


def _lock_2025(db) -> None:
    with db.session(operator="李四") as s:
        reports.lock_year(s, own_office_id(s), 2025)


def test_an_issued_year_refuses_the_workbook_naming_each_record(db, tmp_path):
    path = two_row_workbook(tmp_path / "two.xlsx")
    with db.session() as s:
        excel_io.import_workbook(s, path, "register")
    _lock_2025(db)
    with db.session() as s:  # an identical workbook changes no figure: accepted
        assert excel_io.import_workbook(s, path, "register").result.unchanged == len(TWO_ROW_DATA)
    changed = _with_cell(TWO_ROW_DATA, 2, 10, "予以公开")  # row 6: a different outcome
    changed.append((["9", "LA-2025-009", "2025-11-03", "新申请人", "自然人", None, None, "当面",
                     "申请公开某文件", None, None, None, None, None], {}))
    path = two_row_workbook(tmp_path / "changed.xlsx", changed)
    with db.read_session() as s:
        preview = excel_io.check_workbook(s, path, "register")
    assert [e.row for e in preview.errors] == [6, 12]
    assert all("2025年度报告已发布" in e.message() for e in preview.errors)
    assert "LA-2025-003" in preview.errors[0].message() and "LA-2025-009" in preview.errors[1].message()
    with db.session() as s, pytest.raises(ValidationError):
        excel_io.import_workbook(s, path, "register")
    with db.session() as s:
        reports.unlock_year(s, own_office_id(s), 2025, "补录遗漏的申请")
    with db.session() as s:
        done = excel_io.import_workbook(s, path, "register")
    assert (done.result.created, done.result.updated) == (1, 1)


def test_an_issued_year_refuses_a_ledger_workbook(db, tmp_path):
    path = tmp_path / "ledger.xlsx"
    wb = openpyxl.Workbook()
    wb.active.append(["类型", "日期", "标题（内容）", "发布渠道", "数量（条）"])
    wb.active.append(["主动公开", "2025-05-06", "某镇财政预算", "政府网站", 3])
    wb.save(path)
    _lock_2025(db)
    with db.session() as s, pytest.raises(LockedFiguresChanged) as refused:
        excel_io.import_workbook(s, path, "ledger_activities")
    assert "2025年度报告已发布" in refused.value.message
    assert any("第2行" in line for line in refused.value.details)
    assert isinstance(refused.value, ConflictError)


def test_value_choices_are_remembered_for_the_next_import(db, tmp_path):
    rows = _with_cell(TWO_ROW_DATA, 0, 10, "转办")  # an office's own word
    path = two_row_workbook(tmp_path / "own-words.xlsx", rows)
    with db.read_session() as s:
        assert [e.row for e in excel_io.check_workbook(s, path, "register").errors] == [4]
        mapping = excel_io.detect(s, path, "register")
    mapping.map_value("outcome", "转办", "unavailable_not_competent")
    with db.session() as s:
        excel_io.import_workbook(s, path, "register", mapping)
    with db.read_session() as s:
        again = excel_io.detect(s, path, "register")
        assert again.value_overrides["outcome"]["转办"] == "unavailable_not_competent"
        assert excel_io.check_workbook(s, path, "register").errors == []
    assert isinstance(again, Mapping)

"""The 工作台账活动记录 workbook kind: a clerk's sheet of activities imported, re-imported and exported."""

from __future__ import annotations

import datetime as dt

import openpyxl
import pytest

from app import ledger
from app.errors import ValidationError
from app.workbench import spreadsheets as excel_io
from tests.helpers.excel import cells

HEADERS = ["序号", "活动类型", "日期", "标题", "渠道", "数量", "参训人数", "解读文件", "文件公开日期", "备注"]
ROWS = [
    [1, "主动公开", "2025年3月5日", "财政预算公开", "政府网站", 12, None, None, None, "一季度"],
    [2, "培训", dt.datetime(2025, 4, 10), "政务公开业务培训", None, 1, 45, None, None, None],
    [3, "政策解读", "2025-05-08", None, "微信公众号", None, None, "关于加强耕地保护的通知", "2025/05/06", None],
    [4, "舆情回应", "2025.6.1", "回应群众关切的供暖问题", None, "1", None, None, None, None],
]


def _workbook(path, rows) -> None:
    wb = openpyxl.Workbook()
    ws = wb.active
    ws.title = "活动记录"
    ws.append(["2025年政务公开活动记录"])
    ws.append(HEADERS)
    for row in rows:
        ws.append(row)
    wb.save(path)


def _activities(db) -> list:
    with db.read_session() as s:
        return sorted(ledger.list_activities(s, year=None), key=lambda a: a.occurred_on or dt.date.min)


def test_import_activities_then_reimport_changes_nothing(db, tmp_path):
    path = tmp_path / "activities.xlsx"
    _workbook(path, ROWS)
    with db.session() as s:
        result = excel_io.import_workbook(s, path, "ledger-activities")
    assert (result.kind, result.rows, result.result.created) == ("ledger_activities", 4, 4)
    assert "工作台账活动记录" in result.summary()
    got = _activities(db)
    assert [(a.kind, a.occurred_on, a.channel, a.quantity) for a in got] == [
        ("publication", dt.date(2025, 3, 5), "website", 12),
        ("training", dt.date(2025, 4, 10), None, 1),
        ("interpretation", dt.date(2025, 5, 8), "wechat", 1),
        ("response", dt.date(2025, 6, 1), None, 1),
    ]
    assert got[0].title == "财政预算公开" and got[0].notes == "一季度"
    assert got[1].participants == 45
    assert got[2].document_title == "关于加强耕地保护的通知" and got[2].document_published_on == dt.date(2025, 5, 6)
    assert "关于加强耕地保护的通知" in got[2].title  # the service names an untitled 解读 after its document

    with db.session() as s:
        again = excel_io.import_workbook(s, path, "ledger-activities")
    assert (again.result.created, again.result.updated, again.result.unchanged) == (0, 0, 4)
    assert len(_activities(db)) == 4


def test_a_bad_cell_refuses_the_whole_sheet(db, tmp_path):
    path = tmp_path / "bad.xlsx"
    _workbook(path, ROWS[:2] + [[3, "看电影", "2025-07-01", "观影", None, 1, None, None, None, None]])
    with pytest.raises(ValidationError) as err, db.session() as s:
        excel_io.import_workbook(s, path, "ledger-activities")
    assert any("活动类型" in d and "看电影" in d for d in err.value.details), err.value.details
    assert _activities(db) == []


def test_tasks_kind_still_imports_only_tasks(db, tmp_path):
    path = tmp_path / "activities.xlsx"
    _workbook(path, ROWS)
    with db.session() as s:
        excel_io.import_workbook(s, path, "ledger-activities")
        ledger.add_task(s, {"source_document": "要点", "requirement": "更新公开指南", "due_on": dt.date(2025, 9, 1)})
    out = tmp_path / "tasks.xlsx"
    with db.read_session() as s:
        assert excel_io.export_workbook(s, "ledger", out).rows == 1


def test_export_activities_of_a_year_and_import_the_export_back(db, tmp_path):
    path = tmp_path / "activities.xlsx"
    _workbook(path, ROWS)
    with db.session() as s:
        excel_io.import_workbook(s, path, "ledger-activities")
        ledger.add_activity(s, {"kind": "training", "occurred_on": dt.date(2024, 11, 1), "title": "去年的培训",
                                "participants": 20})
    out = tmp_path / "export.xlsx"
    with db.read_session() as s:
        exported = excel_io.export_workbook(s, "ledger-activities", out, {"year": 2025})
    assert exported.rows == 4
    rows = cells(out)
    header = next(r for r in rows if r and r[0] == "序号")
    kinds = [r[header.index("类型")] for r in rows[rows.index(header) + 1:] if r and isinstance(r[0], int)]
    assert sorted(kinds) == sorted(["主动公开", "培训", "政策解读", "回应关切"])
    with db.session() as s:
        back = excel_io.import_workbook(s, out, "ledger-activities")
    assert (back.result.created, back.result.unchanged) == (0, 4)
    assert len(_activities(db)) == 5


def test_cli_imports_the_activities_kind(db, tmp_path, capsys):
    from app.cli.main import main

    path = tmp_path / "activities.xlsx"
    _workbook(path, ROWS)
    assert main(["--db", db.target, "excel", "import", str(path), "--kind", "ledger-activities"]) == 0
    assert "工作台账活动记录" in capsys.readouterr().out
    assert len(_activities(db)) == 4

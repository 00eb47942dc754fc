"""Every area asks app.core.profile for the own office: one error, one message, before the profile exists."""

from __future__ import annotations

import datetime as dt

import pytest

from app.core import profile
from app.core.profile import OwnOfficeMissing

MESSAGE = "尚未设置本机关信息，请先在“设置”中填写本机关名称和统一社会信用代码（或运行 gongkai init）。"


def _entry_points(tmp_path):
    from app import catalogue, ledger, negative_list, register, reports
    from app.workbench import spreadsheets

    task = {"source_document": "测试文件", "requirement": "测试要求", "responsible_unit": "办公室",
            "cadence": "once", "due_on": "2026-03-09"}
    return {
        "profile.own_office_row": profile.own_office_row,
        "profile.own_office_id": profile.own_office_id,
        "profile.get_own_office": profile.get_own_office,
        "register.import_records": lambda s: register.import_records(s, []),
        "negative_list.import_rows": lambda s: negative_list.import_rows(s, []),
        "ledger.add_task": lambda s: ledger.add_task(s, task, today=dt.date(2026, 3, 2)),
        "reports.own_office": reports.own_office,
        "catalogue.preview_index_number": catalogue.preview_index_number,
        "catalogue.import_rows": lambda s: catalogue.import_rows(s, []),
        "spreadsheets.export_workbook": lambda s: spreadsheets.export_workbook(s, "register", tmp_path / "x.xlsx"),
    }


NAMES = ["profile.own_office_row", "profile.own_office_id", "profile.get_own_office",
         "register.import_records", "negative_list.import_rows", "ledger.add_task",
         "reports.own_office", "catalogue.preview_index_number", "catalogue.import_rows",
         "spreadsheets.export_workbook"]


@pytest.mark.parametrize("name", NAMES)
def test_entry_points_without_a_profile_raise_the_one_error(empty_db, tmp_path, name):
    call = _entry_points(tmp_path)[name]
    with empty_db.session() as s:
        with pytest.raises(OwnOfficeMissing) as err:
            call(s)
    assert str(err.value) == MESSAGE


def test_dashboards_show_nothing_for_the_areas_without_a_profile(empty_db):
    from app.ledger.dashboard import sections as ledger_sections
    from app.negative_list.dashboard import sections as negative_list_sections

    with empty_db.read_session() as s:
        assert ledger_sections(s, dt.date(2026, 3, 2)) == []
        assert negative_list_sections(s, dt.date(2026, 3, 2)) == []

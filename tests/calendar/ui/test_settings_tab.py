"""The 工作日历 settings tab: shows a year, edits overrides through the service, reports provisional years."""

from __future__ import annotations

import datetime as dt

import pytest

pytest.importorskip("PySide6")

from PySide6.QtCore import QDate

from app import calendar as calendar_service


@pytest.fixture
def tab(qtbot, cal_db):
    from ui.calendar.settings_tab import CalendarSettingsTab
    from ui.context import UiContext
    from ui.main import make_application

    make_application()
    ctx = UiContext(cal_db, "测试员")
    widget = CalendarSettingsTab(ctx)
    qtbot.addWidget(widget)
    widget.show()
    yield widget
    ctx.jobs.wait(10_000)


def _rows(tab):
    return [[tab.table.item(r, c).text() for c in range(tab.table.columnCount())] for r in range(tab.table.rowCount())]


def test_official_year_lists_holidays_and_make_up_days(tab):
    tab.year.setValue(2025)
    rows = _rows(tab)
    assert ["2025-09-28", "星期日", "调休上班", "国庆节", "官方"] in rows
    assert any(r[0] == "2025-10-01" and r[2] == "节假日" for r in rows)
    assert "正式安排" in tab.status.text() and not tab.official.isEnabled()


def test_provisional_year_is_marked(tab):
    tab.year.setValue(2027)
    assert "暂定" in tab.status.text()
    assert tab.official.isEnabled() and not tab.official.isChecked()
    rows = _rows(tab)
    assert ["2027-02-06", "星期六", "节假日", "春节", "推算（暂定）"] in rows


def test_setting_an_override_is_stored_and_shown(tab, qtbot, cal_db):
    moved_signals = []
    tab.changes_applied.connect(moved_signals.append)
    tab.year.setValue(2025)
    tab.month.setSelectedDate(QDate(2025, 10, 13))
    tab.as_holiday.setChecked(True)
    tab.note.setText("三月三（本地）")
    tab.save_button.click()
    qtbot.waitUntil(lambda: bool(moved_signals), timeout=10_000)
    with cal_db.read_session() as s:
        stored = calendar_service.list_overrides(s, 2025)
    assert [(o.date, o.is_workday, o.note) for o in stored] == [(dt.date(2025, 10, 13), False, "三月三（本地）")]
    assert ["2025-10-13", "星期一", "本地设定：放假", "三月三（本地）", "本地设定"] in _rows(tab)
    assert tab.result.text().startswith("已将2025年10月13日设为放假。")
    assert tab.delete_button.isEnabled()

    moved_signals.clear()
    tab.delete_button.click()
    qtbot.waitUntil(lambda: bool(moved_signals), timeout=10_000)
    with cal_db.read_session() as s:
        assert calendar_service.list_overrides(s, 2025) == []


def test_marking_a_year_official(tab, qtbot, cal_db):
    done = []
    tab.changes_applied.connect(done.append)
    tab.year.setValue(2027)
    tab.official.setChecked(True)
    qtbot.waitUntil(lambda: bool(done), timeout=10_000)
    with cal_db.read_session() as s:
        assert calendar_service.official_years(s) == [2027]
    assert "本地录入的正式安排" in tab.status.text()


def test_import_file(tab, qtbot, cal_db, tmp_path):
    done = []
    tab.changes_applied.connect(done.append)
    f = tmp_path / "c.csv"
    f.write_text("2027-02-10,放假,春节延长\n", encoding="utf-8")
    tab.import_path(str(f))
    qtbot.waitUntil(lambda: bool(done), timeout=10_000)
    assert "新增1条" in tab.result.text()
    with cal_db.read_session() as s:
        assert not calendar_service.load_calendar(s).is_workday(dt.date(2027, 2, 10))


def test_switching_the_year_moves_the_local_setting_to_that_year(tab):
    tab.year.setValue(2025)
    tab.month.setSelectedDate(QDate(2025, 10, 1))
    assert tab.selected_date() == dt.date(2025, 10, 1)
    tab.year.setValue(2026)
    assert tab.selected_date() == dt.date(2026, 10, 1)
    assert "2026年10月1日" in tab.selected_label.text()
    tab.month.setSelectedDate(QDate(2028, 2, 29))  # a leap day: the page (and the year) follows
    tab.year.setValue(2027)
    assert tab.selected_date() == dt.date(2027, 2, 28)

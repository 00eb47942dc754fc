"""The 年度报告 screen: compute off the UI thread, drill down, save text, issue with confirmation."""

from __future__ import annotations

import pytest
from PySide6.QtWidgets import QMessageBox

from app.services import reports
from tests.reports.reports_support import expected_numbers, load_sample_into


@pytest.fixture
def screen(qtbot, db):
    from ui.context import UiContext
    from ui.screens.reports import ReportsScreen

    load_sample_into(db)
    ctx = UiContext(db, "测试员")
    widget = ReportsScreen(ctx)
    qtbot.addWidget(widget)
    widget.refresh()
    widget.year.setValue(2025)
    widget.compute()
    qtbot.waitUntil(lambda: widget.data is not None, timeout=15000)
    return widget


def test_tables_and_checks_shown(screen):
    expected = expected_numbers()["2025"]
    assert screen.applications.item(0, 6).text() == str(expected["new"][-1])
    assert screen.applications.item(24, 0).text() == str(expected["carried_out"][0])
    assert screen.checks.rowCount() == 5
    assert "校验全部通过" in screen.status.text()


def test_drill_down_lists_the_applications(screen):
    dialog = screen.drill_down(2, 6)  # result.granted, 总计
    assert dialog.table.rowCount() == expected_numbers()["2025"]["result.granted"][-1]
    dialog.close()


def test_edit_text_and_issue(screen, qtbot, monkeypatch):
    screen.texts["problems"].setPlainText("专职人员不足。")
    screen.save_texts()
    monkeypatch.setattr(QMessageBox, "question", lambda *a, **k: QMessageBox.StandardButton.Yes)
    screen.issue()
    qtbot.waitUntil(lambda: "已发布" in screen.status.text(), timeout=15000)
    assert not screen.issue_button.isEnabled() and screen.texts["problems"].isReadOnly()
    with screen.ctx.read_session() as s:
        info = reports.get_report(s, reports.own_office(s).id, 2025)
    assert info.status == "issued" and info.problems == "专职人员不足。"

"""The 年度报告 screen: compute off the UI thread, drill down, save text, issue with confirmation."""

from __future__ import annotations

import pytest
from PySide6.QtWidgets import QMessageBox

from app import reports
from tests.helpers.reports import expected_numbers, load_sample_into


@pytest.fixture
def screen(qtbot, db):
    from ui.context import UiContext
    from ui.reports.screen import ReportsScreen

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
    assert screen.checks.rowCount() == 6 + 2  # six checks, the warnings of the empty tables 二 and 四
    verdicts = [screen.checks.item(r, 1).text() for r in range(screen.checks.rowCount())]
    assert verdicts == ["通过", "通过", "通过", "未核对", "未核对", "通过", "请确认", "请确认"]
    assert "未发现错误" in screen.status.text() and "2项未核对" in screen.status.text()


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


def test_unlock_an_issued_year_asks_the_reason_and_shows_the_lock_state(screen, qtbot, monkeypatch):
    from PySide6.QtCore import Qt
    from PySide6.QtWidgets import QInputDialog
    from sqlalchemy import select

    from app.storage.models.reports import ReportLock

    errors = []
    monkeypatch.setattr(screen.ctx, "show_error", lambda exc, tb=None: errors.append(exc))
    assert screen.unlock_button.isHidden() and screen.lock_button.isHidden()  # a draft year has no lock
    monkeypatch.setattr(QMessageBox, "question", lambda *a, **k: QMessageBox.StandardButton.Yes)
    screen.issue()
    qtbot.waitUntil(lambda: "已锁定" in screen.lock_state.text(), timeout=15000)
    assert not screen.unlock_button.isHidden() and screen.lock_button.isHidden()

    # no reason: refused with the service's message, still locked
    monkeypatch.setattr(QInputDialog, "getMultiLineText", lambda *a, **k: ("  ", True))
    qtbot.mouseClick(screen.unlock_button, Qt.MouseButton.LeftButton)
    assert errors and "理由" in str(errors[-1])
    with screen.ctx.read_session() as s:
        office_id = reports.own_office(s).id
        assert reports.is_year_locked(s, office_id, 2025)
    # cancelled: nothing happens
    monkeypatch.setattr(QInputDialog, "getMultiLineText", lambda *a, **k: ("更正", False))
    assert screen.unlock() is False

    monkeypatch.setattr(QInputDialog, "getMultiLineText", lambda *a, **k: ("更正一件申请的收到日期", True))
    qtbot.mouseClick(screen.unlock_button, Qt.MouseButton.LeftButton)
    qtbot.waitUntil(lambda: "已解锁" in screen.lock_state.text(), timeout=15000)
    assert screen.unlock_button.isHidden() and not screen.lock_button.isHidden()
    with screen.ctx.read_session() as s:
        assert not reports.is_year_locked(s, office_id, 2025)
        lock = s.scalars(select(ReportLock).where(ReportLock.office_id == office_id, ReportLock.year == 2025)).one()
        assert lock.reason == "更正一件申请的收到日期" and lock.changed_by == "测试员"
        assert reports.get_report(s, office_id, 2025).status == "issued"  # the report stays issued

    qtbot.mouseClick(screen.lock_button, Qt.MouseButton.LeftButton)
    qtbot.waitUntil(lambda: "已锁定" in screen.lock_state.text(), timeout=15000)
    with screen.ctx.read_session() as s:
        assert reports.is_year_locked(s, office_id, 2025)

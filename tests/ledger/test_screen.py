"""The 工作台账 screen: lists with overdue highlighted, editors writing through the services, filters."""

from __future__ import annotations

import datetime as dt

import pytest

pytest.importorskip("PySide6")

from PySide6.QtCore import Qt  # noqa: E402
from PySide6.QtWidgets import QDialog, QMessageBox  # noqa: E402

from app.services import ledger  # noqa: E402

TODAY = dt.date.today()


@pytest.fixture
def screen(qtbot, db, monkeypatch):
    from ui.context import UiContext
    from ui.screens.ledger import LedgerScreen

    ctx = UiContext(db, "测试员")
    errors = []
    monkeypatch.setattr(ctx, "show_error", lambda exc, tb=None: errors.append(exc))
    monkeypatch.setattr(QMessageBox, "information", lambda *a, **k: QMessageBox.StandardButton.Ok)
    w = LedgerScreen(ctx)
    qtbot.addWidget(w)
    w.show()
    w.errors = errors
    return w


def _accept(monkeypatch, dialog_cls, fill):
    def exec_(self):
        fill(self)
        return QDialog.DialogCode.Accepted
    monkeypatch.setattr(dialog_cls, "exec", exec_)


def test_tasks_tab_highlights_overdue_and_completes_recurring(screen, db, monkeypatch):
    from ui.ledger_dialogs import CompleteDialog, TaskDialog

    with db.session() as s:
        ledger.add_task(s, {"source_document": "2025年政务公开工作要点", "requirement": "更新公开指南",
                            "due_on": TODAY - dt.timedelta(days=2)})
    tab = screen.tasks
    tab.refresh()
    assert tab.model.rowCount() == 1
    brush = tab.model.data(tab.model.index(0, 0), Qt.ItemDataRole.BackgroundRole)
    assert brush is not None and tab.model.data(tab.model.index(0, 0)) == "已逾期"

    def fill(d):
        d.requirement.setPlainText("每月更新财政资金直达信息")
        d.cadence.setCurrentIndex(d.cadence.findData("monthly"))
        d.due.set_value(TODAY + dt.timedelta(days=3))
    _accept(monkeypatch, TaskDialog, fill)
    tab.add()
    assert not screen.errors
    assert tab.model.rowCount() == 2
    monthly_row = next(r for r in range(2) if tab.model.row_at(r)["cadence"] == "monthly")
    tab.view.selectRow(monthly_row)
    _accept(monkeypatch, CompleteDialog, lambda d: d.note.setPlainText("已更新"))
    tab.complete()
    with db.read_session() as s:
        tasks = ledger.list_tasks(s, status=None)
    monthly = [t for t in tasks if t.cadence == "monthly"]
    assert sorted(t.status for t in monthly) == ["done", "not_started"]
    assert monthly[0].series_uuid == monthly[1].series_uuid


def test_task_editor_refuses_bad_input_and_stores_nothing(screen, db, monkeypatch):
    from ui.ledger_dialogs import TaskDialog

    _accept(monkeypatch, TaskDialog, lambda d: d.requirement.setPlainText(""))
    screen.tasks._guard(screen.tasks.add)  # what the 新增任务 button does
    assert len(screen.errors) == 1 and "任务要求" in str(screen.errors[0])
    with db.read_session() as s:
        assert ledger.list_tasks(s, status=None) == []


def test_statistics_tab_saves_table_two_and_shows_table_four(screen, db, monkeypatch):
    from ui.ledger_dialogs import CaseDialog

    tab = screen.statistics
    screen.tabs.setCurrentWidget(tab)
    year = tab.year.value()
    tab.inputs["licensing"].setText("1520")
    tab.inputs["fees_wan_yuan"].setText("3.5")
    tab.save_figures()
    with db.read_session() as s:
        figures = ledger.get_figures(s, year)
    assert figures["licensing"] == 1520 and float(figures["fees_wan_yuan"]) == 3.5
    tab.inputs["penalty"].setText("很多")
    tab._guard(tab.save_figures)
    assert screen.errors and "行政处罚" in str(screen.errors[-1])
    with db.read_session() as s:
        assert ledger.get_figures(s, year)["penalty"] is None

    def fill(d):
        d.kind.setCurrentIndex(d.kind.findData("litigation"))
        d.route.setCurrentIndex(d.route.findData("after_review"))
        d.filed.setDate(dt.date(year, 5, 6))
    _accept(monkeypatch, CaseDialog, fill)
    tab.add_case()
    assert tab.table4.item(2, 3).text() == "1" and tab.table4.item(2, 4).text() == "1"  # 复议后起诉: 尚未审结
    assert tab.cases.rowCount() == 1


def test_dashboard_filter_keys_open_the_right_list(screen, db):
    with db.session() as s:
        ledger.add_column(s, {"name": "通知公告", "cadence": "每周", "last_updated_on": TODAY - dt.timedelta(days=30)})
        ledger.add_column(s, {"name": "政策文件", "cadence": "每月", "last_updated_on": TODAY})
        ledger.add_activity(s, {"kind": "政策解读", "document_title": "甲",
                                "document_published_on": TODAY - dt.timedelta(days=30)})
    screen.apply_filter_key("columns_overdue")
    assert screen.tabs.currentWidget() is screen.columns
    assert screen.columns.table.rowCount() == 1 and screen.columns.table.item(0, 0).text() == "通知公告"
    screen.apply_filter_key("interpretations_overdue")
    assert screen.tabs.currentWidget() is screen.activities
    assert screen.activities.model.rowCount() == 1
    assert screen.activities.model.row_at(0)["state"].startswith("已超时限")

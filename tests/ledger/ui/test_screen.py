"""The 工作台账 screen: lists with overdue highlighted, editors writing through the services, filters."""

from __future__ import annotations

import datetime as dt

import pytest

pytest.importorskip("PySide6")

from PySide6.QtCore import Qt
from PySide6.QtWidgets import QDialog, QMessageBox

from app import ledger

TODAY = dt.date.today()


@pytest.fixture
def screen(qtbot, db, monkeypatch):
    from ui.context import UiContext
    from ui.ledger.screen import LedgerScreen

    ctx = UiContext(db, "测试员")
    errors = []
    monkeypatch.setattr(ctx, "show_error", lambda exc, tb=None: errors.append(exc))
    monkeypatch.setattr(QMessageBox, "information", lambda *a, **k: QMessageBox.StandardButton.Ok)
    w = LedgerScreen(ctx)
    qtbot.addWidget(w)
    w.show()
    w.errors = errors
    return w


def _accept(monkeypatch, dialog_cls, fill, seen=None):
    """Instead of the modal loop: fill the form, press 保存 (the real accept) and report how it ended."""
    def exec_(self):
        fill(self)
        self.accept()
        if seen is not None:
            seen.append(self)
        return self.result()
    monkeypatch.setattr(dialog_cls, "exec", exec_)


def test_tasks_tab_highlights_overdue_and_completes_recurring(screen, db, monkeypatch):
    from ui.ledger.dialogs import CompleteDialog, TaskDialog

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


def test_task_editor_refuses_bad_input_stays_open_and_stores_nothing(screen, db, monkeypatch):
    from ui.ledger.dialogs import TaskDialog

    seen = []
    _accept(monkeypatch, TaskDialog, lambda d: d.requirement.setPlainText(""), seen)
    screen.tasks._guard(screen.tasks.add)  # what the 新增任务 button does
    dialog = seen[0]
    assert dialog.result() != QDialog.DialogCode.Accepted  # still open: OK did not close it
    assert not dialog.error.isHidden() and "任务要求" in dialog.error.text()
    assert dialog.source.text()  # the entered data is still there
    assert not screen.errors
    with db.read_session() as s:
        assert ledger.list_tasks(s, status=None) == []
    # corrected in the same dialog, OK saves and closes
    dialog.requirement.setPlainText("更新公开指南")
    dialog.accept()
    assert dialog.result() == QDialog.DialogCode.Accepted and dialog.error.isHidden()
    with db.read_session() as s:
        assert [t.requirement for t in ledger.list_tasks(s, status=None)] == ["更新公开指南"]
    assert screen.tasks.model.rowCount() == 1


@pytest.mark.parametrize("which", ["activity", "column", "case"])
def test_every_editor_stays_open_on_a_service_error(screen, db, monkeypatch, which):
    from ui.ledger.dialogs import ActivityDialog, CaseDialog, ColumnDialog

    seen = []
    if which == "activity":
        _accept(monkeypatch, ActivityDialog, lambda d: d.kind.setCurrentIndex(d.kind.findData("interpretation")), seen)
        screen.activities.add()
        count = lambda s: len(ledger.list_activities(s, year=None))  # noqa: E731
    elif which == "column":
        _accept(monkeypatch, ColumnDialog, lambda d: d.name.setText(""), seen)
        screen.columns.add()
        count = lambda s: len(ledger.list_columns(s))  # noqa: E731
    else:
        def fill(d):
            d.filed.setDate(dt.date(2024, 5, 6))
            d.outcome.setCurrentIndex(d.outcome.findData("upheld"))  # a result without 审结日期
        _accept(monkeypatch, CaseDialog, fill, seen)
        screen.statistics.add_case()
        count = lambda s: len(ledger.list_cases(s))  # noqa: E731
    dialog = seen[0]
    assert dialog.result() != QDialog.DialogCode.Accepted
    assert dialog.error.text() and not dialog.error.isHidden()
    assert any("\u4e00" <= ch <= "\u9fff" for ch in dialog.error.text())  # a Chinese sentence
    with db.read_session() as s:
        assert count(s) == 0


def test_view_evidence_lists_saves_and_opens_an_attachment(screen, db, monkeypatch, tmp_path):
    from PySide6.QtGui import QDesktopServices

    from ui.ledger.dialogs import AttachmentsDialog

    with db.session() as s:
        task = ledger.add_task(s, {"source_document": "要点", "requirement": "更新公开指南",
                                   "due_on": TODAY})
        ledger.add_attachment(s, task.id, "照片.jpg", b"\xff\xd8jpeg-bytes")
        ledger.add_attachment(s, task.id, "通知.pdf", b"%PDF-1.4 notice")
    opened = []
    monkeypatch.setattr(QDesktopServices, "openUrl", lambda url: opened.append(url.toLocalFile()) or True)
    seen = []

    def exec_(self):
        seen.append(self)
        return QDialog.DialogCode.Rejected
    monkeypatch.setattr(AttachmentsDialog, "exec", exec_)
    tab = screen.tasks
    tab.refresh()
    tab.view.selectRow(0)
    tab._guard(tab.show_attachments)
    assert not screen.errors
    dialog = seen[0]
    assert [dialog.table.item(r, 0).text() for r in range(dialog.table.rowCount())] == ["照片.jpg", "通知.pdf"]
    dialog.table.selectRow(1)
    target = dialog.save_selected(str(tmp_path / "saved.pdf"))
    assert target.read_bytes() == b"%PDF-1.4 notice"
    path = dialog.open_selected()
    assert opened == [str(path)] and path.name == "通知.pdf" and path.read_bytes() == b"%PDF-1.4 notice"


def test_view_evidence_reports_a_corrupted_attachment(db, qtbot, monkeypatch, tmp_path):
    from app.errors import ConflictError
    from ui.ledger.dialogs import AttachmentsDialog

    with db.session() as s:
        task = ledger.add_task(s, {"source_document": "要点", "requirement": "更新公开指南",
                                   "due_on": TODAY})
        ledger.add_attachment(s, task.id, "a.txt", b"abc")
    with db.read_session() as s:
        info = ledger.get_task(s, task.id)
    warnings = []
    monkeypatch.setattr(QMessageBox, "warning", lambda *a, **k: warnings.append(a[2]))

    def load(_id):
        raise ConflictError("附件“a.txt”的内容与登记的校验值不符，可能已损坏。")
    dialog = AttachmentsDialog(info, load)
    qtbot.addWidget(dialog)
    dialog._guard(lambda: dialog.save_selected(str(tmp_path / "x.txt")))
    assert warnings and "校验值" in warnings[0] and not (tmp_path / "x.txt").exists()


def test_statistics_tab_saves_table_two_and_shows_table_four(screen, db, monkeypatch):
    from ui.ledger.dialogs import CaseDialog

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

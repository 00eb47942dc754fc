"""The screen's hooks into other areas: batch printing, Excel import/export, the letters dialog, refresh."""

from __future__ import annotations

import datetime as dt

import pytest
from PySide6.QtCore import QItemSelectionModel

from app import register
from tests.helpers.register_ui import TODAY


def _select_rows(screen, rows):
    sel = screen.table.selectionModel()
    for r in rows:
        sel.select(screen.model.index(r, 0),
                   QItemSelectionModel.SelectionFlag.Select | QItemSelectionModel.SelectionFlag.Rows)


def test_batch_print_sends_the_selected_ids(imported, screen, monkeypatch):
    import ui.letters.dialog

    calls = []
    monkeypatch.setattr(ui.letters.dialog, "print_batch", lambda ctx, ids, kind, parent=None: calls.append((ids, kind)))
    _select_rows(screen, [0, 2, 5])
    screen.batch_print("receipt")
    expected = [screen.model.id_at(r) for r in (0, 2, 5)]
    assert calls == [(expected, "receipt")]
    kinds = [a.text() for a in screen.print_button.menu().actions()]
    assert "答复书" in kinds and "政府信息公开申请接收回执" in kinds


def test_import_and_export_use_the_excel_dialogs_with_the_filters(imported, screen, monkeypatch, db):
    from PySide6.QtCore import QObject, Signal

    import ui.workbench.excel_import_dialog as excel

    class FakeDialog(QObject):
        finished = Signal(int)

    calls = []

    def open_import_dialog(ctx, kind, parent=None):
        calls.append(("import", kind))
        return FakeDialog()

    monkeypatch.setattr(excel, "open_import_dialog", open_import_dialog)
    monkeypatch.setattr(excel, "export_with_dialog",
                        lambda ctx, kind, parent=None, filters=None: calls.append(("export", kind, filters)))
    screen.import_excel()
    screen.filter_bar.year.setCurrentIndex(screen.filter_bar.year.findData(2025))
    screen.export_excel()
    assert calls == [("import", "register"), ("export", "register", {"year": 2025})]


def test_a_missing_letters_or_excel_module_is_an_error_not_a_notice(imported, screen, monkeypatch):
    import sys

    import ui.register.screen

    notices = []
    monkeypatch.setattr(ui.register.screen.QMessageBox, "information", lambda *a: notices.append(a[2]))
    _select_rows(screen, [0])
    # Once "文书模块尚未安装" / "Excel 导入功能尚未安装" in a message box, as if the program had no such part.
    for module, action in (("ui.letters.dialog", lambda: screen.batch_print("receipt")),
                           ("ui.workbench.excel_import_dialog", screen.import_excel),
                           ("ui.workbench.excel_import_dialog", screen.export_excel)):
        monkeypatch.setitem(sys.modules, module, None)  # importing it raises ImportError
        with pytest.raises(ImportError):
            action()
    assert notices == []


def test_letters_button_opens_the_letters_dialog(qtbot, ctx, db, monkeypatch):
    import ui.letters.dialog
    from ui.register.detail import DetailDialog

    with db.session() as s:
        app_id = register.register_application(s, {
            "received_on": dt.date(2026, 11, 20), "channel": "in_person", "applicant_kind": "natural_person",
            "applicant_name": "张三", "content": "申请公开某文件"}, today=TODAY).id
    opened = []

    class FakeLetters:
        def __init__(self, ctx_, application_id, parent=None, **kw):
            opened.append((application_id, kw))
            from PySide6.QtCore import QObject, Signal

            class _S(QObject):
                finished = Signal(int)
            self._s = _S()
            self.finished = self._s.finished

        def open(self):
            pass

    monkeypatch.setattr(ui.letters.dialog, "LettersDialog", FakeLetters)
    d = DetailDialog(ctx, app_id, today=TODAY)
    qtbot.addWidget(d)
    d.letters_button.click()
    assert opened == [(app_id, {})]


def test_screen_refreshes_after_a_change(qtbot, screen, db):
    assert screen.model.rowCount() == 0
    with db.session() as s:
        register.register_application(s, {
            "received_on": dt.date(2026, 11, 20), "channel": "in_person", "applicant_kind": "natural_person",
            "applicant_name": "张三", "content": "申请公开某文件"}, today=TODAY)
    screen.ctx.changed("register")
    assert screen.model.rowCount() == 1
    assert screen.filter_bar.year.findData(2026) > 0


def test_a_missing_letters_module_is_an_error_in_the_detail_dialog(qtbot, ctx, db, monkeypatch):
    import sys

    from ui.register.detail import DetailDialog

    with db.session() as s:
        app_id = register.register_application(s, {
            "received_on": dt.date(2026, 11, 20), "channel": "in_person", "applicant_kind": "natural_person",
            "applicant_name": "张三", "content": "申请公开某文件"}, today=TODAY).id
    d = DetailDialog(ctx, app_id, today=TODAY)
    qtbot.addWidget(d)
    monkeypatch.setitem(sys.modules, "ui.letters.dialog", None)  # once: the 文书 button did nothing
    with pytest.raises(ImportError):
        d.open_letters()

"""The screen's hooks into other areas: batch printing, Excel import/export, the letters dialog, refresh."""

from __future__ import annotations

import datetime as dt

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
    import ui.workbench.excel_import_dialog as excel

    calls = []
    monkeypatch.setattr(excel, "open_import_dialog", lambda ctx, kind, parent=None: calls.append(("import", kind)))
    monkeypatch.setattr(excel, "export_with_dialog",
                        lambda ctx, kind, parent=None, filters=None: calls.append(("export", kind, filters)))
    screen.import_excel()
    screen.filter_bar.year.setCurrentIndex(screen.filter_bar.year.findData(2025))
    screen.export_excel()
    assert calls == [("import", "register"), ("export", "register", {"year": 2025})]


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

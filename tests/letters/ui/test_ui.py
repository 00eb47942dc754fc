"""The letters dialog and the 文书模板 tab, offscreen: preview, fill missing fields, issue, print to PDF, reset."""

from __future__ import annotations

from sqlalchemy import select

from app import letters
from tests.helpers.letters import pdftotext


def _ctx(db):
    from ui.context import UiContext

    return UiContext(db, "测试员")


def _app(db, outcome):
    from app.storage.models.register import Application

    with db.read_session() as s:
        return s.execute(select(Application.id).where(Application.outcome == outcome).limit(1)).scalar_one()


def test_dialog_asks_for_missing_fields_then_issues(qtbot, db, imported, tmp_path):
    from ui.letters.dialog import LettersDialog

    app_id = _app(db, "partial")
    dialog = LettersDialog(_ctx(db), app_id)
    qtbot.addWidget(dialog)
    assert dialog.view.page_count >= 1
    assert not dialog.issue_button.isEnabled()
    assert set(dialog._inputs) == {"provided", "withheld", "withheld_reason"}
    dialog._inputs["provided"].setText("发放总额")
    dialog._inputs["withheld"].setText("身份证号码")
    dialog._inputs["withheld_reason"].setText("属于个人隐私")
    dialog.refresh()
    assert dialog.issue_button.isEnabled()
    dialog.issue()
    with db.read_session() as s:
        info = letters.current_letter(s, app_id, "reply")
    assert info is not None and info.doc_number in dialog.status.text()
    out = tmp_path / "saved.pdf"
    dialog.save_pdf(str(out))
    assert "属于个人隐私" in pdftotext(out.read_bytes())
    dialog.grab().save(str(tmp_path / "dialog.png"))


def test_print_keeps_a4_at_full_scale(qtbot, db, imported, tmp_path):
    from pypdf import PdfReader
    from PySide6.QtPrintSupport import QPrinter

    from ui.letters.dialog import print_pdf

    with db.read_session() as s:
        pdf = letters.render_preview(s, _app(db, "granted"), "reply")
    printer = QPrinter(QPrinter.PrinterMode.HighResolution)
    printer.setOutputFormat(QPrinter.OutputFormat.PdfFormat)
    printer.setOutputFileName(str(tmp_path / "printed.pdf"))
    print_pdf(pdf, printer)
    page = PdfReader(str(tmp_path / "printed.pdf")).pages[0]
    assert round(float(page.mediabox.width)) == 595 and round(float(page.mediabox.height)) == 842


def test_template_tab_saves_previews_and_resets(qtbot, db, imported, monkeypatch):
    from PySide6.QtWidgets import QMessageBox

    from ui.letters.templates_tab import TemplatesSettingsTab

    tab = TemplatesSettingsTab(_ctx(db))
    qtbot.addWidget(tab)
    tab.kind_box.setCurrentIndex(tab.kind_box.findData("reply"))
    items = tab.keys.findItems("结束语", __import__("PySide6.QtCore").QtCore.Qt.MatchFlag.MatchExactly)
    tab.keys.setCurrentItem(items[0])
    assert tab.key == "closing"
    assert tab.editor.toPlainText() == "特此答复。"
    tab.editor.setPlainText("特此答复，请查收。")
    tab.update_preview()
    assert tab.view.page_count >= 1
    tab.save()
    with db.read_session() as s:
        assert letters.template_overrides(s, "reply")["closing"] == "特此答复，请查收。"
    monkeypatch.setattr(QMessageBox, "question", lambda *a, **k: QMessageBox.StandardButton.Yes)
    tab.reset()
    assert tab.editor.toPlainText() == "特此答复。"
    with db.read_session() as s:
        assert "closing" not in letters.template_overrides(s, "reply")


def test_dialog_refuses_an_unverified_review_body_and_warns_of_a_day_off(qtbot, db, imported, monkeypatch):
    import datetime as dt

    from sqlalchemy import text

    import app.letters
    from ui.letters.dialog import LettersDialog

    with db.session() as s:
        s.execute(text("UPDATE office SET parent_name = NULL, review_agency = '临江市人民政府' WHERE is_self = :yes"), {"yes": True})
    real = app.letters.preview_letter
    monkeypatch.setattr(app.letters, "preview_letter",
                        lambda *a, **kw: real(*a, **{**kw, "letter_date": dt.date(2026, 3, 8)}))
    dialog = LettersDialog(_ctx(db), _app(db, "granted"))
    qtbot.addWidget(dialog)
    assert not dialog.issue_button.isEnabled()
    status = dialog.status.text()
    assert "不能出具" in status and "--parent-name" in status and "星期日" in status


def test_dialog_on_an_open_case_offers_only_what_its_state_allows(qtbot, db, imported):
    from app.letters.availability import available_kinds
    from app.storage.models.register import Application
    from ui.letters.dialog import LettersDialog

    with db.read_session() as s:
        open_id = s.execute(select(Application.id).where(Application.outcome.is_(None)).limit(1)).scalar_one()
        kinds = [c.kind for c in available_kinds(s, open_id)]
    assert "reply" not in kinds and kinds[0] == "receipt" and "correction" in kinds
    dialog = LettersDialog(_ctx(db), open_id)
    qtbot.addWidget(dialog)
    offered = [dialog.kind_box.itemData(i) for i in range(dialog.kind_box.count())]
    assert offered == kinds
    assert dialog.kind == "receipt"
    assert dialog.view.page_count >= 1 and dialog.print_button.isEnabled()


def test_dialog_on_a_closed_case_opens_on_the_reply(qtbot, db, imported):
    from app.letters.availability import available_kinds
    from ui.letters.dialog import LettersDialog

    closed = _app(db, "granted")
    with db.read_session() as s:
        kinds = [c.kind for c in available_kinds(s, closed)]
    assert "reply" in kinds and "correction" not in kinds
    dialog = LettersDialog(_ctx(db), closed)
    qtbot.addWidget(dialog)
    assert dialog.kind == "reply"


def test_template_tab_lists_chinese_names(qtbot, db):
    import re

    from app.letters.templates import KINDS
    from ui.letters.templates_tab import TemplatesSettingsTab

    tab = TemplatesSettingsTab(_ctx(db))
    qtbot.addWidget(tab)
    for kind in KINDS:
        tab.kind_box.setCurrentIndex(tab.kind_box.findData(kind))
        names = [tab.keys.item(i).text() for i in range(tab.keys.count())]
        assert names and not any(re.fullmatch(r"[\w./]+", n, flags=re.ASCII) for n in names), names
        assert len(set(names)) == len(names)

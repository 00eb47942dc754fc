"""The 区分处理 screen offscreen: proposed boxes, add/move/remove, grounds, keep a verified record; the queue."""

from __future__ import annotations

import pytest
from PySide6.QtCore import QPointF, QRectF

from app.redaction import records
from tests.helpers.redaction import PLANTED


@pytest.fixture
def ui(qtbot, db):
    from ui.context import UiContext
    from ui.redaction.screen import RedactionScreen

    ctx = UiContext(db, "测试员")
    errors: list[str] = []
    ctx.show_error = lambda exc, tb=None: errors.append(str(exc))
    screen = RedactionScreen(ctx)
    qtbot.addWidget(screen)
    screen.resize(1200, 800)
    screen.errors = errors
    return screen


def _wait(ui, qtbot, condition):
    qtbot.waitUntil(condition, timeout=120_000)
    ui.ctx.jobs.wait()


def test_studio_proposes_edits_and_keeps_a_record(ui, qtbot, db, tmp_path, gongshi_pdf, partial_application):
    studio = ui.studio
    src = tmp_path / "公示.pdf"
    src.write_bytes(gongshi_pdf)
    studio.open_file(str(src))
    _wait(ui, qtbot, lambda: studio.result is not None)
    proposed = studio.findings()
    assert studio.table.rowCount() == len(proposed) and {f.text for f in proposed} >= set(PLANTED["mobile"])
    # remove the credit code's box: the clerk decides the enterprise code may be disclosed
    row = next(i for i, f in enumerate(proposed) if f.kind == "credit_code")
    studio.table.selectRow(row)
    studio.remove_selected()
    assert studio.table.rowCount() == len(proposed) - 1
    # draw a box over the footer line, and move one box down a little
    top, width, height = studio.canvas.pages[1]
    studio.canvas.draw_box(QRectF(QPointF(40 * 1.5, top + (height - 190) * 1.5), QPointF(300 * 1.5, top + (height - 170) * 1.5)))
    manual = [f for f in studio.findings() if f.source == "manual"]
    assert len(manual) == 1 and manual[0].page == 2 and manual[0].rows is not None
    item = studio.canvas.items_by_finding[id(studio.findings()[0])]
    before = item.finding.box
    item.moveBy(0, 3)
    assert item.finding.box[1] == pytest.approx(before[1] - 2, abs=0.2)
    # the ground of one box is changed in its row's combo
    combo = studio.table.cellWidget(0, 3)
    combo.setCurrentIndex(combo.findData("trade_secret|"))
    assert studio.findings()[0].ground == "trade_secret"
    with db.read_session() as s:
        from app.register import application_record

        serial = application_record(s, partial_application)["serial"]
    studio.application.setText(serial)
    out = tmp_path / "out.pdf"
    studio.save(str(out))
    _wait(ui, qtbot, lambda: studio.saved_pdf is not None)
    assert not ui.errors
    assert out.read_bytes() == studio.saved_pdf
    with db.read_session() as s:
        (info,) = records.records_for_application(s, partial_application)
        assert info.boxes == len(proposed) and {b.kind for b in records.boxes_of(s, info.id)} >= {"manual"}
        assert "credit_code" not in {b.kind for b in records.boxes_of(s, info.id)}


def test_queue_lists_waiting_attachments_and_clears(ui, qtbot, db, gongshi_pdf):
    from app import catalogue
    from app.redaction.catalogue_scan import add_and_scan

    with db.session() as s:
        entry = catalogue.create_entry(s, {"title": "低保公示", "published_on": "2026-03-01"}).id
        add_and_scan(s, entry, "公示.pdf", gongshi_pdf)
    ui.apply_filter_key("privacy_queue")
    assert ui.tabs.currentIndex() == 1 and ui.queue.table.rowCount() == 1
    assert "待审核 1 个附件" in ui.queue.summary.text()
    ui.queue.table.selectRow(0)
    ui.queue.clear_selected(confirm=False)
    assert ui.queue.table.rowCount() == 0 and not ui.errors
    with pytest.raises(KeyError):
        ui.apply_filter_key("nonsense")


def test_catalogue_editor_scans_a_new_attachment(qtbot, db, tmp_path, gongshi_pdf):
    from app import catalogue
    from app.redaction.catalogue_scan import review_queue
    from ui.catalogue.editor import EntryDialog
    from ui.context import UiContext

    ctx = UiContext(db, "测试员")
    errors: list[str] = []
    ctx.show_error = lambda exc, tb=None: errors.append(str(exc))
    with db.session() as s:
        entry = catalogue.create_entry(s, {"title": "2026年度低保对象公示"}).id
    dialog = EntryDialog(ctx, entry)
    qtbot.addWidget(dialog)
    source = tmp_path / "公示.pdf"
    source.write_bytes(gongshi_pdf)
    assert dialog.add_attachment(str(source))
    qtbot.waitUntil(lambda: "公开前隐私检查" in dialog.attachment_note.text(), timeout=60_000)
    ctx.jobs.wait()
    assert not errors and "身份证号码 2 处" in dialog.attachment_note.text()
    with db.read_session() as s:
        assert [q.filename for q in review_queue(s)] == ["公示.pdf"]


def test_a_box_can_rest_on_a_negative_list_item(ui, qtbot, db, tmp_path):
    import datetime as dt

    from app import negative_list as nl
    from tests.helpers.redaction import text_pdf

    with db.session() as s:
        item = nl.create_item(s, {"name": "信访人的个人信息", "category": "个人隐私", "decided_on": dt.date(2025, 1, 1),
                                  "keywords": "信访人"})
    src = tmp_path / "a.pdf"
    src.write_bytes(text_pdf([["电话 13812345678"]]))
    ui.studio.open_file(str(src))
    _wait(ui, qtbot, lambda: ui.studio.result is not None)
    combo = ui.studio.table.cellWidget(0, 3)
    index = combo.findText("负面清单：信访人的个人信息（第十五条）")
    assert index >= 0
    combo.setCurrentIndex(index)
    f = ui.studio.findings()[0]
    assert (f.ground, f.item_id) == ("personal_privacy", item.id)

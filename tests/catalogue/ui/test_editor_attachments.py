"""Attachments in the entry editor offscreen: list with size and SHA-256, add a file, save one to disk."""

from __future__ import annotations

import hashlib

import pytest

from app import catalogue


@pytest.fixture
def ctx(db):
    from ui.context import UiContext

    ctx = UiContext(db, "测试员")
    ctx.errors = []
    ctx.show_error = lambda exc, tb=None: ctx.errors.append(str(exc))
    return ctx


def _dialog(ctx, qtbot, entry_id):
    from ui.catalogue.editor import EntryDialog

    dialog = EntryDialog(ctx, entry_id)
    qtbot.addWidget(dialog)
    return dialog


def test_lists_adds_and_saves_attachments(ctx, db, qtbot, tmp_path):
    content = "青山县河道管理办法（全文）\n".encode() * 200
    with db.session() as s:
        entry = catalogue.create_entry(s, {"title": "关于印发青山县河道管理办法的通知"})
        catalogue.add_attachment(s, entry.id, "起草说明.txt", b"draft notes")
    dialog = _dialog(ctx, qtbot, entry.id)
    table = dialog.attachment_table
    assert table.rowCount() == 1
    assert [table.item(0, c).text() for c in range(3)] == [
        "起草说明.txt", "11 字节", hashlib.sha256(b"draft notes").hexdigest()]
    assert not dialog.save_attachment_button.isEnabled()  # nothing selected

    source = tmp_path / "河道管理办法.docx"
    source.write_bytes(content)
    assert dialog.add_attachment(str(source))
    assert table.rowCount() == 2 and not ctx.errors
    assert table.item(1, 0).text() == "河道管理办法.docx"
    assert table.item(1, 1).text() == f"{len(content) / 1024:.1f} KB"
    assert table.item(1, 2).text() == hashlib.sha256(content).hexdigest()
    with db.read_session() as s:  # stored at once, in its own unit of work
        assert [a.filename for a in catalogue.attachments(s, entry.id)] == ["起草说明.txt", "河道管理办法.docx"]

    table.selectRow(1)
    assert dialog.save_attachment_button.isEnabled()
    target = tmp_path / "out" / "副本.docx"
    target.parent.mkdir()
    assert dialog.save_attachment(str(target))
    assert target.read_bytes() == content


def test_new_entry_cannot_attach_and_bad_files_are_refused(ctx, db, qtbot, tmp_path):
    new = _dialog(ctx, qtbot, None)
    assert not new.add_attachment_button.isEnabled() and "保存" in new.attachment_note.text()
    assert not new.add_attachment(str(tmp_path))

    with db.session() as s:
        entry = catalogue.create_entry(s, {"title": "白沙镇最低生活保障对象名单公示"})
    dialog = _dialog(ctx, qtbot, entry.id)
    assert not dialog.add_attachment(str(tmp_path / "不存在.pdf"))
    assert ctx.errors and "无法读取文件" in ctx.errors[-1]
    big = tmp_path / "大文件.bin"
    with open(big, "wb") as fh:
        fh.truncate(catalogue.MAX_ATTACHMENT + 10)
    assert not dialog.add_attachment(str(big))
    assert "超过 50 MB" in ctx.errors[-1]
    assert dialog.attachment_table.rowCount() == 0
    with db.read_session() as s:
        assert catalogue.attachments(s, entry.id) == []

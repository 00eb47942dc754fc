"""The 文书版式 settings tab: 信函格式 on, the seal only with a stored image and after the clerk confirms."""

from __future__ import annotations

import io

from PIL import Image
from PySide6.QtWidgets import QMessageBox

from app import letters
from app.core import profile


def _tab(qtbot, db):
    from ui.context import UiContext
    from ui.letters.layout_tab import LetterLayoutSettingsTab

    tab = LetterLayoutSettingsTab(UiContext(db, "测试员"))
    qtbot.addWidget(tab)
    return tab


def _store_seal(db) -> None:
    out = io.BytesIO()
    Image.new("RGBA", (300, 300), (220, 0, 0, 180)).save(out, "PNG")
    with db.session() as s:
        data = profile.get_own_office(s).as_dict()
        data["seal_image"] = out.getvalue()
        profile.save_profile(s, data)


def test_letterhead_is_saved_and_seal_waits_for_an_image(qtbot, db, imported):
    tab = _tab(qtbot, db)
    assert not tab.seal.isEnabled() and "尚未存储印章图像" in tab.seal_state.text()
    tab.letterhead.setChecked(True)
    assert tab.save()
    with db.read_session() as s:
        assert letters.get_layout(s).letterhead


def test_seal_is_turned_on_only_when_the_clerk_confirms_the_warning(qtbot, db, imported, monkeypatch):
    _store_seal(db)
    tab = _tab(qtbot, db)
    assert tab.seal.isEnabled()
    asked = []
    monkeypatch.setattr(QMessageBox, "question", lambda *a, **k: asked.append(a[2]) or QMessageBox.StandardButton.No)
    tab.seal.setChecked(True)
    assert not tab.save()
    assert letters.SEAL_WARNING in asked[0] and not tab.seal.isChecked()
    with db.read_session() as s:
        assert not letters.get_layout(s).print_seal
    monkeypatch.setattr(QMessageBox, "question", lambda *a, **k: QMessageBox.StandardButton.Yes)
    tab.seal.setChecked(True)
    assert tab.save()
    with db.read_session() as s:
        assert letters.get_layout(s).print_seal

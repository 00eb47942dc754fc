"""The 公开目录 settings tab offscreen: 索引号 pattern with live example, filing to the province."""

from __future__ import annotations

import datetime as dt

from PySide6.QtCore import Qt

from app import catalogue
from app.core import profile


def _tab(db, qtbot):
    from ui.catalogue.settings_tab import CatalogueSettingsTab
    from ui.context import UiContext

    ctx = UiContext(db, "测试员")
    ctx.show_error = lambda exc, tb=None: (_ for _ in ()).throw(exc)
    tab = CatalogueSettingsTab(ctx)
    qtbot.addWidget(tab)
    tab.changed_areas = []
    ctx.bus.data_changed.connect(tab.changed_areas.append)
    return tab


def test_registered_in_settings_tabs():
    from ui.settings.screen import SETTINGS_TABS

    assert ("ui.catalogue.settings_tab", "CatalogueSettingsTab") in SETTINGS_TABS


def test_pattern_example_save_and_refusal(db, qtbot):
    with db.session() as s:
        org = profile.get_own_office(s).org_code
        catalogue.create_entry(s, {"title": "第一条", "written_on": dt.date.today().isoformat()})
    tab = _tab(db, qtbot)
    year = dt.date.today().year
    assert tab.pattern.text() == catalogue.DEFAULT_PATTERN
    assert tab.example.text() == f"{org}/{year}-00002"  # one number already taken this year

    tab.pattern.setText("GK-{year}-{serial:04d}")
    assert tab.example.text() == f"GK-{year}-0002"  # same yearly counter, new format
    tab.pattern.setText("{org_code}-{year}{month:02d}-{serial}")
    assert tab.example.text() == f"{org}-{year}{dt.date.today().month:02d}-1"  # monthly: its own counter
    assert tab.save_button.isEnabled()

    tab.pattern.setText("GK-{year}-{kind}-{serial}")
    assert not tab.save_button.isEnabled() and "无法识别的字段：{kind}" in tab.example.text()
    tab.pattern.setText("GK-{year}")  # no serial: refused with the service's message
    assert not tab.save_button.isEnabled()
    assert "{serial}" in tab.example.text()
    assert not tab.save_pattern()
    assert "必须包含流水号" in tab.message.text()
    with db.read_session() as s:
        assert catalogue.index_pattern(s) == catalogue.DEFAULT_PATTERN

    tab.pattern.setText("GK-{year}-{serial:04d}")
    qtbot.mouseClick(tab.save_button, Qt.MouseButton.LeftButton)
    assert "已保存" in tab.message.text() and tab.changed_areas == ["catalogue"]
    with db.session() as s:
        assert catalogue.index_pattern(s) == "GK-{year}-{serial:04d}"
        made = catalogue.create_entry(s, {"title": "第二条", "written_on": dt.date.today().isoformat()})
    assert made.index_number == f"GK-{year}-0002"  # what the example showed


def test_mark_filed_counts_changes(db, qtbot):
    with db.session() as s:
        for n in range(3):
            catalogue.create_entry(s, {"title": f"条目{n}"})
    tab = _tab(db, qtbot)
    assert tab.last_filed.text() == "尚未备案"
    assert tab.pending.text().startswith("3 条")
    qtbot.mouseClick(tab.file_button, Qt.MouseButton.LeftButton)
    assert "3 条" in tab.message.text()
    assert tab.pending.text().startswith("0 条") and tab.last_filed.text() != "尚未备案"
    with db.read_session() as s:
        assert catalogue.last_filed_at(s) is not None
        assert catalogue.changes_since_filing(s) == []

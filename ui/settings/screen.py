"""The 设置 screen: tabs contributed by the areas (profile, calendar, templates, sync, backups)."""

from __future__ import annotations

import importlib
from typing import TYPE_CHECKING

from PySide6.QtWidgets import QTabWidget, QVBoxLayout, QWidget

from ui.widgets.screen import Screen

if TYPE_CHECKING:
    from ui.context import UiContext

# Tabs of the 设置 screen: (module, class), each a QWidget taking the UiContext; built when first shown.
SETTINGS_TABS = [
    ("ui.settings.profile", "ProfileSettingsTab"),
    ("ui.calendar.settings_tab", "CalendarSettingsTab"),
    ("ui.letters.templates_tab", "TemplatesSettingsTab"),
    ("ui.letters.layout_tab", "LetterLayoutSettingsTab"),
    ("ui.packages.sync_tab", "SyncSettingsTab"),
    ("ui.settings.backups", "BackupsSettingsTab"),
    ("ui.settings.security", "SecuritySettingsTab"),
    ("ui.catalogue.settings_tab", "CatalogueSettingsTab"),
]


class SettingsScreen(Screen):
    title = "设置"

    def __init__(self, ctx: UiContext, parent=None) -> None:
        super().__init__(ctx, parent)
        layout = QVBoxLayout(self)
        self.tabs = QTabWidget()
        # Each tab is built when first shown: some read a lot at county scale (the 公开目录 tab counts the
        # catalogue's changes since filing), and the clerk usually opens one.
        self._built: dict[int, QWidget] = {}
        for module, cls in SETTINGS_TABS:
            self.tabs.addTab(QWidget(), getattr(importlib.import_module(module), cls).title or cls)
        self.tabs.currentChanged.connect(self._on_tab)
        layout.addWidget(self.tabs)
        self.tab(0)

    def tab(self, index: int) -> QWidget:
        """The settings tab at `index`, built on first use."""
        if index not in self._built:
            module, cls = SETTINGS_TABS[index]
            widget = getattr(importlib.import_module(module), cls)(self.ctx)
            title = self.tabs.tabText(index)
            current = self.tabs.currentIndex()
            self.tabs.blockSignals(True)
            old = self.tabs.widget(index)
            self.tabs.removeTab(index)
            if old is not None:
                old.deleteLater()
            self.tabs.insertTab(index, widget, title)
            self.tabs.setCurrentIndex(current)
            self.tabs.blockSignals(False)
            self._built[index] = widget
        return self._built[index]

    def _on_tab(self, index: int) -> None:
        if index >= 0 and index not in self._built:
            self.tab(index)  # built now: its constructor has read its data

    def refresh(self) -> None:
        current = self.tab(self.tabs.currentIndex())
        if hasattr(current, "refresh"):
            current.refresh()

"""The 设置 screen: tabs contributed by the areas (profile, calendar, templates, sync, backups)."""

from __future__ import annotations

import importlib

from PySide6.QtWidgets import QTabWidget, QVBoxLayout

from ui.screens.base import Screen
from ui.settings import SETTINGS_TABS


class SettingsScreen(Screen):
    title = "设置"

    def __init__(self, ctx, parent=None) -> None:
        super().__init__(ctx, parent)
        layout = QVBoxLayout(self)
        self.tabs = QTabWidget()
        for module, cls in SETTINGS_TABS:
            widget = getattr(importlib.import_module(module), cls)(ctx)
            self.tabs.addTab(widget, getattr(widget, "title", cls))
        layout.addWidget(self.tabs)

    def refresh(self) -> None:
        current = self.tabs.currentWidget()
        if hasattr(current, "refresh"):
            current.refresh()

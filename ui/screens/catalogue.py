"""The 公开目录 screen."""

from __future__ import annotations

from ui.screens.base import PlaceholderScreen


class CatalogueScreen(PlaceholderScreen):
    title = "公开目录"

"""The 数据交换 screen."""

from __future__ import annotations

from ui.screens.base import PlaceholderScreen


class ExchangeScreen(PlaceholderScreen):
    title = "数据交换"

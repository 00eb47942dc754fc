"""The 工作台账 screen."""

from __future__ import annotations

from ui.screens.base import PlaceholderScreen


class LedgerScreen(PlaceholderScreen):
    title = "工作台账"

"""The 年度报告 screen."""

from __future__ import annotations

from ui.screens.base import PlaceholderScreen


class ReportsScreen(PlaceholderScreen):
    title = "年度报告"

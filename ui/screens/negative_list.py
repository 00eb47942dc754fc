"""The 负面清单 screen."""

from __future__ import annotations

from ui.screens.base import PlaceholderScreen


class NegativeListScreen(PlaceholderScreen):
    title = "负面清单"

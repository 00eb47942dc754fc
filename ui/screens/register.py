"""The 依申请公开 screen."""

from __future__ import annotations

from ui.screens.base import PlaceholderScreen


class RegisterScreen(PlaceholderScreen):
    title = "依申请公开"

"""The base class of a navigation screen."""

from __future__ import annotations

from typing import TYPE_CHECKING

from PySide6.QtWidgets import QWidget

if TYPE_CHECKING:
    from ui.context import UiContext


class Screen(QWidget):
    """A page of the main window. Subclasses build their widgets in __init__ and reload in refresh()."""

    title = ""

    def __init__(self, ctx: UiContext, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.ctx = ctx
        ctx.bus.data_changed.connect(self.on_data_changed)

    def refresh(self) -> None:
        """Reload what the screen shows (called when it becomes visible)."""

    def apply_filter_key(self, key: str) -> None:
        """Show the rows a 工作台 card counts (`key` as the card's DashboardItem.filter_key gives it)."""
        raise KeyError(f"the {self.title} screen has no filter {key!r}")

    def on_data_changed(self, area: str) -> None:
        if self.isVisible():
            self.refresh()


"""The base class of a navigation screen."""

from __future__ import annotations

from PySide6.QtWidgets import QLabel, QVBoxLayout, QWidget


class Screen(QWidget):
    """A page of the main window. Subclasses build their widgets in __init__ and reload in refresh()."""

    title = ""

    def __init__(self, ctx, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.ctx = ctx
        ctx.bus.data_changed.connect(self.on_data_changed)

    def refresh(self) -> None:
        """Reload what the screen shows (called when it becomes visible)."""

    def on_data_changed(self, area: str) -> None:
        if self.isVisible():
            self.refresh()


class PlaceholderScreen(Screen):
    """Shown for a screen that is not built yet."""

    def __init__(self, ctx, parent: QWidget | None = None) -> None:
        super().__init__(ctx, parent)
        layout = QVBoxLayout(self)
        heading = QLabel(f"<h2>{self.title}</h2><p>本功能正在建设中。</p>")
        layout.addWidget(heading)
        layout.addStretch(1)

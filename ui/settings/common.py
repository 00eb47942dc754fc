"""What the settings tabs share: a message line and service writes whose errors land in it."""

from __future__ import annotations

from typing import TYPE_CHECKING

from PySide6.QtWidgets import QLabel

from app.errors import UserError

if TYPE_CHECKING:
    from ui.context import UiContext

_FAILED = object()


class MessageLineMixin:
    """For a tab with `self.ctx` and a QLabel `self.message`."""

    ctx: UiContext
    message: QLabel

    def _say(self, text: str, error: bool = False) -> None:
        self.message.setStyleSheet("color:#b42318" if error else "color:#067647")
        self.message.setText(text)

    def _write(self, fn, *args, **kwargs):
        """Run fn(session, …) in its own unit of work. Returns its result, or FAILED after showing the
        Chinese message of a refused change (nothing was stored)."""
        try:
            with self.ctx.session() as s:
                return fn(s, *args, **kwargs)
        except UserError as exc:
            self._say(exc.message, error=True)
            return _FAILED


FAILED = _FAILED

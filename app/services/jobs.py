"""Progress and cancel for long work, usable headless and from the window's worker threads."""

from __future__ import annotations

from typing import Protocol

from app.errors import Cancelled


class Progress(Protocol):
    cancelled: bool

    def update(self, done: int, total: int | None = None, text: str | None = None) -> None: ...


class NullProgress:
    """Progress that reports nowhere and is never cancelled."""

    cancelled = False

    def update(self, done: int, total: int | None = None, text: str | None = None) -> None:
        return None


def check_cancelled(progress: Progress | None) -> None:
    if progress is not None and progress.cancelled:
        raise Cancelled()

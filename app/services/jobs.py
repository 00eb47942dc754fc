"""Progress and cancel for long work, usable headless and from the window's worker threads."""

from __future__ import annotations

import contextlib
from collections.abc import Callable, Iterator
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


# SQLite asks the handler after this many virtual-machine steps (well under a millisecond of work).
INTERRUPT_STEPS = 10_000


@contextlib.contextmanager
def interruptible(session, cancelled: Callable[[], bool]) -> Iterator[None]:
    """Make every statement of a read-only unit of work stop soon after `cancelled()` says yes, and raise
    Cancelled instead of the interrupted statement's error. Long reads that have no loop of their own to
    ask (the integrity check, a whole-table scan) become cancellable this way. SQLite only; elsewhere the
    work runs to its end."""
    conn = session.connection()
    if conn.dialect.name != "sqlite":
        yield
        return
    raw = conn.connection.dbapi_connection
    raw.set_progress_handler(lambda: 1 if cancelled() else 0, INTERRUPT_STEPS)
    try:
        yield
    except Exception:
        if cancelled():
            raise Cancelled() from None
        raise
    finally:
        raw.set_progress_handler(None, 0)

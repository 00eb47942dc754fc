"""Progress and cancel for long work, usable headless and from the window's worker threads."""

from __future__ import annotations

import contextlib
import threading
from collections.abc import Callable, Iterator
from typing import TYPE_CHECKING, Protocol

from app.errors import Cancelled

if TYPE_CHECKING:
    from sqlalchemy.orm import Session


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


# PostgreSQL: how often a watcher thread asks, and sends the server a cancel request once told to stop.
CANCEL_POLL_S = 0.05


@contextlib.contextmanager
def interruptible(session: Session, cancelled: Callable[[], bool]) -> Iterator[None]:
    """Make every statement of a read-only unit of work stop soon after `cancelled()` says yes, and raise
    Cancelled instead of the interrupted statement's error. Long reads that have no loop of their own to
    ask (the integrity check, a whole-table scan) become cancellable this way.

    SQLite: the progress handler interrupts the running statement. PostgreSQL: a watcher thread sends
    the server a cancel request (psycopg) for as long as the work goes on after the cancel."""
    conn = session.connection()
    raw = conn.connection.dbapi_connection
    assert raw is not None  # None only once the connection was invalidated, not within a unit of work
    if conn.dialect.name == "sqlite":
        from app.storage import background

        background.settle(conn)  # a helper thread's statement must not meet a Python handler
        raw.set_progress_handler(lambda: 1 if cancelled() else 0, INTERRUPT_STEPS)
        def undo() -> None:
            raw.set_progress_handler(None, 0)
    else:
        done = threading.Event()
        cancel = getattr(raw, "cancel_safe", None) or raw.cancel

        def watch() -> None:
            while not done.wait(CANCEL_POLL_S):
                if cancelled():
                    with contextlib.suppress(Exception):  # nothing running: nothing to cancel
                        cancel()

        watcher = threading.Thread(target=watch, name="interruptible", daemon=True)
        watcher.start()

        def undo() -> None:
            done.set()
            watcher.join()

    try:
        yield
    except Exception:
        if cancelled():
            raise Cancelled() from None
        raise
    finally:
        undo()

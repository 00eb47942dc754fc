"""What every screen receives: the database, the operator, background jobs, a change bus, error display."""

from __future__ import annotations

import logging
import threading
import traceback
from collections.abc import Callable
from contextlib import AbstractContextManager
from typing import TYPE_CHECKING, Any

import shiboken6
from PySide6.QtCore import QObject, QRunnable, Qt, QThreadPool, QTimer, Signal
from PySide6.QtWidgets import QMessageBox, QProgressDialog, QWidget

from app.errors import Cancelled, UserError

if TYPE_CHECKING:
    from sqlalchemy.orm import Session

    from app.storage.db import Database

log = logging.getLogger(__name__)

# Reads queued for after the first paint start this much later, so the window paints and answers input
# first: the first ORM read loads SQLAlchemy and the models (~0.4 s of CPU), and the reading thread shares
# the GIL with the event loop.
AFTER_PAINT_READS_MS = 150


class Bus(QObject):
    """Application-wide events. `data_changed(area)` after a service changed data."""

    data_changed = Signal(str)
    navigate_requested = Signal(str, str)  # screen title, filter key
    status_changed = Signal()


class JobProgress(QObject):
    """The Progress protocol of app.core.jobs, reporting to the main thread by signal."""

    updated = Signal(int, int, str)

    def __init__(self) -> None:
        super().__init__()
        self._cancelled = threading.Event()

    @property
    def cancelled(self) -> bool:
        return self._cancelled.is_set()

    def cancel(self) -> None:
        self._cancelled.set()

    def update(self, done: int, total: int | None = None, text: str | None = None) -> None:
        self.updated.emit(int(done), int(total or 0), text or "")


class _Signals(QObject):
    finished = Signal(object)
    failed = Signal(object, str)


# Every job still running, so neither it nor its signal object is collected while its thread works,
# even when the screen or context that started it is gone.
_RUNNING: set[_Job] = set()


class _Job(QRunnable):
    def __init__(self, fn: Callable[..., Any], args: tuple[Any, ...], kwargs: dict[str, Any],
                 progress: JobProgress) -> None:
        super().__init__()
        self.fn, self.args, self.kwargs, self.progress = fn, args, kwargs, progress
        self.cancel_on_close = False
        self.signals = _Signals()
        self.setAutoDelete(False)

    def run(self) -> None:  # worker thread
        try:
            try:
                result = self.fn(self.progress, *self.args, **self.kwargs)
            except BaseException as exc:
                self._emit(self.signals.failed, exc, traceback.format_exc())
                return
            self._emit(self.signals.finished, result)
        finally:
            _RUNNING.discard(self)

    @staticmethod
    def _emit(signal: Any, *args: Any) -> None:  # a bound SignalInstance
        try:
            signal.emit(*args)
        except RuntimeError:  # the application quit while the job ran: nobody is left to tell
            log.info("job finished after the window closed")


class JobRunner(QObject):
    """Runs long work off the UI thread. Write jobs run one at a time (SQLite writes are serialized)."""

    def __init__(self, parent_widget_getter: Callable[[], QWidget | None],
                 show_error: Callable[[BaseException, str | None], None]) -> None:
        super().__init__()
        self._pool = QThreadPool()
        self._pool.setMaxThreadCount(1)
        # Long read-only work (the integrity check, dashboard counts) has its own thread, so it never
        # delays the clerk's jobs; SQLite's WAL lets it read while a job writes.
        self._background = QThreadPool()
        self._background.setMaxThreadCount(1)
        # Housekeeping that reads the whole file for minutes at county scale (the start-up and daily
        # backups) has a thread of its own, so it delays neither the clerk's jobs nor the dashboard.
        self._housekeeping = QThreadPool()
        self._housekeeping.setMaxThreadCount(1)
        self._parent = parent_widget_getter
        self._show_error = show_error
        self._jobs: set[_Job] = set()

    def run(self, fn: Callable[..., Any], *args: Any, title: str = "正在处理…",
            on_done: Callable[[Any], object] | None = None, on_error: Callable[[BaseException], object] | None = None,
            cancellable: bool = True, show_progress: bool = True, read_only: bool = False,
            housekeeping: bool = False, cancel_on_close: bool | None = None, **kwargs: Any) -> _Job:
        """Run fn(progress, *args) off the UI thread. Write jobs run one at a time; `read_only` jobs
        (which must not write) run beside them; `housekeeping` jobs (backups: they write only their own
        files) on a third thread. `cancel_on_close` (default: housekeeping jobs): work the window asks to
        stop when it closes instead of waiting for it (cancel_background_work)."""
        progress = JobProgress()
        job = _Job(fn, args, kwargs, progress)
        job.cancel_on_close = housekeeping if cancel_on_close is None else cancel_on_close
        dialog = None
        if show_progress:
            dialog = QProgressDialog(title, "取消" if cancellable else "", 0, 0, self._parent())
            dialog.setWindowTitle("请稍候")
            dialog.setWindowModality(Qt.WindowModality.WindowModal)
            dialog.setMinimumDuration(400)
            dialog.setAutoClose(False)
            dialog.setAutoReset(False)
            if not cancellable:
                dialog.setCancelButton(None)
            dialog.canceled.connect(progress.cancel)

            def on_update(done: int, total: int, text: str) -> None:
                if total:
                    dialog.setMaximum(total)
                    dialog.setValue(min(done, total))
                if text:
                    dialog.setLabelText(text)

            progress.updated.connect(on_update)

        def finish(result: Any) -> None:
            self._jobs.discard(job)
            if dialog is not None:
                dialog.close()
            if on_done is not None:
                on_done(result)

        def fail(exc: BaseException, tb: str) -> None:
            self._jobs.discard(job)
            if dialog is not None:
                dialog.close()
            if isinstance(exc, Cancelled):
                return
            if on_error is not None and on_error(exc) is True:
                return
            self._show_error(exc, tb)

        job.signals.finished.connect(finish, Qt.ConnectionType.QueuedConnection)
        job.signals.failed.connect(fail, Qt.ConnectionType.QueuedConnection)
        self._jobs.add(job)
        _RUNNING.add(job)
        pool = self._housekeeping if housekeeping else self._background if read_only else self._pool
        pool.start(job)
        return job

    def cancel_background_work(self) -> None:
        """Ask every job started with cancel_on_close (automatic backups, the background check) to stop;
        they end with Cancelled, silently."""
        for job in list(self._jobs):
            if job.cancel_on_close:
                job.progress.cancel()

    def wait(self, msecs: int = -1) -> bool:
        done = self._pool.waitForDone(msecs)
        done = self._background.waitForDone(msecs) and done
        return self._housekeeping.waitForDone(msecs) and done


class UiContext:
    """Passed to every screen; no god object: only what screens need to call services."""

    def __init__(self, db: Database, operator: str,
                 window_getter: Callable[[], QWidget | None] = lambda: None) -> None:
        self.db = db
        self.operator = operator
        self.startup_problem: str | None = None  # set by ui.main: the instant audit-chain check's finding
        self.bus = Bus()
        self._window_getter = window_getter
        # Looked up at call time, so a replaced show_error (tests, embedding) also gets job errors.
        self.jobs = JobRunner(window_getter, lambda exc, tb: self.show_error(exc, tb))

    @property
    def window(self) -> QWidget | None:
        return self._window_getter()

    def after_first_paint(self, delay_ms: int, receiver: QObject, fn: Callable[[], object]) -> None:
        """fn delay_ms after the main window's first paint (plain timer when there is no main window)."""
        window = self.window
        if window is not None and hasattr(window, "after_first_paint"):
            window.after_first_paint(delay_ms, receiver, fn)
        else:
            QTimer.singleShot(delay_ms, receiver, fn)

    def session(self) -> AbstractContextManager[Session]:
        return self.db.session(operator=self.operator)

    def read_session(self) -> AbstractContextManager[Session]:
        return self.db.read_session()

    def show_error(self, exc: BaseException, tb: str | None = None) -> None:
        """A user error is one message box; anything else is a bug with the crash dialog."""
        parent = self.window
        if parent is not None and not shiboken6.isValid(parent):
            # A job queued for after the first paint ended after its window was closed: nobody to tell.
            log.warning("error after the window closed: %s", tb or "".join(traceback.format_exception(exc)))
            return
        if isinstance(exc, UserError):
            box = QMessageBox(QMessageBox.Icon.Warning, "提示", exc.message, QMessageBox.StandardButton.Ok, parent)
            if exc.details:
                box.setDetailedText("\n".join(exc.details))
            box.exec()
            return
        from ui.crash import show_crash_dialog

        log.error("unexpected error: %s", tb or "".join(traceback.format_exception(exc)))
        show_crash_dialog(exc, tb or "".join(traceback.format_exception(exc)), parent)

    def changed(self, area: str) -> None:
        self.bus.data_changed.emit(area)

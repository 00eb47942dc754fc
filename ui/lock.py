"""The idle lock: after the configured minutes without input the window hides its content behind a
password dialog (only when the office set a lock password in 设置 → 安全)."""

from __future__ import annotations

import logging

import shiboken6
from PySide6.QtCore import QEvent, QObject, Qt, QTimer, Signal
from PySide6.QtGui import QAction, QKeySequence
from PySide6.QtWidgets import (
    QApplication,
    QDialog,
    QLabel,
    QLineEdit,
    QPushButton,
    QVBoxLayout,
    QWidget,
)

from app.errors import UserError
from ui.context import AFTER_PAINT_READS_MS, UiContext

log = logging.getLogger(__name__)

INPUT_EVENTS = frozenset(int(t) for t in (
    QEvent.Type.KeyPress, QEvent.Type.MouseButtonPress, QEvent.Type.MouseMove, QEvent.Type.Wheel,
    QEvent.Type.TouchBegin, QEvent.Type.TabletPress,
))


class LockDialog(QDialog):
    """Modal; cannot be closed or escaped, only unlocked with the password."""

    unlocked = Signal()

    def __init__(self, ctx: UiContext, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.ctx = ctx
        self.setWindowTitle("已锁定")
        self.setModal(True)
        self.setWindowFlag(Qt.WindowType.WindowCloseButtonHint, False)
        layout = QVBoxLayout(self)
        layout.addWidget(QLabel(f"政务公开工作台已锁定（操作员：{ctx.operator}）。\n请输入锁屏密码解锁。"))
        self.password = QLineEdit()
        self.password.setEchoMode(QLineEdit.EchoMode.Password)
        self.password.setPlaceholderText("锁屏密码")
        layout.addWidget(self.password)
        self.error = QLabel()
        self.error.setStyleSheet("color:#b42318")
        layout.addWidget(self.error)
        self.button = QPushButton("解锁")
        self.button.setDefault(True)  # Enter in the password field unlocks
        self.button.clicked.connect(self.try_unlock)
        layout.addWidget(self.button)
        self.failures = 0

    def try_unlock(self) -> bool:
        from app.core import security

        text = self.password.text()
        self.password.clear()
        try:
            with self.ctx.read_session() as s:
                ok = security.verify_password(s, text)
            with self.ctx.session() as s:
                security.record_unlock(s, ok)
        except UserError as exc:  # e.g. the database is busy: stay locked, say why
            self.error.setText(exc.message)
            return False
        if not ok:
            self.failures += 1
            self.error.setText(f"密码不正确（已错误 {self.failures} 次）。")
            return False
        self.unlocked.emit()
        super().accept()
        return True

    def reject(self) -> None:  # Esc and the close button do not unlock
        pass

    def accept(self) -> None:
        self.try_unlock()


class IdleLock(QObject):
    """Watches the application's input; locks the window after `idle_minutes` without any."""

    locked = Signal()
    unlocked = Signal()

    def __init__(self, ctx: UiContext, window: QWidget) -> None:
        super().__init__(window)
        self.ctx = ctx
        self.window = window
        self.dialog: LockDialog | None = None
        self.enabled = False
        self.timer = QTimer(self)
        self.timer.setSingleShot(True)
        self.timer.timeout.connect(self.lock)
        app = QApplication.instance()
        if app is not None:
            app.installEventFilter(self)
        self.loaded = False  # the settings have been read once
        # First read after the window's first paint and off the UI thread (the first ORM read loads
        # SQLAlchemy and the models); the lock only ever starts after minutes of idle time, so nothing is
        # left unprotected meanwhile.
        ctx.after_first_paint(AFTER_PAINT_READS_MS, self, self._load_in_background)

    @property
    def is_locked(self) -> bool:
        return self.dialog is not None

    def reload(self) -> None:
        """Read the password and idle minutes from the settings (after changes)."""
        from app.core import security

        try:
            with self.ctx.read_session() as s:
                status = security.status(s)
        except UserError as exc:
            log.warning("idle lock settings unavailable: %s", exc)
            return
        self._apply(status)

    def _load_in_background(self) -> None:
        def work(progress, db):
            from app.core import security

            with db.read_session() as s:
                return security.status(s)

        def failed(exc) -> bool:
            if isinstance(exc, UserError):
                log.warning("idle lock settings unavailable: %s", exc)
                return True
            return False

        def done(status) -> None:
            if shiboken6.isValid(self) and not self.loaded:  # a reload after a change is newer
                self._apply(status)

        self.ctx.jobs.run(work, self.ctx.db, show_progress=False, read_only=True, on_done=done, on_error=failed)

    def _apply(self, status) -> None:
        self.enabled = status.has_password
        self.loaded = True
        self.timer.setInterval(status.idle_minutes * 60_000)
        if self.enabled and not self.is_locked:
            self.timer.start()
        elif not self.enabled:
            self.timer.stop()

    def eventFilter(self, obj, event) -> bool:
        if self.enabled and not self.is_locked and int(event.type()) in INPUT_EVENTS:
            self.timer.start()  # restart the idle countdown
        return False

    def lock(self) -> None:
        if not self.enabled or self.is_locked:
            return
        central = self.window.centralWidget() if hasattr(self.window, "centralWidget") else None
        if central is not None:
            central.setVisible(False)  # nothing readable behind the dialog
        self.dialog = LockDialog(self.ctx, self.window)
        self.dialog.unlocked.connect(self._on_unlocked)
        self.locked.emit()
        self.dialog.open()

    def _on_unlocked(self) -> None:
        central = self.window.centralWidget() if hasattr(self.window, "centralWidget") else None
        if central is not None:
            central.setVisible(True)
        self.dialog = None
        self.unlocked.emit()
        if self.enabled:
            self.timer.start()

    def uninstall(self) -> None:
        app = QApplication.instance()
        if app is not None:
            app.removeEventFilter(self)
        self.timer.stop()


def install_idle_lock(ctx: UiContext, window) -> IdleLock:
    """Wire the idle lock into the main window (called once from ui/main.py); Ctrl+L locks at once."""
    idle = IdleLock(ctx, window)
    window._idle_lock = idle  # keep it alive with the window
    ctx.bus.data_changed.connect(lambda area: idle.reload() if area in ("security", "all") else None)
    action = QAction("锁定", window)
    action.setShortcut(QKeySequence("Ctrl+L"))
    action.triggered.connect(idle.lock)
    window.addAction(action)
    return idle

"""The main window: navigation on the left, one screen at a time, a status bar, remembered geometry."""

from __future__ import annotations

import importlib
import logging
from typing import TYPE_CHECKING

import shiboken6
from PySide6.QtCore import QEvent, QSize, QTimer
from PySide6.QtGui import QAction, QIcon
from PySide6.QtWidgets import (
    QHBoxLayout,
    QLabel,
    QListWidget,
    QListWidgetItem,
    QMainWindow,
    QStackedWidget,
    QWidget,
)

from app.paths import resource_path
from ui import preferences
from ui.navigation import SCREENS
from ui.widgets.screen import Screen

if TYPE_CHECKING:
    from ui.context import UiContext

log = logging.getLogger(__name__)

NAV_ICONS = {
    "工作台": "dashboard", "依申请公开": "register", "工作台账": "ledger", "负面清单": "negative",
    "公开目录": "catalogue", "区分处理": "redaction", "年度报告": "report", "数据交换": "exchange",
    "设置": "settings",
}


class MainWindow(QMainWindow):
    painted = False  # set once the window has first painted (class default: events come during __init__)

    def __init__(self, ctx: UiContext) -> None:
        super().__init__()
        self.ctx = ctx
        self.setWindowTitle("政务公开工作台")
        icon = resource_path("icons", "gongkai.svg")
        if icon.exists():
            self.setWindowIcon(QIcon(str(icon)))
        self.screens: dict[str, Screen] = {}
        self._backup_running = False
        self._after_paint: list = []  # (delay_ms, receiver, fn) waiting for the first paint
        self._build()
        self._restore_geometry()
        ctx.bus.navigate_requested.connect(self.navigate)
        ctx.bus.status_changed.connect(self.update_status)
        ctx.bus.data_changed.connect(lambda _area: self.update_status())
        self.update_status()
        # The start-up check is quick; the full one (every row against its audited state) runs in the
        # background shortly after, so an edit made outside the program shows in the status bar.
        self.after_first_paint(3000, self, self._background_check)
        # A window that is never painted (kept hidden) still gets its background work, later.
        QTimer.singleShot(15_000, self, lambda: None if self.painted else self._flush_after_paint())
        self._backup_timer = QTimer(self)
        self._backup_timer.timeout.connect(self._daily_backup)
        self._backup_timer.start(60 * 60 * 1000)

    # -- layout ---------------------------------------------------------------------------------
    def _build(self) -> None:
        central = QWidget()
        layout = QHBoxLayout(central)
        layout.setContentsMargins(0, 0, 0, 0)
        layout.setSpacing(0)
        self.nav = QListWidget()
        self.nav.setObjectName("navigation")
        self.nav.setFixedWidth(148)
        self.nav.setIconSize(QSize(20, 20))
        self.stack = QStackedWidget()
        for title, _module, _cls in SCREENS:
            item = QListWidgetItem(title)
            # Every screen has its icon: a missing one is a KeyError or a missing file, never a blank entry.
            icon = resource_path("icons", f"{NAV_ICONS[title]}.svg")
            if not icon.exists():
                raise FileNotFoundError(icon)
            item.setIcon(QIcon(str(icon)))
            item.setSizeHint(QSize(140, 44))
            self.nav.addItem(item)
            self.stack.addWidget(QWidget())  # placeholder until first shown (lazy screens)
        self.nav.currentRowChanged.connect(self._show_row)
        layout.addWidget(self.nav)
        layout.addWidget(self.stack, 1)
        self.setCentralWidget(central)
        self.status_db = QLabel()
        self.status_backup = QLabel()
        self.status_operator = QLabel()
        self.status_check = QLabel()
        for w in (self.status_db, self.status_backup, self.status_operator, self.status_check):
            self.statusBar().addPermanentWidget(w)
        quit_action = QAction("退出", self)
        quit_action.setShortcut("Ctrl+Q")
        quit_action.triggered.connect(self.close)
        self.addAction(quit_action)
        self.setStyleSheet(STYLE)
        # The first screen is built and filled once the window has painted: its counts read whole tables.
        # (The window is the timer's context: a window deleted before the loop runs gets no call.)
        QTimer.singleShot(0, self, self._show_first_screen)

    def _show_first_screen(self) -> None:
        if self.nav.currentRow() < 0:
            self.nav.setCurrentRow(0)

    def after_first_paint(self, delay_ms: int, receiver, fn) -> None:
        """Run fn delay_ms after the window has first painted (at once if it has): background work that
        competes for the CPU and the GIL (counts, checks, backups) never delays the window's first paint,
        however long the start took."""
        if self.painted:
            QTimer.singleShot(delay_ms, receiver, fn)
        else:
            self._after_paint.append((delay_ms, receiver, fn))

    def event(self, event) -> bool:
        if not self.painted and event.type() == QEvent.Type.Paint:
            self._flush_after_paint()
        return super().event(event)

    def _flush_after_paint(self) -> None:
        self.painted = True
        waiting, self._after_paint = self._after_paint, []
        for delay_ms, receiver, fn in waiting:
            QTimer.singleShot(delay_ms, receiver, fn)

    def screen(self, title: str) -> Screen:  # type: ignore[override]  # hides QWidget.screen(): the window's own lookup by title
        """The screen widget of a navigation title, created on first use."""
        if title in self.screens:
            return self.screens[title]
        for row, (t, module, cls) in enumerate(SCREENS):
            if t == title:
                widget_cls = getattr(importlib.import_module(module), cls)
                widget = widget_cls(self.ctx)
                old = self.stack.widget(row)
                if old is not None:
                    self.stack.removeWidget(old)
                    old.deleteLater()
                self.stack.insertWidget(row, widget)
                self.screens[title] = widget
                return widget
        raise KeyError(title)

    def _show_row(self, row: int) -> None:
        if row < 0:
            return
        title = SCREENS[row][0]
        widget = self.screen(title)
        self.stack.setCurrentIndex(row)
        if isinstance(widget, Screen):
            widget.refresh()

    def navigate(self, title: str, filter_key: str = "") -> None:
        """Show a screen, filtered as a 工作台 card says: a title or filter no screen knows is an error."""
        titles = [t for t, _m, _c in SCREENS]
        if title not in titles:
            raise KeyError(f"no screen titled {title!r}")
        self.nav.setCurrentRow(titles.index(title))
        widget = self.screen(title)
        if filter_key:
            widget.apply_filter_key(filter_key)

    # -- status ---------------------------------------------------------------------------------
    def update_status(self) -> None:
        from app.storage.backup import last_backup_time

        if not shiboken6.isValid(self):
            return  # a background job (check, backup) ended after the window was closed and deleted
        db = self.ctx.db
        self.status_db.setText(f"数据库：{db.display_name}")
        last = last_backup_time() if db.is_sqlite else None
        self.status_backup.setText((f"最近备份：{last:%Y-%m-%d %H:%M}" if last else "最近备份：无")
                                   + ("（正在备份…）" if self._backup_running else ""))
        self.status_backup.setToolTip("")
        self.status_operator.setText(f"操作员：{self.ctx.operator}")
        problem = getattr(self.ctx, "startup_problem", None)
        self.status_check.setText("⚠ 审计检查发现问题" if problem else "审计链正常")
        self.status_check.setToolTip(problem or "启动时快速检查通过")
        self.status_check.setStyleSheet("color:#b42318;font-weight:bold" if problem else "color:#067647")

    def _background_check(self) -> None:
        from app.core.integrity import run_check

        def work(progress, db):
            from app.core.jobs import interruptible

            with db.read_session() as s, interruptible(s, lambda: progress.cancelled):
                return run_check(s)

        def done(report) -> None:
            if not shiboken6.isValid(self):
                return  # the window was closed and deleted while the check ran
            if not report.ok and not getattr(self.ctx, "startup_problem", None):
                self.ctx.startup_problem = report.problems[0]
                if report.problems[0].startswith("数据库文件完整性") or report.problems[0].startswith("数据库外键"):
                    from ui.restore import offer_restore  # a damaged file: offer the latest good backup

                    offer_restore(self.ctx, self)
            self.update_status()

        def failed(exc: BaseException) -> bool:
            log.warning("background check failed: %s", exc)
            return True  # handled: logged, not shown

        self.ctx.jobs.run(work, self.ctx.db, show_progress=False, read_only=True, cancel_on_close=True, on_done=done,
                          on_error=failed)

    def _daily_backup(self) -> None:
        from app.storage.backup import daily_backup_if_due

        def work(progress, db):
            return daily_backup_if_due(db, cancelled=lambda: progress.cancelled)

        def failed(exc: BaseException) -> bool:
            log.warning("daily backup failed: %s", exc)
            return True  # handled: logged, not shown

        self.ctx.jobs.run(work, self.ctx.db, show_progress=False, housekeeping=True,
                          on_done=lambda _p: self.update_status(), on_error=failed)

    def startup_backup(self) -> None:
        """The backup taken at every start, in the background once the window is up: a whole-file copy and
        its integrity check take tens of seconds at county scale (the window used to wait for them)."""
        from app.errors import UserError
        from app.storage.backup import automatic_backup

        def work(progress, db):
            return automatic_backup(db, reason="startup", cancelled=lambda: progress.cancelled)

        def done(_path) -> None:
            self._backup_running = False
            self.update_status()

        def failed(exc) -> bool:
            self._backup_running = False
            self.update_status()
            if isinstance(exc, UserError):
                log.warning("start-up backup failed: %s", exc)
                self.status_backup.setText(self.status_backup.text() + "（启动备份失败）")
                self.status_backup.setToolTip(exc.message)
                return True
            return False  # a bug: the crash dialog

        self._backup_running = True
        self.update_status()
        self.ctx.jobs.run(work, self.ctx.db, show_progress=False, housekeeping=True, on_done=done, on_error=failed)

    # -- geometry -------------------------------------------------------------------------------
    def _restore_geometry(self) -> None:
        geometry = preferences.value("window.geometry")
        if geometry is not None:
            self.restoreGeometry(geometry)
        else:
            self.resize(1280, 800)

    def closeEvent(self, event) -> None:
        preferences.set_value("window.geometry", bytes(self.saveGeometry().data()))
        # An automatic backup still copying, or the background check still reading (tens of seconds each
        # at county scale), stops; the backup leaves no file and the next start takes both again. The
        # clerk's own jobs are waited for.
        self.ctx.jobs.cancel_background_work()
        self.ctx.jobs.wait(30_000)
        super().closeEvent(event)


STYLE = """
QListWidget#navigation { background: #1f3a5f; color: #e8eef6; border: none; font-size: 15px; padding-top: 8px; }
QListWidget#navigation::item { padding-left: 10px; }
QListWidget#navigation::item:selected { background: #c8102e; color: white; }
QListWidget#navigation::item:hover:!selected { background: #2d4f7c; }
QStatusBar QLabel { padding: 0 8px; color: #344054; }
"""


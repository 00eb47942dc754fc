"""Start the window: logging, Qt's Chinese translations, one instance per database, backups, checks."""

from __future__ import annotations

import gc
import logging
import sys
import traceback
from typing import TYPE_CHECKING, cast

from PySide6.QtCore import (
    QLibraryInfo,
    QLocale,
    QLockFile,
    QTranslator,
)
from PySide6.QtGui import QFont, QFontDatabase
from PySide6.QtWidgets import QApplication, QInputDialog, QMessageBox

from app.errors import UserError
from app.logs import setup_logging

if TYPE_CHECKING:
    from app.storage.db import Database
    from ui.context import UiContext
    from ui.main_window import MainWindow

log = logging.getLogger(__name__)

UI_FONTS = ["Microsoft YaHei UI", "Microsoft YaHei", "PingFang SC", "Noto Sans CJK SC", "Source Han Sans SC",
            "WenQuanYi Micro Hei", "WenQuanYi Zen Hei", "AR PL UMing CN"]


def make_application(argv: list[str] | None = None) -> QApplication:
    app = cast("QApplication | None", QApplication.instance()) or QApplication(argv or sys.argv[:1])  # only ever a QApplication
    app.setApplicationName("政务公开工作台")
    app.setOrganizationName("gongkai")
    from ui.widgets.table_view import SortArrowStyle

    if not isinstance(app.style(), SortArrowStyle):
        app.setStyle(SortArrowStyle(app.style().name()))  # sort arrows as Windows users read them
    QLocale.setDefault(QLocale(QLocale.Language.Chinese, QLocale.Country.China))
    translator = QTranslator(app)
    if translator.load(QLocale(QLocale.Language.Chinese, QLocale.Country.China), "qtbase", "_",
                       QLibraryInfo.path(QLibraryInfo.LibraryPath.TranslationsPath)):
        app.installTranslator(translator)
        app._gongkai_translator = translator  # type: ignore[attr-defined]  # a Python attribute keeps it alive
    families = set(QFontDatabase.families())
    for name in UI_FONTS:
        if name in families:
            font = QFont(name)
            font.setPointSize(10)
            app.setFont(font)
            break
    return app


def create_main_window(db: Database, operator: str) -> tuple[UiContext, MainWindow]:
    """The window over an open database (no dialogs): used by main() and the tests."""
    from app.core.integrity import chain_head_problem, flagged_damage
    from ui.context import UiContext
    from ui.main_window import MainWindow

    holder: dict = {}
    ctx = UiContext(db, operator, window_getter=lambda: holder.get("w"))
    # Instant checks only before the first paint (two reads over a plain DB-API connection: on SQLite
    # neither SQLAlchemy nor the models are loaded yet); SQLite's quick_check (which reads the whole
    # file) and the comparison of every row with its audit state follow in the background.
    ctx.startup_problem = flagged_damage(db) or chain_head_problem(db)
    window = MainWindow(ctx)
    holder["w"] = window
    return ctx, window


STARTUP_BACKUP_DELAY_MS = 2000  # after the first paint: once the dashboard's counts have started


def start_window(db: Database, operator: str) -> tuple[UiContext, MainWindow]:
    """From an open database to the window, ready to show, as the program starts (main() and
    bench/measure_startup.py): nothing here reads the whole file. The start-up backup and the first-run
    profile dialog follow once the event loop runs."""
    ctx, window = create_main_window(db, operator)
    from ui.lock import install_idle_lock
    from ui.restore import offer_restore

    install_idle_lock(ctx, window)  # the optional operator password lock after idle time
    if ctx.startup_problem:
        offer_restore(ctx, window)
    from ui.context import AFTER_PAINT_READS_MS

    window.after_first_paint(AFTER_PAINT_READS_MS, window, lambda: _first_run(ctx, window))
    if db.path is not None:
        window.after_first_paint(STARTUP_BACKUP_DELAY_MS, window, window.startup_backup)
    _freeze_startup_objects()
    return ctx, window


_FROZEN = False


def _freeze_startup_objects() -> None:
    """What start-up created (modules, classes, the ORM mappers, the window) lives as long as the process:
    move it out of the garbage collector's reach once. Every full collection (and the ones at exit) then
    walks only what the clerk's work allocates — otherwise ~100,000 objects, ~70 ms per full pass."""
    global _FROZEN
    if not _FROZEN:
        _FROZEN = True
        gc.freeze()


def _first_run(ctx: UiContext, window: MainWindow) -> None:
    """No office profile yet: the first-run dialog over the window (the profile is looked up off the UI
    thread: the first ORM read loads SQLAlchemy and the models)."""

    def work(progress, db):
        from app.core.profile import has_profile

        with db.read_session() as s:
            return has_profile(s)

    def done(has: bool) -> None:
        import shiboken6

        if has or not shiboken6.isValid(window):
            return
        data = run_setup_wizard(window)
        if data is not None:
            from app.core.profile import save_profile

            with ctx.session() as s:
                save_profile(s, data)
            ctx.changed("profile")

    ctx.jobs.run(work, ctx.db, show_progress=False, read_only=True, on_done=done)


def run_setup_wizard(parent=None) -> dict | None:
    """The set-up wizard (ui/settings/setup_wizard.py): the profile to save, or None when cancelled."""
    from PySide6.QtWidgets import QDialog

    from ui.settings.setup_wizard import SetupWizard

    wizard = SetupWizard(parent)
    if wizard.exec() != QDialog.DialogCode.Accepted:
        return None
    return wizard.profile_data()


def missing_database_file(db: str | None) -> bool:
    """True when ``db`` (None: the default) names a SQLite file that does not exist yet."""
    from pathlib import Path

    from app.storage.db import normalize_url

    url = normalize_url(db)
    return url.startswith("sqlite:///") and not Path(url[len("sqlite:///"):]).exists()


def _install_excepthook() -> None:
    def hook(exc_type, exc, tb) -> None:
        text = "".join(traceback.format_exception(exc_type, exc, tb))
        log.error("uncaught exception: %s", text)
        if QApplication.instance() is None:
            sys.__excepthook__(exc_type, exc, tb)
            return
        if isinstance(exc, UserError):
            QMessageBox.warning(None, "提示", exc.message)
            return
        from ui.crash import show_crash_dialog

        show_crash_dialog(exc, text)

    sys.excepthook = hook


def _choose_operator(default: str) -> str | None:
    from ui import preferences

    recent = [o for o in preferences.value("operators.recent") if o]
    if default and default not in recent:
        recent.insert(0, default)
    name, ok = QInputDialog.getItem(None, "选择操作员", "操作员姓名（记入审计日志）：", recent or [default], 0, True)
    if not ok or not name.strip():
        return None
    name = name.strip()
    preferences.set_value("operators.recent", [name] + [o for o in recent if o != name][:9])
    return name


def main(db: str | None = None, operator: str | None = None, demo: bool = False) -> int:
    from app.paths import display_problem, private_files

    problem = display_problem()
    if problem:  # before QApplication: Qt would abort with a misleading message about a missing library
        sys.stderr.write(problem + "\n")
        return 3
    private_files()  # owner-only files (docs/security.md)
    log_file = setup_logging()
    app = make_application()
    _install_excepthook()
    from app.storage.db import Database

    if demo and db is None:
        from app.paths import data_dir

        db = str(data_dir() / "gongkai-demo.sqlite3")  # the sample office never touches the real register
    # A database is made only by the first-run set-up (or `init` / `demo` on the command line): a new file
    # is created once the clerk has said what the office is, never for a mistyped path left unanswered.
    creating = missing_database_file(db) and not demo
    profile_data = run_setup_wizard() if creating else None
    if creating and profile_data is None:
        return 0
    try:
        database = Database.open(db)
    except UserError as exc:
        QMessageBox.critical(None, "无法打开数据库", exc.message + f"\n\n日志：{log_file}")
        return 3
    lock = None
    if database.path is not None:
        lock = QLockFile(str(database.path) + ".lock")
        lock.setStaleLockTime(0)
        if not lock.tryLock(200):
            QMessageBox.information(None, "已在运行", f"数据库“{database.path}”已在另一个窗口中打开，请切换到那个窗口。")
            return 1
    name = operator
    if not name:  # not given with --operator: ask, offering the recent ones
        from app.storage.db import default_operator

        name = _choose_operator(default_operator())
        if name is None:
            return 0
    if profile_data is not None:
        from app.core.profile import save_profile

        with database.session(operator=name) as s:
            save_profile(s, profile_data)
    if demo:
        _fill_demo(app, database, name)
    _ctx, window = start_window(database, name)  # the start-up backup follows in the background
    window.show()
    code = app.exec()
    database.dispose()
    if lock is not None:
        lock.unlock()
    return code


def _fill_demo(app, database, operator: str) -> None:
    from PySide6.QtWidgets import QProgressDialog

    from app.core.profile import has_profile
    from app.workbench.demo import build_demo

    with database.read_session() as s:
        if has_profile(s):
            return
    dialog = QProgressDialog("正在生成示例县级机关数据…", "", 0, 0)
    dialog.setCancelButton(None)
    dialog.setWindowTitle("示例数据")
    dialog.show()
    app.processEvents()
    try:
        build_demo(database, operator=operator)
    finally:
        dialog.close()


if __name__ == "__main__":
    sys.exit(main())

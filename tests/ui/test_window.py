"""The main window starts offscreen, shows every screen, and the dashboard reflects the database."""

from __future__ import annotations

import pytest

pytest.importorskip("PySide6")


@pytest.fixture
def window(qtbot, db):
    from ui.main import create_main_window, make_application

    make_application()
    ctx, win = create_main_window(db, "测试员")
    qtbot.addWidget(win)
    win.show()
    yield ctx, win
    ctx.jobs.wait(10_000)


def test_window_has_every_navigation_entry(window):
    from ui.navigation import SCREENS

    _ctx, win = window
    titles = [win.nav.item(i).text() for i in range(win.nav.count())]
    assert titles == [t for t, _m, _c in SCREENS]
    assert titles[:3] == ["工作台", "依申请公开", "工作台账"]
    assert win.windowTitle() == "政务公开工作台"


def test_every_screen_opens(window):
    from ui.navigation import SCREENS

    _ctx, win = window
    for row, (title, _m, _c) in enumerate(SCREENS):
        win.nav.setCurrentRow(row)
        assert win.stack.currentWidget() is win.screen(title)


def test_status_bar_names_database_and_operator(window):
    ctx, win = window
    assert ctx.db.display_name in win.status_db.text()
    assert "测试员" in win.status_operator.text()
    assert win.status_check.text() == "审计链正常"


def test_dashboard_heading_shows_office(window, qtbot):
    _ctx, win = window
    dash = win.screen("工作台")
    dash.refresh()  # the name is read with the counts, off the UI thread
    qtbot.waitUntil(lambda: dash.heading.text() == "测试县人民政府办公室", timeout=10000)


def test_status_shows_tampering_at_start(qtbot, db):
    from sqlalchemy import text

    from ui.main import create_main_window, make_application

    with db.engine.begin() as conn:
        conn.execute(text("UPDATE audit_log SET operator = '别人' WHERE seq = 1"))
        conn.execute(text("UPDATE audit_head SET hash = 'x' WHERE id = 1"))
    make_application()
    ctx, win = create_main_window(db, "测试员")
    qtbot.addWidget(win)
    assert ctx.startup_problem
    assert "问题" in win.status_check.text()


def test_profile_tab_rejects_bad_code_and_keeps_data(qtbot, db):
    from app.core.profile import get_own_office
    from ui.context import UiContext
    from ui.settings.profile import ProfileSettingsTab

    ctx = UiContext(db, "测试员")
    tab = ProfileSettingsTab(ctx)
    qtbot.addWidget(tab)
    tab.form.edits["org_code"].setText("91330100MA27XYZ12A")
    assert tab.save() is False
    assert "校验位" in tab.form.error.text() or "字符" in tab.form.error.text()
    with db.read_session() as s:
        assert get_own_office(s).name == "测试县人民政府办公室"


def test_job_runner_returns_result_on_main_thread(qtbot, db):
    from ui.context import UiContext

    ctx = UiContext(db, "测试员")
    results = []

    def work(progress, n):
        progress.update(1, 2, "一半")
        return n * 2

    ctx.jobs.run(work, 21, show_progress=False, on_done=results.append)
    qtbot.waitUntil(lambda: results == [42], timeout=5000)


def test_job_runner_brings_user_errors_back(qtbot, db):
    from app.errors import UserError
    from ui.context import UiContext

    ctx = UiContext(db, "测试员")
    errors = []

    def work(progress):
        raise UserError("出错了")

    ctx.jobs.run(work, show_progress=False, on_error=lambda exc: errors.append(exc) or True)
    qtbot.waitUntil(lambda: len(errors) == 1, timeout=5000)
    assert errors[0].message == "出错了"


def test_dashboard_card_click_opens_filtered_screen(window, qtbot):
    from PySide6.QtCore import QPointF, Qt
    from PySide6.QtGui import QMouseEvent

    _ctx, win = window
    dash = win.screen("工作台")
    dash.refresh()
    qtbot.waitUntil(lambda: "正在统计" not in dash.subheading.text(), timeout=10000)
    card = next(c for c in dash.cards if c.item.screen == "依申请公开")
    requested = []
    _ctx.bus.navigate_requested.connect(lambda s, k: requested.append((s, k)))
    pos = QPointF(5, 5)
    release = QMouseEvent(QMouseEvent.Type.MouseButtonRelease, pos, pos, Qt.MouseButton.LeftButton,
                          Qt.MouseButton.NoButton, Qt.KeyboardModifier.NoModifier)
    card.mouseReleaseEvent(release)
    assert requested == [("依申请公开", card.item.filter_key)]
    assert win.stack.currentWidget() is win.screen("依申请公开")


def test_every_dashboard_card_names_a_screen_that_knows_its_filter(window):
    import datetime as dt

    from app.workbench.dashboard import collect

    ctx, win = window
    with ctx.db.read_session() as s:
        items = [i for section in collect(s, dt.date.today()) for i in section.items if i.screen]
    assert {i.screen for i in items} == {"依申请公开", "数据交换", "工作台账", "负面清单", "公开目录", "区分处理"}
    for item in items:
        win.navigate(item.screen, item.filter_key or "")
        assert win.stack.currentWidget() is win.screen(item.screen)
    ctx.jobs.wait(10_000)
    # Once a title no screen has was ignored and a screen without apply_filter_key opened unfiltered.
    with pytest.raises(KeyError):
        win.navigate("不存在的页面")
    with pytest.raises(KeyError, match="no filter"):
        win.navigate("年度报告", "due_today")


def test_qt_standard_dialogs_are_chinese(window):
    from PySide6.QtCore import QCoreApplication

    # Qt's own zh_CN translations are loaded: standard buttons of message boxes read 取消 / 是(&Y).
    assert QCoreApplication.translate("QPlatformTheme", "Cancel") == "取消"
    assert QCoreApplication.translate("QPlatformTheme", "&Yes") == "是(&Y)"


def test_background_check_shows_rows_changed_outside(qtbot, db):
    from sqlalchemy import text

    from ui.main import create_main_window, make_application

    with db.engine.begin() as conn:
        conn.execute(text("UPDATE office SET court = '别的法院'"))
    make_application()
    ctx, win = create_main_window(db, "测试员")
    qtbot.addWidget(win)
    assert ctx.startup_problem is None  # the quick start-up check does not read every row
    win._background_check()
    qtbot.waitUntil(lambda: ctx.startup_problem is not None, timeout=10000)
    assert "office" in win.status_check.toolTip()
    ctx.jobs.wait(5000)


def test_closing_the_window_stops_an_automatic_backup(window):
    """A start-up or daily backup still copying, and the background check still reading (tens of seconds
    each at county scale), are cancelled on close, so the window closes at once; the clerk's own jobs
    are still waited for."""
    import threading
    import time

    from app.errors import Cancelled

    ctx, win = window
    started, ended = threading.Event(), []

    def housekeeping(progress):
        started.set()
        deadline = time.monotonic() + 20
        while not progress.cancelled and time.monotonic() < deadline:
            time.sleep(0.01)
        ended.append(progress.cancelled)
        raise Cancelled()

    def clerk_job(progress):
        time.sleep(0.3)
        ended.append("clerk")

    def background_check(progress, db):
        from sqlalchemy import text

        from app.core.jobs import interruptible

        try:
            with db.read_session() as s, interruptible(s, lambda: progress.cancelled):
                checking.set()
                s.execute(text("WITH RECURSIVE n(i) AS (SELECT 1 UNION ALL SELECT i + 1 FROM n "
                               "WHERE i < 2000000000) SELECT count(*) FROM n")).scalar()
        except Cancelled:
            ended.append("check stopped")
            raise

    checking = threading.Event()
    ctx.jobs.run(housekeeping, show_progress=False, housekeeping=True)
    ctx.jobs.run(background_check, ctx.db, show_progress=False, read_only=True, cancel_on_close=True)
    assert started.wait(5) and checking.wait(5)
    ctx.jobs.run(clerk_job, show_progress=False)
    began = time.monotonic()
    win.close()
    assert time.monotonic() - began < 5
    assert sorted(map(str, ended)) == ["True", "check stopped", "clerk"]


def test_backup_now_writes_a_checked_copy(qtbot, db, tmp_path, monkeypatch):
    if not db.is_sqlite:
        pytest.skip("SQLite backups")
    from PySide6.QtWidgets import QFileDialog

    from app.storage.backup import verify_backup_file
    from ui.context import UiContext
    from ui.settings.backups import BackupsSettingsTab

    ctx = UiContext(db, "测试员")
    tab = BackupsSettingsTab(ctx)
    qtbot.addWidget(tab)
    out = tmp_path / "手动备份.sqlite3"
    monkeypatch.setattr(QFileDialog, "getSaveFileName", lambda *a, **k: (str(out), ""))
    tab.backup_now()
    qtbot.waitUntil(lambda: "已备份到" in tab.result.text(), timeout=10_000)
    assert verify_backup_file(out)


def test_a_check_that_ends_after_the_window_is_gone_is_ignored(qtbot, db):
    """The background integrity check (and the backups) report to the status bar; when the window was
    closed and deleted meanwhile, the late answer is dropped instead of touching deleted labels."""
    import shiboken6

    from ui.main import create_main_window, make_application

    make_application()
    ctx, win = create_main_window(db, "测试员")
    win._background_check()
    assert ctx.jobs.wait(10_000)  # the answer is queued for the event loop …
    shiboken6.delete(win)  # … which runs only after the window is gone
    qtbot.wait(100)

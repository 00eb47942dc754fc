"""The window's start path: nothing that reads the whole file before the first paint; backups follow it."""

from __future__ import annotations

import pytest

pytest.importorskip("PySide6")


@pytest.fixture
def started(qtbot, db, monkeypatch):
    import ui.main
    from ui.main import make_application, start_window

    monkeypatch.setattr(ui.main, "_FROZEN", True)  # gc.freeze() is for the program, not the test process
    monkeypatch.setattr(ui.main, "STARTUP_BACKUP_DELAY_MS", 0)
    make_application()
    ctx, win = start_window(db, "测试员")
    qtbot.addWidget(win)
    yield ctx, win
    ctx.jobs.wait(20_000)


def _startup_backups():
    from app.services.backup import list_backups

    return [p for p in list_backups() if p.name.endswith("-startup.sqlite3")]


def test_startup_backup_waits_for_the_first_paint_then_runs_in_the_background(started, qtbot):
    _ctx, win = started
    assert _startup_backups() == []  # nothing copied before the window is up
    assert not win.painted
    win.show()
    qtbot.waitUntil(lambda: win.painted, timeout=5000)
    qtbot.waitUntil(lambda: len(_startup_backups()) == 1, timeout=20_000)
    qtbot.waitUntil(lambda: "正在备份" not in win.status_backup.text(), timeout=5000)
    assert win.status_backup.text().startswith("最近备份：") and "无" not in win.status_backup.text()


def test_work_queued_for_after_the_first_paint_runs_once_painted(started, qtbot):
    _ctx, win = started
    ran = []
    win.after_first_paint(0, win, lambda: ran.append("queued"))
    assert ran == []
    win.show()
    qtbot.waitUntil(lambda: ran == ["queued"], timeout=5000)
    win.after_first_paint(0, win, lambda: ran.append("later"))  # already painted: a plain timer
    qtbot.waitUntil(lambda: ran == ["queued", "later"], timeout=5000)


def test_navigation_builds_every_screen_after_start(started, qtbot):
    from ui.screens import SCREENS

    _ctx, win = started
    win.show()
    qtbot.waitUntil(lambda: win.painted, timeout=5000)
    for title, _m, _c in SCREENS:
        win.navigate(title)
        assert win.stack.currentWidget() is win.screen(title)

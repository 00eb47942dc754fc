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
    from app.storage.backup import list_backups

    return [p for p in list_backups() if p.name.endswith("-startup.sqlite3")]


@pytest.mark.sqlite_only  # the start-up backup copies a SQLite file; PostgreSQL has none
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
    from ui.navigation import SCREENS

    _ctx, win = started
    win.show()
    qtbot.waitUntil(lambda: win.painted, timeout=5000)
    for title, _m, _c in SCREENS:
        win.navigate(title)
        assert win.stack.currentWidget() is win.screen(title)


FIRST_PAINT_PROBE = """
import sys
from PySide6.QtCore import QEvent, QObject, QTimer
from app.storage.db import Database
from ui.main import make_application, start_window

app = make_application(sys.argv[:1])
db = Database.open(sys.argv[1])
ctx, window = start_window(db, "测试员")
seen = {}

class FirstPaint(QObject):
    def eventFilter(self, obj, event):
        if event.type() == QEvent.Type.Paint and not seen:
            seen["sqlalchemy"] = "sqlalchemy" in sys.modules
            seen["models"] = "app.storage.models" in sys.modules
            QTimer.singleShot(0, app.quit)
        return False

watch = FirstPaint()
app.installEventFilter(watch)
QTimer.singleShot(20_000, app.quit)
window.show()
app.exec()
print(seen, ctx.startup_problem)
"""


@pytest.mark.sqlite_only  # on PostgreSQL the start-up reads go through SQLAlchemy's engine
def test_nothing_loads_sqlalchemy_before_the_first_paint(db, tmp_path):
    """Importing SQLAlchemy and the models (~0.4 s) was most of the window's cold start: on a SQLite file
    at head, Database.open and the start-up checks use the sqlite3 module; ORM reads follow the paint."""
    import os
    import subprocess
    import sys

    path = db.path
    db.dispose()
    env = dict(os.environ, QT_QPA_PLATFORM="offscreen", GONGKAI_HOME=str(tmp_path / "home"))
    out = subprocess.run([sys.executable, "-c", FIRST_PAINT_PROBE, str(path)], capture_output=True, text=True,
                         env=env, timeout=60, check=False)
    assert out.returncode == 0, out.stderr
    assert out.stdout.strip().splitlines()[-1] == "{'sqlalchemy': False, 'models': False} None"

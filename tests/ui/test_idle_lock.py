"""The 安全 settings tab and the idle lock: hashed password set in the UI, lock after idle time, unlock only
with the right password (each attempt audited), input keeps the window unlocked."""

from __future__ import annotations

from PySide6.QtCore import QEvent, QPointF, Qt
from PySide6.QtGui import QMouseEvent
from PySide6.QtWidgets import QApplication, QLabel, QMainWindow
from sqlalchemy import select

from app.core import security
from app.storage.models.core import AuditEntry


def _ctx(db, window_holder):
    from ui.context import UiContext

    return UiContext(db, "测试员", window_getter=lambda: window_holder.get("w"))


def _window(qtbot, holder):
    window = QMainWindow()
    window.setCentralWidget(QLabel("申请人：张三 13812345678"))
    holder["w"] = window
    qtbot.addWidget(window)
    window.show()
    return window


def test_settings_tab_sets_changes_and_clears_the_password(db, qtbot):
    from ui.settings.security import SecuritySettingsTab

    ctx = _ctx(db, {})
    changed = []
    ctx.bus.data_changed.connect(changed.append)
    tab = SecuritySettingsTab(ctx)
    qtbot.addWidget(tab)
    assert "未设置" in tab.state.text() and not tab.clear_button.isEnabled()

    tab.new.setText("锁屏密码001")
    tab.confirm.setText("锁屏密码002")
    assert not tab.save_password() and "不一致" in tab.message.text()

    tab.confirm.setText("锁屏密码001")
    qtbot.mouseClick(tab.set_button, Qt.MouseButton.LeftButton)
    assert "已设置" in tab.message.text() and "已设置" in tab.state.text()
    assert tab.new.text() == "" and changed[-1] == "security"
    with db.read_session() as s:
        assert security.verify_password(s, "锁屏密码001")

    tab.current.setText("错的")
    tab.new.setText("新的锁屏密码")
    tab.confirm.setText("新的锁屏密码")
    assert not tab.save_password() and "当前密码不正确" in tab.message.text()
    tab.current.setText("锁屏密码001")
    tab.new.setText("新的锁屏密码")
    tab.confirm.setText("新的锁屏密码")
    assert tab.save_password() and "已修改" in tab.message.text()

    tab.current.setText("锁屏密码001")
    assert not tab.clear_password()
    tab.current.setText("新的锁屏密码")
    assert tab.clear_password() and "未设置" in tab.state.text()
    with db.read_session() as s:
        assert not security.has_password(s)

    tab.minutes.setValue(25)
    assert tab.save_minutes()
    with db.read_session() as s:
        assert security.idle_minutes(s) == 25


def test_too_short_password_is_refused_in_the_tab(db, qtbot):
    from ui.settings.security import SecuritySettingsTab

    tab = SecuritySettingsTab(_ctx(db, {}))
    qtbot.addWidget(tab)
    tab.new.setText("123")
    tab.confirm.setText("123")
    assert not tab.save_password() and "至少" in tab.message.text()


def test_window_locks_after_idle_time_and_unlocks_only_with_the_password(db, qtbot):
    from ui.lock import install_idle_lock

    with db.session() as s:
        security.set_password(s, "正确密码123")
    holder: dict = {}
    ctx = _ctx(db, holder)
    window = _window(qtbot, holder)
    idle = install_idle_lock(ctx, window)
    qtbot.waitUntil(lambda: idle.loaded, timeout=5000)  # the settings are read after the first paint
    try:
        assert idle.enabled and idle.timer.interval() == security.DEFAULT_IDLE_MINUTES * 60_000
        idle.timer.setInterval(80)
        idle.timer.start()
        qtbot.waitUntil(lambda: idle.is_locked, timeout=3000)
        assert not window.centralWidget().isVisible(), "data stays visible behind the lock"
        dialog = idle.dialog
        dialog.reject()  # Esc / close: still locked
        assert idle.is_locked

        dialog.password.setText("错误密码")
        qtbot.mouseClick(dialog.button, Qt.MouseButton.LeftButton)
        assert idle.is_locked and "不正确" in dialog.error.text()

        dialog.password.setText("正确密码123")
        with qtbot.waitSignal(idle.unlocked, timeout=3000):
            qtbot.mouseClick(dialog.button, Qt.MouseButton.LeftButton)
        assert not idle.is_locked and window.centralWidget().isVisible()
        with db.read_session() as s:
            actions = s.execute(select(AuditEntry.action, AuditEntry.operator).where(AuditEntry.entity == "security")
                                .order_by(AuditEntry.seq)).all()
        assert [a for a, _ in actions] == ["unlock_failed", "unlock"] and {o for _, o in actions} == {"测试员"}
    finally:
        idle.uninstall()


def test_input_keeps_the_window_unlocked(db, qtbot):
    from ui.lock import install_idle_lock

    with db.session() as s:
        security.set_password(s, "正确密码123")
    holder: dict = {}
    ctx = _ctx(db, holder)
    window = _window(qtbot, holder)
    idle = install_idle_lock(ctx, window)
    qtbot.waitUntil(lambda: idle.loaded, timeout=5000)  # the settings are read after the first paint
    try:
        idle.timer.setInterval(400)
        idle.timer.start()
        target = window.centralWidget()
        for i in range(8):  # 8 x 100 ms of mouse movement: longer than the idle time
            qtbot.wait(100)
            event = QMouseEvent(QEvent.Type.MouseMove, QPointF(5 + i, 5), QPointF(5 + i, 5),
                                Qt.MouseButton.NoButton, Qt.MouseButton.NoButton, Qt.KeyboardModifier.NoModifier)
            QApplication.sendEvent(target, event)
            assert not idle.is_locked
        qtbot.waitUntil(lambda: idle.is_locked, timeout=3000)
        idle.dialog.password.setText("正确密码123")
        assert idle.dialog.try_unlock()
    finally:
        idle.uninstall()


def test_no_password_never_locks(db, qtbot):
    from ui.lock import install_idle_lock

    holder: dict = {}
    ctx = _ctx(db, holder)
    window = _window(qtbot, holder)
    idle = install_idle_lock(ctx, window)
    qtbot.waitUntil(lambda: idle.loaded, timeout=5000)  # the settings are read after the first paint
    try:
        assert not idle.enabled and not idle.timer.isActive()
        idle.lock()  # Ctrl+L without a password does nothing
        assert not idle.is_locked
        with db.session() as s:  # a password set in the settings tab takes effect at once
            security.set_password(s, "正确密码123")
        ctx.changed("security")
        assert idle.enabled and idle.timer.isActive()
    finally:
        idle.uninstall()

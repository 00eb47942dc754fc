"""The 安全 tab: the optional lock password (set, change, remove) and the idle minutes before locking."""

from __future__ import annotations

from typing import TYPE_CHECKING

from PySide6.QtWidgets import (
    QFormLayout,
    QGroupBox,
    QHBoxLayout,
    QLabel,
    QLineEdit,
    QPushButton,
    QSpinBox,
    QVBoxLayout,
    QWidget,
)

from app.core import security
from ui.settings.common import FAILED, MessageLineMixin

if TYPE_CHECKING:
    from ui.context import UiContext


def _password_field(placeholder: str) -> QLineEdit:
    field = QLineEdit()
    field.setEchoMode(QLineEdit.EchoMode.Password)
    field.setPlaceholderText(placeholder)
    return field


class SecuritySettingsTab(MessageLineMixin, QWidget):
    title = "安全"

    def __init__(self, ctx: UiContext, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.ctx = ctx
        layout = QVBoxLayout(self)
        intro = QLabel("设置锁屏密码后，程序在一段时间无操作时自动锁定，需输入密码才能继续使用（Ctrl+L 可立即锁定）。"
                       "密码只以加盐散列（scrypt）保存；忘记密码时请联系系统管理员清除。")
        intro.setWordWrap(True)
        layout.addWidget(intro)

        box = QGroupBox("锁屏密码")
        form = QFormLayout(box)
        self.state = QLabel()
        form.addRow("状态：", self.state)
        self.current = _password_field("修改或取消密码时须输入")
        form.addRow("当前密码：", self.current)
        self.new = _password_field(f"至少 {security.MIN_PASSWORD_LENGTH} 个字符")
        form.addRow("新密码：", self.new)
        self.confirm = _password_field("再输入一次新密码")
        form.addRow("确认新密码：", self.confirm)
        buttons = QHBoxLayout()
        self.set_button = QPushButton("设置密码")
        self.set_button.clicked.connect(self.save_password)
        self.clear_button = QPushButton("取消密码")
        self.clear_button.clicked.connect(self.clear_password)
        buttons.addWidget(self.set_button)
        buttons.addWidget(self.clear_button)
        buttons.addStretch(1)
        form.addRow(buttons)
        layout.addWidget(box)

        idle_box = QGroupBox("自动锁定")
        idle_form = QFormLayout(idle_box)
        self.minutes = QSpinBox()
        self.minutes.setRange(security.MIN_IDLE_MINUTES, security.MAX_IDLE_MINUTES)
        self.minutes.setSuffix(" 分钟")
        self.save_minutes_button = QPushButton("保存")
        self.save_minutes_button.clicked.connect(self.save_minutes)
        minutes_row = QHBoxLayout()
        minutes_row.addWidget(self.minutes)
        minutes_row.addWidget(self.save_minutes_button)
        minutes_row.addStretch(1)
        idle_form.addRow("无操作多久后锁定：", minutes_row)
        layout.addWidget(idle_box)

        self.message = QLabel()
        self.message.setWordWrap(True)
        layout.addWidget(self.message)
        layout.addStretch(1)
        self.refresh()

    def refresh(self) -> None:
        with self.ctx.read_session() as s:
            status = security.status(s)
        self.has_password = status.has_password
        self.state.setText("已设置（无操作时自动锁定）" if status.has_password else "未设置（不锁定）")
        self.current.setEnabled(status.has_password)
        self.clear_button.setEnabled(status.has_password)
        self.set_button.setText("修改密码" if status.has_password else "设置密码")
        self.minutes.setValue(status.idle_minutes)

    def _clear_fields(self) -> None:
        for field in (self.current, self.new, self.confirm):
            field.clear()

    def save_password(self) -> bool:
        if self.new.text() != self.confirm.text():
            self._say("两次输入的新密码不一致。", error=True)
            return False
        if self._write(security.set_password, self.new.text(), current=self.current.text() or None) is FAILED:
            return False
        changed = self.has_password
        self._clear_fields()
        self.refresh()
        self._say("已修改锁屏密码。" if changed else "已设置锁屏密码。")
        self.ctx.changed("security")
        return True

    def clear_password(self) -> bool:
        if self._write(security.clear_password, self.current.text()) is FAILED:
            return False
        self._clear_fields()
        self.refresh()
        self._say("已取消锁屏密码，程序不再自动锁定。")
        self.ctx.changed("security")
        return True

    def save_minutes(self) -> bool:
        value = self._write(security.set_idle_minutes, self.minutes.value())
        if value is FAILED:
            return False
        self._say(f"已保存：无操作 {value} 分钟后锁定。")
        self.ctx.changed("security")
        return True

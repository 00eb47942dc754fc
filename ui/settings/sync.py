"""The 数据交换设置 tab of 设置."""

from __future__ import annotations

from PySide6.QtWidgets import QLabel, QVBoxLayout, QWidget


class SyncSettingsTab(QWidget):
    title = "数据交换设置"

    def __init__(self, ctx, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.ctx = ctx
        QVBoxLayout(self).addWidget(QLabel("本功能正在建设中。"))

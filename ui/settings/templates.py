"""The 文书模板 tab of 设置."""

from __future__ import annotations

from PySide6.QtWidgets import QLabel, QVBoxLayout, QWidget


class TemplatesSettingsTab(QWidget):
    title = "文书模板"

    def __init__(self, ctx, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.ctx = ctx
        QVBoxLayout(self).addWidget(QLabel("本功能正在建设中。"))

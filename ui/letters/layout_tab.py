"""The 文书版式 settings tab: 信函格式 and the printed seal image (app/letters/layout.py)."""

from __future__ import annotations

from typing import TYPE_CHECKING

from PySide6.QtWidgets import QCheckBox, QHBoxLayout, QLabel, QMessageBox, QPushButton, QVBoxLayout, QWidget

from app import letters
from app.errors import UserError

if TYPE_CHECKING:
    from ui.context import UiContext


class LetterLayoutSettingsTab(QWidget):
    title = "文书版式"

    def __init__(self, ctx: UiContext, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.ctx = ctx
        layout = QVBoxLayout(self)
        self.letterhead = QCheckBox("使用信函格式：首页印红色发文机关标志和上下两条红色双线，首页不显示页码")
        self.seal = QCheckBox("在文书上印出本机关存储的印章图像（不勾选时只留出盖章位置）")
        self.seal_state = QLabel()
        self.error = QLabel()
        self.error.setStyleSheet("color:#b42318")
        self.error.setWordWrap(True)
        note = QLabel("文书的印章位置按 GB/T 9704 保留：印章上距正文一行之内，署名和成文日期居印章中心偏下。"
                      "印章图像在“本机关信息”中选择。")
        note.setWordWrap(True)
        for widget in (self.letterhead, self.seal, self.seal_state, note, self.error):
            layout.addWidget(widget)
        save = QPushButton("保存")
        save.clicked.connect(self.save)
        row = QHBoxLayout()
        row.addStretch(1)
        row.addWidget(save)
        layout.addLayout(row)
        layout.addStretch(1)
        self.refresh()

    def refresh(self) -> None:
        with self.ctx.read_session() as s:
            current = letters.get_layout(s)
        self.letterhead.setChecked(current.letterhead)
        self.seal.setChecked(current.print_seal)
        self.seal_state.setText("已存储印章图像。" if current.has_seal else "尚未存储印章图像：不能印出印章。")
        self.seal.setEnabled(current.has_seal or current.print_seal)

    def save(self) -> bool:
        with self.ctx.read_session() as s:
            before = letters.get_layout(s)
        turning_on = self.seal.isChecked() and not before.print_seal
        if turning_on and QMessageBox.question(self, "印出印章图像", letters.SEAL_WARNING + "\n\n确定要印出吗？") \
                != QMessageBox.StandardButton.Yes:
            self.seal.setChecked(False)
            return False
        try:
            with self.ctx.session() as s:
                letters.set_layout(s, letterhead=self.letterhead.isChecked(), print_seal=self.seal.isChecked())
        except UserError as exc:
            self.error.setText(exc.message)
            return False
        self.error.setText("")
        self.ctx.changed("settings")
        return True

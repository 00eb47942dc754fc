"""The crash dialog: what happened, the log path, and a copyable report with the log tail."""

from __future__ import annotations

import platform
import sys

from PySide6.QtGui import QGuiApplication
from PySide6.QtWidgets import QDialog, QDialogButtonBox, QLabel, QPlainTextEdit, QVBoxLayout, QWidget

from app import __version__
from app.logs import log_path, tail


def crash_report(exc: BaseException, tb: str) -> str:
    return (
        f"gongkai {__version__} / Python {sys.version.split()[0]} / {platform.platform()}\n\n"
        f"{tb}\n--- 日志末尾 ---\n{tail(40)}"
    )


class CrashDialog(QDialog):
    def __init__(self, exc: BaseException, tb: str, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.setWindowTitle("程序错误")
        layout = QVBoxLayout(self)
        layout.addWidget(QLabel(
            "<b>程序遇到了一个内部错误，刚才的操作没有完成，已保存的数据不受影响。</b><br>"
            f"错误：{type(exc).__name__}: {str(exc)[:300]}<br>"
            f"日志文件：{log_path()}<br>请将下面的报告复制给技术支持人员。"
        ))
        self.report = QPlainTextEdit(crash_report(exc, tb))
        self.report.setReadOnly(True)
        self.report.setMinimumSize(640, 280)
        layout.addWidget(self.report)
        buttons = QDialogButtonBox(QDialogButtonBox.StandardButton.Close)
        copy = buttons.addButton("复制报告", QDialogButtonBox.ButtonRole.ActionRole)
        copy.clicked.connect(lambda: QGuiApplication.clipboard().setText(self.report.toPlainText()))
        buttons.rejected.connect(self.reject)
        layout.addWidget(buttons)


def show_crash_dialog(exc: BaseException, tb: str, parent: QWidget | None = None) -> None:
    CrashDialog(exc, tb, parent).exec()

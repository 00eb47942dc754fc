"""The 备份与恢复 tab: backups list, back up now, restore with confirmation, integrity check."""

from __future__ import annotations

import datetime as dt
from typing import TYPE_CHECKING

from PySide6.QtWidgets import (
    QFileDialog,
    QHBoxLayout,
    QLabel,
    QListWidget,
    QListWidgetItem,
    QMessageBox,
    QPushButton,
    QVBoxLayout,
    QWidget,
)

from app.core.backup import restore as restore_backup
from app.paths import backup_dir
from app.storage import backup as backup_service

if TYPE_CHECKING:
    from ui.context import UiContext


class BackupsSettingsTab(QWidget):
    title = "备份与恢复"

    def __init__(self, ctx: UiContext, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.ctx = ctx
        layout = QVBoxLayout(self)
        layout.addWidget(QLabel(f"程序在每次启动和每天自动备份数据库，保留最近 {backup_service.DEFAULT_KEEP} 份。备份目录：{backup_dir()}"))
        self.list = QListWidget()
        layout.addWidget(self.list, 1)
        row = QHBoxLayout()
        for text, slot in (("立即备份…", self.backup_now), ("从选中的备份恢复…", self.restore_selected),
                           ("从文件恢复…", self.restore_file), ("完整性检查", self.run_check)):
            button = QPushButton(text)
            button.clicked.connect(slot)
            row.addWidget(button)
        row.addStretch(1)
        layout.addLayout(row)
        self.result = QLabel()
        self.result.setWordWrap(True)
        layout.addWidget(self.result)
        self.refresh()

    def refresh(self) -> None:
        self.list.clear()
        for path in backup_service.list_backups():
            stamp = dt.datetime.fromtimestamp(path.stat().st_mtime)
            item = QListWidgetItem(f"{stamp:%Y-%m-%d %H:%M:%S}　{path.name}　{path.stat().st_size // 1024} KB")
            item.setData(256, str(path))
            self.list.addItem(item)

    def backup_now(self) -> None:
        path, _ = QFileDialog.getSaveFileName(self, "备份到", f"gongkai-{dt.date.today():%Y%m%d}.sqlite3",
                                              "数据库备份 (*.sqlite3)")
        if not path:
            return
        self.ctx.jobs.run(lambda progress: backup_service.backup_to(self.ctx.db, path,
                                                                    cancelled=lambda: progress.cancelled),
                          title="正在备份…", on_done=lambda out: self.result.setText(f"已备份到 {out}"))

    def restore_selected(self) -> None:
        item = self.list.currentItem()
        if item is None:
            self.result.setText("请先选中一份备份。")
            return
        self._restore(item.data(256))

    def restore_file(self) -> None:
        path, _ = QFileDialog.getOpenFileName(self, "选择备份文件", str(backup_dir()), "数据库备份 (*.sqlite3)")
        if path:
            self._restore(path)

    def _restore(self, path: str) -> None:
        answer = QMessageBox.question(
            self, "确认恢复",
            f"将用备份“{path}”替换当前数据库的全部内容。\n当前数据库会先另存为一份备份，之后仍可恢复。\n\n确定恢复吗？",
        )
        if answer != QMessageBox.StandardButton.Yes:
            return

        def done(kept) -> None:
            self.result.setText(f"已恢复。原数据库已另存为 {kept}")
            self.refresh()
            self.ctx.changed("all")

        self.ctx.jobs.run(lambda progress: restore_backup(self.ctx.db, path, operator=self.ctx.operator),
                          title="正在恢复…", cancellable=False, on_done=done)

    def run_check(self) -> None:
        from app.core.integrity import run_check

        def work(progress):
            with self.ctx.read_session() as s:
                return run_check(s)

        def done(report) -> None:
            if report.ok:
                self.result.setText(f"检查通过：{'、'.join(report.checked)}。审计日志共 {report.audit_entries} 条。")
            else:
                self.result.setText("检查未通过：" + "；".join(report.problems))

        self.ctx.jobs.run(work, title="正在检查数据库…", on_done=done)

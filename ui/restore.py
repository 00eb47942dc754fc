"""A damaged database at start-up: offer to restore the newest backup that verifies."""

from __future__ import annotations

from typing import TYPE_CHECKING

from PySide6.QtWidgets import QMessageBox

from app.errors import UserError

if TYPE_CHECKING:
    from ui.context import UiContext


def offer_restore(ctx: UiContext, window) -> None:
    """Tell the clerk what the start-up check found and offer the newest backup that verifies."""
    # Imported here: the start-up path reaches this module before SQLAlchemy may load (first paint).
    from app.core.backup import restore as restore_backup
    from app.storage import backup as backup_service

    backups = backup_service.list_backups()
    text = f"启动检查发现问题：{ctx.startup_problem}"
    if not backups:
        QMessageBox.warning(window, "数据库检查", text + "\n没有可用的备份。")
        return
    answer = QMessageBox.question(window, "数据库检查", text + f"\n\n是否从最近的备份恢复？\n{backups[0].name}")
    if answer == QMessageBox.StandardButton.Yes:
        for candidate in backups:
            try:
                backup_service.verify_backup_file(candidate)
            except UserError:
                continue
            restore_backup(ctx.db, candidate, operator=ctx.operator)
            ctx.startup_problem = None
            ctx.changed("all")
            return

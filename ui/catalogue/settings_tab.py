"""The 公开目录 settings tab: the 索引号 pattern (with a live example) and filing (备案) to the province."""

from __future__ import annotations

from typing import TYPE_CHECKING

from PySide6.QtWidgets import (
    QFormLayout,
    QGroupBox,
    QHBoxLayout,
    QLabel,
    QLineEdit,
    QPushButton,
    QVBoxLayout,
    QWidget,
)

from app import catalogue
from app.errors import UserError
from ui.settings.common import FAILED, MessageLineMixin

if TYPE_CHECKING:
    from ui.context import UiContext


class CatalogueSettingsTab(MessageLineMixin, QWidget):
    title = "公开目录"

    def __init__(self, ctx: UiContext, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.ctx = ctx
        layout = QVBoxLayout(self)

        box = QGroupBox("索引号格式")
        form = QFormLayout(box)
        help_text = QLabel("可用字段：{org_code} 统一社会信用代码、{year} 年、{month} 月、{serial} 流水号"
                           "（必须包含，可写 {serial:05d} 补足 5 位）。新格式只影响以后新增的条目。")
        help_text.setWordWrap(True)
        form.addRow(help_text)
        self.pattern = QLineEdit()
        self.pattern.setPlaceholderText(catalogue.DEFAULT_PATTERN)
        self.pattern.textChanged.connect(self.update_example)
        form.addRow("格式：", self.pattern)
        self.example = QLabel()
        self.example.setWordWrap(True)
        form.addRow("下一个索引号：", self.example)
        row = QHBoxLayout()
        self.save_button = QPushButton("保存格式")
        self.save_button.clicked.connect(self.save_pattern)
        self.default_button = QPushButton("恢复默认")
        self.default_button.clicked.connect(lambda: self.pattern.setText(catalogue.DEFAULT_PATTERN))
        row.addWidget(self.save_button)
        row.addWidget(self.default_button)
        row.addStretch(1)
        form.addRow(row)
        layout.addWidget(box)

        filing = QGroupBox("报省级备案")
        filing_form = QFormLayout(filing)
        self.last_filed = QLabel()
        filing_form.addRow("上次备案：", self.last_filed)
        self.pending = QLabel()
        filing_form.addRow("备案后变动：", self.pending)
        self.file_button = QPushButton("标记为已备案")
        self.file_button.setToolTip("将目录报送省级平台后点击：此后的新增、修改、删除将计入下次备案。")
        self.file_button.clicked.connect(self.mark_filed)
        file_row = QHBoxLayout()
        file_row.addWidget(self.file_button)
        file_row.addStretch(1)
        filing_form.addRow(file_row)
        layout.addWidget(filing)

        self.message = QLabel()
        self.message.setWordWrap(True)
        layout.addWidget(self.message)
        layout.addStretch(1)
        self.refresh()

    def refresh(self) -> None:
        with self.ctx.read_session() as s:
            pattern = catalogue.index_pattern(s)
            last = catalogue.last_filed_at(s)
            pending = catalogue.count_changes_since_filing(s)
        self.pattern.blockSignals(True)
        self.pattern.setText(pattern)
        self.pattern.blockSignals(False)
        self.update_example()
        self.last_filed.setText(self._local(last) if last else "尚未备案")
        self.pending.setText(f"{pending:,} 条目录信息有新增、修改或删除")
        self.pending_count = pending

    @staticmethod
    def _local(stamp) -> str:
        import datetime as dt

        return stamp.replace(tzinfo=dt.timezone.utc).astimezone().strftime("%Y-%m-%d %H:%M")

    def update_example(self) -> bool:
        """Show the next 索引号 the typed pattern would give; an unusable pattern shows the reason."""
        try:
            with self.ctx.read_session() as s:
                text = catalogue.preview_index_number(s, self.pattern.text())
        except UserError as exc:
            self.example.setStyleSheet("color:#b42318")
            self.example.setText(exc.message)
            self.save_button.setEnabled(False)
            return False
        self.example.setStyleSheet("")
        self.example.setText(text)
        self.save_button.setEnabled(True)
        return True

    def save_pattern(self) -> bool:
        if self._write(catalogue.set_index_pattern, self.pattern.text()) is FAILED:
            return False
        self.refresh()
        self._say("已保存索引号格式，以后新增的条目按新格式编号。")
        self.ctx.changed("catalogue")
        return True

    def mark_filed(self) -> bool:
        if self._write(catalogue.mark_filed) is FAILED:
            return False
        count = self.pending_count
        self.refresh()
        self._say(f"已标记为已备案（本次备案 {count} 条变动）。")
        self.ctx.changed("catalogue")
        return True

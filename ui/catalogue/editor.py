"""The catalogue entry editor dialog (新增 / 编辑 一条公开目录信息)."""

from __future__ import annotations

import datetime as dt
from pathlib import Path
from typing import TYPE_CHECKING

from PySide6.QtWidgets import (
    QAbstractItemView,
    QCheckBox,
    QComboBox,
    QDialog,
    QDialogButtonBox,
    QFileDialog,
    QFormLayout,
    QGroupBox,
    QHBoxLayout,
    QHeaderView,
    QLabel,
    QLineEdit,
    QPlainTextEdit,
    QPushButton,
    QTableWidget,
    QTableWidgetItem,
    QVBoxLayout,
)

from app.errors import StorageError, UserError
from ui.widgets.attachments import size_text

if TYPE_CHECKING:
    from ui.context import UiContext

MODES: list[tuple[str | None, str]] = [("proactive", "主动公开"), ("on_request", "依申请公开"), ("not_disclosed", "不予公开")]
VALIDITIES = [(None, "（非规范性文件）"), ("valid", "有效"), ("expired", "失效"), ("repealed", "废止"),
              ("amended", "修订")]


class EntryDialog(QDialog):
    """Edits the fields of one entry; saving calls the catalogue service in one unit of work."""

    def __init__(self, ctx: UiContext, entry_id: int | None = None, parent=None) -> None:
        super().__init__(parent)
        self.ctx = ctx
        self.entry_id = entry_id
        self.saved_id: int | None = None
        self.setWindowTitle("编辑目录信息" if entry_id else "新增目录信息")
        self.resize(680, 720)
        form = QFormLayout()
        self.index_number = QLineEdit()
        self.index_number.setPlaceholderText("留空则按设置的格式自动生成")
        self.title_edit = QLineEdit()
        self.summary = QPlainTextEdit()
        self.summary.setFixedHeight(70)
        self.publisher = QLineEdit()
        self.written_on = QLineEdit()
        self.written_on.setPlaceholderText("YYYY-MM-DD")
        self.published_on = QLineEdit()
        self.published_on.setPlaceholderText("YYYY-MM-DD，未发布可留空")
        self.doc_number = QLineEdit()
        self.doc_number.setPlaceholderText("如 青政发〔2025〕3号")
        self.mode = QComboBox()
        for code, label in MODES:
            self.mode.addItem(label, code)
        self.scope = QLineEdit()
        self.category = QLineEdit()
        self.genre = QLineEdit()
        self.keywords = QLineEdit()
        self.directory_item = QComboBox()
        self.directory_item.addItem("（未归入标准目录）", None)
        self.normative = QCheckBox("行政规范性文件")
        self.validity = QComboBox()
        for code, label in VALIDITIES:
            self.validity.addItem(label, code)
        self.validity_on = QLineEdit()
        self.validity_on.setPlaceholderText("失效/废止/修订日期 YYYY-MM-DD")
        rows = [("索引号", self.index_number), ("信息名称", self.title_edit), ("内容概述", self.summary),
                ("发布机构", self.publisher), ("成文日期", self.written_on), ("发布日期", self.published_on),
                ("文号", self.doc_number), ("公开方式", self.mode), ("公开范围", self.scope),
                ("主题分类", self.category), ("体裁", self.genre), ("关键词", self.keywords),
                ("标准目录事项", self.directory_item), ("", self.normative), ("有效性", self.validity),
                ("有效性变更日期", self.validity_on)]
        for label, widget in rows:
            form.addRow(label, widget)
        buttons = QDialogButtonBox(QDialogButtonBox.StandardButton.Save | QDialogButtonBox.StandardButton.Cancel)
        buttons.button(QDialogButtonBox.StandardButton.Save).setText("保存")
        buttons.button(QDialogButtonBox.StandardButton.Cancel).setText("取消")
        buttons.accepted.connect(self.save)
        buttons.rejected.connect(self.reject)
        layout = QVBoxLayout(self)
        layout.addLayout(form)
        layout.addWidget(self._attachment_box())
        layout.addWidget(buttons)
        self._load()
        self.refresh_attachments()

    # -- attachments (saved at once, each in its own unit of work) -----------------------------------
    def _attachment_box(self) -> QGroupBox:
        box = QGroupBox("附件")
        box_layout = QVBoxLayout(box)
        self.attachment_table = QTableWidget(0, 3)
        self.attachment_table.setHorizontalHeaderLabels(["文件名", "大小", "SHA-256"])
        self.attachment_table.setEditTriggers(QAbstractItemView.EditTrigger.NoEditTriggers)
        self.attachment_table.setSelectionBehavior(QAbstractItemView.SelectionBehavior.SelectRows)
        self.attachment_table.setSelectionMode(QAbstractItemView.SelectionMode.SingleSelection)
        self.attachment_table.verticalHeader().setVisible(False)
        header = self.attachment_table.horizontalHeader()
        header.setSectionResizeMode(0, QHeaderView.ResizeMode.Stretch)
        header.setSectionResizeMode(1, QHeaderView.ResizeMode.ResizeToContents)
        header.setSectionResizeMode(2, QHeaderView.ResizeMode.Interactive)
        self.attachment_table.setColumnWidth(2, 200)
        self.attachment_table.setFixedHeight(110)
        self.attachment_table.itemSelectionChanged.connect(self._update_attachment_buttons)
        self.attachment_table.itemDoubleClicked.connect(lambda _item: self.save_attachment())
        box_layout.addWidget(self.attachment_table)
        row = QHBoxLayout()
        self.attachment_note = QLabel()
        self.add_attachment_button = QPushButton("添加附件…")
        self.add_attachment_button.clicked.connect(lambda: self.add_attachment())
        self.save_attachment_button = QPushButton("另存为…")
        self.save_attachment_button.clicked.connect(lambda: self.save_attachment())
        row.addWidget(self.attachment_note, 1)
        row.addWidget(self.add_attachment_button)
        row.addWidget(self.save_attachment_button)
        box_layout.addLayout(row)
        return box

    def refresh_attachments(self) -> None:
        from app import catalogue

        self.attachment_rows = []
        if self.entry_id is not None:
            with self.ctx.read_session() as s:
                self.attachment_rows = catalogue.attachments(s, self.entry_id)
        table = self.attachment_table
        table.setRowCount(len(self.attachment_rows))
        for r, att in enumerate(self.attachment_rows):
            size = QTableWidgetItem(size_text(att.size))
            size.setToolTip(f"{att.size:,} 字节")
            digest = QTableWidgetItem(att.sha256)
            digest.setToolTip(att.sha256)
            for c, item in enumerate((QTableWidgetItem(att.filename), size, digest)):
                table.setItem(r, c, item)
        self.add_attachment_button.setEnabled(self.entry_id is not None)
        self.attachment_note.setText("保存本条信息后才能添加附件。" if self.entry_id is None
                                     else f"共 {len(self.attachment_rows)} 个附件，添加后立即保存。")
        self._update_attachment_buttons()

    def _update_attachment_buttons(self) -> None:
        self.save_attachment_button.setEnabled(self.selected_attachment() is not None)

    def selected_attachment(self):
        rows = self.attachment_table.selectionModel().selectedRows()
        return self.attachment_rows[rows[0].row()] if rows else None

    def add_attachment(self, path: str | None = None) -> bool:
        """Attach a file to the entry (asks for it unless `path` is given); saved at once."""
        from app import catalogue

        if self.entry_id is None:
            return False
        if path is None:
            path, _ = QFileDialog.getOpenFileName(self, "选择附件", str(Path.home()))
            if not path:
                return False
        try:
            with open(path, "rb") as fh:
                content = fh.read(catalogue.MAX_ATTACHMENT + 1)  # one byte more: the service refuses it
        except OSError as exc:
            self.ctx.show_error(StorageError(f"无法读取文件 {path}：{exc.strerror or exc}。"))
            return False
        try:
            with self.ctx.session() as s:
                info = catalogue.add_attachment(s, self.entry_id, Path(path).name, content)
        except UserError as exc:
            self.ctx.show_error(exc)
            return False
        self.refresh_attachments()
        self.attachment_table.selectRow(len(self.attachment_rows) - 1)
        self.ctx.changed("catalogue")
        self._privacy_scan(info.id)
        return True

    def _privacy_scan(self, attachment_id: int) -> None:
        """Scan the new attachment for personal data before publication (docs/spec/redaction.md section 7);
        findings wait in the 区分处理 screen's queue."""
        ctx = self.ctx

        def work(progress):
            from app.redaction.catalogue_scan import scan_attachment

            with ctx.session() as s:
                return scan_attachment(s, attachment_id, progress=progress)

        def done(result) -> None:
            ctx.changed("redaction")
            if result.status in ("pending", "failed"):
                self.attachment_note.setText(f"附件“{result.filename}”{result.status_label}："
                                             f"{result.summary or result.message}，请到“区分处理—公开前隐私检查”处理。")

        ctx.jobs.run(work, title="正在检查附件中的个人信息…", on_done=done)

    def save_attachment(self, path: str | None = None) -> bool:
        """Write the selected attachment to disk (asks where unless `path` is given)."""
        from app import catalogue

        att = self.selected_attachment()
        if att is None:
            return False
        if path is None:
            path, _ = QFileDialog.getSaveFileName(self, "附件另存为", str(Path.home() / att.filename))
            if not path:
                return False
        with self.ctx.read_session() as s:
            content = catalogue.attachment_bytes(s, att.sha256)
        if content is None:
            self.ctx.show_error(StorageError("数据库中找不到该附件的内容。"))
            return False
        try:
            Path(path).write_bytes(content)
        except OSError as exc:
            self.ctx.show_error(StorageError(f"无法写入文件 {path}：{exc.strerror or exc}。"))
            return False
        self.attachment_note.setText(f"已保存到 {path}")
        return True

    def _load(self) -> None:
        from app import catalogue
        from app.core import profile

        with self.ctx.read_session() as s:
            for domain in catalogue.directory_tree(s, with_counts=False):
                for item in domain.items:
                    self.directory_item.addItem(f"{domain.name} · {item.label}", item.id)
            if self.entry_id is None:
                self.publisher.setText(profile.get_own_office(s).name)
                self.written_on.setText(dt.date.today().isoformat())
                return
            e = catalogue.get_entry(s, self.entry_id)
        self.index_number.setText(e.index_number)
        self.index_number.setReadOnly(True)  # 索引号 never changes once given
        self.title_edit.setText(e.title)
        self.summary.setPlainText(e.summary or "")
        for widget, value in ((self.publisher, e.publisher), (self.doc_number, e.doc_number),
                              (self.scope, e.scope), (self.category, e.category), (self.genre, e.genre),
                              (self.keywords, e.keywords)):
            widget.setText(value or "")
        for widget, day in ((self.written_on, e.written_on), (self.published_on, e.published_on),
                            (self.validity_on, e.validity_on)):
            widget.setText(day.isoformat() if day else "")
        self.mode.setCurrentIndex(max(0, self.mode.findData(e.disclosure_mode)))
        self.directory_item.setCurrentIndex(max(0, self.directory_item.findData(e.directory_item_id)))
        self.normative.setChecked(e.is_normative)
        self.validity.setCurrentIndex(max(0, self.validity.findData(e.validity)))

    def data(self) -> dict:
        return {
            "title": self.title_edit.text(), "summary": self.summary.toPlainText(),
            "publisher": self.publisher.text(), "written_on": self.written_on.text(),
            "published_on": self.published_on.text(), "doc_number": self.doc_number.text(),
            "disclosure_mode": self.mode.currentData(), "scope": self.scope.text(),
            "category": self.category.text(), "genre": self.genre.text(), "keywords": self.keywords.text(),
            "directory_item_id": self.directory_item.currentData(),
            "is_normative": self.normative.isChecked() or self.validity.currentData() is not None,
            "validity": self.validity.currentData(), "validity_on": self.validity_on.text(),
        }

    def save(self) -> None:
        from app import catalogue

        data = self.data()
        try:
            with self.ctx.session() as s:
                if self.entry_id is None:
                    if self.index_number.text().strip():
                        data["index_number"] = self.index_number.text()
                    self.saved_id = catalogue.create_entry(s, data).id
                else:
                    self.saved_id = catalogue.update_entry(s, self.entry_id, data).id
        except UserError as exc:
            self.ctx.show_error(exc)
            return
        self.ctx.changed("catalogue")
        self.accept()

"""The catalogue entry editor dialog (新增 / 编辑 一条公开目录信息)."""

from __future__ import annotations

import datetime as dt

from PySide6.QtWidgets import (
    QCheckBox,
    QComboBox,
    QDialog,
    QDialogButtonBox,
    QFormLayout,
    QLineEdit,
    QPlainTextEdit,
    QVBoxLayout,
)

from app.errors import UserError

MODES = [("proactive", "主动公开"), ("on_request", "依申请公开"), ("not_disclosed", "不予公开")]
VALIDITIES = [(None, "（非规范性文件）"), ("valid", "有效"), ("expired", "失效"), ("repealed", "废止"),
              ("amended", "修订")]


class EntryDialog(QDialog):
    """Edits the fields of one entry; saving calls the catalogue service in one unit of work."""

    def __init__(self, ctx, entry_id: int | None = None, parent=None) -> None:
        super().__init__(parent)
        self.ctx = ctx
        self.entry_id = entry_id
        self.saved_id: int | None = None
        self.setWindowTitle("编辑目录信息" if entry_id else "新增目录信息")
        self.resize(620, 560)
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
        layout.addWidget(buttons)
        self._load()

    def _load(self) -> None:
        from app.services import catalogue, profile

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
        for widget, value in ((self.written_on, e.written_on), (self.published_on, e.published_on),
                              (self.validity_on, e.validity_on)):
            widget.setText(value.isoformat() if value else "")
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
        from app.services import catalogue

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

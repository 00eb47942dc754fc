"""The 文书模板 tab of 设置: edit a kind's wording with a live preview, and reset it to the default."""

from __future__ import annotations

from typing import TYPE_CHECKING

from PySide6.QtCore import Qt, QTimer
from PySide6.QtWidgets import (
    QComboBox,
    QHBoxLayout,
    QLabel,
    QListWidget,
    QListWidgetItem,
    QMessageBox,
    QPlainTextEdit,
    QPushButton,
    QSplitter,
    QVBoxLayout,
    QWidget,
)

from app.letters.kinds import KIND_LABELS
from app.letters.template_names import template_key_label
from ui.widgets.pdf_view import PdfView

if TYPE_CHECKING:
    from ui.context import UiContext

_HELP = ("{字段} 由申请、本机关信息或出具时填写的内容替换；{cite:ogi_36_4} 引用法律依据表中的条款；"
         "[[字段|文字]] 仅在该字段有内容时出现；换行即分段。以“通用：”开头的项各类文书共用。")


class TemplatesSettingsTab(QWidget):
    title = "文书模板"

    def __init__(self, ctx: UiContext, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.ctx = ctx
        self.kind_box = QComboBox()
        for key, label in KIND_LABELS.items():
            self.kind_box.addItem(label, key)
        self.keys = QListWidget()
        self.editor = QPlainTextEdit()
        self.state = QLabel()
        self.save_button = QPushButton("保存")
        self.reset_button = QPushButton("恢复默认")
        self.view = PdfView()
        self.view.zoom = 0.6
        help_label = QLabel(_HELP)
        help_label.setWordWrap(True)

        left = QWidget()
        lv = QVBoxLayout(left)
        row = QHBoxLayout()
        row.addWidget(QLabel("文书种类："))
        row.addWidget(self.kind_box, 1)
        lv.addLayout(row)
        lv.addWidget(self.keys, 1)
        lv.addWidget(self.state)
        lv.addWidget(self.editor, 2)
        lv.addWidget(help_label)
        buttons = QHBoxLayout()
        buttons.addWidget(self.save_button)
        buttons.addWidget(self.reset_button)
        buttons.addStretch(1)
        lv.addLayout(buttons)
        split = QSplitter()
        split.addWidget(left)
        split.addWidget(self.view)
        split.setSizes([420, 520])
        QVBoxLayout(self).addWidget(split)

        self._overrides: dict[str, str] = {}
        self._timer = QTimer(self, singleShot=True, interval=500)
        self._timer.timeout.connect(self.update_preview)
        self.kind_box.currentIndexChanged.connect(self.load_kind)
        self.keys.currentItemChanged.connect(lambda _item, _previous: self.show_key(self.key or ""))
        self.editor.textChanged.connect(self._timer.start)
        self.save_button.clicked.connect(self.save)
        self.reset_button.clicked.connect(self.reset)
        self.load_kind()

    @property
    def kind(self) -> str:
        return self.kind_box.currentData()

    @property
    def key(self) -> str | None:
        item = self.keys.currentItem()
        return item.data(Qt.ItemDataRole.UserRole) if item else None

    def load_kind(self) -> None:
        from app import letters
        from app.letters.templates import editable_keys

        with self.ctx.read_session() as s:
            self._overrides = letters.template_overrides(s, self.kind)
        self.keys.clear()
        for key in editable_keys(self.kind):  # the Chinese name shown, the key kept with it
            item = QListWidgetItem(template_key_label(key))
            item.setData(Qt.ItemDataRole.UserRole, key)
            item.setToolTip(key)
            self.keys.addItem(item)
        self.keys.setCurrentRow(0)

    def _text_for(self, key: str) -> str:
        from app.letters.templates import TemplateSet, default_template

        if key in self._overrides:
            return self._overrides[key]
        if key.startswith("common/"):
            return default_template("common").get(key.split("/", 1)[1], "")
        return TemplateSet(self.kind).get(key) or ""

    def show_key(self, key: str) -> None:
        if not key:
            return
        self.editor.blockSignals(True)
        self.editor.setPlainText(self._text_for(key))
        self.editor.blockSignals(False)
        self.state.setText("本机关已修改" if key in self._overrides else "默认措辞")
        self.update_preview()

    def _sample_application(self, session) -> int | None:
        from sqlalchemy import select

        from app.storage.models.register import Application

        query = select(Application.id).order_by(Application.id.desc()).limit(1)
        if self.kind == "reply":
            query = query.where(Application.outcome.is_not(None))
        return session.execute(query).scalar_one_or_none()

    def closeEvent(self, event) -> None:
        # A preview still pending would read a database that may be gone by then (a closed window, a test).
        self._timer.stop()
        super().closeEvent(event)

    def update_preview(self) -> None:
        """Preview the kind on the latest application with the text being edited (not yet saved)."""
        from app import letters
        from app.errors import UserError

        key = self.key
        if key is None:
            return
        with self.ctx.read_session() as s:
            app_id = self._sample_application(s)
            if app_id is None:
                self.view.set_pdf(None)
                self.state.setText("登记一件申请后即可预览。")
                return
            try:
                pdf = letters.render_preview(s, app_id, self.kind, overrides={key: self.editor.toPlainText()})
            except UserError as exc:
                self.state.setText(f"预览失败：{exc}")
                return
        self.view.set_pdf(pdf)

    def save(self) -> None:
        from app import letters

        key = self.key
        if key is None:  # no item chosen: nothing to save
            return
        try:
            with self.ctx.session() as s:
                letters.save_template_override(s, self.kind, key, self.editor.toPlainText())
        except Exception as exc:
            self.ctx.show_error(exc)
            return
        self._overrides[key] = self.editor.toPlainText()
        self.state.setText("已保存（本机关已修改）")
        self.ctx.changed("letters")

    def reset(self) -> None:
        from app import letters

        key = self.key
        if key not in self._overrides:
            return
        if QMessageBox.question(self, "恢复默认", "把这一项恢复为默认措辞吗？") != QMessageBox.StandardButton.Yes:
            return
        with self.ctx.session() as s:
            letters.reset_template_override(s, self.kind, key)
        del self._overrides[key]
        self.show_key(key)
        self.ctx.changed("letters")

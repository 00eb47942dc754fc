"""The 本机关信息 tab: the office profile with validation (the first run: ui/settings/setup_wizard.py)."""

from __future__ import annotations

from typing import TYPE_CHECKING

from PySide6.QtCore import Qt
from PySide6.QtGui import QPixmap
from PySide6.QtWidgets import (
    QComboBox,
    QFileDialog,
    QFormLayout,
    QHBoxLayout,
    QLabel,
    QLineEdit,
    QPushButton,
    QVBoxLayout,
    QWidget,
)

from app.core import profile as profile_service
from app.errors import UserError

if TYPE_CHECKING:
    from ui.context import UiContext

FIELDS = [
    ("name", "机关全称", "如：青山县人民政府办公室"),
    ("short_name", "简称", ""),
    ("org_code", "统一社会信用代码", "18位，含校验位"),
    ("parent_name", "上级机关", "县政府办公室、部门填本级人民政府；乡镇填县人民政府；县政府填设区的市人民政府"),
    ("parent_org_code", "上级机关代码", "可不填"),
    ("review_agency", "行政复议机关", "留空则按机关层级和上级机关确定（垂直管理机关必填）"),
    ("review_agency_reason", "不按规则确定的理由", "仅当行政复议机关与规则不同时填写，记入审计日志"),
    ("court", "管辖人民法院", "按本地集中管辖的规定填写，如：青山县人民法院"),
    ("doc_prefix", "文号机关代字", "如：青政办公开 → 青政办公开〔2026〕1号"),
    ("contact_phone", "联系电话", ""),
    ("contact_address", "通讯地址", ""),
    ("postcode", "邮政编码", ""),
    ("website", "门户网站", ""),
]


class ProfileForm(QWidget):
    """The form itself, used by the settings tab and the first-run dialog."""

    def __init__(self, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        form = QFormLayout(self)
        form.setLabelAlignment(Qt.AlignmentFlag.AlignRight)
        self.edits: dict[str, QLineEdit] = {}
        self.level = QComboBox()
        for key, label in profile_service.LEVELS.items():
            self.level.addItem(label, key)
        for key, label, hint in FIELDS:
            edit = QLineEdit()
            edit.setPlaceholderText(hint)
            edit.setMinimumWidth(380)
            self.edits[key] = edit
            form.addRow(label + "：", edit)
            if key == "org_code":
                form.addRow("机关层级：", self.level)
            if key == "court":
                self.rule = QLabel()
                self.rule.setWordWrap(True)
                self.rule.setObjectName("review_rule")
                form.addRow("", self.rule)
        self.level.currentIndexChanged.connect(self._show_rule)
        self.edits["parent_name"].textChanged.connect(self._show_rule)
        self.edits["review_agency"].textChanged.connect(self._show_rule)
        self.seal_bytes: bytes | None = None
        seal_row = QHBoxLayout()
        self.seal_label = QLabel("未设置")
        pick = QPushButton("选择印章图片…")
        pick.clicked.connect(self._pick_seal)
        seal_row.addWidget(self.seal_label)
        seal_row.addWidget(pick)
        seal_row.addStretch(1)
        form.addRow("电子印章（可选）：", seal_row)
        self.error = QLabel()
        self.error.setStyleSheet("color:#b42318")
        self.error.setWordWrap(True)
        form.addRow(self.error)

    def _show_rule(self) -> None:
        """The review body the rule gives (行政复议法 arts. 24, 27) and the court rule, for the level chosen."""
        from app.domain import review_body as review_rule

        level = self.level.currentData()
        try:
            body = review_rule.review_body(level, self.edits["name"].text().strip(),
                                           self.edits["parent_name"].text().strip(),
                                           self.edits["review_agency"].text().strip(),
                                           self.edits["review_agency_reason"].text().strip())
            text = body.describe()
        except UserError as exc:
            text = exc.message
        self.rule.setText(f"{text}\n人民法院：{review_rule.court_rule(level)}")

    def _pick_seal(self) -> None:
        path, _ = QFileDialog.getOpenFileName(self, "选择印章图片", "", "图片 (*.png *.jpg *.jpeg)")
        if path:
            with open(path, "rb") as fh:
                self.seal_bytes = fh.read()
            self.seal_label.setPixmap(QPixmap(path).scaledToHeight(48))

    def load(self, data: dict) -> None:
        for key, edit in self.edits.items():
            edit.setText(data.get(key) or "")
        if not data.get("review_agency_reason") and data.get("level") != "vertical":
            self.edits["review_agency"].setText("")  # derived: shown under the court, follows the level and parent
        index = self.level.findData(data.get("level") or "county")
        self.level.setCurrentIndex(max(index, 0))
        self._show_rule()
        self.seal_label.setText("已设置" if data.get("has_seal") else "未设置")

    def data(self) -> dict[str, str | bytes | None]:
        result: dict[str, str | bytes | None] = {key: edit.text() for key, edit in self.edits.items()}
        result["level"] = self.level.currentData()
        if self.seal_bytes is not None:
            result["seal_image"] = self.seal_bytes
        return result


class ProfileSettingsTab(QWidget):
    title = "本机关信息"

    def __init__(self, ctx: UiContext, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.ctx = ctx
        layout = QVBoxLayout(self)
        self.form = ProfileForm()
        layout.addWidget(self.form)
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
            if profile_service.has_profile(s):
                self.form.load(profile_service.get_own_office(s).as_dict())

    def save(self) -> bool:
        try:
            with self.ctx.session() as s:
                profile_service.save_profile(s, self.form.data())
        except UserError as exc:
            self.form.error.setText(exc.message)
            return False
        self.form.error.setText("")
        self.ctx.changed("profile")
        return True

"""The first run of the window: a set-up wizard asking what the office is (kind, 本级人民政府, 文号 代字, court),
showing the 行政复议机关 that follows from it (app.core.profile.derive_review_body), before any database is
made. It only collects and checks the profile; the caller creates the database and saves it."""

from __future__ import annotations

from PySide6.QtCore import Qt
from PySide6.QtWidgets import (
    QButtonGroup,
    QCheckBox,
    QFormLayout,
    QLabel,
    QLineEdit,
    QRadioButton,
    QVBoxLayout,
    QWidget,
    QWizard,
    QWizardPage,
)

from app.core import profile as profile_service
from app.errors import UserError

# The kinds of office (as `gongkai init --level`), what the clerk reads, and who its 本级人民政府 is.
KINDS = {
    "county": ("县级人民政府办公室（以办公室名义答复）", "本级人民政府", "如：青山县人民政府"),
    "department": ("县级人民政府工作部门（如县自然资源局）", "本级人民政府", "如：青山县人民政府"),
    "township": ("乡镇人民政府或街道办事处", "所属县级人民政府", "如：青山县人民政府"),
    "county-government": ("县级人民政府（以县政府名义答复）", "上一级（设区的市）人民政府", "如：临江市人民政府"),
}


def offered_kinds() -> list[str]:
    """The kinds the profile accepts (app.core.profile.LEVELS), in the order above."""
    return [kind for kind in KINDS if kind in profile_service.LEVELS]


class _KindPage(QWizardPage):
    def __init__(self, wizard: SetupWizard) -> None:
        super().__init__()
        self.setTitle("第一步：本机关是什么机关")
        self.setSubTitle("答复书、告知书以本机关名义出具；机关类别决定行政复议机关。")
        layout = QVBoxLayout(self)
        self.group = QButtonGroup(self)
        for kind in offered_kinds():
            button = QRadioButton(KINDS[kind][0])
            button.setObjectName(f"kind_{kind}")
            button.setProperty("kind", kind)
            self.group.addButton(button)
            layout.addWidget(button)
        self.group.buttons()[0].setChecked(True)
        form = QFormLayout()
        form.addRow("机关全称：", wizard.name)
        form.addRow("统一社会信用代码：", wizard.org_code)
        form.addRow("机关简称（可不填）：", wizard.short_name)
        layout.addLayout(form)
        self.registerField("name*", wizard.name)
        self.registerField("org_code*", wizard.org_code)


class _BodiesPage(QWizardPage):
    def __init__(self, wizard: SetupWizard) -> None:
        super().__init__()
        self.wizard_ = wizard
        self.setTitle("第二步：本级人民政府、复议机关和人民法院")
        self.setSubTitle("行政复议机关由机关类别和本级人民政府确定；垂直管理部门等特殊情形可另行填写。")
        form = QFormLayout(self)
        form.setLabelAlignment(Qt.AlignmentFlag.AlignRight)
        self.parent_label = QLabel()
        form.addRow(self.parent_label, wizard.parent_name)
        form.addRow("行政复议机关：", wizard.review_body)
        form.addRow("", wizard.review_rule)
        form.addRow("", wizard.own_review)
        form.addRow("另行填写的复议机关：", wizard.review_override)
        form.addRow("管辖人民法院：", wizard.court)
        form.addRow("文号机关代字：", wizard.doc_prefix)
        form.addRow("联系电话（可不填）：", wizard.phone)
        form.addRow(wizard.error)
        self.registerField("parent_name*", wizard.parent_name)
        self.registerField("court*", wizard.court)
        self.registerField("doc_prefix*", wizard.doc_prefix)

    def initializePage(self) -> None:
        kind = self.wizard_.kind
        self.parent_label.setText(KINDS[kind][1] + "：")
        self.wizard_.parent_name.setPlaceholderText(KINDS[kind][2])
        self.wizard_.update_review_body()

    def validatePage(self) -> bool:
        try:
            profile_service.validate(self.wizard_.profile_data())
        except UserError as exc:
            self.wizard_.error.setText(exc.message)
            return False
        return True


class SetupWizard(QWizard):
    """首次使用：设置本机关. profile_data() is what `gongkai init` would save."""

    def __init__(self, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.setWindowTitle("首次使用：设置本机关")
        self.setWizardStyle(QWizard.WizardStyle.ClassicStyle)
        self.setMinimumSize(720, 560)
        self.setButtonText(QWizard.WizardButton.NextButton, "下一步 >")
        self.setButtonText(QWizard.WizardButton.BackButton, "< 上一步")
        self.setButtonText(QWizard.WizardButton.FinishButton, "完成并开始使用")
        self.setButtonText(QWizard.WizardButton.CancelButton, "取消")
        self.name = QLineEdit()
        self.name.setPlaceholderText("如：青山县人民政府办公室")
        self.org_code = QLineEdit()
        self.org_code.setPlaceholderText("18位，含校验位")
        self.short_name = QLineEdit()
        self.parent_name = QLineEdit()
        self.review_body = QLabel()
        self.review_body.setObjectName("review_body")
        self.review_body.setStyleSheet("font-weight:bold")
        self.review_rule = QLabel()
        self.review_rule.setWordWrap(True)
        self.review_rule.setStyleSheet("color:#475467")
        self.review_rule.setMinimumWidth(440)  # a fixed width lets the wrapped rule take its height
        self.review_rule.setMinimumHeight(self.review_rule.fontMetrics().lineSpacing() * 3)
        self.own_review = QCheckBox("本机关实行垂直管理等，复议机关不同于上述机关")
        self.review_override = QLineEdit()
        self.review_override.setEnabled(False)
        self.court = QLineEdit()
        self.court.setPlaceholderText("如：青山县人民法院")
        self.doc_prefix = QLineEdit()
        self.doc_prefix.setPlaceholderText("如：青政办公开 → 青政办公开〔2026〕1号")
        self.phone = QLineEdit()
        self.error = QLabel()
        self.error.setStyleSheet("color:#b42318")
        self.error.setWordWrap(True)
        for edit in (self.name, self.org_code, self.short_name, self.parent_name, self.review_override, self.court,
                     self.doc_prefix, self.phone):
            edit.setMinimumWidth(360)
        self.kind_page = _KindPage(self)
        self.addPage(self.kind_page)
        self.addPage(_BodiesPage(self))
        self.parent_name.textChanged.connect(self.update_review_body)
        self.own_review.toggled.connect(self.review_override.setEnabled)
        self.kind_page.group.buttonToggled.connect(lambda *_: self.update_review_body())

    @property
    def kind(self) -> str:
        button = self.kind_page.group.checkedButton()
        if button is None:  # one is checked from the start and a radio group keeps one checked
            raise RuntimeError("no office kind checked")
        return button.property("kind")

    def update_review_body(self) -> None:
        """The derived body and its rule, as the clerk types the 本级人民政府."""
        try:
            body, rule = profile_service.derive_review_body(self.kind, self.parent_name.text())
        except UserError as exc:
            self.review_body.setText("（填写本级人民政府后显示）")
            self.review_rule.setText(exc.message)
            return
        self.review_body.setText(body)
        self.review_rule.setText("依据：" + rule)

    def review_agency(self) -> str:
        if self.own_review.isChecked():
            return self.review_override.text().strip()
        return profile_service.derive_review_body(self.kind, self.parent_name.text())[0]

    def profile_data(self) -> dict:
        """The profile to save (raises ValidationError while the 本级人民政府 is missing)."""
        data = {
            "name": self.name.text(), "org_code": self.org_code.text(), "short_name": self.short_name.text(),
            "level": self.kind, "parent_name": self.parent_name.text(), "review_agency": self.review_agency(),
            "court": self.court.text(), "doc_prefix": self.doc_prefix.text(), "contact_phone": self.phone.text(),
        }
        return {key: value for key, value in data.items() if value}

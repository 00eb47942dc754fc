"""登记新申请: the registration form with the art. 31 receipt-date rule, live ID checks, similar earlier
applications of the same applicant (art. 35, art. 36(六)) and scanned application documents."""

from __future__ import annotations

import datetime as dt
from pathlib import Path
from typing import TYPE_CHECKING

from PySide6.QtCore import Qt, QTimer, Signal
from PySide6.QtGui import QColor
from PySide6.QtWidgets import (
    QButtonGroup,
    QComboBox,
    QDialog,
    QFileDialog,
    QFormLayout,
    QGroupBox,
    QHBoxLayout,
    QLabel,
    QLineEdit,
    QListWidget,
    QListWidgetItem,
    QPlainTextEdit,
    QPushButton,
    QRadioButton,
    QVBoxLayout,
    QWidget,
)

from app.domain import receipt
from app.domain.identifiers import (
    ID_TYPES,
    ORGANISATION_ID_TYPES,
    PERSON_ID_TYPES,
    id_document_problem,
)
from app.errors import UserError
from app.register.codes import APPLICANT_KINDS, CHANNELS, ORGANISATION_KINDS
from ui.register.common import (
    ERROR_STYLE,
    HINT_STYLE,
    OK_STYLE,
    DateField,
    hint,
    id_number_label,
    scan_file,
)

if TYPE_CHECKING:
    from ui.context import UiContext

REQUESTED_FORMS = ("纸质", "电子数据", "纸质和电子数据", "光盘", "当场阅读或抄录")  # art. 40
SIMILAR_THRESHOLD = 0.5  # content similarity shown as a possible repeat application


class NewApplicationDialog(QDialog):
    """Register one application; after saving, the serial is shown and the next one can be entered."""

    saved = Signal(int)  # application id
    open_detail_requested = Signal(int)

    def __init__(self, ctx: UiContext, parent: QWidget | None = None, *, today: dt.date | None = None) -> None:
        super().__init__(parent)
        self.ctx = ctx
        self.today = today
        self.saved_id: int | None = None
        self.saved_serial: str | None = None
        self.setWindowTitle("登记新申请")
        self.resize(1180, 760)

        # -- receipt (art. 31) --
        self.channel = QComboBox()
        for code in CHANNELS:
            self.channel.addItem(receipt.rule_for(code).label, code)
        self.rule_text = hint("")
        self.rule_text.setStyleSheet("color:#1f3a5f;background:#eef4fb;padding:6px;border-radius:4px")
        self.received_on = DateField(today or dt.date.today())
        self.received_label = QLabel("收到申请日期")
        self.receipt_note = QLineEdit()
        self.channel.currentIndexChanged.connect(self._channel_changed)

        # -- applicant --
        self.person_radio = QRadioButton("自然人")
        self.org_radio = QRadioButton("法人或其他组织")
        self.person_radio.setChecked(True)
        group = QButtonGroup(self)
        group.addButton(self.person_radio)
        group.addButton(self.org_radio)
        self.person_radio.toggled.connect(self._kind_changed)
        self.org_kind = QComboBox()
        for code in ORGANISATION_KINDS:
            self.org_kind.addItem(APPLICANT_KINDS[code] if code != "other_org" else "其他组织", code)
        self.name = QLineEdit()
        # 证件类型 (docs/spec/application-records.md section 3.4): the choices follow the applicant's kind.
        self.id_type = QComboBox()
        self.id_type.setToolTip("证件类型：按所选类型核对证件号码")
        self.id_number = QLineEdit()
        self.id_number.setMaxLength(18)
        self.id_status = QLabel()
        self.phone = QLineEdit()
        self.address = QLineEdit()
        self.email = QLineEdit()
        self.contact = QLineEdit()

        # -- request --
        self.content = QPlainTextEdit()
        self.content.setPlaceholderText("申请公开的政府信息的名称、文号或者便于查询的其他特征性描述（条例第二十九条）")
        self.content.setMinimumHeight(90)
        self.requested_form = QComboBox()
        self.requested_form.setEditable(True)
        self.requested_form.addItems(REQUESTED_FORMS)
        self.notes = QLineEdit()

        self.files = QListWidget()
        self.files.setMaximumHeight(70)
        add_file = QPushButton("添加扫描件…")
        add_file.clicked.connect(self.add_files)
        remove_file = QPushButton("移除")
        remove_file.clicked.connect(lambda: [self.files.takeItem(self.files.row(i)) for i in self.files.selectedItems()])

        form = QFormLayout()
        form.setLabelAlignment(Qt.AlignmentFlag.AlignRight)
        form.addRow("申请渠道", self.channel)
        form.addRow("", self.rule_text)
        form.addRow(self.received_label, self.received_on)
        form.addRow("收到日期说明", self.receipt_note)
        kind_row = QHBoxLayout()
        kind_row.addWidget(self.person_radio)
        kind_row.addWidget(self.org_radio)
        kind_row.addWidget(self.org_kind)
        kind_row.addStretch(1)
        form.addRow("申请人类型", kind_row)
        self.name_label = QLabel("姓名")
        form.addRow(self.name_label, self.name)
        self.id_label = QLabel("身份证号码")
        id_row = QHBoxLayout()
        id_row.addWidget(self.id_type)
        id_row.addWidget(self.id_number, 1)
        form.addRow(self.id_label, id_row)
        form.addRow("", self.id_status)
        self.contact_label = QLabel("联系人")
        form.addRow(self.contact_label, self.contact)
        form.addRow("联系电话", self.phone)
        form.addRow("通讯地址", self.address)
        form.addRow("电子邮箱", self.email)
        form.addRow("申请内容", self.content)
        form.addRow("提供形式", self.requested_form)
        form.addRow("备注", self.notes)
        files_row = QVBoxLayout()
        files_row.addWidget(self.files)
        buttons_row = QHBoxLayout()
        buttons_row.addWidget(add_file)
        buttons_row.addWidget(remove_file)
        buttons_row.addStretch(1)
        files_row.addLayout(buttons_row)
        self.files_label = QLabel("申请材料扫描件")
        form.addRow(self.files_label, files_row)
        self.form = form

        # -- earlier applications of the same applicant --
        self.similar_title = QLabel("同一申请人的既往申请")
        self.similar_title.setStyleSheet("font-weight:bold;color:#344054")
        self.similar_note = hint("填写申请人姓名或证件号码后，这里列出其既往申请，供判断是否属于重复申请"
                                 "（条例第三十六条第（六）项）或大量反复申请（条例第三十五条）。")
        self.similar = QListWidget()
        self.similar.setWordWrap(True)
        self.similar.itemDoubleClicked.connect(
            lambda item: self.open_detail_requested.emit(item.data(Qt.ItemDataRole.UserRole)))
        side = QGroupBox()
        side_layout = QVBoxLayout(side)
        side_layout.addWidget(self.similar_title)
        side_layout.addWidget(self.similar_note)
        side_layout.addWidget(self.similar, 1)
        self.side = side

        # -- result banner and buttons --
        self.banner = QLabel()  # the serial after saving; empty but holding its space before
        self.banner.setStyleSheet("font-size:15px;padding:8px;border-radius:4px")
        self.save_button = QPushButton("登记")
        self.save_button.setDefault(True)
        self.save_button.clicked.connect(self.save)
        self.next_button = QPushButton("继续登记下一件")
        self.next_button.clicked.connect(self.reset)
        self.next_button.setVisible(False)
        self.detail_button = QPushButton("查看办理…")
        self.detail_button.setVisible(False)
        self.detail_button.clicked.connect(lambda: self.saved_id and self.open_detail_requested.emit(self.saved_id))
        close_button = QPushButton("关闭")
        close_button.clicked.connect(self.reject)

        body = QHBoxLayout()
        left = QWidget()
        left.setLayout(form)
        body.addWidget(left, 3)
        body.addWidget(side, 2)
        bottom = QHBoxLayout()
        bottom.addWidget(self.banner, 1)
        for b in (self.detail_button, self.next_button, self.save_button, close_button):
            bottom.addWidget(b)
        outer = QVBoxLayout(self)
        outer.addLayout(body, 1)
        outer.addLayout(bottom)

        self._closed = False
        self._similar_timer = QTimer(self)
        self._similar_timer.setSingleShot(True)
        self._similar_timer.setInterval(400)
        self._similar_timer.timeout.connect(self.update_similar)
        for edit in (self.name, self.id_number):
            edit.textChanged.connect(lambda _t: self._similar_timer.start())
        self.content.textChanged.connect(self._similar_timer.start)
        self.id_number.textChanged.connect(self._check_id)
        self.org_kind.currentIndexChanged.connect(self._check_id)
        self.id_type.currentIndexChanged.connect(self._id_type_changed)
        self._channel_changed()
        self._kind_changed()

    # -- live feedback --------------------------------------------------------------------------------
    def _channel_changed(self) -> None:
        rule = receipt.rule_for(self.channel.currentData())
        self.rule_text.setText(f"{rule.explanation}（{rule.basis}）")
        self.received_label.setText(f"收到申请日期（{rule.date_label}）")
        needs_note = rule.date_field in (receipt.CONFIRMED, receipt.RECEIVED)
        self.receipt_note.setPlaceholderText(
            "必填：写明确认的时间和方式，如“当日电话与申请人确认”" if needs_note else "可选")

    def applicant_kind(self) -> str:
        return "natural_person" if self.person_radio.isChecked() else self.org_kind.currentData()

    def _kind_changed(self) -> None:
        person = self.person_radio.isChecked()
        self.org_kind.setEnabled(not person)
        self.name_label.setText("姓名" if person else "名称")
        self._fill_id_types(person)
        self.form.setRowVisible(self.contact_label, not person)
        self._id_type_changed()

    def _fill_id_types(self, person: bool) -> None:
        """The document types of a person or of an organisation; the one chosen stays when it still fits,
        otherwise the first (居民身份证 / 统一社会信用代码)."""
        chosen = self.id_type.currentData()
        codes = PERSON_ID_TYPES if person else ORGANISATION_ID_TYPES
        self.id_type.blockSignals(True)
        self.id_type.clear()
        for code in codes:
            self.id_type.addItem(ID_TYPES[code], code)
        self.id_type.setCurrentIndex(codes.index(chosen) if chosen in codes else 0)
        self.id_type.blockSignals(False)

    def set_id_type(self, code: str) -> None:
        """Choose a document type (one of the applicant kind's); an unknown one is an error, never ignored."""
        index = self.id_type.findData(code)
        if index < 0:
            raise ValueError(f"证件类型“{code}”不适用于当前申请人类型")
        self.id_type.setCurrentIndex(index)

    def _id_type_changed(self) -> None:
        self.id_label.setText(id_number_label(self.id_type.currentData()))
        self._check_id()

    def chosen_id_type(self) -> str | None:
        """The document type to store: the one chosen, when a number is given."""
        return self.id_type.currentData() if self.id_number.text().strip() else None

    def id_problem(self) -> str | None:
        number = self.id_number.text().strip().upper()
        if not number:
            return None
        return id_document_problem(self.id_type.currentData(), number,
                                   organisation=self.applicant_kind() != "natural_person")

    def _check_id(self) -> None:
        number = self.id_number.text().strip()
        problem = self.id_problem()
        if not number:
            self.id_status.setText("选填；先选证件类型，填写后按该类型核对（居民身份证、统一社会信用代码等核对校验位）")
            self.id_status.setStyleSheet(HINT_STYLE)
        elif problem:
            self.id_status.setText("✗ " + problem)
            self.id_status.setStyleSheet(ERROR_STYLE)
        else:
            self.id_status.setText("✓ 校验通过")
            self.id_status.setStyleSheet(OK_STYLE)

    def done(self, result: int) -> None:
        self._closed = True
        self._similar_timer.stop()
        super().done(result)

    def update_similar(self) -> None:
        if self._closed:  # the dialog was closed before the debounce timer fired
            return
        from app import register

        applicant = {"name": self.name.text().strip(), "id_number": self.id_number.text().strip()}
        self.similar.clear()
        if not applicant["name"] and not applicant["id_number"]:
            self.similar_title.setText("同一申请人的既往申请")
            return
        try:
            with self.ctx.read_session() as s:
                found = register.similar_applications(s, applicant, self.content.toPlainText(),
                                                      min_similarity=0.0, limit=30)
                this_year = register.applicant_count(
                    s, applicant, since=dt.date((self.today or dt.date.today()).year, 1, 1))
        except UserError as exc:  # an advisory panel: a failed look-up must not interrupt the registration
            self.similar_title.setText(f"无法查询既往申请：{exc.message}")
            return
        repeats = sum(1 for f in found if f.similarity >= SIMILAR_THRESHOLD)
        self.similar_title.setText(f"同一申请人的既往申请：共 {len(found)} 件，今年 {this_year} 件"
                                   + (f"，其中内容相似 {repeats} 件" if repeats else ""))
        for f in found:
            result = f"已办结 {f.replied_on.isoformat()}" if f.replied_on else "办理中"
            tag = "【内容相似】" if f.similarity >= SIMILAR_THRESHOLD else ""
            same = "同证件号" if f.matched_by == "id_number" else "同名"
            item = QListWidgetItem(f"{f.serial}　{f.received_on.isoformat()}　{result}　{same}\n{tag}{f.content}")
            item.setData(Qt.ItemDataRole.UserRole, f.id)
            item.setToolTip(f"内容相似度 {f.similarity:.0%}；按{'证件号码' if f.matched_by == 'id_number' else '姓名'}匹配")
            if tag:
                item.setBackground(QColor("#fff6d5"))
                item.setForeground(QColor("#93370d"))
            self.similar.addItem(item)

    # -- files -------------------------------------------------------------------------------------------
    def add_files(self) -> None:
        paths, _ = QFileDialog.getOpenFileNames(self, "选择申请材料扫描件", str(Path.home()),
                                                "扫描件 (*.pdf *.jpg *.jpeg *.png *.tif *.tiff);;所有文件 (*)")
        for p in paths:
            self.add_file(p)

    def add_file(self, path: str) -> None:
        item = QListWidgetItem(Path(path).name)
        item.setData(Qt.ItemDataRole.UserRole, path)
        item.setToolTip(path)
        self.files.addItem(item)

    def file_paths(self) -> list[str]:
        return [self.files.item(i).data(Qt.ItemDataRole.UserRole) for i in range(self.files.count())]

    # -- saving ------------------------------------------------------------------------------------------
    def data(self) -> dict:
        person = self.applicant_kind() == "natural_person"
        return {
            "received_on": self.received_on.value(),
            "channel": self.channel.currentData(),
            "receipt_note": self.receipt_note.text(),
            "applicant_kind": self.applicant_kind(),
            "applicant_name": self.name.text(),
            "applicant_id_number": self.id_number.text(),
            "applicant_id_type": self.chosen_id_type(),
            "applicant_phone": self.phone.text(),
            "applicant_address": self.address.text(),
            "applicant_email": self.email.text(),
            "applicant_contact_person": None if person else self.contact.text(),
            "content": self.content.toPlainText(),
            "requested_form": self.requested_form.currentText(),
            "notes": self.notes.text(),
        }

    def save(self) -> bool:
        from app import register
        from app.register.common import store_attachment

        if self.saved_id is not None:
            return False
        problem = self.id_problem()
        if problem:
            self.ctx.show_error(UserError(f"{self.id_label.text()}有误：{problem}。"))
            self.id_number.setFocus()
            return False
        try:
            scans = [scan_file(p) for p in self.file_paths()]
            with self.ctx.session() as s:
                state = register.register_application(s, self.data(), today=self.today)
                for scan in scans:
                    store_attachment(s, state.id, scan, kind="application")
        except UserError as exc:
            self.ctx.show_error(exc)
            return False
        self.saved_id, self.saved_serial = state.id, state.serial
        due = f"，答复期限 {state.reply_due.isoformat()}{'（暂定）' if state.due_provisional else ''}" \
            if state.reply_due else ""
        self.banner.setText(f"已登记，申请编号：{state.serial}{due}")
        self.banner.setStyleSheet("background:#ecfdf3;color:#067647;font-size:15px;padding:8px;border-radius:4px")
        self.save_button.setEnabled(False)
        self.next_button.setVisible(True)
        self.detail_button.setVisible(True)
        self.ctx.changed("register")
        self.saved.emit(state.id)
        return True

    def reset(self) -> None:
        """Clear the applicant and request for the next application (channel and date are kept)."""
        for edit in (self.name, self.id_number, self.phone, self.address, self.email, self.contact, self.notes):
            edit.clear()
        self.id_type.setCurrentIndex(0)  # the next applicant's document: 居民身份证 / 统一社会信用代码 first
        self.content.clear()
        self.files.clear()
        self.similar.clear()
        self.saved_id = self.saved_serial = None
        self.banner.clear()
        self.banner.setStyleSheet("font-size:15px;padding:8px;border-radius:4px")
        self.save_button.setEnabled(True)
        self.next_button.setVisible(False)
        self.detail_button.setVisible(False)
        self.name.setFocus()

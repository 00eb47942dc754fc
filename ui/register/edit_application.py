"""修改登记信息: the registration form of an open application, prefilled, saved through update_application."""

from __future__ import annotations

import datetime as dt
from typing import TYPE_CHECKING

from PySide6.QtWidgets import QDialog, QWidget

from app import register
from app.domain.identifiers import implied_id_type
from app.errors import UserError
from app.register.validation import FIELD_PATHS
from ui.register.new_application import NewApplicationDialog

if TYPE_CHECKING:
    from ui.context import UiContext


def registered_fields(session, application_id: int) -> dict:
    """The registered fields (register_validation.FIELD_PATHS) of one application, as stored, and the
    document type kept beside it ("applicant_id_type", None when none was given)."""
    from app.register.common import document_type, get_application

    app = get_application(session, application_id)
    fields = {column: getattr(app, column) for column in FIELD_PATHS}
    fields["applicant_id_type"] = document_type(session, application_id)
    return fields


class EditApplicationDialog(NewApplicationDialog):
    """The 登记新申请 form reused for correcting what was registered (same widgets, same live checks).

    Scanned files and the earlier-applications panel are hidden: attachments are not edited here. A refused
    change (e.g. a wrong ID check digit) is shown and the dialog stays open with what the clerk typed."""

    def __init__(self, ctx: UiContext, info: dict, parent: QWidget | None = None, *, today: dt.date | None = None) -> None:
        super().__init__(ctx, parent, today=today)
        self.info = info
        self.app_id = int(info["db_id"])
        self.setWindowTitle(f"修改登记信息 — {info.get('serial', '')}")
        self.side.setVisible(False)
        self.form.setRowVisible(self.files_label, False)
        self.save_button.setText("保存修改")
        self.resize(760, 720)
        with ctx.read_session() as s:
            self.original = registered_fields(s, self.app_id)
        self.prefill(self.original)

    def prefill(self, values: dict) -> None:
        self.channel.setCurrentIndex(max(0, self.channel.findData(values["channel"])))
        self.received_on.set_value(values["received_on"])
        self.receipt_note.setText(values["receipt_note"] or "")
        kind = values["applicant_kind"]
        if kind == "natural_person":
            self.person_radio.setChecked(True)
        else:
            self.org_radio.setChecked(True)
            self.org_kind.setCurrentIndex(max(0, self.org_kind.findData(kind)))
        self.name.setText(values["applicant_name"] or "")
        # Without a stored type the number's shape says which document it is (as the service reads it).
        self.shown_id_type = values["applicant_id_type"] or implied_id_type(
            values["applicant_id_number"], organisation=kind != "natural_person")
        self.set_id_type(self.shown_id_type)
        self.id_number.setText(values["applicant_id_number"] or "")
        self.phone.setText(values["applicant_phone"] or "")
        self.address.setText(values["applicant_address"] or "")
        self.email.setText(values["applicant_email"] or "")
        self.contact.setText(values["applicant_contact_person"] or "")
        self.content.setPlainText(values["content"] or "")
        self.requested_form.setCurrentText(values["requested_form"] or "")
        self.notes.setText(values["notes"] or "")

    def update_similar(self) -> None:  # the panel is hidden while editing
        return

    def changes(self) -> dict:
        """The fields whose entry differs from what is stored (blank and None count as the same). The
        document type is a change only when the clerk chose another one than was shown (or cleared the
        number): a record registered without a type keeps none."""
        out = {}
        data = self.data()
        id_type = data.pop("applicant_id_type")
        for column, value in data.items():
            before = self.original.get(column)
            if (value or None) != (before or None):
                out[column] = value
        if self.id_type.currentData() != self.shown_id_type or (id_type is None and self.original["applicant_id_type"]):
            out["applicant_id_type"] = id_type
        return out

    def save(self) -> bool:
        problem = self.id_problem()
        if problem:
            self.ctx.show_error(UserError(f"{self.id_label.text()}有误：{problem}。"))
            self.id_number.setFocus()
            return False
        changes = self.changes()
        if changes:
            try:
                with self.ctx.session() as s:
                    register.update_application(s, self.app_id, changes, today=self.today)
            except UserError as exc:
                self.ctx.show_error(exc)
                return False
            self.ctx.changed("register")
            self.saved.emit(self.app_id)
        QDialog.accept(self)
        return True

    def accept(self) -> None:
        self.save()

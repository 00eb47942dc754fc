"""Helpers of the register screen tests."""

from __future__ import annotations

import datetime as dt

TODAY = dt.date(2026, 11, 27)  # a Friday; the sample's open applications are spread around it


def accept_with(monkeypatch, dialog_cls, fill):
    """Make `dialog_cls.exec()` fill the inputs and press 确定 (which writes through the service)."""
    from PySide6.QtWidgets import QDialog

    def exec_(self):
        fill(self)
        self.accept()
        return self.result() or QDialog.DialogCode.Rejected

    monkeypatch.setattr(dialog_cls, "exec", exec_)


def field_text(detail, label: str) -> str | None:
    """The text the detail view shows beside `label` (None when the label is not there)."""
    for row in range(detail.fields.rowCount()):
        lab = detail.fields.itemAt(row, detail.fields.ItemRole.LabelRole)
        val = detail.fields.itemAt(row, detail.fields.ItemRole.FieldRole)
        if lab and lab.widget() and lab.widget().text() == label:
            return val.widget().text()
    return None

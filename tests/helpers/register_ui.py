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

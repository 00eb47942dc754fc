"""Fixtures of the register screen tests: a UiContext that collects errors, the sample register imported."""

from __future__ import annotations

import json

import pytest

pytest.importorskip("PySide6")

from tests.helpers.register_ui import TODAY


@pytest.fixture
def ctx(db, monkeypatch):
    from PySide6.QtWidgets import QMessageBox

    from ui.context import UiContext

    context = UiContext(db, "测试员")
    errors: list = []
    monkeypatch.setattr(context, "show_error", lambda exc, tb=None: errors.append(exc))
    monkeypatch.setattr(QMessageBox, "information", lambda *a, **k: QMessageBox.StandardButton.Ok)
    context.errors = errors
    return context


@pytest.fixture
def imported(db, samples_dir):
    """The shared register sample imported through the service; returns the number of records."""
    from app import register

    lines = (samples_dir / "register-sample.jsonl").read_text(encoding="utf-8").splitlines()
    records = [json.loads(line) for line in lines if line.strip()]
    with db.session() as s:
        register.import_records(s, records, today=TODAY)
    return len(records)


@pytest.fixture
def screen(qtbot, ctx):
    from ui.register.screen import RegisterScreen

    w = RegisterScreen(ctx, today=TODAY)
    qtbot.addWidget(w)
    w.show()
    return w

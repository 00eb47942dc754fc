"""载入上年报告 on the 校验 tab: last year's published report becomes the carry-in reference."""

from __future__ import annotations

import pytest

from app import reports
from app.reports import labels as L
from app.reports import xlsx
from tests.helpers.reports import expected_numbers, load_sample_into


@pytest.fixture
def screen(qtbot, db):
    from ui.context import UiContext
    from ui.reports.screen import ReportsScreen

    load_sample_into(db)
    widget = ReportsScreen(UiContext(db, "测试员"))
    qtbot.addWidget(widget)
    widget.refresh()
    widget.year.setValue(2025)
    widget.compute()
    qtbot.waitUntil(lambda: widget.data is not None, timeout=15000)
    return widget


def _carry_in_verdict(screen) -> str:
    row = [c.rule for c in screen.data.checks].index("carried_in_matches_last_year")
    return screen.checks.item(row, 1).text()


def test_typed_in_reference(qtbot, screen):
    from ui.reports.reference_dialog import TypedReferenceDialog

    assert _carry_in_verdict(screen) == "未核对"
    dialog = TypedReferenceDialog(2024, screen)
    wrong = list(expected_numbers()["2025"]["carried_in"])
    wrong[0] += 1
    wrong[-1] += 1
    for col, n in zip(L.COLUMNS, wrong):
        dialog.carried_out[col].setValue(n)
    dialog.accept()
    before = screen.data
    screen.load_reference_typed(dialog)
    qtbot.waitUntil(lambda: screen.data is not before, timeout=15000)
    assert _carry_in_verdict(screen) == "未通过"
    check = next(c for c in screen.data.checks if c.rule == "carried_in_matches_last_year")
    assert "自然人" in check.detail and check.applications


def test_workbook_reference(qtbot, screen, db, tmp_path):
    with db.read_session() as s:
        data = reports.compute_annual(s, 2024)
    path = tmp_path / "2024.xlsx"
    path.write_bytes(xlsx.workbook_bytes(data))
    before = screen.data
    screen.load_reference_file(str(path))
    qtbot.waitUntil(lambda: screen.data is not before, timeout=15000)
    assert _carry_in_verdict(screen) == "通过"
    with db.read_session() as s:
        stored = reports.get_report(s, reports.own_office(s).id, 2024)
    assert stored.status == "published"

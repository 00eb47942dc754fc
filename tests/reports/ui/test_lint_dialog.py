"""检查报表: the lint of a folder of report workbooks in the window."""

from __future__ import annotations

import pytest
from openpyxl import load_workbook

from app import reports
from app.reports import xlsx
from tests.helpers.reports import load_sample_into


@pytest.fixture
def folder(db, tmp_path):
    load_sample_into(db)
    with db.read_session() as s:
        data = reports.compute_annual(s, 2025)
    folder = tmp_path / "reports"
    folder.mkdir()
    (folder / "a-untouched.xlsx").write_bytes(xlsx.workbook_bytes(data))
    (folder / "b-changed.xlsx").write_bytes(xlsx.workbook_bytes(data))
    wb = load_workbook(folder / "b-changed.xlsx")
    wb[xlsx.SHEET_APPLICATIONS]["E9"] = 42
    wb.save(folder / "b-changed.xlsx")
    return folder


def test_folder_results_and_the_problems_of_the_selected_workbook(qtbot, db, folder):
    from ui.context import UiContext
    from ui.reports.screen import ReportsScreen

    screen = ReportsScreen(UiContext(db, "测试员"))
    qtbot.addWidget(screen)
    dialog = screen.open_lint()
    dialog.run(str(folder))
    qtbot.waitUntil(lambda: dialog.books.rowCount() == 2, timeout=15000)
    verdicts = [dialog.books.item(r, 3).text() for r in range(2)]
    assert verdicts[0].startswith("通过") and "未核对" in verdicts[0]
    assert verdicts[1].startswith("有") and "处问题" in verdicts[1]
    assert "1个有问题" in dialog.summary.text()
    # the changed workbook is selected first: its problems name the cell
    cells = [dialog.problems.item(r, 3).text() for r in range(dialog.problems.rowCount())]
    assert f"“{xlsx.SHEET_APPLICATIONS}”E9" in cells
    dialog.books.selectRow(0)
    messages = [dialog.problems.item(r, 4).text() for r in range(dialog.problems.rowCount())]
    assert any(m.startswith("未核对") for m in messages)
    dialog.close()


def test_last_year_is_taken_from_the_database(qtbot, db, folder):
    from ui.context import UiContext
    from ui.reports.lint_dialog import LintDialog

    with db.session() as s:
        reports.issue_report(s, 2024)
    dialog = LintDialog(UiContext(db, "测试员"))
    qtbot.addWidget(dialog)
    dialog.run(str(folder))
    qtbot.waitUntil(lambda: dialog.books.rowCount() == 2, timeout=15000)
    untouched = next(r for r in dialog.results if r.path.endswith("a-untouched.xlsx"))
    assert {c.rule: c.ok for c in untouched.checks}["carried_in_matches_last_year"] is True
    assert untouched.unchecked == []

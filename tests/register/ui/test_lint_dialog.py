"""The register screen's 规则检查 shows the same findings as `gongkai request lint` and opens an application."""

from __future__ import annotations

from app import register


def test_the_lint_action_lists_the_findings_of_the_service(imported, screen, db, qtbot):
    with db.read_session() as s:
        expected = [(f.serial, f.message) for f in register.lint_records(s)]
    assert expected, "the sample register holds history that breaks a rule"
    dialog = screen.show_lint()
    qtbot.addWidget(dialog)
    shown = [(dialog.table.item(r, 0).text(), dialog.table.item(r, 2).text()) for r in range(dialog.table.rowCount())]
    assert shown == expected
    assert f"共{len(expected)}处问题" in dialog.summary.text()
    opened = []
    screen.open_detail = opened.append  # the double-click goes to the screen's detail view
    dialog.open_detail_requested.disconnect()
    dialog.open_detail_requested.connect(screen.open_detail)
    dialog.table.cellDoubleClicked.emit(0, 0)
    assert opened == [dialog.findings[0].application_id]


def test_the_lint_action_follows_the_year_filter(imported, screen, db, qtbot):
    bar = screen.filter_bar
    bar.year.setCurrentIndex(bar.year.findData(2025))
    screen.apply_filters()
    with db.read_session() as s:
        expected = [f.serial for f in register.lint_records(s, year=2025)]
    dialog = screen.show_lint()
    qtbot.addWidget(dialog)
    assert [dialog.table.item(r, 0).text() for r in range(dialog.table.rowCount())] == expected
    assert "2025年" in dialog.windowTitle()

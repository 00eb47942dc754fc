"""The import wizard: preview with column combos, bad cells skipped explicitly, import on a worker."""

from __future__ import annotations

import shutil

import openpyxl
from PySide6.QtWidgets import QMessageBox
from sqlalchemy import func, select


def _ctx(db):
    from ui.context import UiContext

    return UiContext(db, "测试员")


def _count(db) -> int:
    from app.storage.models.register import Application

    with db.read_session() as s:
        return s.execute(select(func.count()).select_from(Application)).scalar_one()


def test_wizard_refuses_bad_cells_until_skipped_then_imports(qtbot, db, samples_dir, tmp_path, monkeypatch):
    from ui.workbench.excel_import_dialog import ExcelImportDialog

    monkeypatch.setattr(QMessageBox, "information", lambda *a, **k: QMessageBox.StandardButton.Ok)
    path = tmp_path / "bad.xlsx"
    shutil.copy(samples_dir / "register-2025.xlsx", path)
    wb = openpyxl.load_workbook(path)
    wb["2025年"]["H5"], wb["2025年"]["J10"] = "2025-02-30", "看情况办"
    wb.save(path)

    ctx = _ctx(db)
    dialog = ExcelImportDialog(ctx, "register")
    qtbot.addWidget(dialog)
    dialog.path_edit.setText(str(path))
    dialog.go_next()
    assert dialog.pages.currentIndex() == 1
    assert dialog.column_combo(1).currentData() == "serial"
    assert dialog.column_combo(0).currentData() is None  # 序号 is not imported

    dialog.go_next()
    qtbot.waitUntil(lambda: dialog.parsed is not None, timeout=20000)
    assert dialog.error_table.rowCount() == 2
    assert not dialog.next_button.isEnabled()  # nothing can be imported while a cell is unhandled

    # the clerk skips row 5 and maps the unknown outcome to 予以公开
    skip = dialog.error_table.cellWidget(0, 5)
    skip.setCurrentIndex(skip.findData("__skip_row__"))
    mapped = dialog.error_table.cellWidget(1, 5)
    mapped.setCurrentIndex(mapped.findData("granted"))
    before = dialog.parsed
    dialog.recheck()
    qtbot.waitUntil(lambda: dialog.parsed is not before, timeout=20000)
    assert dialog.parsed.errors == [] and dialog.next_button.isEnabled()

    dialog.go_next()
    qtbot.waitUntil(lambda: dialog.import_result is not None, timeout=30000)
    assert dialog.import_result.result.created == 181
    assert _count(db) == 181
    ctx.jobs.wait()

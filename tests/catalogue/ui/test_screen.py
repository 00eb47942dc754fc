"""The 公开目录 screen offscreen: tree, search and filters in SQL, editor, delete, warnings."""

from __future__ import annotations

import pytest

from app import catalogue


@pytest.fixture
def ui(qtbot, db):
    from ui.catalogue.screen import CatalogueScreen
    from ui.context import UiContext

    with db.session() as s:
        catalogue.create_entry(s, {"title": "关于印发青山县河道管理办法的通知", "doc_number": "青政发〔2025〕3号",
                                   "written_on": "2025-03-01", "published_on": "2025-03-04", "validity": "有效"})
        catalogue.create_entry(s, {"title": "白沙镇最低生活保障对象名单公示", "written_on": "2025-04-01",
                                   "published_on": "2025-06-20"})
    ctx = UiContext(db, "测试员")
    errors: list[str] = []
    ctx.show_error = lambda exc, tb=None: errors.append(str(exc))
    screen = CatalogueScreen(ctx)
    qtbot.addWidget(screen)
    screen.errors = errors
    return screen


def _titles(screen):
    return [screen.model.row_at(r)["title"] for r in range(screen.model.rowCount())]


def test_opens_with_tree_list_and_search(ui, qtbot):
    ui.show()
    assert ui.tree.topLevelItemCount() == 27  # 全部信息 + 26 domains
    assert _titles(ui) == ["白沙镇最低生活保障对象名单公示", "关于印发青山县河道管理办法的通知"]
    ui.search_box.setText("〔")
    qtbot.waitUntil(lambda: ui.model.rowCount() == 1, timeout=3000)
    assert _titles(ui) == ["关于印发青山县河道管理办法的通知"]
    ui.search_box.setText("")
    ui.validity_combo.setCurrentIndex(ui.validity_combo.findData("normative"))
    assert ui.model.rowCount() == 1
    ui.validity_combo.setCurrentIndex(0)
    ui._sort_clicked(1)  # title, descending
    assert _titles(ui)[0] == "白沙镇最低生活保障对象名单公示"
    ui._sort_clicked(1)
    assert _titles(ui)[0] == "关于印发青山县河道管理办法的通知"


def test_editor_creates_and_refuses_bad_input(ui, db):
    from ui.catalogue.editor import EntryDialog

    dialog = EntryDialog(ui.ctx, None, ui)
    dialog.title_edit.setText("青山县2025年部门预算公开")
    dialog.published_on.setText("2025-02-30")
    dialog.save()
    assert ui.errors and "日期" in ui.errors[-1]
    with db.read_session() as s:
        assert catalogue.count_entries(s) == 2
    dialog.published_on.setText("")
    dialog.written_on.setText("2025-01-10")
    dialog.save()
    assert dialog.saved_id is not None
    with db.read_session() as s:
        saved = catalogue.get_entry(s, dialog.saved_id)
    assert saved.title == "青山县2025年部门预算公开" and saved.index_number.endswith("/2025-00003")


def test_warnings_listed(ui, qtbot):
    found = None

    def done(result):
        nonlocal found
        found = result
        ui.show_warnings(result)

    ui.ctx.jobs.run(ui._collect_warnings, on_done=done, cancellable=False)
    qtbot.waitUntil(lambda: found is not None, timeout=10000)
    texts = [ui.warnings.item(i).text() for i in range(ui.warnings.count())]
    assert any("最低生活保障" in t and "逾期公开" in t for t in texts)
    late = next(i for i in range(ui.warnings.count()) if "逾期公开" in ui.warnings.item(i).text())
    ui._warning_activated(ui.warnings.item(late))
    assert _titles(ui) == ["白沙镇最低生活保障对象名单公示"]


def test_dashboard_filter_key_shows_the_late_entries(ui, qtbot):
    ui.apply_filter_key("late_publication")
    qtbot.waitUntil(lambda: ui.model.rowCount() == 1, timeout=10000)
    assert _titles(ui) == ["白沙镇最低生活保障对象名单公示"]
    assert all("逾期公开" in ui.warnings.item(i).text() for i in range(ui.warnings.count()))

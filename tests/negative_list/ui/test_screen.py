"""The 负面清单 screen offscreen: filters, editor with history and citations, review actions, export."""

from __future__ import annotations

import datetime as dt

import openpyxl
import pytest

from app import negative_list as nl


@pytest.fixture
def ui(qtbot, db):
    from ui.context import UiContext
    from ui.negative_list.screen import NegativeListScreen

    ctx = UiContext(db, "测试员")
    errors: list[str] = []
    ctx.show_error = lambda exc, tb=None: errors.append(str(exc))
    screen = NegativeListScreen(ctx)
    qtbot.addWidget(screen)
    screen.errors = errors
    return screen


@pytest.fixture
def filled(db):
    with db.session() as s:
        privacy = nl.create_item(s, {"name": "低保对象的家庭收入和健康状况", "category": "个人隐私",
                                     "decided_on": dt.date(2020, 1, 1), "keywords": "低保、家庭收入"})
        process = nl.create_item(s, {"name": "县政府常务会议讨论记录", "category": "过程性信息",
                                     "decided_on": dt.date.today(), "keywords": "常务会议"})
    return privacy, process


def _names(table):
    return [table.item(r, 1).text() for r in range(table.rowCount())]


def test_list_and_filters(ui, filled):
    privacy, process = filled
    ui.refresh()
    assert sorted(_names(ui.table)) == sorted([privacy.name, process.name])
    assert ui.table.horizontalHeaderItem(1).text() == "事项名称"
    ui.category_filter.setCurrentIndex(ui.category_filter.findData("process_info"))
    assert _names(ui.table) == [process.name]
    ui.category_filter.setCurrentIndex(0)
    ui.due_filter.setChecked(True)
    assert _names(ui.table) == [privacy.name]
    ui.due_filter.setChecked(False)
    ui.text_filter.setText("常务")
    assert _names(ui.table) == [process.name]
    assert ui.tabs.tabText(1) == "待复核（1）"


def test_editor_creates_and_changes_with_history(ui, db, qtbot):
    ui.refresh()
    editor = ui.open_editor(None)
    editor.form.name.setText("信访人的身份信息")
    editor.form.category.setCurrentIndex(editor.form.category.findData("personal_privacy"))
    assert editor.form.basis_article.text() == "第十五条"
    assert editor.form.basis_text.toPlainText().startswith("涉及商业秘密、个人隐私")
    editor.form.keywords.setText("信访人，住址")
    editor.save()
    assert ui.errors == []
    assert _names(ui.table) == ["信访人的身份信息"]
    item_id = editor.item_id

    ui.table.selectRow(0)
    editor = ui.edit_selected()
    assert editor.form.keywords.text() == "信访人、住址"
    editor.form.scope.setPlainText("信访件中的姓名、住址和电话")
    editor.reason.setText("明确范围")
    editor.save()
    with db.read_session() as s:
        versions = nl.item_versions(s, item_id)
        assert nl.get_item(s, item_id).scope == "信访件中的姓名、住址和电话"
    assert [v.reason for v in versions] == ["明确范围"]
    editor = ui.open_editor(item_id)
    assert editor.tabs.tabText(1) == "历史版本（1）"
    assert editor.versions.item(0, 3).text() == "明确范围"


def test_editor_shows_the_decisions_that_cited_the_item(ui, db, filled, make_application, session):
    privacy, _ = filled
    app_id = make_application("denied_third_party", "申请公开低保对象名单及家庭收入")
    nl.cite_items(session, app_id, [privacy.id])
    session.commit()
    editor = ui.open_editor(privacy.id)
    assert editor.tabs.tabText(3) == "引用的答复（1）"
    assert editor.decisions.item(0, 2).text() == "申请公开低保对象名单及家庭收入"


def test_editor_refuses_bad_input_and_keeps_data(ui, db):
    editor = ui.open_editor(None)
    editor.form.name.setText("")
    editor.save()
    assert ui.errors == ["请填写事项名称。"]
    assert editor.isVisible()
    with db.read_session() as s:
        assert nl.list_items(s) == []


def test_review_actions(ui, db, filled):
    privacy, process = filled
    ui.refresh()
    assert ui.due_table.rowCount() == 1
    ui.due_table.selectRow(0)
    dialog = ui.review_selected("release")
    dialog.save()
    assert ui.errors == ["调整或解除事项时请填写复核意见（理由）。"]
    dialog.note.setPlainText("低保名单已依法公示，可以公开")
    dialog.save()
    assert ui.due_table.rowCount() == 0
    with db.read_session() as s:
        assert nl.get_item(s, privacy.id).status == "released"
    assert "已解除" in ui.errors[-1]  # the hint to register it in the catalogue


def test_export_buttons_write_files(ui, db, filled, tmp_path, qtbot):
    path = tmp_path / "备案.xlsx"
    ui.refresh()
    ui.export("xlsx", str(path))
    qtbot.waitUntil(lambda: "已导出" in ui.count_label.text(), timeout=10000)
    ws = openpyxl.load_workbook(path).active
    assert ws["A3"].value == "序号" and ws.max_row == 5
    pdf = tmp_path / "备案.pdf"
    ui.export("pdf", str(pdf))
    qtbot.waitUntil(lambda: str(pdf) in ui.count_label.text(), timeout=10000)
    assert pdf.read_bytes().startswith(b"%PDF")

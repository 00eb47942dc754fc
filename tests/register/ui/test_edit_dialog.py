"""修改登记信息 from the detail view: the prefilled form writes through update_application, or refuses."""

from __future__ import annotations

import datetime as dt

import pytest
from sqlalchemy import select

from app import register
from app.domain.identifiers import id_number_check_char
from app.storage.models.register import Application, ApplicationEvent
from tests.helpers.register_ui import accept_with, field_text
from ui.register.edit_application import EditApplicationDialog

TODAY = dt.date(2026, 11, 27)
FIRST17 = "33012719800101123"
ID_NUMBER = FIRST17 + id_number_check_char(FIRST17)
WRONG_CHECK = FIRST17 + ("0" if id_number_check_char(FIRST17) != "0" else "1")


@pytest.fixture
def app_id(db):
    with db.session() as s:
        return register.register_application(s, {
            "received_on": dt.date(2026, 11, 20), "channel": "in_person", "applicant_kind": "natural_person",
            "applicant_name": "张三", "applicant_id_number": ID_NUMBER, "applicant_phone": "0571-1234567",
            "content": "申请公开青山镇2024年度低保对象审核材料", "requested_form": "纸质"}, today=TODAY).id


@pytest.fixture
def detail(qtbot, ctx, app_id):
    from ui.register.detail import DetailDialog

    d = DetailDialog(ctx, app_id, today=TODAY)
    qtbot.addWidget(d)
    return d


def _stored(db, app_id) -> Application:
    with db.read_session() as s:
        return s.get(Application, app_id)


def test_form_is_prefilled_with_the_registered_fields(qtbot, ctx, detail, app_id):
    d = EditApplicationDialog(ctx, detail.info, detail, today=TODAY)
    qtbot.addWidget(d)
    assert d.name.text() == "张三"
    assert d.id_number.text() == ID_NUMBER
    assert d.phone.text() == "0571-1234567"
    assert d.content.toPlainText() == "申请公开青山镇2024年度低保对象审核材料"
    assert d.channel.currentData() == "in_person"
    assert d.received_on.value() == dt.date(2026, 11, 20)
    assert d.requested_form.currentText() == "纸质"
    assert d.changes() == {}


def test_change_phone_and_content_is_stored_and_shown(db, ctx, detail, app_id, monkeypatch):
    seen: list[str] = []
    ctx.bus.data_changed.connect(seen.append)

    def fill(d):
        d.phone.setText("13800000000")
        d.content.setPlainText("申请公开青山镇2025年度低保对象名单")

    accept_with(monkeypatch, EditApplicationDialog, fill)
    assert detail.buttons["edit"].isEnabled()
    assert detail.run(EditApplicationDialog)
    stored = _stored(db, app_id)
    assert stored.applicant_phone == "13800000000"
    assert stored.content == "申请公开青山镇2025年度低保对象名单"
    assert stored.applicant_name == "张三" and stored.applicant_id_number == ID_NUMBER
    assert "register" in seen
    assert not ctx.errors
    with db.read_session() as s:
        events = list(s.execute(select(ApplicationEvent).where(
            ApplicationEvent.application_id == app_id, ApplicationEvent.action == "update")).scalars())
    assert len(events) == 1 and "联系电话" in events[0].opinion and "申请内容" in events[0].opinion
    # the detail view was refreshed
    assert field_text(detail, "联系电话") == "13800000000"
    assert field_text(detail, "申请内容") == "申请公开青山镇2025年度低保对象名单"


def test_invalid_id_number_is_refused_and_nothing_stored(qtbot, db, ctx, detail, app_id, monkeypatch):
    def fill(d):
        d.phone.setText("13800000000")
        d.id_number.setText(WRONG_CHECK)

    accept_with(monkeypatch, EditApplicationDialog, fill)
    assert not detail.run(EditApplicationDialog)
    assert ctx.errors and "身份证号码" in ctx.errors[-1].message
    stored = _stored(db, app_id)
    assert stored.applicant_id_number == ID_NUMBER and stored.applicant_phone == "0571-1234567"

    # Shown for real, the dialog stays open with what was typed.
    d = EditApplicationDialog(ctx, detail.info, detail, today=TODAY)
    qtbot.addWidget(d)
    d.show()
    d.id_number.setText(WRONG_CHECK)
    d.save_button.click()
    assert d.isVisible() and d.id_number.text() == WRONG_CHECK
    assert _stored(db, app_id).applicant_id_number == ID_NUMBER


def test_service_refusal_keeps_the_dialog_open(qtbot, db, ctx, detail, app_id):
    d = EditApplicationDialog(ctx, detail.info, detail, today=TODAY)
    qtbot.addWidget(d)
    d.show()
    d.email.setText("not-an-email")
    d.phone.setText("13800000000")
    assert not d.save()
    assert d.isVisible()
    assert ctx.errors and "电子邮箱" in ctx.errors[-1].message
    assert _stored(db, app_id).applicant_phone == "0571-1234567"


def test_closed_application_cannot_be_edited(db, detail, app_id):
    assert detail.buttons["edit"].isEnabled()
    with db.session() as s:
        register.close(s, app_id, "granted", replied_on=TODAY, today=TODAY)
    detail.reload()
    assert not detail.buttons["edit"].isEnabled()

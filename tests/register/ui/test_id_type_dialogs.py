"""证件类型 in the registration form, its edit dialog and the detail view: the live check follows the chosen
type, the type is stored beside the application, and the number is shown under its document's name."""

from __future__ import annotations

import datetime as dt

import pytest
from sqlalchemy import func, select

from app import register
from app.domain.identifiers import id_number_check_char, org9_check_char
from app.storage.models.register import ApplicantDocument, Application, ApplicationEvent
from tests.helpers.register_ui import accept_with, field_text
from ui.register.edit_application import EditApplicationDialog
from ui.register.new_application import NewApplicationDialog

RECEIVED = dt.date(2026, 11, 20)
TODAY = dt.date(2026, 11, 27)
FIRST17 = "33012719800101123"
ID_NUMBER = FIRST17 + id_number_check_char(FIRST17)
WRONG_CHECK = FIRST17 + ("0" if id_number_check_char(FIRST17) != "0" else "1")
PASSPORT = "E12345678"


def _form(qtbot, ctx) -> NewApplicationDialog:
    form = NewApplicationDialog(ctx, today=TODAY)
    qtbot.addWidget(form)
    form.channel.setCurrentIndex(form.channel.findData("in_person"))
    form.received_on.set_value(RECEIVED)
    form.name.setText("张三")
    form.content.setPlainText("申请公开青山镇2024年度低保对象审核材料")
    return form


def _types(db) -> dict[int, str]:
    with db.read_session() as s:
        return dict(s.execute(select(ApplicantDocument.application_id, ApplicantDocument.id_type)).all())


def _count(db) -> int:
    with db.read_session() as s:
        return s.execute(select(func.count()).select_from(Application)).scalar_one()


def test_the_choices_and_default_follow_the_applicant_kind(qtbot, ctx):
    form = _form(qtbot, ctx)
    labels = [form.id_type.itemText(i) for i in range(form.id_type.count())]
    assert labels[0] == "居民身份证" and "护照" in labels and "外国人永久居留身份证" in labels
    assert "统一社会信用代码" not in labels
    assert form.id_type.currentData() == "resident_id" and form.id_label.text() == "身份证号码"
    form.org_radio.setChecked(True)
    labels = [form.id_type.itemText(i) for i in range(form.id_type.count())]
    assert labels == ["统一社会信用代码", "组织机构代码", "其他证件"]
    assert form.id_type.currentData() == "credit_code" and form.id_label.text() == "统一社会信用代码"
    form.person_radio.setChecked(True)
    assert form.id_type.currentData() == "resident_id"
    with pytest.raises(ValueError, match="证件类型"):
        form.set_id_type("credit_code")  # not a person's document


def test_a_passport_is_checked_as_a_passport_and_registered_with_its_type(qtbot, ctx, db):
    form = _form(qtbot, ctx)
    form.id_number.setText(PASSPORT)
    assert "✗" in form.id_status.text()  # taken as a 居民身份证 until the type is chosen
    assert not form.save()
    assert ctx.errors and "身份证号码" in ctx.errors[-1].message
    assert _count(db) == 0
    form.set_id_type("passport")
    assert form.id_label.text() == "护照号码"
    assert "✓" in form.id_status.text()
    assert form.save(), ctx.errors
    assert _types(db) == {form.saved_id: "passport"}
    with db.read_session() as s:
        assert s.get(Application, form.saved_id).applicant_id_number == PASSPORT
    form.reset()
    assert form.id_type.currentData() == "resident_id"


def test_a_wrong_check_digit_is_refused_under_the_chosen_type(qtbot, ctx, db):
    form = _form(qtbot, ctx)
    form.set_id_type("residence_permit")
    first17 = "810000" + FIRST17[6:]
    form.id_number.setText(first17 + ("0" if id_number_check_char(first17) != "0" else "1"))
    assert "校验位" in form.id_status.text()
    assert not form.save()
    assert "港澳台居民居住证号码有误" in ctx.errors[-1].message
    form.set_id_type("resident_id")
    form.id_number.setText("330127801301123")  # 15 digits, born in month 13
    assert "出生日期" in form.id_status.text()
    assert not form.save()
    assert _count(db) == 0 and _types(db) == {}


def test_an_organisation_code_and_no_type_without_a_number(qtbot, ctx, db):
    form = _form(qtbot, ctx)
    form.org_radio.setChecked(True)
    form.name.setText("青山县某某厂")
    form.contact.setText("李四")
    code = "12345678-" + org9_check_char("12345678")
    form.id_number.setText(code)
    assert "✗" in form.id_status.text()  # not a 统一社会信用代码
    form.set_id_type("org_code")
    assert "✓" in form.id_status.text() and form.id_label.text() == "组织机构代码"
    assert form.save(), ctx.errors
    first = form.saved_id
    form.reset()
    form.name.setText("李四")
    form.person_radio.setChecked(True)
    form.content.setPlainText("申请公开河道整治工程招标文件")
    assert form.save(), ctx.errors  # no number: no type is kept
    assert _types(db) == {first: "org_code"}


@pytest.fixture
def app_id(db):
    with db.session() as s:
        return register.register_application(s, {
            "received_on": RECEIVED, "channel": "in_person", "applicant_kind": "natural_person",
            "applicant_name": "张三", "applicant_id_number": ID_NUMBER,
            "content": "申请公开青山镇2024年度低保对象审核材料"}, today=TODAY).id


@pytest.fixture
def detail(qtbot, ctx, app_id):
    from ui.register.detail import DetailDialog

    d = DetailDialog(ctx, app_id, today=TODAY)
    qtbot.addWidget(d)
    return d


def test_edit_without_a_stored_type_shows_the_implied_one_and_keeps_none(qtbot, db, ctx, detail, app_id,
                                                                         monkeypatch):
    d = EditApplicationDialog(ctx, detail.info, detail, today=TODAY)
    qtbot.addWidget(d)
    assert d.id_type.currentData() == "resident_id" and d.changes() == {}
    assert field_text(detail, "身份证号码") == ID_NUMBER

    accept_with(monkeypatch, EditApplicationDialog, lambda dlg: dlg.phone.setText("13800000000"))
    assert detail.run(EditApplicationDialog)
    assert _types(db) == {}


def test_edit_to_a_passport_stores_the_type_and_the_detail_names_it(qtbot, db, ctx, detail, app_id, monkeypatch):
    def to_passport(d):
        d.set_id_type("passport")
        d.id_number.setText(PASSPORT)

    accept_with(monkeypatch, EditApplicationDialog, to_passport)
    assert detail.run(EditApplicationDialog)
    assert not ctx.errors
    assert _types(db) == {app_id: "passport"}
    assert field_text(detail, "护照号码") == PASSPORT
    with db.read_session() as s:
        opinions = s.execute(select(ApplicationEvent.opinion).where(
            ApplicationEvent.application_id == app_id, ApplicationEvent.action == "update")).scalars().all()
    assert opinions == ["修改：证件号码、证件类型"]

    # Opened again: the stored type is shown; a wrong check digit under 居民身份证 changes nothing.
    d = EditApplicationDialog(ctx, detail.info, detail, today=TODAY)
    qtbot.addWidget(d)
    assert d.id_type.currentData() == "passport" and d.id_label.text() == "护照号码" and d.changes() == {}
    d.show()
    d.set_id_type("resident_id")
    d.id_number.setText(WRONG_CHECK)
    d.save_button.click()
    assert d.isVisible() and "校验位" in ctx.errors[-1].message
    assert _types(db) == {app_id: "passport"}

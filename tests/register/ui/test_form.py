"""The registration form: next serial stored, live ID check, nothing stored on bad input, similar applications."""

from __future__ import annotations

import datetime as dt
import hashlib

from sqlalchemy import func, select

from app import register
from app.domain.identifiers import id_number_check_char, org_code_check_char
from app.storage.models.register import Application, Attachment

RECEIVED = dt.date(2026, 11, 20)
TODAY = dt.date(2026, 11, 27)


def _pid(first17: str = "33010619850510504") -> str:
    return first17 + id_number_check_char(first17)


def _form(qtbot, ctx):
    from ui.register.new_application import NewApplicationDialog

    form = NewApplicationDialog(ctx, today=TODAY)
    qtbot.addWidget(form)
    return form


def _fill_person(form, id_number: str) -> None:
    form.channel.setCurrentIndex(form.channel.findData("in_person"))
    form.received_on.set_value(RECEIVED)
    form.name.setText("张三")
    form.id_number.setText(id_number)
    form.phone.setText("13800000000")
    form.address.setText("青山县青山镇人民路2号")
    form.content.setPlainText("申请公开青山镇2024年度低保对象审核材料")


def test_form_registers_with_the_next_serial_and_stores_the_scan(qtbot, ctx, db, tmp_path):
    with db.session() as s:
        first = register.register_application(s, {
            "received_on": RECEIVED, "channel": "in_person", "applicant_kind": "natural_person",
            "applicant_name": "李四", "content": "申请公开河道整治工程招标文件"}, today=TODAY)
    form = _form(qtbot, ctx)
    _fill_person(form, _pid())
    assert "✓" in form.id_status.text()
    scan = tmp_path / "申请书.pdf"
    scan.write_bytes(b"%PDF-1.4 scanned application")
    form.add_file(str(scan))
    assert form.save()
    assert not ctx.errors
    number = int(first.serial.rsplit("-", 1)[1]) + 1
    assert form.saved_serial == first.serial.rsplit("-", 1)[0] + f"-{number:05d}"
    assert form.saved_serial in form.banner.text()
    with db.read_session() as s:
        app = s.execute(select(Application).where(Application.serial == form.saved_serial)).scalar_one()
        assert (app.applicant_name, app.applicant_id_number, app.received_on) == ("张三", _pid(), RECEIVED)
        assert app.reply_due is not None and app.status == "accept"
        att = s.execute(select(Attachment).where(Attachment.application_id == app.id)).scalar_one()
        assert att.sha256 == hashlib.sha256(scan.read_bytes()).hexdigest()
    form.reset()
    assert form.save_button.isEnabled() and form.name.text() == ""


def test_invalid_id_number_shows_the_error_and_stores_nothing(qtbot, ctx, db):
    form = _form(qtbot, ctx)
    good = _pid()
    bad = good[:17] + ("0" if good[17] != "0" else "1")
    _fill_person(form, bad)
    assert "校验位" in form.id_status.text()
    assert not form.save()
    assert len(ctx.errors) == 1 and "校验位" in ctx.errors[0].message
    with db.read_session() as s:
        assert s.execute(select(func.count()).select_from(Application)).scalar_one() == 0


def test_organisation_needs_a_valid_credit_code_and_receipt_note(qtbot, ctx, db):
    form = _form(qtbot, ctx)
    form.org_radio.setChecked(True)
    form.org_kind.setCurrentIndex(form.org_kind.findData("legal_service"))
    assert form.id_label.text() == "统一社会信用代码"
    form.channel.setCurrentIndex(form.channel.findData("online"))
    assert "双方确认之日" in form.rule_text.text() and "第三十一条" in form.rule_text.text()
    form.received_on.set_value(RECEIVED)
    form.name.setText("浙江安吉律师事务所")
    form.id_number.setText(_pid())  # a personal ID is not a credit code
    assert "✗" in form.id_status.text()
    code = "91330587X14PUNKQP" + org_code_check_char("91330587X14PUNKQP")
    form.id_number.setText(code)
    assert "✓" in form.id_status.text()
    form.contact.setText("于丽")
    form.content.setPlainText("申请公开学校食堂食品安全检查记录")
    assert not form.save()  # internet channel: the confirmation must be described (art. 31)
    assert ctx.errors and "确认" in ctx.errors[-1].message
    form.receipt_note.setText("2026-11-20 电话与申请人确认")
    assert form.save()
    with db.read_session() as s:
        app = s.execute(select(Application)).scalar_one()
        assert (app.applicant_kind, app.applicant_contact_person, app.channel) == ("legal_service", "于丽", "online")


def test_earlier_applications_of_the_applicant_are_listed(qtbot, ctx, db):
    with db.session() as s:
        earlier = register.register_application(s, {
            "received_on": dt.date(2026, 10, 9), "channel": "in_person", "applicant_kind": "natural_person",
            "applicant_name": "张三", "applicant_id_number": _pid(),
            "content": "申请公开青山镇2024年度低保对象审核材料"}, today=TODAY)
    form = _form(qtbot, ctx)
    _fill_person(form, _pid())
    form.update_similar()
    texts = [form.similar.item(i).text() for i in range(form.similar.count())]
    assert len(texts) == 1 and earlier.serial in texts[0] and "内容相似" in texts[0]
    assert "共 1 件" in form.similar_title.text()

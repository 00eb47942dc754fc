"""Masking policy, the scrypt password lock, idle minutes and the audited unmasked view."""

from __future__ import annotations

import json

import pytest
from hypothesis import given
from hypothesis import settings as hsettings
from hypothesis import strategies as st
from sqlalchemy import select

from app.core import privacy, security
from app.core import settings as settings_service
from app.errors import ValidationError
from app.storage.models.core import AuditEntry, Setting


def test_masks_follow_one_policy():
    assert privacy.mask_id_number("330106199001011234") == "3301**********1234"
    assert privacy.mask_id_number("33010619900101123X") == "3301**********123X"
    # an organisation's credit code is public
    assert privacy.mask_id_number("91330100MA27XXXX0A") == "91330100MA27XXXX0A"
    assert privacy.mask_phone("13812345678") == "138****5678"
    assert privacy.mask_phone("0571-87654321").endswith("4321")
    assert "8765" not in privacy.mask_phone("0571-87654321")
    assert privacy.mask_name("张三") == "张**"
    assert privacy.mask_name("欧阳娜娜") == "欧**"
    assert privacy.mask_address("浙江省杭州市西湖区文三路100号") == "浙江省杭州市****"
    assert privacy.mask_email("zhangsan@example.cn") == "zh***@example.cn"
    assert privacy.mask(None, "id") is None and privacy.mask("", "phone") == ""


def test_mask_record_hides_every_personal_field_of_an_applicant():
    record = {"serial": "1", "applicant": {"kind": "natural_person", "name": "李四", "id_number": "110101199003076517",
                                            "phone": "13912345678", "address": "北京市东城区某街道1号",
                                            "email": "li@x.cn", "contact_person": "王五"}}
    masked = privacy.mask_record(record, name=True)
    a = masked["applicant"]
    assert a["name"] == "李**" and "19900307" not in a["id_number"] and "1234" not in a["phone"]
    assert a["address"].endswith("****") and a["contact_person"] == "王**"
    assert record["applicant"]["phone"] == "13912345678"  # the original is untouched
    org = privacy.mask_record({"applicant": {"kind": "commercial", "name": "某某有限公司"}}, name=True)
    assert org["applicant"]["name"] == "某某有限公司"


@given(st.text(alphabet="0123456789", min_size=17, max_size=17), st.sampled_from("0123456789X"))
@hsettings(max_examples=200, deadline=None)
def test_masked_id_never_shows_the_birth_date(body, check):
    value = body + check
    masked = privacy.mask_id_number(value)
    assert masked[6:14] == "********" and len(masked) == 18 and masked[-4:] == value[-4:]


@given(st.text(alphabet="0123456789- ", min_size=8, max_size=20).filter(lambda t: sum(c.isdigit() for c in t) >= 8))
@hsettings(max_examples=200, deadline=None)
def test_masked_phone_hides_the_middle_digits(phone):
    masked = privacy.mask_phone(phone)
    digits = [c for c in masked if c.isdigit() or c == "*"]
    assert digits.count("*") == sum(c.isdigit() for c in phone) - 7
    assert len(masked) == len(phone)


def test_writer_masks_like_the_privacy_policy():
    from app.excel.writer import mask_value

    for how, value in [("id", "330106199001011234"), ("phone", "13812345678"),
                       ("address", "浙江省杭州市西湖区文三路100号"), ("email", "zhangsan@example.cn")]:
        assert mask_value(value, how) == privacy.mask(value, how), how


def test_password_is_stored_as_a_salted_scrypt_hash(session):
    assert not security.has_password(session)
    security.set_password(session, "正确的密码123")
    stored = session.get(Setting, security.PASSWORD_KEY).value
    assert stored["algorithm"] == "scrypt" and stored["n"] >= 2 ** 14 and len(stored["salt"]) == 32
    assert "正确的密码123" not in json.dumps(stored, ensure_ascii=False)
    # the audit trail holds only the hash as well
    afters = session.execute(select(AuditEntry.after).where(AuditEntry.entity == "setting")).scalars().all()
    assert all("正确的密码123" not in (a or "") for a in afters)
    assert security.verify_password(session, "正确的密码123")
    assert not security.verify_password(session, "错误的密码123")
    assert not security.verify_password(session, "")
    first = dict(stored)
    security.set_password(session, "另一个密码456", current="正确的密码123")
    second = session.get(Setting, security.PASSWORD_KEY).value
    assert second["salt"] != first["salt"]
    assert security.verify_password(session, "另一个密码456") and not security.verify_password(session, "正确的密码123")


def test_same_password_gives_different_hashes():
    a, b = security.hash_password("abcdef"), security.hash_password("abcdef")
    assert a["hash"] != b["hash"] and security.check_hash(a, "abcdef") and security.check_hash(b, "abcdef")


def test_changing_or_clearing_needs_the_current_password(session):
    security.set_password(session, "secret-1")
    with pytest.raises(ValidationError, match="当前密码不正确"):
        security.set_password(session, "secret-2", current="wrong")
    with pytest.raises(ValidationError, match="当前密码不正确"):
        security.clear_password(session, "wrong")
    assert security.verify_password(session, "secret-1")
    security.clear_password(session, "secret-1")
    assert not security.has_password(session)
    assert not security.verify_password(session, "secret-1")


@pytest.mark.parametrize("bad", ["", "   ", "12345", "x" * 300])
def test_bad_new_passwords_are_refused_in_chinese(session, bad):
    with pytest.raises(ValidationError, match="密码"):
        security.set_password(session, bad)
    assert not security.has_password(session)


def test_tampered_hash_record_never_verifies(session):
    settings_service.set_setting(session, security.PASSWORD_KEY, {"algorithm": "scrypt", "salt": "zz", "hash": "00"})
    assert not security.verify_password(session, "anything")
    settings_service.set_setting(session, security.PASSWORD_KEY, {"algorithm": "md5", "hash": "00"})
    assert not security.verify_password(session, "anything")


def test_idle_minutes(session):
    assert security.idle_minutes(session) == security.DEFAULT_IDLE_MINUTES
    assert security.set_idle_minutes(session, "15") == 15
    assert security.status(session).idle_minutes == 15
    for bad in (0, -3, 10_000, "abc", None):
        with pytest.raises(ValidationError, match="空闲锁定时间"):
            security.set_idle_minutes(session, bad)
    assert security.idle_minutes(session) == 15


def test_unmasked_view_is_audited_with_operator(db):
    from app.core import audit
    from app.core.integrity import run_check

    with db.session(operator="李科员") as s:
        security.record_unmasked_view(s, "application", 42)
    with db.read_session() as s:
        entries = audit.history(s, "application", "42")
        assert [(e.action, e.operator) for e in entries] == [("view", "李科员")]
        assert "未脱敏" in entries[0].note
        assert run_check(s).ok


def test_opening_the_detail_view_audits_the_unmasked_view(db, qtbot):
    import datetime as dt

    from app import register
    from app.core import audit
    from ui.context import UiContext
    from ui.register.detail import DetailDialog

    with db.session() as s:
        with_phone = register.register_application(s, {
            "received_on": "2026-03-02", "channel": "in_person", "applicant_kind": "natural_person",
            "applicant_name": "孙九", "applicant_phone": "13600001111", "content": "申请公开某文件",
            "receipt_note": "当面提交"}, today=dt.date(2026, 3, 3)).id
        without = register.register_application(s, {
            "received_on": "2026-03-02", "channel": "in_person", "applicant_kind": "commercial",
            "applicant_name": "某某有限公司", "content": "申请公开某文件", "receipt_note": "当面提交"},
            today=dt.date(2026, 3, 3)).id
    ctx = UiContext(db, "周科员")
    for app_id in (with_phone, without):
        dialog = DetailDialog(ctx, app_id, today=dt.date(2026, 3, 3))
        qtbot.addWidget(dialog)
    with db.read_session() as s:
        views = [(e.action, e.operator) for e in audit.history(s, "application", str(with_phone)) if e.action == "view"]
        assert views == [("view", "周科员")]
        assert not [e for e in audit.history(s, "application", str(without)) if e.action == "view"]

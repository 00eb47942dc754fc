"""Registering applications: validation, serials without gaps, similar earlier applications."""

from __future__ import annotations

import datetime as dt

import pytest
from sqlalchemy import func, select

from app import register
from app.errors import ValidationError
from app.storage.models.core import AuditEntry
from app.storage.models.register import Application
from tests.helpers.register import application_data, org_code, person_id


def test_register_sets_serial_due_dates_and_audit(session):
    state = register.register_application(session, application_data())
    assert state.serial == "GK-2025-00001"
    assert state.status == "accept"
    # docs/spec/working-days.md section 2: receipt Fri 2025-09-26 -> 7 WD = Mon 2025-10-13, 20 WD = Thu 2025-10-30.
    assert state.correction_notice_due == dt.date(2025, 10, 13)
    assert state.reply_due == dt.date(2025, 10, 30)
    assert not state.due_provisional
    entries = session.execute(select(AuditEntry.entity).where(AuditEntry.entity_id == str(state.id))).scalars().all()
    assert "application" in entries
    events = register.timeline(session, state.id)
    assert [(e.action, e.actor) for e in events] == [("create", "测试员")]


@pytest.mark.parametrize(
    ("overrides", "field_word"),
    [
        ({"applicant_id_number": "330106198505105041"}, "校验位"),
        ({"applicant_kind": "commercial", "applicant_id_number": "91330587X14PUNKQP0"}, "统一社会信用代码"),
        ({"applicant_kind": "company"}, "申请人类型"),
        ({"channel": "pigeon"}, "申请渠道"),
        ({"channel": "online"}, "确认"),  # art. 31: the confirmation must be explained
        ({"content": "  "}, "申请内容"),
        ({"received_on": "2025-02-30"}, "有效日期"),
        ({"received_on": dt.date.today() + dt.timedelta(days=3)}, "晚于今天"),
    ],
)
def test_invalid_data_is_refused_and_nothing_stored(session, overrides, field_word):
    with pytest.raises(ValidationError) as err:
        register.register_application(session, application_data(**overrides))
    assert field_word in str(err.value) + "".join(err.value.details)
    assert session.execute(select(func.count()).select_from(Application)).scalar_one() == 0


def test_organisation_and_confirmed_channel_accepted(session):
    state = register.register_application(session, application_data(
        applicant_kind="legal_service", applicant_name="浙江安吉律师事务所", applicant_id_number=org_code(),
        applicant_contact_person="于丽", channel="online", receipt_note="2025-09-26 经电话与申请人确认"))
    app = session.get(Application, state.id)
    assert app.applicant_id_number == org_code()
    assert app.receipt_note.startswith("2025-09-26")


def test_serials_have_no_gaps_when_a_unit_of_work_rolls_back(db):
    with db.session() as s:
        first = register.register_application(s, application_data()).serial
    with pytest.raises(RuntimeError):
        with db.session() as s:
            register.register_application(s, application_data())
            raise RuntimeError("clerk cancelled")
    with db.session() as s:
        second = register.register_application(s, application_data()).serial
        third = register.register_application(s, application_data(received_on=dt.date(2024, 12, 30))).serial
    assert (first, second, third) == ("GK-2025-00001", "GK-2025-00002", "GK-2024-00001")


def test_serial_format_is_a_setting(session):
    from app.core.settings import set_setting

    set_setting(session, register.SERIAL_FORMAT_SETTING, "青政申〔{year}〕{number}号")
    assert register.register_application(session, application_data()).serial == "青政申〔2025〕1号"


def test_get_by_serial(session, new_app):
    app_id = new_app()
    assert register.get_by_serial(session, "GK-2025-00001").id == app_id
    with pytest.raises(Exception, match="没有申请编号"):
        register.get_by_serial(session, "GK-2025-09999")


def test_similar_applications_by_id_number_or_name(session, new_app):
    same = new_app(received_on=dt.date(2025, 3, 3))
    new_app(received_on=dt.date(2025, 4, 1), content="申请公开青山镇河道整治工程招标文件")
    by_name = new_app(received_on=dt.date(2025, 5, 6), applicant_id_number=None)
    other_person = new_app(received_on=dt.date(2025, 5, 7), applicant_name="李四",
                           applicant_id_number=person_id("33010219700101123"))
    found = register.similar_applications(session, {"name": "张三", "id_number": person_id()},
                                          "申请公开青山镇2024年度低保对象审核材料")
    ids = [s.id for s in found]
    assert same in ids and by_name in ids and other_person not in ids
    assert all(s.similarity >= 0.5 for s in found)
    assert {s.matched_by for s in found if s.id == same} == {"id_number"}
    assert register.content_similarity("申请公开青山镇低保名单", "申请公开白沙镇河道整治工程") < 0.3

"""证件类型 at registration and when correcting it (docs/spec/application-records.md section 3.4): the number
is checked against the type given, the type is kept beside the application, audited and exported."""

from __future__ import annotations

import pytest
from sqlalchemy import func, select

from app import register
from app.errors import ValidationError
from app.storage.models.core import AuditEntry
from app.storage.models.register import ApplicantDocument, Application
from tests.helpers.register import application_data, org_code, person_id

PASSPORT = "E12345678"


def _type_of(session, app_id: int) -> str | None:
    return session.scalar(select(ApplicantDocument.id_type).where(ApplicantDocument.application_id == app_id))


def _count(session, model) -> int:
    return session.execute(select(func.count()).select_from(model)).scalar_one()


def test_passport_is_accepted_with_its_type_kept_audited_and_exported(session):
    state = register.register_application(session, application_data(
        applicant_name="John Smith", applicant_id_number=PASSPORT.lower(), applicant_id_type="passport"))
    app = session.get(Application, state.id)
    assert app.applicant_id_number == PASSPORT
    assert _type_of(session, state.id) == "passport"
    row_id = session.scalar(select(ApplicantDocument.id).where(ApplicantDocument.application_id == state.id))
    audited = session.execute(select(AuditEntry.action).where(
        AuditEntry.entity == "applicant_document", AuditEntry.entity_id == str(row_id))).scalars().all()
    assert audited == ["create"]
    [record] = list(register.export_records(session))
    assert record["applicant"]["id_type"] == "passport"
    assert record["applicant"]["id_number"] == PASSPORT
    assert register.application_record(session, state.id)["applicant"]["id_type"] == "passport"


def test_without_a_type_nothing_is_kept_and_the_number_is_a_resident_id(session):
    state = register.register_application(session, application_data())
    assert _type_of(session, state.id) is None
    assert "id_type" not in next(iter(register.export_records(session)))["applicant"]
    with pytest.raises(ValidationError) as err:
        register.register_application(session, application_data(applicant_id_number=PASSPORT))
    assert "证件类型" in str(err.value)


def _with_wrong_check_digit(number: str) -> str:
    return number[:-1] + ("0" if number[-1] != "0" else "1")


@pytest.mark.parametrize(
    ("overrides", "word"),
    [
        ({"applicant_id_type": "resident_id", "applicant_id_number": _with_wrong_check_digit(person_id())}, "校验位"),
        ({"applicant_id_type": "resident_id", "applicant_id_number": "330106851332504"}, "出生日期"),
        ({"applicant_id_type": "passport", "applicant_id_number": "E1234-5678"}, "护照"),
        ({"applicant_id_type": "hk_macao_permit", "applicant_id_number": "X12345678"}, "港澳"),
        ({"applicant_id_type": "credit_code", "applicant_id_number": org_code()}, "自然人申请人不使用统一社会信用代码"),
        ({"applicant_id_type": "driving_licence"}, "证件类型"),
        ({"applicant_id_type": "passport", "applicant_id_number": None}, "未填写证件号码"),
        ({"applicant_kind": "commercial", "applicant_id_type": "org_code", "applicant_id_number": "12345678-0"},
         "组织机构代码校验码"),
    ],
)
def test_a_number_that_does_not_fit_its_type_is_refused_and_nothing_stored(session, overrides, word):
    with pytest.raises(ValidationError) as err:
        register.register_application(session, application_data(**overrides))
    assert word in str(err.value) + "".join(err.value.details)
    assert _count(session, Application) == 0
    assert _count(session, ApplicantDocument) == 0


def test_a_fifteen_digit_card_is_accepted_as_a_resident_id(session):
    state = register.register_application(session, application_data(
        applicant_id_number="330106850510504", applicant_id_type="resident_id"))
    assert _type_of(session, state.id) == "resident_id"


def test_an_organisation_code_with_its_check_character(session):
    from app.domain.identifiers import org9_check_char

    code = "12345678-" + org9_check_char("12345678")
    state = register.register_application(session, application_data(
        applicant_kind="commercial", applicant_name="青山县某某厂", applicant_id_number=code,
        applicant_id_type="org_code"))
    assert _type_of(session, state.id) == "org_code"


def test_update_changes_keeps_and_removes_the_type(session):
    app_id = register.register_application(session, application_data()).id
    # a passport number with its type
    register.update_application(session, app_id, {"applicant_id_number": PASSPORT, "applicant_id_type": "passport"})
    assert _type_of(session, app_id) == "passport"
    # a change of another field keeps the type and checks the number against it
    register.update_application(session, app_id, {"applicant_id_number": "G7654321"})
    assert _type_of(session, app_id) == "passport"
    events = [e.opinion for e in register.timeline(session, app_id) if e.action == "update"]
    assert events == ["修改：证件号码、证件类型", "修改：证件号码"]
    # a wrong check digit under 居民身份证 is refused and leaves everything as it was
    with pytest.raises(ValidationError, match="校验位"):
        register.update_application(session, app_id, {"applicant_id_number": _with_wrong_check_digit(person_id()),
                                                      "applicant_id_type": "resident_id"})
    session.expire_all()
    assert session.get(Application, app_id).applicant_id_number == "G7654321"
    assert _type_of(session, app_id) == "passport"
    # back to a resident ID without a type: the row goes, audited
    register.update_application(session, app_id, {"applicant_id_number": person_id(), "applicant_id_type": None})
    assert _type_of(session, app_id) is None
    actions = session.execute(select(AuditEntry.action).where(AuditEntry.entity == "applicant_document")
                              .order_by(AuditEntry.seq)).scalars().all()
    assert actions == ["create", "delete"]


def test_update_refuses_a_passport_number_without_its_type(session):
    app_id = register.register_application(session, application_data()).id
    with pytest.raises(ValidationError, match="证件类型"):
        register.update_application(session, app_id, {"applicant_id_number": PASSPORT})
    assert _type_of(session, app_id) is None

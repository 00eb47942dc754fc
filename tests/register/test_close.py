"""Closing rules: legal basis for refusals, withheld parts for partial disclosure, 补正 and fee closings."""

from __future__ import annotations

import pytest

from app import register
from app.errors import ConflictError, ValidationError


def test_refusal_needs_a_legal_basis_with_the_article(session, new_app):
    app_id = new_app()
    with pytest.raises(ValidationError, match="法律依据"):
        register.close(session, app_id, "denied_third_party", replied_on="2025-10-20")
    with pytest.raises(ValidationError, match="法律依据"):
        register.close(session, app_id, "denied_third_party", replied_on="2025-10-20", legal_basis="涉及隐私")
    state = register.close(session, app_id, "denied_third_party", replied_on="2025-10-20",
                           legal_basis="《中华人民共和国政府信息公开条例》第十五条")
    assert state.outcome == "denied_third_party" and state.status == "reply"
    record = register.application_record(session, app_id)
    assert record["legal_basis"].endswith("第十五条") and record["replied_on"] == "2025-10-20"
    with pytest.raises(ConflictError, match="已办结"):
        register.record_correction_notice(session, app_id, "2025-10-21", "补正")


def test_partial_needs_the_withheld_parts(session, new_app):
    app_id = new_app()
    with pytest.raises(ValidationError, match="第三十七条"):
        register.close(session, app_id, "partial", replied_on="2025-10-20", legal_basis="《条例》第十五条")
    register.close(session, app_id, "partial", replied_on="2025-10-20", legal_basis="《条例》第十五条",
                   withheld="低保对象的身份证号码和银行账号")
    assert register.application_record(session, app_id)["withheld"] == "低保对象的身份证号码和银行账号"


def test_no_correction_closing(session, new_app):
    app_id = new_app()
    with pytest.raises(ConflictError):
        register.record_no_correction(session, app_id, "2025-11-20")
    with pytest.raises(ConflictError):
        register.close(session, app_id, "closed_no_correction", replied_on="2025-11-20")
    register.record_correction_notice(session, app_id, "2025-09-29", "请说明所需信息的具体名称")
    state = register.record_no_correction(session, app_id, "2025-11-20")
    assert state.outcome == "closed_no_correction"


def test_fee_unpaid_closing(session, new_app):
    app_id = new_app()
    with pytest.raises(ValidationError):
        register.record_fee_notice(session, app_id, "2025-10-09", 100, "per_kilo")
    register.record_fee_notice(session, app_id, "2025-10-09", 100, "per_request")
    state = register.close_fee_unpaid(session, app_id, "2025-11-20")
    assert state.outcome == "closed_fee_unpaid"
    assert register.application_record(session, app_id)["fee"] == {
        "notified_on": "2025-10-09", "amount_yuan": 100, "paid_on": None, "method": "per_request"}


def test_reply_date_rules(session, new_app):
    app_id = new_app()
    with pytest.raises(ValidationError, match="早于"):
        register.close(session, app_id, "granted", replied_on="2025-09-01")
    with pytest.raises(ValidationError):
        register.close(session, app_id, "maybe", replied_on="2025-10-01")
    with pytest.raises(ConflictError):
        register.close(session, app_id, "unavailable_unclear", replied_on="2025-10-01")

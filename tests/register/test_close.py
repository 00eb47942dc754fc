"""Closing rules: legal basis for refusals, withheld parts for partial disclosure, 补正 and fee closings."""

from __future__ import annotations

import datetime as dt

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
        register.record_correction_notice(session, app_id, "2025-10-21", "补正", 15)


def test_partial_needs_the_withheld_parts(session, new_app):
    app_id = new_app()
    with pytest.raises(ValidationError, match="第三十七条"):
        register.close(session, app_id, "partial", replied_on="2025-10-20", legal_basis="《条例》第十五条")
    register.close(session, app_id, "partial", replied_on="2025-10-20", legal_basis="《条例》第十五条",
                   withheld="低保对象的身份证号码和银行账号")
    assert register.application_record(session, app_id)["withheld"] == "低保对象的身份证号码和银行账号"


def test_no_correction_closing(session, new_app):
    app_id = new_app()  # received Fri 2025-09-26
    with pytest.raises(ConflictError):
        register.record_no_correction(session, app_id, "2025-11-20")
    with pytest.raises(ConflictError):
        register.close(session, app_id, "closed_no_correction", replied_on="2025-11-20")
    register.record_correction_notice(session, app_id, "2025-09-29", "请说明所需信息的具体名称", 15,
                                      delivered_on="2025-09-29")
    state = register.record_no_correction(session, app_id, "2025-11-20", today=dt.date(2025, 11, 20))
    assert state.outcome == "closed_no_correction"


def test_no_correction_closing_is_refused_before_the_period_given_has_ended(session, new_app):
    app_id = new_app()
    with pytest.raises(ValidationError, match="补正期限"):
        register.record_correction_notice(session, app_id, "2025-09-29", "请说明年份", None)
    with pytest.raises(ValidationError, match="补正期限"):
        register.record_correction_notice(session, app_id, "2025-09-29", "请说明年份", 0)
    register.record_correction_notice(session, app_id, "2025-09-29", "请说明所需信息的具体名称", 15)
    # The day of delivery is not known yet: the period cannot have been seen to end.
    with pytest.raises(ConflictError, match="收到补正告知书的日期"):
        register.record_no_correction(session, app_id, "2025-12-20")
    with pytest.raises(ValidationError, match="早于"):
        register.record_notice_delivered(session, app_id, "correction", "2025-09-28")
    register.record_notice_delivered(session, app_id, "correction", "2025-09-30")
    # Delivered Tue 2025-09-30; 15 working days from the next day: the National Day holiday (10-01..10-08)
    # is skipped, Sat 10-11 is a make-up working day, so the period ends on Tue 2025-10-28.
    with pytest.raises(ConflictError, match="至2025年10月28日届满") as refused:
        register.record_no_correction(session, app_id, "2025-10-28")
    assert "尚未逾期" in str(refused.value)
    with pytest.raises(ConflictError, match="尚未逾期"):
        register.close(session, app_id, "closed_no_correction", replied_on="2025-10-20")
    record = register.application_record(session, app_id)
    assert record["outcome"] is None  # nothing changed by the refusals
    assert record["correction"] == {"notified_on": "2025-09-29", "received_on": None, "period_days": 15,
                                    "delivered_on": "2025-09-30"}
    state = register.record_no_correction(session, app_id, "2025-10-29")
    assert state.outcome == "closed_no_correction"


def test_a_correction_recorded_without_its_period_gets_it_with_the_delivery(session, new_app):
    from app.storage.models.register import Correction

    app_id = new_app()
    register.record_correction_notice(session, app_id, "2025-09-29", "请说明年份", 10)
    session.query(Correction).filter_by(application_id=app_id).one().period_days = None  # an older record
    with pytest.raises(ConflictError, match="未登记补正期限"):
        register.record_no_correction(session, app_id, "2025-12-01")
    register.record_notice_delivered(session, app_id, "correction", "2025-09-30", period_days=10)
    with pytest.raises(ConflictError, match="已登记"):
        register.record_notice_delivered(session, app_id, "correction", "2025-10-09")
    assert register.record_no_correction(session, app_id, "2025-12-01").outcome == "closed_no_correction"


def test_fee_unpaid_closing(session, new_app):
    app_id = new_app()
    with pytest.raises(ValidationError):
        register.record_fee_notice(session, app_id, "2025-10-09", 100, "per_kilo")
    register.record_fee_notice(session, app_id, "2025-10-09", 100, "per_request")
    with pytest.raises(ConflictError, match="收到收费通知的日期"):
        register.close_fee_unpaid(session, app_id, "2025-11-20")
    with pytest.raises(ValidationError, match="缴费期限"):
        register.record_notice_delivered(session, app_id, "fee", "2025-10-10", period_days=10)
    register.record_notice_delivered(session, app_id, "fee", "2025-10-10")
    # Delivered Fri 2025-10-10: 20 working days from Sat 10-11 (a make-up working day) end on Thu 2025-11-06.
    with pytest.raises(ConflictError, match="至2025年11月6日届满"):
        register.close_fee_unpaid(session, app_id, "2025-11-06")
    assert register.application_record(session, app_id)["outcome"] is None
    state = register.close_fee_unpaid(session, app_id, "2025-11-07")
    assert state.outcome == "closed_fee_unpaid"
    assert register.application_record(session, app_id)["fee"] == {
        "notified_on": "2025-10-09", "amount_yuan": 100, "paid_on": None, "method": "per_request",
        "delivered_on": "2025-10-10"}


def test_fee_notice_with_its_delivery_day(session, new_app):
    app_id = new_app()
    with pytest.raises(ValidationError, match="早于"):
        register.record_fee_notice(session, app_id, "2025-10-09", 100, "per_request", delivered_on="2025-10-08")
    register.record_fee_notice(session, app_id, "2025-10-09", 100, "per_request", delivered_on="2025-10-09")
    with pytest.raises(ConflictError, match="至2025年11月5日届满"):
        register.close(session, app_id, "closed_fee_unpaid", replied_on="2025-11-05")


def test_late_reply_is_recorded_with_its_working_days_late(session, new_app):
    late = new_app()  # received Fri 2025-09-26, due Thu 2025-10-30
    in_time = new_app()
    state = register.close(session, late, "granted", replied_on="2025-11-04")
    assert state.late_days == 3  # Fri 10-31, Mon 11-03, Tue 11-04
    events = register.timeline(session, late)
    assert "逾期答复，超过答复期限3个工作日" in (events[-1].opinion or "")
    assert register.close(session, in_time, "granted", replied_on="2025-10-30").late_days is None
    rows = register.late_replies(session, 2025)
    assert [(r.application_id, r.reply_due, r.replied_on, r.late_days) for r in rows] == [
        (late, dt.date(2025, 10, 30), dt.date(2025, 11, 4), 3)]
    assert register.late_replies(session, 2026) == []


def test_reply_date_rules(session, new_app):
    app_id = new_app()
    with pytest.raises(ValidationError, match="早于"):
        register.close(session, app_id, "granted", replied_on="2025-09-01")
    with pytest.raises(ValidationError):
        register.close(session, app_id, "maybe", replied_on="2025-10-01")
    with pytest.raises(ConflictError):
        register.close(session, app_id, "unavailable_unclear", replied_on="2025-10-01")

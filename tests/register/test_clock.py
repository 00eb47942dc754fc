"""Every clock action moves reply_due as docs/spec/working-days.md says (its worked examples)."""

from __future__ import annotations

import datetime as dt

import pytest
from sqlalchemy import select

from app import register
from app.errors import ConflictError, ValidationError
from app.storage.models.register import Application


def due(session, app_id):
    return session.get(Application, app_id).reply_due


def test_correction_restarts_the_period(session, new_app):
    app_id = new_app(received_on=dt.date(2025, 12, 22))
    state = register.record_correction_notice(session, app_id, "2025-12-24", "请写明所需信息的年份", 15)
    assert state.reply_due is None  # waiting for the corrected application (art. 30)
    register.record_correction_received(session, app_id, "2025-12-31")
    # docs/spec/working-days.md section 2: from Wed 2025-12-31, 20 WD = Thu 2026-01-29.
    assert due(session, app_id) == dt.date(2026, 1, 29)
    with pytest.raises(ConflictError):
        register.record_correction_notice(session, app_id, "2026-01-05", "再次补正", 15)  # one-time notice


def test_extension_adds_working_days_after_the_unextended_due(session, new_app):
    app_id = new_app()
    assert due(session, app_id) == dt.date(2025, 10, 30)
    with pytest.raises(ValidationError, match="20个工作日"):
        register.record_extension(session, app_id, "2025-10-27", 21, "王主任")
    with pytest.raises(ValidationError):
        register.record_extension(session, app_id, "2025-10-27", 20, "")
    register.record_extension(session, app_id, "2025-10-27", 20, "王主任", notice="因需调取档案")
    # docs/spec/working-days.md section 2: 40 WD after Fri 2025-09-26 = Thu 2025-11-27.
    assert due(session, app_id) == dt.date(2025, 11, 27)
    with pytest.raises(ConflictError):
        register.record_extension(session, app_id, "2025-10-28", 5, "王主任")


def test_consultation_pauses_the_clock(session, new_app):
    app_id = new_app()
    cons = register.start_consultation(session, app_id, "third_party", "2025-10-09", party_name="青山建设公司")
    register.end_consultation(session, cons, "2025-10-10", opinion="不同意公开")
    # Thu 10-09 and Fri 10-10 do not count: 2025-10-30 moves two working days to Mon 2025-11-03.
    assert due(session, app_id) == dt.date(2025, 11, 3)
    with pytest.raises(ConflictError):
        register.end_consultation(session, cons, "2025-10-13")


def test_fee_notice_until_payment_does_not_count(session, new_app):
    app_id = new_app()
    state = register.record_fee_notice(session, app_id, "2025-10-09", 300, "per_request")
    assert state.reply_due is None  # waiting for payment
    register.record_fee_paid(session, app_id, "2025-10-10")
    assert due(session, app_id) == dt.date(2025, 11, 3)


def test_editing_the_receipt_date_recomputes(session, new_app):
    app_id = new_app()
    register.update_application(session, app_id, {"received_on": dt.date(2025, 12, 31)})
    assert due(session, app_id) == dt.date(2026, 1, 29)


def test_recompute_after_calendar_change_reports_what_moved(session, new_app):
    from app import calendar as calendar_service

    moving = new_app()
    closed = new_app()
    register.close(session, closed, "granted", replied_on="2025-10-10")
    # A local day off (e.g. a minority festival) inside the period moves the due date one working day.
    calendar_service.set_override(session, dt.date(2025, 10, 15), False, note="本地节日")
    moved = register.recompute_deadlines(session)
    assert [(m.application_id, m.old, m.new) for m in moved] == [
        (moving, dt.date(2025, 10, 30), dt.date(2025, 10, 31))]
    assert due(session, moving) == dt.date(2025, 10, 31)
    assert due(session, closed) == dt.date(2025, 10, 30)  # closed ones keep their due date
    assert register.recompute_deadlines(session) == []
    assert session.execute(select(Application.reply_due).where(Application.id == moving)).scalar_one() == dt.date(
        2025, 10, 31)


def test_recompute_matches_the_engine_for_every_kind_of_clock(session, new_app):
    """The set-based recompute stores what compute_for() gives each application, whatever its clock records
    (several applications share a clock: the engine runs once per distinct clock), and audits each change."""
    from app import calendar as calendar_service
    from app.core import audit
    from app.register.clock import compute_for

    plain = [new_app(), new_app(), new_app(received_on=dt.date(2025, 9, 30))]
    corrected = new_app()
    register.record_correction_notice(session, corrected, "2025-09-29", "请写明年份", 15)
    register.record_correction_received(session, corrected, "2025-10-09")
    waiting = new_app()
    register.record_correction_notice(session, waiting, "2025-09-29", "请写明年份", 15)
    consulted = new_app()
    first = register.start_consultation(session, consulted, "third_party", "2025-10-09", party_name="甲公司")
    register.end_consultation(session, first, "2025-10-10")
    register.start_consultation(session, consulted, "agency", "2025-10-20", party_name="县财政局")  # still open
    paid = new_app()
    register.record_fee_notice(session, paid, "2025-10-09", 300, "per_request")
    register.record_fee_paid(session, paid, "2025-10-13")
    unpaid = new_app()
    register.record_fee_notice(session, unpaid, "2025-10-09", 300, "per_request")
    extended = new_app()
    register.record_extension(session, extended, "2025-10-27", 10, "王主任")
    closed = new_app()
    register.close(session, closed, "granted", replied_on="2025-10-10")
    ids = [*plain, corrected, waiting, consulted, paid, unpaid, extended]
    before = {i: due(session, i) for i in ids}

    calendar_service.set_override(session, dt.date(2025, 10, 15), False, note="本地节日")
    calendar_service.set_override(session, dt.date(2025, 11, 18), False, note="本地节日")
    moved = register.recompute_deadlines(session, today=dt.date(2025, 10, 20))

    calendar = calendar_service.load_calendar(session)
    for i in ids:
        app = session.get(Application, i)
        expected = compute_for(session, app, calendar, dt.date(2025, 10, 20))
        assert (app.reply_due, app.correction_notice_due, app.due_provisional) == (
            expected.reply_due, expected.correction_notice_due, bool(expected.provisional)), app.serial
    assert [m.application_id for m in moved] == sorted(i for i in ids if due(session, i) != before[i])
    assert {m.application_id for m in moved} >= {*plain, corrected, consulted, paid, extended}
    assert due(session, closed) == dt.date(2025, 10, 30)
    assert audit.verify_records(session) is None  # every changed row audited with its stored state
    assert register.recompute_deadlines(session, today=dt.date(2025, 10, 20)) == []
    # Only the chosen applications when asked.
    calendar_service.set_override(session, dt.date(2025, 10, 16), False)
    assert [m.application_id for m in register.recompute_deadlines(session, application_ids=[plain[0]])] == [plain[0]]
    assert due(session, plain[1]) == before[plain[1]] + dt.timedelta(days=1)  # not yet moved by the 16th


def test_an_extension_must_be_approved_by_the_unextended_due_date(session, new_app):
    app_id = new_app()  # received Fri 2025-09-26: due Thu 2025-10-30 (docs/spec/working-days.md section 2)
    with pytest.raises(ConflictError, match="原答复期限为2025年10月30日") as refused:
        register.record_extension(session, app_id, "2025-10-31", 10, "王主任")
    assert "条例第三十三条第二款" in str(refused.value)
    assert register.application_record(session, app_id)["extension"] is None
    state = register.record_extension(session, app_id, "2025-10-30", 10, "王主任")
    assert state.reply_due == dt.date(2025, 11, 13)


def test_no_extension_while_waiting_for_the_correction(session, new_app):
    app_id = new_app()
    register.record_correction_notice(session, app_id, "2025-09-29", "请写明年份", 10)
    with pytest.raises(ConflictError, match="等待补正"):
        register.record_extension(session, app_id, "2025-10-09", 10, "王主任")

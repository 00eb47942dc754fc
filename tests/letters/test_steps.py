"""A 补正, 延期, 收费 or 答复 letter records its step on the case, or is refused in the wrong state."""

from __future__ import annotations

import datetime as dt

import pytest

from app import letters, register
from app.cli.main import main
from app.errors import ConflictError, ValidationError
from tests.helpers.letters import pdftotext
from tests.helpers.register import application_data


@pytest.fixture
def new_app(db):
    """Register an application received Fri 2025-09-26 (reply due Thu 2025-10-30); returns (id, serial)."""

    def make() -> tuple[int, str]:
        with db.session() as s:
            state = register.register_application(s, application_data())
        return state.id, state.serial

    return make


def _record(db, app_id: int) -> dict:
    with db.read_session() as s:
        return register.application_record(s, app_id)


def _issued(db, app_id: int) -> list[str]:
    with db.read_session() as s:
        return [i.kind for i in letters.list_letters(s, app_id)]


def test_a_correction_letter_from_the_command_line_records_the_notice(db, new_app, tmp_path, capsys):
    app_id, serial = new_app()
    out = tmp_path / "补正.pdf"
    args = ["--db", str(db.url), "letter", serial, "--kind", "correction", "--out", str(out), "--date", "2025-09-29",
            "--set", "correction_items=所需信息的年度"]
    assert main(args) == 2  # the period is missing: nothing issued, nothing recorded
    assert "correction_days" in capsys.readouterr().err
    assert _issued(db, app_id) == [] and _record(db, app_id)["correction"] is None
    assert main([*args, "--set", "correction_days=15"]) == 0
    rec = _record(db, app_id)
    assert rec["correction"] == {"notified_on": "2025-09-29", "received_on": None, "period_days": 15}
    assert rec["reply_due"] is None  # waiting for the corrected application (art. 30)
    with db.read_session() as s:
        assert [e.action for e in register.timeline(s, app_id)] == ["create", "correction_notice"]
    text = pdftotext(out.read_bytes())
    assert "15个工作日内" in text and "所需信息的年度" in text


def test_a_reply_letter_closes_the_open_case(db, new_app):
    app_id, _ = new_app()
    with db.session() as s, pytest.raises(ConflictError, match="--outcome"):
        letters.issue_letter(s, app_id, "reply", letter_date=dt.date(2025, 10, 20))
    with db.session() as s:
        info = letters.issue_letter(s, app_id, "reply", outcome="unavailable_not_held",
                                    letter_date=dt.date(2025, 11, 4),
                                    extra={"search_done": "检索了本机关的档案和业务系统，未找到该信息"})
    assert info.outcome == "unavailable_not_held"
    rec = _record(db, app_id)
    assert rec["outcome"] == "unavailable_not_held" and rec["replied_on"] == "2025-11-04"
    assert rec["status"] == "reply"
    with db.read_session() as s:
        closing = register.timeline(s, app_id)[-1]
    assert closing.action == "close" and "逾期答复，超过答复期限3个工作日" in closing.opinion


def test_a_reply_letter_with_another_outcome_than_the_recorded_one_is_refused(db, new_app):
    app_id, _ = new_app()
    with db.session() as s:
        register.close(s, app_id, "granted", replied_on="2025-10-20")
    with db.session() as s, pytest.raises(ConflictError, match="不符"):
        letters.issue_letter(s, app_id, "reply", outcome="unavailable_not_held", letter_date=dt.date(2025, 10, 20))
    assert _issued(db, app_id) == []


def test_extension_and_fee_letters_record_their_steps(db, new_app):
    extended, charged = new_app(), new_app()
    with db.session() as s, pytest.raises(ValidationError, match="同意延期的负责人"):
        letters.issue_letter(s, extended[0], "extension", extra={"extension_days": "10"},
                             letter_date=dt.date(2025, 10, 28))
    with db.session() as s:
        letters.issue_letter(s, extended[0], "extension", extra={"extension_days": "10", "approver": "王主任"},
                             letter_date=dt.date(2025, 10, 28))
    rec = _record(db, extended[0])
    assert rec["extension"] == {"approved_on": "2025-10-28", "working_days": 10, "approver": "王主任"}
    assert rec["reply_due"] == "2025-11-13"
    with db.session() as s:
        letters.issue_letter(s, charged[0], "fee", letter_date=dt.date(2025, 10, 9),
                             extra={"fee_amount": "300", "fee_method": "按件计收", "fee_standard": "按件计收", "payment_method": "银行转账"})
    rec = _record(db, charged[0])
    assert rec["fee"] == {"notified_on": "2025-10-09", "amount_yuan": 300, "paid_on": None, "method": "per_request"}
    assert rec["reply_due"] is None  # waiting for the payment


def test_letters_refused_in_the_wrong_state(db, new_app):
    late, closed = new_app(), new_app()
    # An extension approved after the unextended due date (Thu 2025-10-30) is refused with its letter.
    with db.session() as s, pytest.raises(ConflictError, match="原答复期限为2025年10月30日"):
        letters.issue_letter(s, late[0], "extension", extra={"extension_days": "10", "approver": "王主任"},
                             letter_date=dt.date(2025, 10, 31))
    assert _issued(db, late[0]) == [] and _record(db, late[0])["extension"] is None
    with db.session() as s:
        register.close(s, closed[0], "granted", replied_on="2025-10-20")
    for kind, extra in (("correction", {"correction_items": "年份", "correction_days": "15"}),
                        ("fee", {"fee_amount": "300", "fee_method": "per_request", "fee_standard": "按件计收", "payment_method": "银行转账"})):
        with db.session() as s, pytest.raises(ConflictError, match="已办结"):
            letters.issue_letter(s, closed[0], kind, extra=extra, letter_date=dt.date(2025, 10, 21))
    assert _issued(db, closed[0]) == []


def test_a_second_correction_notice_on_another_day_is_refused(db, new_app):
    app_id, _ = new_app()
    with db.session() as s:
        register.record_correction_notice(s, app_id, "2025-09-29", "请写明年份", 10)
    with db.session() as s, pytest.raises(ConflictError, match="一次性告知"):
        letters.issue_letter(s, app_id, "correction", letter_date=dt.date(2025, 9, 30))
    with db.session() as s:  # the letter of the recorded notice bears its day and states the stored period
        info = letters.issue_letter(s, app_id, "correction", extra={"correction_items": "请写明年份"})
        pdf = letters.reprint(s, info.id)
    assert info.letter_date == dt.date(2025, 9, 29)
    assert "10个工作日内" in pdftotext(pdf)


def test_the_preview_asks_for_what_the_step_needs(db, new_app):
    app_id, _ = new_app()
    with db.read_session() as s:
        missing = letters.preview_letter(s, app_id, "correction", extra={"correction_items": "年份"}).missing
        assert ("correction_days", "补正期限（工作日数）") in missing
        fee = [m for m, _ in letters.preview_letter(s, app_id, "fee").missing]
        assert {"fee_amount", "fee_method"} <= set(fee) and len(fee) == len(set(fee))
        assert letters.preview_letter(s, app_id, "receipt").missing == []
    with db.session() as s:
        register.record_correction_notice(s, app_id, "2025-09-29", "请写明年份", 10)
    with db.read_session() as s:
        missing = letters.preview_letter(s, app_id, "correction", extra={"correction_items": "年份"}).missing
    assert "correction_days" not in [m for m, _ in missing]

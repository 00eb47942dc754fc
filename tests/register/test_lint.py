"""`request lint`: every record, entered or imported, that breaks a rule of the clock or of the decision."""

from __future__ import annotations

import json

from app import register
from app.cli.main import main
from tests.helpers.register import person_id

RECEIVED = "2025-09-26"  # Friday: 补正 notice due Mon 2025-10-13, reply due Thu 2025-10-30


def _record(serial: str, **fields) -> dict:
    rec = {"serial": serial, "received_on": RECEIVED, "channel": "in_person",
           "applicant": {"kind": "natural_person", "name": "张三", "id_number": person_id()},
           "content": "申请公开青山镇2024年度低保对象名单", "correction": None, "consultations": [],
           "extension": None, "fee": None, "outcome": "granted", "replied_on": "2025-10-20"}
    rec.update(fields)
    return rec


HISTORY = [
    _record("GK-2025-00001"),  # clean
    _record("GK-2025-00002", outcome="closed_no_correction", replied_on="2025-10-20",
            correction={"notified_on": "2025-09-29", "received_on": None, "period_days": 15,
                        "delivered_on": "2025-09-30"}),
    _record("GK-2025-00003", outcome="closed_no_correction", replied_on="2025-12-01",
            correction={"notified_on": "2025-09-29", "received_on": None}),
    _record("GK-2025-00004", outcome="closed_fee_unpaid", replied_on="2025-10-20",
            fee={"notified_on": "2025-10-09", "amount_yuan": 300, "paid_on": None}),
    _record("GK-2025-00005", extension={"approved_on": "2025-10-31", "working_days": 10}, replied_on="2025-11-10"),
    _record("GK-2025-00006", replied_on="2025-11-04"),
    _record("GK-2025-00007", outcome="denied_third_party", replied_on="2025-10-20"),
    _record("GK-2025-00008", outcome="partial", replied_on="2025-10-20", legal_basis="《条例》第十五条"),
    _record("GK-2025-00009", outcome="unavailable_unclear", replied_on="2025-11-20",
            correction={"notified_on": "2025-10-16", "received_on": "2025-10-20"}),
    _record("GK-2025-00010", outcome="closed_fee_unpaid", replied_on="2025-12-20",
            fee={"notified_on": "2025-10-09", "amount_yuan": 300, "paid_on": None}),
    _record("GK-2024-00001", received_on="2024-09-26", replied_on="2024-12-20"),
]


def _findings(session, **kw) -> list[tuple[str, str]]:
    return [(f.serial, f.rule) for f in register.lint_records(session, **kw)]


def test_imports_accept_history_and_lint_names_each_breach(session):
    result = register.import_records(session, HISTORY)
    assert result.created == len(HISTORY)  # history is accepted as it is
    found = register.lint_records(session, year=2025)
    assert [(f.serial, f.rule) for f in found] == [
        ("GK-2025-00002", "closed_before_correction_period"),
        ("GK-2025-00003", "correction_period_unrecorded"),
        ("GK-2025-00004", "closed_before_payment_period"),
        ("GK-2025-00005", "extension_after_due"),
        ("GK-2025-00006", "reply_late"),
        ("GK-2025-00007", "refusal_without_basis"),
        ("GK-2025-00008", "partial_without_withheld"),
        ("GK-2025-00009", "correction_notice_late"),
        ("GK-2025-00009", "reply_late"),
        ("GK-2025-00010", "payment_delivery_unrecorded"),
    ]
    messages = {(f.serial, f.rule): f.message for f in found}
    assert "补正期限（15个工作日，申请人2025年9月30日收到告知书）至2025年10月28日才届满" in messages[
        ("GK-2025-00002", "closed_before_correction_period")]
    # Without the day of delivery the fee period is counted from the notice, the earliest it could start.
    assert "至2025年11月5日才届满" in messages[("GK-2025-00004", "closed_before_payment_period")]
    assert "晚于原答复期限2025年10月30日" in messages[("GK-2025-00005", "extension_after_due")]
    assert messages[("GK-2025-00006", "reply_late")] == \
        "于2025年11月4日答复，晚于答复期限2025年10月30日，逾期3个工作日。"
    assert "（3个工作日）" in messages[("GK-2025-00009", "correction_notice_late")]  # 10-14, 10-15, 10-16
    assert _findings(session, year=2024) == [("GK-2024-00001", "reply_late")]
    assert len(register.lint_records(session)) == len(found) + 1


def test_lint_covers_records_entered_in_the_program(session, new_app):
    clean, late = new_app(), new_app()
    register.close(session, clean, "granted", replied_on="2025-10-30")
    register.close(session, late, "granted", replied_on="2025-11-04")
    serial = register.state_of(register.get_application(session, late)).serial
    assert _findings(session) == [(serial, "reply_late")]


def test_request_lint_on_the_command_line(db, capsys):
    with db.session() as s:
        register.import_records(s, HISTORY[:3])
    assert main(["--db", str(db.url), "request", "lint", "--year", "2025", "--json"]) == 0
    out = json.loads(capsys.readouterr().out)
    assert [(f["serial"], f["rule"]) for f in out] == [
        ("GK-2025-00002", "closed_before_correction_period"), ("GK-2025-00003", "correction_period_unrecorded")]
    assert set(out[0]) == {"serial", "rule", "message", "office"}
    assert main(["--db", str(db.url), "request", "lint", "--year", "2024"]) == 0
    assert "没有发现" in capsys.readouterr().out
    assert main(["--db", str(db.url), "request", "lint"]) == 0
    text = capsys.readouterr().out
    assert "GK-2025-00002\tclosed_before_correction_period\t" in text and "共2处，涉及2件申请。" in text


def test_an_imported_ordinary_letter_without_its_receipt_note_is_named(session):
    # The registration form refuses a 平常信函 without 收到日期说明 (条例 art. 31(二): the day of the
    # confirmation with the applicant); an import accepts the history, and lint names it.
    letter = _record("GK-2025-00021", channel="letter", receipt_note=None)
    noted = _record("GK-2025-00022", channel="letter", receipt_note="当日与申请人电话确认")
    by_post = _record("GK-2025-00023", channel="post", receipt_note=None)  # signed for: no note needed
    assert register.import_records(session, [letter, noted, by_post]).created == 3
    found = register.lint_records(session, year=2025)
    assert [(f.serial, f.rule) for f in found] == [("GK-2025-00021", "receipt_note_missing")]
    assert found[0].message == ("平常信函申请的收到日期按第三十一条第（二）项以确认日期为准，"
                                "但未写明收到日期说明（如确认的时间和方式）")

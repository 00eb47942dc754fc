"""Every adverse decision states its facts: a letter lacking one is refused, naming it with its --set key."""

from __future__ import annotations

import pytest
from sqlalchemy import text

from app import letters
from app.errors import ValidationError
from app.letters import render_letter
from app.letters.data import LetterData
from app.letters.kinds import compose
from app.letters.templates import TemplateSet
from tests.helpers.letters import LETTER_DATE, OFFICE, OUTCOME_EXTRA
from tests.helpers.paper_text import document_text

# outcome -> the facts it must state (条例 arts. 35–39 and docs/spec/letters.md section 3)
REQUIRED = {
    "already_public": ["published_item", "where_public"],
    "partial": ["provided", "withheld", "withheld_reason"],
    "denied_state_secret": ["reason"], "denied_law_prohibited": ["reason"], "denied_security_stability": ["reason"],
    "denied_third_party": ["reason"], "denied_internal_affairs": ["reason"], "denied_process_info": ["reason"],
    "denied_enforcement_file": ["reason"], "unavailable_needs_creation": ["reason"],
    "unavailable_not_held": ["search_done"],
    "unavailable_not_competent": ["not_competent_reason"],
    "rejected_repeat": ["previous_reply_on", "previous_doc_number"],
    "rejected_excessive": ["request_volume", "reason_requested_on", "reason_request_doc_number", "reason"],
    "closed_fee_unpaid": ["fee_notified_on", "fee_doc_number"],
}
CASES = [(outcome, key) for outcome, keys in REQUIRED.items() for key in keys]


def _record(records, outcome):
    return next(r for r in records if r["outcome"] == outcome)


def _compose(record, extra, office=OFFICE, kind="reply"):
    data = LetterData.from_record(record, office, letter_date=LETTER_DATE, extra=extra)
    return compose(kind, data, TemplateSet(kind))


@pytest.mark.parametrize(("outcome", "key"), CASES)
def test_each_missing_fact_is_refused_with_its_key(sample_records, outcome, key):
    record = dict(_record(sample_records, outcome))
    if key == "fee_notified_on":
        record["fee"] = None  # otherwise the recorded fee notice gives the date
    extra = {k: v for k, v in OUTCOME_EXTRA[outcome].items() if k != key}
    with pytest.raises(ValidationError) as err:
        _compose(record, extra)
    assert f"--set {key}=" in err.value.message
    _compose(record, OUTCOME_EXTRA[outcome])  # with every fact it is issued


def test_not_competent_names_the_agency_or_why_it_cannot_be_named(sample_records):
    record = _record(sample_records, "unavailable_not_competent")
    base = {"not_competent_reason": "该信息由街道办事处制作并保存"}
    with pytest.raises(ValidationError) as err:
        _compose(record, base)
    for key in ("competent_agency", "competent_contact", "competent_unknown_reason"):
        assert f"--set {key}=" in err.value.message
    with pytest.raises(ValidationError) as err:
        _compose(record, {**base, "competent_agency": "浦江街道办事处"})
    assert "--set competent_contact=" in err.value.message
    composed = _compose(record, {**base, "competent_unknown_reason": "该信息的制作机关已撤销，承继机关尚未明确"})
    text = document_text(composed.document)
    assert "承继机关尚未明确" in text and composed.title.endswith("非本机关政府信息公开告知书")


def test_each_withheld_part_has_its_reason(sample_records):
    record = _record(sample_records, "partial")
    extra = {"provided": "发放总额", "withheld": "身份证号码；银行账号", "withheld_reason": "属于个人隐私；属于个人金融信息；多余"}
    with pytest.raises(ValidationError) as err:
        _compose(record, extra)
    assert "2项" in err.value.message and "3项" in err.value.message
    text = document_text(_compose(record, {**extra, "withheld_reason": "属于个人隐私"}).document)
    assert "对身份证号码、银行账号不予公开，理由是：属于个人隐私" in text


def test_negative_list_basis_is_printed_with_the_withheld_part(sample_records):
    data = LetterData.from_record(_record(sample_records, "partial"), OFFICE, letter_date=LETTER_DATE,
                                  extra=OUTCOME_EXTRA["partial"], negative_bases=["《中华人民共和国统计法》第三十九条"])
    text = document_text(compose("reply", data, TemplateSet("reply")).document)
    assert "不予公开部分的依据：《中华人民共和国统计法》第三十九条" in text


def test_a_consulted_third_party_is_named_and_art_32_cited(sample_records):
    record = dict(_record(sample_records, "denied_third_party"))
    record["consultations"] = [{"party": "third_party", "party_name": "平湖商贸有限公司", "sent_on": "2026-02-02"}]
    with pytest.raises(ValidationError) as err:
        _compose(record, {"reason": "属于商业秘密"})
    assert "--set third_party_opinion=" in err.value.message
    text = document_text(_compose(record, OUTCOME_EXTRA["denied_third_party"]).document)
    assert "第十五条、第三十二条、第三十六条第（三）项" in text


def test_letter_refuses_a_review_body_that_contradicts_the_rule(sample_records):
    record = _record(sample_records, "granted")
    wrong = dict(OFFICE, review_agency="临江市人民政府")
    with pytest.raises(ValidationError) as err:
        _compose(record, {}, office=wrong)
    assert "测试县人民政府" in err.value.message
    # With its reason the office's body is named; a letter without remedy is not concerned.
    text = document_text(_compose(record, {}, office=dict(wrong, review_agency_reason="经市政府确认")).document)
    assert "向临江市人民政府申请行政复议" in text
    _compose(record, {}, office=wrong, kind="receipt")


def test_issuing_refuses_an_old_profile_that_names_the_wrong_body(db, imported):
    from sqlalchemy import select

    from app.storage.models.register import Application

    with db.session() as s:
        s.execute(text("UPDATE office SET review_agency = '临江市人民政府', parent_name = NULL WHERE is_self = :yes"), {"yes": True})
        app_id = s.execute(select(Application.id).where(Application.outcome == "granted").limit(1)).scalar_one()
    with db.session() as s, pytest.raises(ValidationError) as err:
        letters.issue_letter(s, app_id, "reply", letter_date=LETTER_DATE)
    assert "--parent-name" in err.value.message
    with db.read_session() as s:
        preview = letters.preview_letter(s, app_id, "reply", letter_date=LETTER_DATE)
    assert preview.problems and "--parent-name" in preview.problems[0]


def test_rejected_confirm_existing_cites_its_basis(sample_records):
    text = document_text(_compose(_record(sample_records, "rejected_confirm_existing"), {}).document)
    assert "《中华人民共和国政府信息公开条例》第二条" in text


def test_fee_unpaid_reply_cites_the_fee_rules_and_takes_the_notice_number_from_the_issued_notice(db, imported):
    from sqlalchemy import select

    from app.storage.models.register import Application
    from tests.helpers.letters import KIND_EXTRA, pdftotext

    with db.read_session() as s:
        app_id = s.execute(select(Application.id).where(Application.outcome == "closed_fee_unpaid").limit(1)).scalar_one()
    with db.session() as s:
        # The case recorded its fee notice: the notice is issued on that notice's date (app/register/letter_steps.py).
        fee = letters.issue_letter(s, app_id, "fee", extra=KIND_EXTRA["fee"])
        reply = letters.issue_letter(s, app_id, "reply", letter_date=LETTER_DATE,
                                     extra={"fee_notified_on": "2026-03-09"})
    with db.read_session() as s:
        body = pdftotext(letters.reprint(s, reply.id)).replace("\n", "")
    assert fee.doc_number in body and "（国办函〔2020〕109号）" in body and "第四十二条" in body


def test_render_with_everything_names_no_missing(sample_records):
    composed, _rendered = render_letter(
        LetterData.from_record(_record(sample_records, "rejected_repeat"), OFFICE, letter_date=LETTER_DATE,
                               extra=OUTCOME_EXTRA["rejected_repeat"]), "reply")
    assert not composed.missing and not composed.problems


def test_correction_notice_does_not_say_the_correction_was_received(sample_records):
    record = dict(_record(sample_records, "granted"),
                  correction={"notified_on": "2026-01-05", "received_on": "2026-01-12"})
    notice = document_text(_compose(record, {}, kind="correction").document)
    assert "补正后的申请" not in notice and "对以下事项作出补正" in notice.replace("\n", "")
    reply = document_text(_compose(record, {}).document)
    assert "2026年1月12日收到" in reply and "补正后的申请" in reply


def test_withheld_part_names_the_negative_list_item_it_rests_on(db, imported):
    import datetime as dt

    from sqlalchemy import select

    from app import negative_list
    from app.storage.models.register import Application
    from tests.helpers.letters import pdftotext

    with db.session() as s:
        app_id = s.execute(select(Application.id).where(Application.outcome == "partial").limit(1)).scalar_one()
        item = negative_list.create_item(s, {"name": "补助对象的个人身份信息", "category": "个人隐私",
                                             "decided_on": dt.date(2025, 3, 1), "approver": "王建国"})
        negative_list.cite_items(s, app_id, [item.id])
        info = letters.issue_letter(s, app_id, "reply", letter_date=LETTER_DATE, extra=OUTCOME_EXTRA["partial"])
    with db.read_session() as s:
        body = pdftotext(letters.reprint(s, info.id)).replace("\n", "")
    assert "不予公开部分的依据：《中华人民共和国政府信息公开条例》第十五条（负面清单事项“补助对象的个人身份信息”）" in body

"""Nothing internal reaches paper: every kind × every outcome, scanned for codes, ISO dates, placeholders, quotes."""

from __future__ import annotations

import datetime as dt

import pytest

from app.letters import render_letter
from app.letters.data import LetterData, nest_quotes
from app.letters.kinds import OUTCOMES, compose
from app.letters.templates import KINDS, TemplateSet
from tests.helpers.letters import KIND_EXTRA, LETTER_DATE, OFFICE, OUTCOME_EXTRA, pdftotext
from tests.helpers.paper_text import document_text, paper_problems, quote_problems

# The applicant's own words with quotes of both kinds, straight ones among them.
QUOTED = '申请公开"三定"方案及“编制‘核定’文件”'


def _record(records, outcome):
    record = dict(next(r for r in records if r["outcome"] == outcome))
    record["content"] = QUOTED
    record["fee"] = {"notified_on": "2026-01-20", "amount_yuan": 200, "method": "per_page", "paid_on": None}
    return record


def _extra(kind, outcome):
    extra = {**OUTCOME_EXTRA.get(outcome, {}), **KIND_EXTRA.get(kind, {})}
    if kind == "fee":
        extra.pop("fee_method")  # the recorded method (per_page) picks the standard
    return extra


@pytest.mark.parametrize("outcome", OUTCOMES)
@pytest.mark.parametrize("kind", KINDS)
def test_every_kind_and_outcome_prints_only_chinese(sample_records, kind, outcome):
    record = _record(sample_records, outcome)
    data = LetterData.from_record(record, OFFICE, letter_date=LETTER_DATE, extra=_extra(kind, outcome))
    composed = compose(kind, data, TemplateSet(kind), outcome=outcome if kind == "reply" else None,
                       doc_number="测政办公开〔2026〕3号")
    text = document_text(composed.document)
    assert paper_problems(text) == []
    assert "2026年3月9日" in text


@pytest.mark.parametrize("outcome", OUTCOMES)
def test_reply_pdf_text_is_clean(sample_records, outcome):
    data = LetterData.from_record(_record(sample_records, outcome), OFFICE, letter_date=LETTER_DATE,
                                  extra=_extra("reply", outcome))
    _composed, rendered = render_letter(data, "reply", templates=TemplateSet("reply"), doc_number="测政办公开〔2026〕3号")
    assert paper_problems(pdftotext(rendered.pdf)) == []


def test_scan_catches_what_it_must():
    assert paper_problems("收费标准：per_request。")
    assert paper_problems("答复日期2025-11-20。")
    assert paper_problems("【请填写：理由】")
    assert paper_problems("内容为“申请“三定”方案”")


def test_quotes_nest_double_single_double():
    assert nest_quotes('内容为“申请"三定"方案”') == "内容为“申请‘三定’方案”"
    assert nest_quotes("“一‘二“三”二’一”") == "“一‘二“三”二’一”"
    assert nest_quotes("“甲“乙“丙”乙”甲”") == "“甲‘乙“丙”乙’甲”"
    assert quote_problems(nest_quotes('"甲"乙"丙"')) == []


def test_dates_given_with_set_print_in_chinese(sample_records):
    extra = {**OUTCOME_EXTRA["rejected_repeat"], "previous_reply_on": "2025-11-20"}
    data = LetterData.from_record(_record(sample_records, "rejected_repeat"), OFFICE, letter_date=LETTER_DATE,
                                  extra=extra)
    text = document_text(compose("reply", data, TemplateSet("reply")).document)
    assert "2025年11月20日" in text and "2025-11-20" not in text


def test_fee_notice_prints_the_standard_not_its_code(sample_records):
    for method, words, article in (("per_request", "按件计收", "第四条"), ("per_page", "按量计收", "第五条")):
        record = dict(_record(sample_records, "granted"), fee={"notified_on": dt.date(2026, 1, 20),
                                                               "amount_yuan": 200, "method": method})
        extra = {k: v for k, v in KIND_EXTRA["fee"].items() if k != "fee_method"}
        text = document_text(compose("fee", LetterData.from_record(record, OFFICE, letter_date=LETTER_DATE,
                                                                    extra=extra), TemplateSet("fee")).document)
        assert words in text and f"（国办函〔2020〕109号）{article}" in text and method not in text

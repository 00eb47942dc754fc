"""Golden tests: the text of every kind and every reply outcome, extracted from the PDF with pdftotext."""

from __future__ import annotations

import os

import pytest

from app.letters import format_doc_number, render_letter
from app.letters.data import LetterData
from app.letters.kinds import OUTCOMES
from app.letters.templates import KINDS, TemplateSet
from tests.helpers.letters import GOLDEN, KIND_EXTRA, LETTER_DATE, OFFICE, OUTCOME_EXTRA, pdftotext

UPDATE = os.environ.get("GONGKAI_UPDATE_GOLDEN") == "1"  # rewrite the expected texts (then review the diff)


def _record(records, outcome):
    return next(r for r in records if r["outcome"] == outcome)


def _check(name: str, pdf: bytes) -> None:
    text = pdftotext(pdf)
    path = GOLDEN / f"{name}.txt"
    if UPDATE:
        path.write_text(text, encoding="utf-8")
    assert path.exists(), f"no golden text {path.name}; run with GONGKAI_UPDATE_GOLDEN=1 and review it"
    assert text == path.read_text(encoding="utf-8")


@pytest.mark.parametrize("outcome", OUTCOMES)
def test_reply_per_outcome(sample_records, outcome):
    data = LetterData.from_record(_record(sample_records, outcome), OFFICE, letter_date=LETTER_DATE,
                                  extra=OUTCOME_EXTRA.get(outcome))
    composed, rendered = render_letter(data, "reply", templates=TemplateSet("reply"),
                                       doc_number=format_doc_number("测政办公开", "", 2026, 12))
    assert composed.outcome == outcome and not composed.missing
    _check(f"reply-{outcome}", rendered.pdf)


@pytest.mark.parametrize("kind", [k for k in KINDS if k != "reply"])
def test_other_kinds(sample_records, kind):
    record = next(r for r in sample_records if r["serial"] == "GK-2026-00004")  # a company's application
    templates = TemplateSet(kind)
    data = LetterData.from_record(record, OFFICE, letter_date=LETTER_DATE, extra=KIND_EXTRA.get(kind))
    number = format_doc_number("测政办公开", templates.get("doc_code"), 2026, 3)
    composed, rendered = render_letter(data, kind, templates=templates, doc_number=number)
    assert not composed.missing
    _check(kind, rendered.pdf)

"""Redaction records: original kept unchanged with its hash, boxes and grounds stored and audited; the
部分公开 reply takes its withheld parts from the record and is printed with the redacted copy."""

from __future__ import annotations

import datetime as dt
import hashlib

import pytest
from sqlalchemy import select

from app import letters
from app.errors import StorageError, ValidationError
from app.redaction import records
from app.storage.models.core import AuditEntry
from app.storage.models.redaction import RedactionRecord
from tests.helpers.letters import pdftotext
from tests.helpers.redaction import PLANTED

LETTER_DATE = dt.date(2026, 3, 9)


def test_record_keeps_original_and_audits_boxes(db, partial_application, gongshi_pdf, gongshi_findings):
    with db.session() as s:
        info = records.create_record(s, "低保公示.pdf", gongshi_pdf, gongshi_findings,
                                     application_id=partial_application, ocr_check=False)
    assert info.original_sha256 == hashlib.sha256(gongshi_pdf).hexdigest()
    assert info.boxes == len(gongshi_findings) and info.pages == 2 and info.verification == "text+bytes"
    with db.read_session() as s:
        assert records.original_bytes(s, info.id) == gongshi_pdf
        copy = records.redacted_bytes(s, info.id)
        assert hashlib.sha256(copy).hexdigest() == info.redacted_sha256
        assert PLANTED["id_number"][0] not in pdftotext(copy)
        audited = s.execute(select(AuditEntry.entity).where(
            AuditEntry.entity.in_(["redaction_record", "redaction_box"]))).scalars().all()
        assert audited.count("redaction_record") == 1 and audited.count("redaction_box") == len(gongshi_findings)
        stored = records.boxes_of(s, info.id)
        assert {(b.page, b.kind, b.ground) for b in stored} == {(f.page, f.kind, f.ground) for f in gongshi_findings}


def test_tampered_copy_is_refused(db, gongshi_pdf, gongshi_findings):
    with db.session() as s:
        info = records.create_record(s, "低保公示.pdf", gongshi_pdf, gongshi_findings[:1], ocr_check=False)
    with db.session() as s:
        row = s.get(RedactionRecord, info.id)
        row.redacted = row.redacted + b"%"
    with db.read_session() as s, pytest.raises(StorageError):
        records.redacted_bytes(s, info.id)


def test_bad_input_refused_and_nothing_written(db, gongshi_pdf, gongshi_findings):
    import dataclasses

    with db.session() as s, pytest.raises(ValidationError, match="至少保留一个遮盖框"):
        records.create_record(s, "低保公示.pdf", gongshi_pdf, [])
    wrong = [dataclasses.replace(gongshi_findings[0], ground="不存在的依据")]
    with db.session() as s, pytest.raises(ValidationError, match="事项类别"):
        records.create_record(s, "低保公示.pdf", gongshi_pdf, wrong)
    past_end = [dataclasses.replace(gongshi_findings[0], page=9)]
    with db.session() as s, pytest.raises(ValidationError, match="第9页不存在"):
        records.create_record(s, "低保公示.pdf", gongshi_pdf, past_end, ocr_check=False)
    with db.session() as s, pytest.raises(ValidationError, match="损坏"):
        records.create_record(s, "坏文件.pdf", b"not a pdf", gongshi_findings, ocr_check=False)
    with db.read_session() as s:
        assert s.execute(select(RedactionRecord)).first() is None


def test_partial_reply_built_from_the_record(db, partial_application, gongshi_pdf, gongshi_findings):
    with db.session() as s:
        records.create_record(s, "低保公示.pdf", gongshi_pdf, gongshi_findings, application_id=partial_application,
                              ocr_check=False)
    with db.read_session() as s:
        parts = records.withheld_for_letter(s, partial_application)
    assert parts is not None
    assert parts.parts[0] == "第2页第2至5行：申请人以外自然人的姓名、身份证号码、联系电话、住址、银行账号、电子邮箱，依据第十五条"
    assert parts.parts[1] == "第2页第6行：统一社会信用代码，依据第十五条"
    with db.session() as s:
        info = letters.issue_letter(s, partial_application, "reply", letter_date=LETTER_DATE,
                                    extra={"provided": "低保对象名单及补助标准"})
    with db.read_session() as s:
        pdf = letters.reprint(s, info.id)
    text = "".join(pdftotext(pdf).split())
    assert "第2页第2至5行：申请人以外自然人的姓名、身份证号码" in text
    assert "区分处理后的《低保公示（区分处理后）》作为本告知书附件" in text
    import pypdfium2 as pdfium

    letter_pages = pdfium.PdfDocument(pdf)
    assert len(letter_pages) == info.pages + 2  # the letter, then the two redacted pages
    for value in (PLANTED["id_number"][0], PLANTED["mobile"][0]):
        assert value not in text

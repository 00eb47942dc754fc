"""Issuing letters: 文号 per kind and year, stored bytes and hash, reprint, correction, overrides, audit."""

from __future__ import annotations

import datetime as dt
import hashlib

import pytest
from sqlalchemy import select

from app import letters
from app.core.jobs import NullProgress
from app.core.sequences import peek
from app.errors import ConflictError, ValidationError
from app.storage.models.core import AuditEntry
from app.storage.models.letters import IssuedLetter
from tests.helpers.letters import LETTER_DATE, OUTCOME_EXTRA, pdftotext


def _app_with_outcome(db, outcome):
    from app.storage.models.register import Application

    with db.read_session() as s:
        return s.execute(select(Application.id).where(Application.outcome == outcome).limit(1)).scalar_one()


SEARCH = OUTCOME_EXTRA["unavailable_not_held"]


def test_issue_numbers_per_kind_and_year_without_padding(db, imported):
    a = _app_with_outcome(db, "unavailable_not_held")
    b = _app_with_outcome(db, "granted")
    with db.session() as s:
        first = letters.issue_letter(s, a, "reply", letter_date=LETTER_DATE, extra=SEARCH)
        second = letters.issue_letter(s, b, "reply", letter_date=LETTER_DATE)
        receipt = letters.issue_letter(s, a, "receipt", letter_date=LETTER_DATE)
        later = letters.issue_letter(s, b, "receipt", letter_date=dt.date(2027, 1, 4))
    assert (first.doc_number, second.doc_number) == ("测政办公开〔2026〕1号", "测政办公开〔2026〕2号")
    assert receipt.doc_number == "测政办公开收〔2026〕1号"
    assert later.doc_number == "测政办公开收〔2027〕1号"


def test_issued_bytes_are_stored_hashed_audited_and_reprinted_identically(db, imported):
    a = _app_with_outcome(db, "unavailable_not_held")
    with db.session() as s:
        info = letters.issue_letter(s, a, "reply", letter_date=LETTER_DATE, extra=SEARCH)
    with db.read_session() as s:
        stored = letters.reprint(s, info.id)
        assert hashlib.sha256(stored).hexdigest() == info.sha256
        assert letters.reprint(s, info.id) == stored
        entry = s.execute(select(AuditEntry).where(AuditEntry.entity == "issued_letter",
                                                   AuditEntry.entity_id == str(info.id))).scalar_one()
        assert entry.action == "issue" and info.sha256 in entry.after
    text = pdftotext(stored).replace("\n", "")
    assert info.doc_number in text and "第三十六条第（四）项" in text
    assert info.fonts and info.issued_by == "测试员"


def test_second_issue_refused_correction_keeps_old_version(db, imported):
    a = _app_with_outcome(db, "unavailable_not_held")
    with db.session() as s:
        old = letters.issue_letter(s, a, "reply", letter_date=LETTER_DATE, extra=SEARCH)
    with db.session() as s, pytest.raises(ConflictError):
        letters.issue_letter(s, a, "reply", letter_date=LETTER_DATE, extra=SEARCH)
    with db.session() as s, pytest.raises(ValidationError):
        letters.issue_letter(s, a, "reply", corrects=old.id, reason=" ", extra=SEARCH)
    with db.session() as s:
        new = letters.issue_letter(s, a, "reply", corrects=old.id, reason="成文日期有误",
                                   letter_date=dt.date(2026, 3, 10), extra=SEARCH)
    assert new.version == 2 and new.supersedes_id == old.id and new.doc_number != old.doc_number
    with db.read_session() as s:
        versions = letters.list_letters(s, a)
        assert [v.version for v in versions] == [1, 2]
        assert letters.reprint(s, old.id) != letters.reprint(s, new.id)
        assert letters.current_letter(s, a, "reply").id == new.id
        assert "2026年3月10日" in pdftotext(letters.reprint(s, new.id))


def test_missing_reason_refused_and_no_number_used(db, imported):
    a = _app_with_outcome(db, "partial")
    with pytest.raises(ValidationError) as err:
        with db.session() as s:
            letters.issue_letter(s, a, "reply", letter_date=LETTER_DATE)
    assert "不予公开的理由" in str(err.value)
    with db.read_session() as s:
        assert peek(s, "docno:reply:2026") == 0
        assert s.execute(select(IssuedLetter)).first() is None
    with db.session() as s:
        info = letters.issue_letter(s, a, "reply", letter_date=LETTER_DATE, extra=OUTCOME_EXTRA["partial"])
    assert info.doc_number == "测政办公开〔2026〕1号"


def test_preview_shows_what_is_missing_and_stores_nothing(db, imported):
    a = _app_with_outcome(db, "partial")
    with db.read_session() as s:
        pdf = letters.render_preview(s, a, "reply", letter_date=LETTER_DATE)
    text = pdftotext(pdf).replace("\n", "")
    assert "【请填写：不予公开的理由】" in text
    assert "测政办公开〔2026〕" in text
    with db.read_session() as s:
        assert letters.count_issued(s) == 0


def test_open_application_has_no_reply(db, imported):
    from app.storage.models.register import Application

    with db.read_session() as s:
        open_id = s.execute(select(Application.id).where(Application.outcome.is_(None)).limit(1)).scalar_one()
    with db.session() as s, pytest.raises(ConflictError):
        letters.issue_letter(s, open_id, "reply")
    with db.session() as s:
        assert letters.issue_letter(s, open_id, "receipt", letter_date=LETTER_DATE).kind == "receipt"


def test_template_override_changes_wording_and_reset_restores_it(db, imported):
    a = _app_with_outcome(db, "unavailable_not_held")
    with db.session() as s:
        letters.save_template_override(s, "reply", "closing", "特此答复，请知悉。")
        letters.save_template_override(s, "reply", "common/note", "（联系人：李四，电话：{contact_phone}）")
    with db.read_session() as s:
        text = pdftotext(letters.render_preview(s, a, "reply", letter_date=LETTER_DATE))
    assert "特此答复，请知悉。" in text and "联系人：李四" in text
    with db.session() as s, pytest.raises(ValidationError):
        letters.save_template_override(s, "reply", "closing", "依据{cite:no_such_law}")
    with db.session() as s:
        assert letters.reset_template_override(s, "reply", "closing") == 1
        assert letters.reset_template_override(s, "reply", "common/note") == 1
    with db.read_session() as s:
        text = pdftotext(letters.render_preview(s, a, "reply", letter_date=LETTER_DATE))
    assert "请知悉" not in text and "特此答复。" in text


def test_batch_issues_reuses_and_reports_failures(db, imported):
    from app.storage.models.register import Application

    with db.read_session() as s:
        ids = list(s.execute(select(Application.id).order_by(Application.id).limit(6)).scalars())
    with db.session() as s:
        letters.issue_letter(s, ids[0], "receipt", letter_date=LETTER_DATE)
    with db.session() as s:
        result = letters.issue_batch(s, ids, "receipt", letter_date=LETTER_DATE, progress=NullProgress())
    assert len(result.reused) == 1 and len(result.issued) == 5 and not result.failed
    with db.read_session() as s:
        pdf = letters.batch_pdf(s, [i.id for i in result.reused + result.issued])
    assert pdftotext(pdf).count("接收回执") == 6

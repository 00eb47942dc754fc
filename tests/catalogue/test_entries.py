"""Catalogue entries: 索引号 pattern and uniqueness, validity rules, revisions, filing marker."""

from __future__ import annotations

import datetime as dt

import pytest

from app import catalogue
from app.core import profile
from app.errors import ConflictError, ValidationError


def _add(session, **kw):
    data = {"title": "关于印发青山县2025年重点工作任务的通知", "written_on": "2025-03-03",
            "published_on": "2025-03-05", **kw}
    return catalogue.create_entry(session, data)


def test_index_number_follows_default_pattern_and_increments(session):
    org = profile.get_own_office(session).org_code
    first = _add(session)
    second = _add(session, written_on="2025-07-01", published_on="2025-07-02")
    other_year = _add(session, written_on="2024-12-30", published_on="2025-01-02")
    assert first.index_number == f"{org}/2025-00001"
    assert second.index_number == f"{org}/2025-00002"
    assert other_year.index_number == f"{org}/2024-00001"


def test_configured_pattern_with_month(session):
    catalogue.set_index_pattern(session, "{org_code}/{year}{month:02d}-{serial:04d}")
    entry = _add(session, written_on="2025-11-20", published_on="2025-11-21")
    assert entry.index_number.endswith("/202511-0001")


@pytest.mark.parametrize("pattern", ["{org_code}/{year}", "{org_code}/{serial:05d}-{unknown}", "{serial:zz}"])
def test_bad_patterns_are_refused(session, pattern):
    with pytest.raises(ValidationError):
        catalogue.set_index_pattern(session, pattern)
    assert catalogue.index_pattern(session) == catalogue.DEFAULT_PATTERN


def test_index_numbers_never_reused_and_taken_numbers_skipped(session):
    org = profile.get_own_office(session).org_code
    # An imported entry already holds the number the sequence would give next.
    _add(session, index_number=f"{org}/2025-00001")
    generated = _add(session)
    assert generated.index_number == f"{org}/2025-00002"
    catalogue.delete_entry(session, generated.id)
    after_delete = _add(session)
    assert after_delete.index_number == f"{org}/2025-00003"
    with pytest.raises(ConflictError):
        _add(session, index_number=f"{org}/2025-00002")


def test_title_required_and_dates_checked(session):
    with pytest.raises(ValidationError):
        catalogue.create_entry(session, {"title": "  "})
    with pytest.raises(ValidationError, match="发布日期不能早于成文日期"):
        _add(session, written_on="2025-03-05", published_on="2025-03-01")
    with pytest.raises(ValidationError):
        _add(session, published_on="2025-13-45")
    with pytest.raises(ValidationError):
        _add(session, disclosure_mode="随便公开")
    assert catalogue.count_entries(session) == 0


def test_validity_rules(session):
    plain = _add(session)
    assert plain.is_normative is False and plain.validity is None
    doc = _add(session, doc_number="青政发〔2025〕3号", is_normative=True)
    assert doc.validity == "valid"
    new = _add(session, title="青山县最低生活保障标准调整办法", doc_number="青政发〔2025〕9号", validity="有效")
    assert new.is_normative is True
    marked = catalogue.mark_validity(session, doc.id, "修订", on="2025-06-01", replaced_by_id=new.id,
                                     reviewed_on="2025-06-01")
    assert (marked.validity, marked.validity_on, marked.replaced_by_id) == ("amended", dt.date(2025, 6, 1), new.id)
    with pytest.raises(ValidationError):
        catalogue.mark_validity(session, doc.id, "作废")
    with pytest.raises(ValidationError):
        catalogue.mark_validity(session, doc.id, "废止", replaced_by_id=doc.id)
    # Switching off the normative flag clears the marking.
    cleared = catalogue.update_entry(session, doc.id, {"is_normative": False})
    assert cleared.validity is None and cleared.replaced_by_id is None


def test_every_change_keeps_the_previous_version(session):
    entry = _add(session)
    catalogue.update_entry(session, entry.id, {"title": "新标题"})
    catalogue.update_entry(session, entry.id, {"title": "新标题"})  # no change: no revision
    catalogue.update_entry(session, entry.id, {"summary": "概述"})
    catalogue.delete_entry(session, entry.id)
    revs = catalogue.revisions(session, entry.id)
    assert [r.revision for r in revs] == [1, 2, 3]
    assert [r.action for r in revs] == ["update", "update", "delete"]
    assert revs[0].content["title"] == "关于印发青山县2025年重点工作任务的通知"
    assert revs[1].content["title"] == "新标题" and revs[1].content["summary"] is None
    assert catalogue.get_entry(session, entry.id).revision == 4
    with pytest.raises(ConflictError):
        catalogue.update_entry(session, entry.id, {"title": "再改"})


def test_changes_since_filing(session):
    a = _add(session)
    b = _add(session, title="第二条")
    assert {c.entry_id for c in catalogue.changes_since_filing(session)} == {a.id, b.id}
    catalogue.mark_filed(session)
    assert catalogue.changes_since_filing(session) == []
    catalogue.update_entry(session, a.id, {"keywords": "重点工作"})
    c = _add(session, title="第三条")
    catalogue.delete_entry(session, b.id)
    kinds = {ch.entry_id: ch.kind for ch in catalogue.changes_since_filing(session)}
    assert kinds == {a.id: "updated", c.id: "created", b.id: "deleted"}
    assert catalogue.count_changes_since_filing(session) == 3
    d = _add(session, title="第四条")
    catalogue.delete_entry(session, d.id)  # created and deleted since the filing: not reported, not counted
    assert len(catalogue.changes_since_filing(session)) == catalogue.count_changes_since_filing(session) == 3


def test_change_count_before_any_filing_counts_every_entry(session):
    a = _add(session)
    _add(session, title="第二条")
    catalogue.delete_entry(session, a.id)
    assert catalogue.last_filed_at(session) is None
    assert len(catalogue.changes_since_filing(session)) == catalogue.count_changes_since_filing(session) == 2


def test_attachment_stored_with_hash(session):
    import hashlib

    entry = _add(session)
    info = catalogue.add_attachment(session, entry.id, "正文.pdf", b"%PDF-1.4 test")
    assert info.sha256 == hashlib.sha256(b"%PDF-1.4 test").hexdigest()
    assert catalogue.attachment_bytes(session, info.sha256) == b"%PDF-1.4 test"
    assert [a.filename for a in catalogue.attachments(session, entry.id)] == ["正文.pdf"]


def test_every_change_is_audited_consistently(session):
    from app.core import audit

    a = _add(session, doc_number="青政发〔2025〕3号", validity="有效")
    b = _add(session, title="第二条")
    catalogue.update_entry(session, a.id, {"summary": "概述"})
    catalogue.mark_validity(session, a.id, "废止", on="2025-06-01")
    catalogue.add_attachment(session, a.id, "正文.txt", b"x")
    catalogue.delete_entry(session, b.id)
    catalogue.restore_entry(session, b.id)
    catalogue.delete_entry(session, b.id)
    session.flush()
    assert audit.verify_chain(session) is None
    assert audit.verify_records(session) is None

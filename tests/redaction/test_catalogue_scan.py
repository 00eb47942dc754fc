"""The privacy scan before publication: catalogue attachments are scanned when added, findings wait in the
review queue (a dashboard card) until cleared or replaced by a redacted copy; a failure is never "clean"."""

from __future__ import annotations

import pytest

from app import catalogue
from app.errors import ConflictError
from app.redaction import catalogue_scan, ocr
from tests.helpers.redaction import text_pdf


def _entry(session) -> int:
    return catalogue.create_entry(session, {"title": "2026年度低保对象公示", "published_on": "2026-03-01"}).id


def test_attachment_with_findings_waits_then_is_cleared(db, gongshi_pdf):
    with db.session() as s:
        entry = _entry(s)
        _, clean = catalogue_scan.add_and_scan(s, entry, "说明.pdf", text_pdf([["本页无个人信息。"]]))
        _, found = catalogue_scan.add_and_scan(s, entry, "公示.pdf", gongshi_pdf)
    assert clean.status == "clean" and found.status == "pending"
    assert "身份证号码 2 处" in found.summary
    with db.read_session() as s:
        assert [q.filename for q in catalogue_scan.review_queue(s)] == ["公示.pdf"]
        assert catalogue_scan.counts(s) == (1, 0)
        from app.workbench.dashboard import collect

        card = next(sec for sec in collect(s) if sec.title == "公开前隐私检查")
        assert card.items[0].count == 1
    with db.session() as s:
        catalogue_scan.clear_scan(s, found.scan_id)
    with db.session() as s, pytest.raises(ConflictError):
        catalogue_scan.clear_scan(s, found.scan_id)
    with db.read_session() as s:
        assert catalogue_scan.review_queue(s) == []


def test_redacting_replaces_the_attachment(db, gongshi_pdf, gongshi_findings):
    with db.session() as s:
        entry = _entry(s)
        _, found = catalogue_scan.add_and_scan(s, entry, "公示.pdf", gongshi_pdf)
    with db.session() as s:
        record = catalogue_scan.redact_attachment(s, found.scan_id, gongshi_findings, ocr_check=False)
    with db.read_session() as s:
        names = [a.filename for a in catalogue.attachments(s, entry)]
        assert names == ["公示（区分处理后）.pdf"]
        assert catalogue_scan.review_queue(s) == [] and catalogue_scan.counts(s) == (0, 0)
        from app.redaction.records import original_bytes

        assert original_bytes(s, record.id) == gongshi_pdf


def test_unreadable_or_unscannable_attachments_wait_with_a_reason(db, monkeypatch):
    with db.session() as s:
        entry = _entry(s)
        _, bad = catalogue_scan.add_and_scan(s, entry, "名单.zip", b"PK\x03\x04 not a document")
    assert bad.status == "failed" and "不支持的文件类型" in (bad.message or "")
    with db.session() as s, pytest.raises(ConflictError):
        catalogue_scan.clear_scan(s, bad.scan_id)

    def missing():
        raise ocr.OcrUnavailable("文字识别（OCR）组件未安装")

    monkeypatch.setattr(ocr, "engine", missing)
    from tests.helpers.redaction import png

    with db.session() as s:
        _, scan = catalogue_scan.add_and_scan(s, entry, "扫描.png", png(text_pdf([["张建国"]])))
    assert scan.status == "failed" and "OCR" in (scan.message or "")
    with db.read_session() as s:
        assert {q.filename for q in catalogue_scan.review_queue(s)} == {"名单.zip", "扫描.png"}


def test_imported_attachments_are_scanned_in_a_batch(db, gongshi_pdf):
    with db.session() as s:
        entry = _entry(s)
        catalogue.add_attachment(s, entry, "公示.pdf", gongshi_pdf)  # as an import adds it: no scan yet
    with db.read_session() as s:
        assert catalogue_scan.counts(s) == (0, 1)
    with db.session() as s:
        done = catalogue_scan.scan_catalogue(s)
    assert [d.status for d in done] == ["pending"]
    with db.read_session() as s:
        assert catalogue_scan.counts(s) == (1, 0)

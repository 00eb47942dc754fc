"""register.attachments and register.attachment_bytes: files kept in the database or at a path."""

from __future__ import annotations

import hashlib

import pytest

from app import register
from app.errors import NotFoundError, StorageError, ValidationError
from app.register.common import ScanFile, store_attachment
from app.storage.base import utcnow
from app.storage.models.register import Attachment


def test_attachments_listed_and_read(session, new_app, tmp_path):
    app_id = new_app()
    other = new_app(applicant_name="李四")
    kept = tmp_path / "签批.pdf"
    kept.write_bytes(b"%PDF-1.4 signed approval")
    in_db = store_attachment(session, app_id, ScanFile("申请书.jpg", content=b"\xff\xd8scan", media_type="image/jpeg"),
                             kind="application")
    by_path = store_attachment(session, app_id, ScanFile("签批.pdf", path=str(kept)))
    store_attachment(session, other, ScanFile("别的.pdf", content=b"other"))
    session.flush()

    infos = register.attachments(session, app_id)
    assert [i.filename for i in infos] == ["申请书.jpg", "签批.pdf"]
    first, second = infos
    assert (first.id, first.kind, first.media_type, first.size, first.stored_as_file) == (
        in_db.id, "application", "image/jpeg", 6, False)
    assert first.sha256 == hashlib.sha256(b"\xff\xd8scan").hexdigest()
    assert register.attachments(session, new_app(applicant_name="王五")) == []
    assert register.attachment_bytes(session, in_db.id) == b"\xff\xd8scan"

    # A file handed in by path is kept in the database: the original may go away, the backup holds it.
    assert second.id == by_path.id and not second.stored_as_file and by_path.path is None
    kept.unlink()
    assert register.attachment_bytes(session, by_path.id) == b"%PDF-1.4 signed approval"

    # A row of an earlier version names a file: read back only while its hash matches.
    legacy_file = tmp_path / "旧版扫描件.pdf"
    legacy_file.write_bytes(b"%PDF-1.4 legacy")
    legacy = Attachment(application_id=app_id, kind="scan", filename="旧版扫描件.pdf", media_type=None,
                        sha256=hashlib.sha256(b"%PDF-1.4 legacy").hexdigest(), size=15, content=None,
                        path=str(legacy_file), created_at=utcnow())
    session.add(legacy)
    session.flush()
    assert register.attachments(session, app_id)[-1].stored_as_file
    assert register.attachment_bytes(session, legacy.id) == b"%PDF-1.4 legacy"
    legacy_file.write_bytes(b"%PDF-1.4 something else")
    with pytest.raises(StorageError, match="改动"):
        register.attachment_bytes(session, legacy.id)
    legacy_file.unlink()
    with pytest.raises(StorageError, match="无法读取"):
        register.attachment_bytes(session, legacy.id)


def test_content_changed_in_the_database_is_refused(session, new_app):
    from sqlalchemy import update

    from app.storage.models.register import Attachment

    att = store_attachment(session, new_app(), ScanFile("申请书.jpg", content=b"\xff\xd8scan"))
    session.execute(update(Attachment).where(Attachment.id == att.id).values(content=b"tampered"))
    session.expire_all()
    with pytest.raises(StorageError, match="SHA-256 不一致"):
        register.attachment_bytes(session, att.id)


def test_an_empty_scan_is_refused(session, new_app):
    with pytest.raises(ValidationError, match="空文件"):
        store_attachment(session, new_app(), ScanFile("空.pdf", content=b""))


def test_unknown_ids_are_refused(session, new_app):
    with pytest.raises(NotFoundError):
        register.attachment_bytes(session, 999_999)
    with pytest.raises(NotFoundError):
        register.attachments(session, 999_999)

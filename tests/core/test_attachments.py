"""One attachment type and one table shape for the register, the catalogue and the ledger."""

from __future__ import annotations

import dataclasses

import pytest

from app import catalogue, ledger, register
from app.core import attachments
from app.errors import StorageError, ValidationError
from app.storage.base import AttachmentColumns
from app.storage.models.catalogue import CatalogueAttachment
from app.storage.models.ledger import LedgerAttachment
from app.storage.models.register import Attachment

MODELS = (Attachment, CatalogueAttachment, LedgerAttachment)
SHARED = ("id", "filename", "sha256", "size", "content", "created_at")


def test_the_three_areas_use_one_attachment_type():
    assert register.AttachmentInfo is catalogue.AttachmentInfo is ledger.AttachmentInfo is attachments.AttachmentInfo
    assert [f.name for f in dataclasses.fields(attachments.AttachmentInfo)][:5] == [
        "id", "filename", "sha256", "size", "created_at"]


@pytest.mark.parametrize("model", MODELS, ids=lambda m: m.__tablename__)
def test_the_three_tables_share_the_mixin_columns(model):
    assert issubclass(model, AttachmentColumns)
    columns = model.__table__.columns
    for name in SHARED:
        assert name in columns, name
    assert columns["sha256"].type.length == 64 and not columns["sha256"].nullable
    assert columns["id"].primary_key


class _Row:
    def __init__(self, **kw):
        self.__dict__.update(kw)


def test_content_is_read_back_only_with_its_hash(tmp_path):
    good = _Row(filename="a.pdf", content=b"abc", sha256=attachments.digest(b"abc"), path=None)
    assert attachments.read_content(good) == b"abc"
    with pytest.raises(StorageError, match="a.pdf.*SHA-256 不一致"):
        attachments.read_content(_Row(filename="a.pdf", content=b"abd", sha256=good.sha256))
    with pytest.raises(StorageError, match="没有保存内容"):
        attachments.read_content(_Row(filename="a.pdf", content=None, sha256=good.sha256, path=None))
    with pytest.raises(StorageError, match="无法读取"):
        attachments.read_content(_Row(filename="a.pdf", content=None, sha256=good.sha256,
                                      path=str(tmp_path / "gone")))


def test_size_limits_are_the_same_everywhere():
    with pytest.raises(ValidationError, match="空文件"):
        attachments.check_size("a.pdf", b"")
    from app.ledger.tasks import MAX_ATTACHMENT_BYTES

    assert catalogue.MAX_ATTACHMENT == MAX_ATTACHMENT_BYTES == attachments.MAX_BYTES


def test_catalogue_refuses_changed_content(session):
    from sqlalchemy import update

    entry = catalogue.create_entry(session, {"title": "关于印发某某办法的通知", "publisher": "县政府办公室"})
    info = catalogue.add_attachment(session, entry.id, "办法.pdf", b"%PDF-1.4 text")
    assert catalogue.attachments(session, entry.id) == [info]
    assert catalogue.attachment_bytes(session, info.sha256) == b"%PDF-1.4 text"
    session.execute(update(CatalogueAttachment).where(CatalogueAttachment.id == info.id).values(content=b"x"))
    session.expire_all()
    with pytest.raises(StorageError, match="SHA-256 不一致"):
        catalogue.attachment_bytes(session, info.sha256)

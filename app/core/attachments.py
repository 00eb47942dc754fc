"""Attachments of every area (register, catalogue, ledger): one AttachmentInfo, one way to hash, keep and
read back a file.

The rows live in three tables with one shape, the AttachmentColumns mixin (app/storage/base.py). The tables
keep their own differences as overrides or extra columns on the specific model, and the schema does not
change (no migration). That is the least risky choice for the data: every attachment row
is in the audit trail with a snapshot of all its columns, so adding, dropping or merging columns would make
``gongkai check`` report every existing attachment as changed outside the program; and merging the tables
would copy up to 50 MB blobs per row inside a migration on the clerk's PC. The differences kept:

* ``attachment`` (register): ``content`` may be NULL when the file is kept at ``path`` (extra column);
  ``kind`` and ``media_type`` (extra columns); an index on ``sha256``.
* ``catalogue_attachment``: a 300-character ``filename``; ``uuid`` and a ``deleted`` flag (extra columns).
* ``ledger_attachment``: an index on ``sha256``; the task / activity it belongs to.

The bytes are kept in the row (``content``), so the one-file backup holds every attachment; register rows
written by earlier versions may instead name a file (``path``). Either way they are read back only when
their SHA-256 still matches, else a Chinese StorageError.
"""

from __future__ import annotations

import datetime as dt
import hashlib
from dataclasses import dataclass
from typing import Any

from sqlalchemy import select
from sqlalchemy.orm import Session

from app.errors import StorageError, ValidationError

MAX_BYTES = 50 * 1024 * 1024


@dataclass
class AttachmentInfo:
    """A kept file, without its bytes (read them with the area's attachment_bytes / content function)."""

    id: int
    filename: str
    sha256: str
    size: int
    created_at: dt.datetime
    kind: str | None = None  # register: scan | application | …
    media_type: str | None = None  # register
    stored_as_file: bool = False  # register rows of earlier versions: the bytes are in a file, not the database


def digest(data: bytes) -> str:
    return hashlib.sha256(data).hexdigest()


def check_size(filename: str, data: bytes) -> None:
    if not data:
        raise ValidationError(f"附件“{filename}”是空文件。")
    if len(data) > MAX_BYTES:
        raise ValidationError(f"附件“{filename}”超过 50 MB，请压缩后再上传。")


def read_content(row: Any) -> bytes:
    """The bytes of an attachment row (in the row, or at its ``path``), checked against its SHA-256."""
    content = row.content
    path = getattr(row, "path", None)
    if content is not None:
        data = bytes(content)
        where = ""
    elif path:
        try:
            with open(path, "rb") as fh:
                data = fh.read()
        except OSError as exc:
            raise StorageError(f"无法读取附件“{row.filename}”的文件“{path}”：{exc.strerror or exc}。") from exc
        where = f"的文件“{path}”"
    else:
        raise StorageError(f"附件“{row.filename}”没有保存内容。")
    if digest(data) != row.sha256:
        raise StorageError(f"附件“{row.filename}”{where}在保存后已被改动（SHA-256 不一致），可能已损坏。")
    return data


def info(row: Any) -> AttachmentInfo:
    """AttachmentInfo of an ORM row or of a row selected with listing_columns()."""
    stored_as_file = getattr(row, "stored_as_file", None)
    if stored_as_file is None:
        stored_as_file = getattr(row, "path", None) is not None
    return AttachmentInfo(row.id, row.filename, row.sha256, row.size, row.created_at,
                          kind=getattr(row, "kind", None), media_type=getattr(row, "media_type", None),
                          stored_as_file=bool(stored_as_file))


def listing_columns(model: Any) -> list[Any]:
    """The columns AttachmentInfo needs from an attachment table (never the bytes)."""
    cols = [model.id, model.filename, model.sha256, model.size, model.created_at]
    for name in ("kind", "media_type"):
        if hasattr(model, name):
            cols.append(getattr(model, name))
    if hasattr(model, "path"):
        cols.append(model.path.is_not(None).label("stored_as_file"))
    return cols


def listing(session: Session, model: Any, *where: Any) -> list[AttachmentInfo]:
    """The attachments of `model` matching `where`, in the order they were kept."""
    rows = session.execute(select(*listing_columns(model)).where(*where).order_by(model.id)).all()
    return [info(r) for r in rows]

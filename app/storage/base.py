"""Declarative base with a constraint naming convention, the time helpers every model uses, and the columns
every attachment table shares."""

from __future__ import annotations

import contextlib
import datetime as dt
import random
import uuid
from collections.abc import Iterator

from sqlalchemy import DateTime, Integer, LargeBinary, MetaData, String
from sqlalchemy.orm import DeclarativeBase, Mapped, mapped_column

NAMING_CONVENTION = {
    "ix": "ix_%(column_0_label)s",
    "uq": "uq_%(table_name)s_%(column_0_name)s",
    "ck": "ck_%(table_name)s_%(constraint_name)s",
    "fk": "fk_%(table_name)s_%(column_0_name)s_%(referred_table_name)s",
    "pk": "pk_%(table_name)s",
}


class Base(DeclarativeBase):
    metadata = MetaData(naming_convention=NAMING_CONVENTION)
    # Every table is audited unless a model sets this to False (caches, postings, the audit itself).
    __audited__ = True


def utcnow() -> dt.datetime:
    """Naive UTC now, second precision: stored the same way on SQLite and PostgreSQL."""
    return dt.datetime.now(dt.timezone.utc).replace(tzinfo=None, microsecond=0)


_uuid_rng: random.Random | None = None


def new_uuid() -> str:
    """A new random UUID (version 4). Inside `deterministic_uuids(rng)` it comes from `rng`, so that
    `gongkai demo --seed N` builds the same records every time."""
    if _uuid_rng is not None:
        return str(uuid.UUID(int=_uuid_rng.getrandbits(128), version=4))
    return str(uuid.uuid4())


@contextlib.contextmanager
def deterministic_uuids(rng: random.Random) -> Iterator[None]:
    global _uuid_rng
    previous, _uuid_rng = _uuid_rng, rng
    try:
        yield
    finally:
        _uuid_rng = previous


class AttachmentColumns:
    """The columns every attachment table shares (register ``attachment``, ``catalogue_attachment``,
    ``ledger_attachment``): id, filename, SHA-256 (hex) and size of the bytes, the bytes, when kept.
    app/core/attachments.py says why the tables keep their differences and the schema does not change."""

    id: Mapped[int] = mapped_column(Integer, primary_key=True)
    filename: Mapped[str] = mapped_column(String(255))
    sha256: Mapped[str] = mapped_column(String(64))
    size: Mapped[int] = mapped_column(Integer)
    content: Mapped[bytes] = mapped_column(LargeBinary)
    created_at: Mapped[dt.datetime] = mapped_column(DateTime, default=utcnow)

"""The columns every attachment table shares (register ``attachment``, ``catalogue_attachment``,
``ledger_attachment``): a declarative mixin, so the three tables have one shape.

The tables keep their own differences as overrides or extra columns on the specific model, and the
schema does not change (no migration). That is the least risky choice for the data: every attachment row
is in the audit trail with a snapshot of all its columns, so adding, dropping or merging columns would make
``gongkai check`` report every existing attachment as changed outside the program; and merging the tables
would copy up to 50 MB blobs per row inside a migration on the clerk's PC. The differences kept:

* ``attachment`` (register): ``content`` may be NULL when the file is kept at ``path`` (extra column);
  ``kind`` and ``media_type`` (extra columns); an index on ``sha256``.
* ``catalogue_attachment``: a 300-character ``filename``; ``uuid`` and a ``deleted`` flag (extra columns).
* ``ledger_attachment``: an index on ``sha256``; the task / activity it belongs to.
"""

from __future__ import annotations

import datetime as dt

from sqlalchemy import DateTime, Integer, LargeBinary, String
from sqlalchemy.orm import Mapped, mapped_column

from app.storage.base import utcnow


class AttachmentColumns:
    """id, filename, SHA-256 (hex) and size of the bytes, the bytes, when it was kept."""

    id: Mapped[int] = mapped_column(Integer, primary_key=True)
    filename: Mapped[str] = mapped_column(String(255))
    sha256: Mapped[str] = mapped_column(String(64))
    size: Mapped[int] = mapped_column(Integer)
    content: Mapped[bytes] = mapped_column(LargeBinary)
    created_at: Mapped[dt.datetime] = mapped_column(DateTime, default=utcnow)

"""Restoring a backup: the storage layer replaces the file, the audit trail records who did it and from what.

Taking, verifying and rotating backups are file operations of the storage layer (app.storage.backup).
"""

from __future__ import annotations

import os
from pathlib import Path
from typing import TYPE_CHECKING

from app.core import anchors, audit
from app.storage import backup as storage_backup

if TYPE_CHECKING:
    from app.storage.db import Database


def restore(db: Database, source: str | os.PathLike[str], *, operator: str | None = None) -> Path:
    """Replace the database's content with a verified backup (the replaced content is kept as a backup,
    whose path is returned) and record the restore in the audit trail."""
    kept = storage_backup.replace_database(db, source)
    with db.session(operator=operator) as s:
        # The restored chain is an older one: the anchors noted since are set aside (kept, renamed), and
        # the restore itself is the first anchor of what follows.
        retired = anchors.retire_file(s, "restore")
        audit.record_event(s, "restore", "database", "1", detail={"from": str(Path(source)), "kept": str(kept),
                                                                  "anchors_retired": retired})
    return kept

"""Database-wide settings with JSON values; every change is audited."""

from __future__ import annotations

from sqlalchemy.orm import Session

from app.core import audit
from app.storage.models.core import Setting


def get_setting(session: Session, key: str, default=None):
    row = session.get(Setting, key)
    return default if row is None else row.value


def set_setting(session: Session, key: str, value) -> None:
    row = session.get(Setting, key)
    if row is None:
        row = Setting(key=key, value=value)
        session.add(row)
        audit.record(session, row, "create")
    elif row.value != value:
        row.value = value
        audit.record(session, row, "update")

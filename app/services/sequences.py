"""Gap-free counters (申请编号, 文号, 索引号): a number is used once, and returned if the work rolls back."""

from __future__ import annotations

from sqlalchemy import select, update
from sqlalchemy.orm import Session

from app.storage.models.core import Sequence


def next_value(session: Session, key: str) -> int:
    """Take the next number of `key`. The row update holds the writer lock until the unit of work ends,
    so two writers never get the same number, and a rollback gives the number back (no gaps)."""
    result = session.execute(
        update(Sequence).where(Sequence.key == key).values(value=Sequence.value + 1).returning(Sequence.value)
    ).scalar_one_or_none()
    if result is not None:
        return int(result)
    session.add(Sequence(key=key, value=1))
    session.flush()
    return 1


def peek(session: Session, key: str) -> int:
    """The last number taken (0 if none)."""
    value = session.execute(select(Sequence.value).where(Sequence.key == key)).scalar_one_or_none()
    return int(value or 0)


def ensure_at_least(session: Session, key: str, value: int) -> None:
    """Raise the counter to `value` (after importing numbered records from elsewhere)."""
    current = session.execute(select(Sequence).where(Sequence.key == key)).scalar_one_or_none()
    if current is None:
        session.add(Sequence(key=key, value=value))
    elif current.value < value:
        current.value = value
    session.flush()

"""Gap-free counters (申请编号, 文号, 索引号): a number is used once, and returned if the work rolls back."""

from __future__ import annotations

from collections.abc import Callable
from typing import TYPE_CHECKING, Any, cast

from sqlalchemy import CursorResult, case, select, update
from sqlalchemy.orm import Session

from app.storage.models.core import Sequence

if TYPE_CHECKING:
    from sqlalchemy.dialects import postgresql, sqlite


def _upsert_insert(dialect: str) -> Callable[[type[Sequence]], sqlite.Insert | postgresql.Insert] | None:
    """The dialect's INSERT … ON CONFLICT construct, or None. Imported on first use: the PostgreSQL dialect
    package costs a headless command ~30 ms to import (bench/measure_startup.py), and most never take a number."""
    if dialect == "sqlite":
        from sqlalchemy.dialects.sqlite import insert as sqlite_insert

        return sqlite_insert
    if dialect == "postgresql":
        from sqlalchemy.dialects.postgresql import insert as pg_insert

        return pg_insert
    return None


def next_value(session: Session, key: str) -> int:
    """Take the next number of `key`. The row's write lock is held until the unit of work ends, so two
    writers never get the same number, and a rollback gives the number back (no gaps). One upsert
    statement: two first users of a new key on PostgreSQL cannot both insert it."""
    dialect = session.get_bind().dialect.name
    insert = _upsert_insert(dialect)
    if insert is not None:
        stmt = insert(Sequence).values(key=key, value=1)
        stmt = stmt.on_conflict_do_update(index_elements=[Sequence.key], set_={"value": Sequence.value + 1})
        return int(session.execute(stmt.returning(Sequence.value)).scalar_one())
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
    """Raise the counter to `value` (after importing numbered records from elsewhere); never lowers it.
    Written in SQL, not through a loaded object, so it cannot overwrite a number taken meanwhile."""
    dialect = session.get_bind().dialect.name
    insert = _upsert_insert(dialect)
    if insert is not None:
        stmt = insert(Sequence).values(key=key, value=value)
        stmt = stmt.on_conflict_do_update(
            index_elements=[Sequence.key],
            set_={"value": case((Sequence.value < value, value), else_=Sequence.value)},
        )
        session.execute(stmt)
        return
    updated = cast("CursorResult[Any]", session.execute(  # an UPDATE's result is a CursorResult
        update(Sequence).where(Sequence.key == key, Sequence.value < value).values(value=value)
    )).rowcount
    if not updated and session.execute(select(Sequence.key).where(Sequence.key == key)).first() is None:
        session.add(Sequence(key=key, value=value))
        session.flush()

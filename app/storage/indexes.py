"""Bulk loads into a table that is small compared with what comes in: secondary indexes built afterwards.

Inserting a row updates every index of its table at a random place; once those indexes outgrow the page
cache, each insert reads and writes pages all over the file. Building an index after the rows are in is
one sort and one sequential write (bench/run.py, a million-entry catalogue package into an empty
database: the six secondary indexes of catalogue_entry cost ~26 s maintained row by row and ~8 s built
at the end). This is the usual way to populate a database (PostgreSQL's manual, "Populating a
Database"), done here only on SQLite and only inside the caller's transaction: SQLite's schema changes
are transactional, so a failed or cancelled import rolls the indexes back with everything else, and a
crash leaves the file as it was.

Unique indexes and the ones backing UNIQUE constraints stay: they keep rejecting a duplicate at the
moment it is inserted, with the same error as always. Only named, non-unique indexes are deferred, and
they are recreated from their own stored CREATE statements, so the schema afterwards is exactly the one
the migrations made.
"""

from __future__ import annotations

import contextlib
import re
from collections.abc import Callable, Iterable, Iterator

from sqlalchemy.engine.interfaces import DBAPICursor
from sqlalchemy.orm import Session

# Below this many incoming rows the indexes are kept: maintaining them costs less than rebuilding.
MIN_ROWS = 20_000

_UNIQUE = re.compile(r"^\s*CREATE\s+UNIQUE\s", re.IGNORECASE)


def deferrable(cursor: DBAPICursor, table: str) -> list[tuple[str, str]]:
    """(name, CREATE statement) of the table's named non-unique indexes, in creation order."""
    rows = cursor.execute("SELECT name, sql FROM sqlite_master WHERE type = 'index' AND tbl_name = ? "
                          "AND sql IS NOT NULL ORDER BY rowid", (table,)).fetchall()
    return [(name, sql) for name, sql in rows if not _UNIQUE.match(sql)]


def _row_estimate(cursor: DBAPICursor, table: str) -> int:
    """Rows in the table (an upper bound from the largest rowid: one index probe, not a count)."""
    value = cursor.execute(f'SELECT max(rowid) FROM "{table}"').fetchone()[0]
    return int(value or 0)


@contextlib.contextmanager
def deferred(session: Session, tables: Iterable[str], incoming: int,
             on_rebuild: Callable[[], None] | None = None) -> Iterator[list[str]]:
    """Within the caller's unit of work: drop the named non-unique indexes of each table that holds fewer
    rows than `incoming` (and only when `incoming` >= MIN_ROWS), and create them again on the way out.
    Yields the names of the deferred indexes. On PostgreSQL, or for small loads, it does nothing.
    `on_rebuild` is called before the indexes are built (seconds for a million rows: tell the clerk).

    The indexes are recreated on the way out even when the block raises (the caller rolls back anyway;
    recreating them means that a caller who does not roll back still has its schema)."""
    conn = session.connection()
    if conn.dialect.name != "sqlite" or incoming < MIN_ROWS:
        yield []
        return
    cursor = conn.connection.cursor()
    dbapi = conn.connection.dbapi_connection
    if dbapi is None or not dbapi.in_transaction:  # outside a transaction DDL would be final
        yield []
        return
    dropped: list[tuple[str, str]] = []
    try:
        for table in tables:
            if _row_estimate(cursor, table) >= incoming:
                continue
            for name, sql in deferrable(cursor, table):
                cursor.execute(f'DROP INDEX "{name}"')
                dropped.append((name, sql))
        yield [name for name, _ in dropped]
    except BaseException:
        with contextlib.suppress(Exception):  # the first error is the one to report
            _recreate(cursor, dropped)
        raise
    else:
        if dropped and on_rebuild is not None:
            on_rebuild()
        _recreate(cursor, dropped)


def _recreate(cursor: DBAPICursor, dropped: list[tuple[str, str]]) -> None:
    while dropped:  # one by one: after a failure, what is still listed was not recreated
        cursor.execute(dropped[0][1])
        dropped.pop(0)

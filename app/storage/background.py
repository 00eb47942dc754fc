"""A few statements run on the unit of work's own SQLite connection by a helper thread, while the caller
goes on with Python work (SQLite only).

Python's sqlite3 module lets other threads run while SQLite executes a statement, so SQLite's work and
the caller's Python work can overlap on two processors. Only a statement that does all its work in one
step overlaps: an executemany needs the interpreter lock for every row it binds, and with a busy caller
it waits for that lock row after row. So a job's rows travel as one JSON text, expanded by ``json_each``
inside the statement (``INSERT … SELECT … FROM json_each(?)``); ``available()`` says whether this SQLite
has the JSON functions (built in since 3.38; the callers then write synchronously).

The job is part of the caller's transaction and changes nothing the caller could see before it is
waited for (``settle``). The engine's listeners (``install``) settle before every statement SQLAlchemy
sends, before a commit, a rollback and any SAVEPOINT command, and when the connection goes back to the
pool; a job's error is raised by the settle that finds it (never by a rollback's, which discards the
work anyway). Code that uses the DB-API connection directly must not touch what a job writes without
settling first (app.catalogue.fulltext settles in its one cursor helper).

No Python callback (progress handler, authorizer, SQL function used by a job's statement) may be set
while a job runs: the helper thread holds the database mutex without the interpreter lock, and a
callback would need that lock. app.core.jobs.interruptible settles before it sets its handler.
(bench/run.py: a million-entry catalogue package; the search index is written by such jobs.)
"""

from __future__ import annotations

import json
import threading
from collections.abc import Sequence
from typing import Any

from sqlalchemy import event
from sqlalchemy.engine import Connection, Engine

_JOB = "gongkai_background_job"
_JSON = "gongkai_json_each"


class _Job(threading.Thread):
    def __init__(self, dbapi: Any, statements: list[tuple[str, str]], after: _Job | None) -> None:
        super().__init__(name="gongkai-background-sql", daemon=True)
        self.dbapi = dbapi
        self.statements = statements
        self.after = after
        self.error: BaseException | None = None

    def run(self) -> None:
        try:
            if self.after is not None:  # the jobs of a connection run one after the other, in order
                self.after.join()
                if self.after.error is not None:
                    return  # its error is the one settle() raises; nothing after it runs
                self.after = None
            cur = self.dbapi.cursor()
            try:
                for sql, payload in self.statements:
                    cur.execute(sql, (payload,))
            finally:
                cur.close()
        except BaseException as exc:  # raised in the caller's thread by settle()
            self.error = exc
        finally:
            self.statements = []


def available(conn: Connection) -> bool:
    """Whether jobs can run on this connection: SQLite with json_each (asked once per connection)."""
    if conn.dialect.name != "sqlite":
        return False
    info = conn.connection.info
    if _JSON not in info:
        import sqlite3

        dbapi = conn.connection.dbapi_connection
        assert dbapi is not None  # None only once invalidated, not within a unit of work
        try:
            dbapi.cursor().execute("SELECT value FROM json_each('[1]')").fetchall()
            info[_JSON] = True
        except sqlite3.OperationalError:  # no JSON functions in this SQLite build
            info[_JSON] = False
    return bool(info[_JSON])


def insert_rows_sql(table: str, columns: Sequence[str]) -> str:
    """``INSERT INTO table(columns) SELECT …`` taking the rows from one JSON array of arrays (``rows_json``)."""
    picks = ", ".join(f"json_extract(value, '$[{i}]')" for i in range(len(columns)))
    return f"INSERT INTO {table}({', '.join(columns)}) SELECT {picks} FROM json_each(?)"


def rows_json(rows: Sequence[Sequence[Any]]) -> str | None:
    """Rows of text, integers and NULLs as the JSON array insert_rows_sql() reads, in order; None when a
    text holds a NUL character, which SQLite's JSON functions cannot give back (the string ends there):
    such rows are written inline (a backslash typed before "u0000" is a false alarm, only slower)."""
    text = json.dumps(rows, ensure_ascii=False, separators=(",", ":"))
    return None if "\\u0000" in text else text


def start(conn: Connection, statements: list[tuple[str, str]]) -> None:
    """Run `statements` ((sql, one JSON text parameter) each, in order) on `conn`'s DB-API connection
    in a helper thread, after the connection's jobs started before (the caller does not wait for them)."""
    info = conn.connection.info
    jobs = info.setdefault(_JOB, [])
    job = _Job(conn.connection.dbapi_connection, statements, jobs[-1] if jobs else None)
    jobs.append(job)
    job.start()


def settle(conn: Connection, *, raising: bool = True) -> None:
    """Wait for the connection's jobs, if any; raise the first error unless `raising` is false."""
    _settle_info(conn.connection.info, raising=raising)


def _settle_info(info: dict[Any, Any], *, raising: bool) -> None:
    jobs = info.pop(_JOB, None)
    if not jobs:
        return
    for job in jobs:
        job.join()
    errors = [job.error for job in jobs if job.error is not None]
    if errors and raising:
        raise errors[0]


def pending(conn: Connection) -> bool:
    return _JOB in conn.connection.info


def install(engine: Engine) -> None:
    """Settle the connection's job before anything else uses the connection (see the module's doc)."""

    def before_statement(conn: Connection, *_args: Any) -> None:
        if _JOB in conn.connection.info:
            settle(conn)

    def before_end(conn: Connection, *_args: Any) -> None:
        if _JOB in conn.connection.info:
            settle(conn, raising=False)

    event.listen(engine, "before_cursor_execute", before_statement)
    for name in ("commit", "savepoint", "release_savepoint"):
        event.listen(engine, name, before_statement)
    for name in ("rollback", "rollback_savepoint"):
        event.listen(engine, name, before_end)

    def on_reset(_dbapi: Any, record: Any, _state: Any) -> None:
        if record is not None:
            _settle_info(record.info, raising=False)

    def on_checkin(_dbapi: Any, record: Any) -> None:
        if record is not None:
            _settle_info(record.info, raising=False)

    event.listen(engine.pool, "reset", on_reset)  # before the pool's rollback-on-return
    event.listen(engine.pool, "checkin", on_checkin)


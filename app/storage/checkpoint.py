"""A big unit of work commits without copying the write-ahead log into the database file inside its commit.

SQLite checkpoints automatically at the end of a commit that leaves more than 1,000 pages in the WAL: the
committing call itself then copies every page of the log into the database file. A township's year
imported into a county's database touches index pages all over a file of gigabytes (the catalogue's
search index above all), so the commit that made the data safe (the WAL written and synced) went on to
copy ~100 MB more before the import could report back (bench/run.py, "a township's year").

`defer(session)` turns the automatic checkpoint off for the session's connection until its unit of work
ends (app.storage.unit_end: not at a SAVEPOINT's release); after a commit a PASSIVE checkpoint runs on a connection of its own in a background thread (readers
and writers go on meanwhile), and the connection's own setting comes back. Nothing about durability
changes: the committed transaction is in the synced WAL before the commit returns, and an interrupted
checkpoint is finished by the next connection. `wait()` joins the checkpoints still running (Database.dispose
calls it, so a command line run ends with its file checkpointed as before).
"""

from __future__ import annotations

import logging
import sqlite3
import threading
from typing import cast

from sqlalchemy.orm import Session

from app.storage.unit_end import at_end

log = logging.getLogger(__name__)

BUSY_TIMEOUT_S = 30.0

_running: list[threading.Thread] = []
_lock = threading.Lock()


def defer(session: Session) -> bool:
    """Defer the automatic checkpoint of the session's SQLite connection to after its commit. Returns
    False when there is nothing to do (PostgreSQL, an in-memory database, already off)."""
    conn = session.connection()
    if conn.dialect.name != "sqlite":
        return False
    path = conn.engine.url.database
    if not path or path == ":memory:":
        return False
    dbapi = cast(sqlite3.Connection, conn.connection.dbapi_connection)
    old = int(dbapi.execute("PRAGMA wal_autocheckpoint").fetchone()[0])
    if old <= 0:
        return False
    dbapi.execute("PRAGMA wal_autocheckpoint = 0")

    def end(committed: bool) -> None:
        try:
            dbapi.execute(f"PRAGMA wal_autocheckpoint = {old}")
        except sqlite3.Error as exc:  # a closed connection: a new one starts with the default again
            log.warning("wal_autocheckpoint not restored: %s", exc)
        if committed:
            start(path)

    at_end(session, end)
    return True


def start(path: str) -> threading.Thread:
    """Checkpoint the WAL of the SQLite file at `path` in a background thread."""
    thread = threading.Thread(target=_checkpoint, args=(path,), name="gongkai-wal-checkpoint", daemon=True)
    with _lock:
        _running[:] = [t for t in _running if t.is_alive()]
        _running.append(thread)
    thread.start()
    return thread


def _checkpoint(path: str) -> None:
    try:
        conn = sqlite3.connect(path, timeout=BUSY_TIMEOUT_S, isolation_level=None)
        try:
            busy, log_pages, copied = conn.execute("PRAGMA wal_checkpoint(PASSIVE)").fetchone()
            log.debug("checkpoint of %s: %s of %s WAL pages copied (busy=%s)", path, copied, log_pages, busy)
        finally:
            conn.close()
    except sqlite3.Error as exc:  # the next commit's automatic checkpoint copies what is left
        log.warning("background checkpoint of %s failed: %s", path, exc)


def wait(timeout: float | None = None) -> None:
    """Join the checkpoints still running."""
    with _lock:
        threads = list(_running)
    for thread in threads:
        thread.join(timeout)
    with _lock:
        _running[:] = [t for t in _running if t.is_alive()]

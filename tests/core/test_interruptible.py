"""jobs.interruptible: long reads stop soon after a cancel, on SQLite and on PostgreSQL."""

from __future__ import annotations

import pytest

LONG_QUERY = ("WITH RECURSIVE n(i) AS (SELECT 1 UNION ALL SELECT i + 1 FROM n WHERE i < 2000000000) "
              "SELECT count(*) FROM n")


def test_a_long_read_stops_when_cancelled(db):
    """The background check's integrity check and scans have no loop of their own to ask: the running
    statement is stopped (SQLite's progress handler, PostgreSQL's cancel request) and the work ends with
    Cancelled."""
    import threading

    from sqlalchemy import text

    from app.core.jobs import interruptible
    from app.errors import Cancelled

    stop = threading.Event()
    timer = threading.Timer(0.3, stop.set)
    timer.start()
    with pytest.raises(Cancelled), db.read_session() as s, interruptible(s, stop.is_set):
        s.execute(text(LONG_QUERY)).scalar()  # ~minutes if nothing stopped it
    timer.cancel()
    asked_to_stop = []
    short = LONG_QUERY.replace("2000000000", "200000")  # far more steps than one handler interval
    with db.read_session() as s:
        with interruptible(s, lambda: bool(asked_to_stop)):
            assert s.execute(text(short)).scalar() == 200000
        asked_to_stop.append(True)
        # The handler (or watcher) went with the block: later statements of the session run to their end.
        assert s.execute(text(short)).scalar() == 200000


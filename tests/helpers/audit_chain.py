"""Rewriting a database's audit chain the way an attacker with write access would: consistently."""

from __future__ import annotations

import datetime as dt
import sqlite3


def rewrite_chain(path, *, change_seq: int | None = None, note: str = "改写", drop_after: int | None = None) -> None:
    """Change the note of entry `change_seq` and/or delete every entry after `drop_after`, then recompute
    every hash from there on and move the head: the chain alone verifies again."""
    from app.core.audit import GENESIS, entry_hash

    conn = sqlite3.connect(path)
    try:
        if drop_after is not None:
            conn.execute("DELETE FROM audit_log WHERE seq > ?", (drop_after,))
        if change_seq is not None:
            conn.execute("UPDATE audit_log SET note = ? WHERE seq = ?", (note, change_seq))
        prev = GENESIS
        rows = conn.execute("SELECT seq, at, operator, action, entity, entity_id, before, after, note "
                            "FROM audit_log ORDER BY seq").fetchall()
        for seq, at, operator, action, entity, entity_id, before, after, note_ in rows:
            at_text = dt.datetime.fromisoformat(at).replace(microsecond=0).isoformat()
            h = entry_hash(prev, seq, at_text, operator, action, entity, entity_id, before, after, note_)
            conn.execute("UPDATE audit_log SET prev_hash = ?, hash = ? WHERE seq = ?", (prev, h, seq))
            prev = h
        conn.execute("UPDATE audit_head SET seq = ?, hash = ? WHERE id = 1", (rows[-1][0] if rows else 0, prev))
        conn.commit()
    finally:
        conn.close()


def head(path) -> tuple[int, str]:
    conn = sqlite3.connect(path)
    try:
        return conn.execute("SELECT seq, hash FROM audit_head WHERE id = 1").fetchone()
    finally:
        conn.close()

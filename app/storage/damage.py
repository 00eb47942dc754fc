"""A damaged database is flagged, and writes are refused until it is restored (issue 18 item 5).

Once SQLite reports the file malformed (a write, or `gongkai check` / the start-up check), a marker file
`<database>.damaged` is written beside it. Every write unit of work (Database.session) looks for it first
and refuses with a message that names the latest backup to restore; reading, exporting and backing up to
another place still work. A restore removes the marker, and so does a full check that passes again (the
file was repaired by other means). SQLite files only: a PostgreSQL server guards its own pages.
"""

from __future__ import annotations

import datetime as dt
import json
import os
from pathlib import Path

SUFFIX = ".damaged"
# SQLite's words for a damaged file ("database disk image is malformed", "malformed database schema",
# "file is not a database"); not any "malformed": a malformed JSON argument is an error of one statement.
MALFORMED_WORDS = ("disk image is malformed", "malformed database schema", "not a database", "corrupt", "disk image")


def marker(db_path: Path) -> Path:
    return db_path.with_name(db_path.name + SUFFIX)


def is_corruption(exc: BaseException) -> bool:
    text = str(getattr(exc, "orig", exc)).lower()
    return any(w in text for w in MALFORMED_WORDS)


def mark(db_path: Path, problem: str) -> None:
    """Flag the file as damaged (best effort: a folder that cannot be written to still refuses writes)."""
    data = json.dumps({"problem": problem[:500], "at": dt.datetime.now().isoformat(timespec="seconds")},
                      ensure_ascii=False)
    try:
        fd = os.open(marker(db_path), os.O_WRONLY | os.O_CREAT | os.O_TRUNC, 0o600)
        with os.fdopen(fd, "w", encoding="utf-8") as fh:
            fh.write(data)
    except OSError:
        pass  # the write that found the damage fails anyway with its own message


def problem(db_path: Path) -> str | None:
    """The recorded problem when the file is flagged as damaged, else None."""
    try:
        text = marker(db_path).read_text(encoding="utf-8")
    except FileNotFoundError:
        return None
    except OSError:
        return "数据库已被标记为损坏"
    try:
        return str(json.loads(text).get("problem") or "数据库已被标记为损坏")
    except (ValueError, AttributeError):
        return "数据库已被标记为损坏"


def clear(db_path: Path) -> None:
    marker(db_path).unlink(missing_ok=True)


def refusal(db_path: Path, found: str, backups: list[Path]) -> str:
    """The message of a refused write: what was found, and the latest of `backups` (newest first) to restore."""
    offer = (f"请恢复最近的备份：gongkai restore “{backups[0]}”，或在“设置 → 备份”中恢复。" if backups
             else "本机没有可用的自动备份，请用其他位置的备份恢复（gongkai restore 备份文件）。")
    return (f"数据库“{db_path}”已损坏（{found.rstrip('。')}），为防止损坏扩大，已停止一切修改；"
            f"仍可查看、导出和备份到其他位置。{offer}")

"""Audit-chain anchors kept outside the database: one append-only file per database in the secret dir.

An anchor is a chain head (seq, hash) noted when it left the database's reach: a package was signed, a
backup was taken, a check passed, a sensitive event was recorded. The file lives beside the machine
secrets (app.storage.machine_secret: outside the data folder and GONGKAI_HOME), so someone who can
rewrite the database, or who has a copy of the data folder, cannot make the anchors agree with a
rewritten chain. The database keeps the same anchors in `audit_anchor` (app.core.anchors) for the other
PCs sharing a PostgreSQL database. docs/security.md says what this does not protect against.
"""

from __future__ import annotations

import datetime as dt
import hashlib
import json
import os
from dataclasses import dataclass
from pathlib import Path

from app.errors import StorageError

FOLDER = "anchors"


@dataclass(frozen=True)
class Anchor:
    seq: int
    hash: str
    kind: str  # package | receipt | backup | check | event | repair
    ref: str | None
    at: str  # ISO time, UTC


def key_for(target: str) -> str:
    """The file name of a database's anchors: from the SQLite file's full path or the server URL."""
    return hashlib.sha256(target.encode("utf-8")).hexdigest()[:24]


def sqlite_target(path: str | os.PathLike[str]) -> str:
    return str(Path(path).resolve())


def _file(key: str) -> Path:
    from app.storage import machine_secret

    folder = machine_secret.secret_path(FOLDER)
    folder.mkdir(mode=0o700, exist_ok=True)
    return folder / f"{key}.jsonl"


def append(key: str, seq: int, hash_: str, kind: str, ref: str | None = None) -> None:
    if seq <= 0:
        return  # an empty chain has nothing to anchor
    line = json.dumps({"seq": seq, "hash": hash_, "kind": kind, "ref": ref,
                       "at": dt.datetime.now(dt.timezone.utc).replace(tzinfo=None).isoformat(timespec="seconds")},
                      ensure_ascii=False) + "\n"
    path = _file(key)
    try:
        fd = os.open(path, os.O_WRONLY | os.O_CREAT | os.O_APPEND, 0o600)
        with os.fdopen(fd, "a", encoding="utf-8") as fh:
            fh.write(line)
    except OSError as exc:
        raise StorageError(f"无法记录审计锚点“{path}”：{exc.strerror or exc}。") from None


def load(key: str) -> list[Anchor]:
    path = _file(key)
    try:
        text = path.read_text(encoding="utf-8")
    except FileNotFoundError:
        return []
    except OSError as exc:
        raise StorageError(f"无法读取审计锚点“{path}”：{exc.strerror or exc}。") from None
    out: list[Anchor] = []
    for n, line in enumerate(text.splitlines(), 1):
        if not line.strip():
            continue
        try:
            d = json.loads(line)
            out.append(Anchor(int(d["seq"]), str(d["hash"]), str(d["kind"]), d.get("ref"), str(d["at"])))
        except (ValueError, KeyError, TypeError):
            raise StorageError(f"审计锚点文件“{path}”第{n}行已损坏，锚点可能被篡改。") from None
    return out


def retire(key: str, reason: str) -> int:
    """Set the anchors aside after a restore (the restored chain is an older one); returns how many.
    The file is kept, renamed, for the record."""
    anchors = load(key)
    path = _file(key)
    if anchors:
        stamp = dt.datetime.now().strftime("%Y%m%d-%H%M%S-%f")
        path.rename(path.with_name(f"{key}.{reason}-{stamp}.retired"))
    return len(anchors)

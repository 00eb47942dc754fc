"""Alembic migrations run programmatically: back up, refuse a newer database, upgrade to head."""

from __future__ import annotations

import ast
import logging
import re
from collections.abc import Callable
from pathlib import Path
from typing import TYPE_CHECKING

from app.errors import StorageError

if TYPE_CHECKING:
    from alembic.config import Config
    from alembic.script import ScriptDirectory

    from app.storage.db import Database

# alembic is imported inside the functions that need it: importing it costs most of `gongkai --version`
# and of every headless command over a database that is already at head (bench/run.py measures both).

log = logging.getLogger(__name__)

MIGRATIONS_DIR = Path(__file__).resolve().parent / "migrations"
# Tables created by hand in migrations (FTS5 and their shadow tables, search postings) that are not
# part of Base.metadata: the schema comparison and autogenerate leave them alone.
IGNORED_TABLE_PREFIXES = ("fts_", "ix_cjk_", "sqlite_")


def alembic_config(db: Database | None = None) -> Config:
    from alembic.config import Config

    cfg = Config()
    cfg.set_main_option("script_location", str(MIGRATIONS_DIR))
    if db is not None:
        cfg.set_main_option("sqlalchemy.url", db.url.replace("%", "%%"))
    return cfg


_REVISION_LINE = re.compile(r"^(revision|down_revision)\s*(?::[^=\n]*)?=\s*(.+?)\s*$", re.MULTILINE)


def _file_revisions() -> dict[str, tuple[str, ...]] | None:
    """revision -> its down revisions, read from the version files without alembic (None: not readable so)."""
    out: dict[str, tuple[str, ...]] = {}
    for path in sorted((MIGRATIONS_DIR / "versions").glob("*.py")):
        found = dict(_REVISION_LINE.findall(path.read_text(encoding="utf-8")))
        try:
            rev = ast.literal_eval(found["revision"])
            down = ast.literal_eval(found.get("down_revision", "None"))
        except (KeyError, ValueError, SyntaxError):
            return None
        if not isinstance(rev, str):
            return None
        out[rev] = () if down is None else ((down,) if isinstance(down, str) else tuple(down))
    return out or None


def fast_head() -> str | None:
    """The single head of the version files, or None when alembic has to decide (none, several, unreadable)."""
    revisions = _file_revisions()
    if revisions is None:
        return None
    referenced = {d for downs in revisions.values() for d in downs}
    heads = [r for r in revisions if r not in referenced]
    return heads[0] if len(heads) == 1 else None


def _script_directory() -> ScriptDirectory:
    from alembic.script import ScriptDirectory

    return ScriptDirectory.from_config(alembic_config())


def head_revision() -> str:
    head = fast_head() or _script_directory().get_current_head()
    if head is None:  # no version files: a broken installation
        raise StorageError(f"程序安装不完整：缺少数据库结构迁移文件（{MIGRATIONS_DIR}）。")
    return head


def known_revisions() -> set[str]:
    return {rev.revision for rev in _script_directory().walk_revisions()}


def current_revision(db: Database) -> str | None:
    from alembic.runtime.migration import MigrationContext

    with db.engine.connect() as conn:
        return MigrationContext.configure(conn).get_current_revision()


def _stored_revisions(db: Database) -> list[str] | None:
    """The rows of alembic_version with a plain query (None when the table is not there)."""
    from sqlalchemy import text
    from sqlalchemy.exc import DBAPIError

    try:
        # The read engine: a plain BEGIN, not the writers' BEGIN IMMEDIATE (a read-only command must not
        # wait for, or block, a writer just to learn that the database is already at head).
        with db.read_engine.connect() as conn:
            return [r[0] for r in conn.execute(text("SELECT version_num FROM alembic_version"))]
    except DBAPIError:
        return None


def has_tables(db: Database) -> bool:
    from sqlalchemy import inspect

    with db.read_engine.connect() as conn:
        return bool(inspect(conn).get_table_names())


def upgrade(db: Database, *, before_change: Callable[[str], object] | None = None, target: str = "head") -> str | None:
    """Bring the schema to `target`. When an existing SQLite database is about to change, `before_change`
    is called first with its current revision (Database.open passes a backup); what it returns (the
    backup's path) is returned as text."""
    if target == "head":
        head = fast_head()
        if head is not None and _stored_revisions(db) == [head]:
            return None  # already at head: the usual case, decided without importing alembic
    current = current_revision(db)
    if current is not None and current not in known_revisions():
        raise StorageError(
            f"数据库“{db.display_name}”由更新版本的程序创建（结构版本 {current}），"
            "本程序无法打开，请升级程序后再试。"
        )
    head = head_revision()
    if current == head and target == "head":
        return None
    backup_path = None
    if before_change is not None and current is not None and db.is_sqlite and has_tables(db):
        backup_path = str(before_change(current))
        log.info("backed up %s before migrating from %s", db.display_name, current)
    from alembic import command

    cfg = alembic_config(db)
    with db.engine.begin() as conn:
        cfg.attributes["connection"] = conn
        command.upgrade(cfg, target)
    return backup_path


def include_object(obj: object, name: str | None, type_: str, reflected: bool, compare_to: object) -> bool:
    """Autogenerate / compare filter: ignore hand-made FTS and posting tables and their indexes."""
    if type_ == "index" and name and name.startswith(IGNORED_TABLE_PREFIXES):
        return False
    if type_ == "table" and name and name.startswith(IGNORED_TABLE_PREFIXES):
        return False
    table = getattr(obj, "table", None)
    return not (table is not None and table.name.startswith(IGNORED_TABLE_PREFIXES))

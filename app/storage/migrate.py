"""Alembic migrations run programmatically: back up, refuse a newer database, upgrade to head."""

from __future__ import annotations

import logging
from pathlib import Path

from alembic import command
from alembic.config import Config
from alembic.runtime.migration import MigrationContext
from alembic.script import ScriptDirectory
from sqlalchemy import inspect

from app.errors import StorageError

log = logging.getLogger(__name__)

MIGRATIONS_DIR = Path(__file__).resolve().parent / "migrations"
# Tables created by hand in migrations (FTS5 and their shadow tables, search postings) that are not
# part of Base.metadata: the schema comparison and autogenerate leave them alone.
IGNORED_TABLE_PREFIXES = ("fts_", "ix_cjk_", "sqlite_")


def alembic_config(db=None) -> Config:
    cfg = Config()
    cfg.set_main_option("script_location", str(MIGRATIONS_DIR))
    if db is not None:
        cfg.set_main_option("sqlalchemy.url", db.url.replace("%", "%%"))
    return cfg


def head_revision() -> str:
    return ScriptDirectory.from_config(alembic_config()).get_current_head()


def known_revisions() -> set[str]:
    return {rev.revision for rev in ScriptDirectory.from_config(alembic_config()).walk_revisions()}


def current_revision(db) -> str | None:
    with db.engine.connect() as conn:
        return MigrationContext.configure(conn).get_current_revision()


def has_tables(db) -> bool:
    with db.read_engine.connect() as conn:
        return bool(inspect(conn).get_table_names())


def upgrade(db, *, backup: bool = True, target: str = "head") -> str | None:
    """Bring the schema to `target`. Returns the path of the backup taken first, if any."""
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
    if backup and current is not None and db.is_sqlite and has_tables(db):
        from app.services import backup as backup_service

        backup_path = str(backup_service.automatic_backup(db, reason=f"upgrade-{current}"))
        log.info("backed up %s before migrating from %s", db.display_name, current)
    cfg = alembic_config(db)
    with db.engine.begin() as conn:
        cfg.attributes["connection"] = conn
        command.upgrade(cfg, target)
    return backup_path


def include_object(obj, name, type_, reflected, compare_to) -> bool:
    """Autogenerate / compare filter: ignore hand-made FTS and posting tables."""
    if type_ == "table" and name and name.startswith(IGNORED_TABLE_PREFIXES):
        return False
    table = getattr(obj, "table", None)
    if table is not None and table.name.startswith(IGNORED_TABLE_PREFIXES):
        return False
    return True

"""Migrations: a fresh database equals the models; old fixture databases upgrade; newer ones are refused."""

from __future__ import annotations

import shutil
import sqlite3
from pathlib import Path

import pytest
from alembic.autogenerate import compare_metadata
from alembic.runtime.migration import MigrationContext
from sqlalchemy import text

import app.storage.models  # noqa: F401
from app.errors import StorageError
from app.storage.base import Base
from app.storage.db import Database
from app.storage.migrate import head_revision, include_object

FIXTURES = Path(__file__).resolve().parent.parent / "fixtures"


def _diff(db) -> list:
    with db.engine.connect() as conn:
        ctx = MigrationContext.configure(conn, opts={"include_object": include_object, "compare_type": True})
        return compare_metadata(ctx, Base.metadata)


def test_fresh_database_has_exactly_the_model_schema(empty_db):
    assert _diff(empty_db) == []


def test_fresh_database_is_at_head(empty_db):
    with empty_db.engine.connect() as conn:
        assert conn.execute(text("SELECT version_num FROM alembic_version")).scalar_one() == head_revision()


def test_newer_database_is_refused(tmp_path):
    path = tmp_path / "newer.sqlite3"
    Database.open(path).dispose()
    with sqlite3.connect(path) as conn:
        conn.execute("UPDATE alembic_version SET version_num = '9999'")
    with pytest.raises(StorageError) as err:
        Database.open(path)
    assert "更新版本" in str(err.value)


def test_opening_a_database_at_head_does_not_wait_for_a_writer(tmp_path, monkeypatch):
    """The at-head check reads alembic_version with a plain BEGIN: a read-only command is not blocked by
    (and does not block) another program's write transaction."""
    import app.storage.db as db_module

    path = tmp_path / "busy.sqlite3"
    Database.open(path).dispose()
    monkeypatch.setattr(db_module, "BUSY_TIMEOUT_MS", 200)
    writer = sqlite3.connect(path, isolation_level=None)
    try:
        writer.execute("BEGIN IMMEDIATE")
        writer.execute("UPDATE alembic_version SET version_num = version_num")
        db = Database.open(path)
        with db.read_session() as s:
            assert s.execute(text("SELECT version_num FROM alembic_version")).scalar_one() == head_revision()
        db.dispose()
    finally:
        writer.execute("ROLLBACK")
        writer.close()


def test_garbage_file_is_refused_with_its_name(tmp_path):
    path = tmp_path / "not-a-db.sqlite3"
    path.write_bytes(b"this is a spreadsheet, not a database" * 10)
    with pytest.raises(StorageError) as err:
        Database.open(path)
    assert str(path) in str(err.value) and "损坏" in str(err.value)


def _fixture_files() -> list[Path]:
    return sorted(FIXTURES.glob("schema-v*.sqlite3"))


@pytest.mark.parametrize("fixture", _fixture_files(), ids=lambda p: p.name)
def test_released_schema_fixture_upgrades_with_nothing_lost(fixture, tmp_path):
    path = tmp_path / fixture.name
    shutil.copyfile(fixture, path)
    with sqlite3.connect(path) as conn:
        tables = [r[0] for r in conn.execute("SELECT name FROM sqlite_master WHERE type='table' "
                                              "AND name NOT LIKE 'sqlite_%' AND name NOT LIKE 'fts_%' "
                                              "AND name NOT LIKE 'ix_cjk_%'")]
        before = {t: conn.execute(f'SELECT count(*) FROM "{t}"').fetchone()[0] for t in tables}
    assert sum(before.values()) > 0, "a fixture database must hold data"
    db = Database.open(path)
    try:
        assert _diff(db) == []
        with db.engine.connect() as conn:
            for table, count in before.items():
                if table == "alembic_version":
                    continue
                assert conn.execute(text(f'SELECT count(*) FROM "{table}"')).scalar_one() >= count, table
        from app.core.integrity import run_check

        with db.read_session() as s:
            report = run_check(s)
        assert report.ok, report.problems
    finally:
        db.dispose()

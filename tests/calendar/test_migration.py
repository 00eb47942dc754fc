"""Migration 0009 creates exactly the calendar tables of the models (checked on its own)."""

from __future__ import annotations

import importlib.util
from pathlib import Path

from alembic.autogenerate import compare_metadata
from alembic.migration import MigrationContext
from alembic.operations import Operations
from sqlalchemy import MetaData, create_engine

import app.storage.models  # noqa: F401
from app.storage.base import Base

TABLES = ("calendar_override", "calendar_year")


def _migration():
    path = Path(__file__).resolve().parents[2] / "app/storage/migrations/versions/0009_calendar.py"
    spec = importlib.util.spec_from_file_location("m0009_calendar", path)
    module = importlib.util.module_from_spec(spec)
    spec.loader.exec_module(module)
    return module


def test_upgrade_matches_models_and_downgrade_removes(tmp_path):
    engine = create_engine(f"sqlite:///{tmp_path / 'm.sqlite3'}")
    module = _migration()
    assert (module.revision, module.down_revision) == ("0009", "0008")
    target = MetaData(naming_convention=Base.metadata.naming_convention)
    for name in TABLES:
        Base.metadata.tables[name].to_metadata(target)
    with engine.begin() as conn:
        ctx = MigrationContext.configure(conn)
        with Operations.context(ctx):
            module.upgrade()
        diff = compare_metadata(MigrationContext.configure(conn, opts={"compare_type": True}), target)
        assert diff == []
        with Operations.context(ctx):
            module.downgrade()
        assert not set(TABLES) & set(conn.dialect.get_table_names(conn))
    engine.dispose()

"""Search on PostgreSQL: migration 0010 (pg_trgm GIN index), LIKE escaping, and the fallback without pg_trgm."""

from __future__ import annotations

import importlib
import logging
import uuid

import pytest
from sqlalchemy import create_engine, make_url, select, text

from app import catalogue
from app.catalogue import fulltext as search_index
from app.storage.models.catalogue import CatalogueEntry

MIGRATION = importlib.import_module("app.storage.migrations.versions.0010_catalogue_pg_search")
# Migration 0020 replaced 0010's index by one over the folded text the search compares.
FOLD_MIGRATION = importlib.import_module("app.storage.migrations.versions.0020_catalogue_pg_fold_index")


def _is_pg(db) -> bool:
    return db.engine.dialect.name == "postgresql"


def test_migration_follows_0009():
    assert (MIGRATION.revision, MIGRATION.down_revision) == ("0010", "0009")


def test_index_exists_only_on_postgresql(db):
    with db.engine.connect() as conn:
        if not _is_pg(db):
            names = [r[0] for r in conn.exec_driver_sql("SELECT name FROM sqlite_master WHERE type = 'index'")]
            assert MIGRATION.INDEX not in names and FOLD_MIGRATION.INDEX not in names
            return
        indexdef = conn.execute(text("SELECT indexdef FROM pg_indexes WHERE indexname = :n"),
                                {"n": FOLD_MIGRATION.INDEX}).scalar_one()
        old = conn.execute(text("SELECT 1 FROM pg_indexes WHERE indexname = :n"), {"n": MIGRATION.INDEX}).first()
    assert "gin" in indexdef and "gin_trgm_ops" in indexdef and "gk_fold((title)::text)" in indexdef
    assert old is None


def test_long_queries_use_the_trigram_index_and_stay_exact(session, db):
    for n in range(40):
        catalogue.create_entry(session, {"title": f"关于第{n}批农村危房改造补助资金的公示",
                                         "doc_number": f"青财发〔2025〕{n}号" if n % 2 else None,
                                         "published_on": f"2025-05-{n % 28 + 1:02d}"})
    catalogue.create_entry(session, {"title": "100%_完成/年度目标", "published_on": "2025-01-01"})
    catalogue.create_entry(session, {"title": "1000X完成Y年度目标", "published_on": "2025-01-02"})
    session.flush()
    # LIKE wildcards and the escape character in a query are plain text.
    assert [r["title"] for r in catalogue.search(session, "0%_完成/年", limit=5)["results"]] == ["100%_完成/年度目标"]
    assert catalogue.search(session, "%_", limit=5)["total"] == 1
    assert catalogue.search(session, "危房改造", limit=0)["total"] == 40
    assert catalogue.search(session, "〔2025〕1", limit=0)["total"] == 6  # 1, 11, 13, 15, 17, 19
    if not _is_pg(db):
        return
    # The condition the search uses can be served by the index (a tiny table: forbid the table scan).
    compiled = select(CatalogueEntry.id).where(search_index.scan_condition("危房改造", "postgresql")).compile(
        session.get_bind())
    conn = session.connection()
    conn.exec_driver_sql("SET LOCAL enable_seqscan = off")
    plan = "\n".join(r[0] for r in conn.exec_driver_sql("EXPLAIN " + str(compiled), compiled.params))
    conn.exec_driver_sql("SET LOCAL enable_seqscan = on")
    assert FOLD_MIGRATION.INDEX in plan, plan


def test_without_pg_trgm_the_migration_logs_and_does_nothing(db, caplog):
    """A role that may not create extensions (no CREATE on the database) still migrates; search scans."""
    if not _is_pg(db):
        pytest.skip("PostgreSQL only")
    from alembic.migration import MigrationContext
    from alembic.operations import Operations

    role, dbname = "r_" + uuid.uuid4().hex[:10], "t_" + uuid.uuid4().hex[:12]
    url = make_url(db.url)
    admin = create_engine(url, isolation_level="AUTOCOMMIT")
    try:
        with admin.connect() as conn:
            conn.exec_driver_sql(f'CREATE ROLE "{role}" LOGIN')
            conn.exec_driver_sql(f'CREATE DATABASE "{dbname}"')
        target = create_engine(url.set(database=dbname), isolation_level="AUTOCOMMIT")
        with target.connect() as conn:
            conn.exec_driver_sql("CREATE TABLE catalogue_entry (id int PRIMARY KEY, title varchar(500), "
                                 "doc_number varchar(100))")
            conn.exec_driver_sql(f'ALTER TABLE catalogue_entry OWNER TO "{role}"')
        target.dispose()
        as_role = create_engine(url.set(username=role, password=None, database=dbname))
        with as_role.begin() as conn, caplog.at_level(logging.WARNING):
            with Operations.context(MigrationContext.configure(conn)):
                MIGRATION.upgrade()
            # The transaction is still usable after the refused CREATE EXTENSION.
            assert conn.exec_driver_sql("SELECT count(*) FROM catalogue_entry").scalar_one() == 0
            assert conn.exec_driver_sql("SELECT count(*) FROM pg_indexes WHERE indexname = %(n)s",
                                        {"n": MIGRATION.INDEX}).scalar_one() == 0
        as_role.dispose()
        assert any("pg_trgm" in r.getMessage() for r in caplog.records)
    finally:
        with admin.connect() as conn:
            conn.exec_driver_sql(f'DROP DATABASE IF EXISTS "{dbname}" WITH (FORCE)')
            conn.exec_driver_sql(f'DROP ROLE IF EXISTS "{role}"')
        admin.dispose()

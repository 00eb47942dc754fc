"""app.storage.indexes: a big load into a small table builds its non-unique indexes afterwards, inside the
unit of work, and the schema comes out exactly as the migrations made it."""

from __future__ import annotations

import pytest
from sqlalchemy import text
from sqlalchemy.exc import IntegrityError

from app.storage import indexes

pytestmark = pytest.mark.sqlite_only

TABLE = "catalogue_entry"


def _schema(db) -> set[tuple]:
    with db.read_session() as s:
        return set(s.execute(text("SELECT type, name, tbl_name, sql FROM sqlite_master")).all())


def _index_names(s, table: str = TABLE) -> set[str]:
    return set(s.execute(text("SELECT name FROM sqlite_master WHERE type = 'index' AND tbl_name = :t"),
                         {"t": table}).scalars())


def _insert(s, n: int, start: int = 1) -> None:
    office = s.execute(text("SELECT id FROM office WHERE is_self")).scalar_one()
    s.execute(text("INSERT INTO catalogue_entry (id, uuid, office_id, index_number, title, disclosure_mode, "
                   "is_normative, revision, created_at, updated_at, deleted) VALUES (:id, :u, :o, :n, :t, "
                   "'proactive', 0, 1, '2026-01-01 00:00:00', '2026-01-01 00:00:00', 0)"),
              [{"id": i, "u": f"u-{i}", "o": office, "n": f"N-{i}", "t": f"标题{i}"} for i in range(start, start + n)])


def test_big_load_into_an_empty_table_defers_only_non_unique_indexes(db):
    before = _schema(db)
    with db.session() as s:
        all_indexes = _index_names(s)
        told = []
        with indexes.deferred(s, [TABLE], incoming=indexes.MIN_ROWS,
                              on_rebuild=lambda: told.append(_index_names(s))) as dropped:
            inside = _index_names(s)
            _insert(s, 50)
            plans = s.execute(text("EXPLAIN QUERY PLAN SELECT id FROM catalogue_entry WHERE uuid = 'u-3'")).all()
        assert dropped and set(dropped) == all_indexes - inside
        assert all(name.startswith("ix_") for name in dropped)
        # The constraints' own indexes stayed, so a lookup by uuid is still an index search.
        assert {n for n in inside if n.startswith("sqlite_autoindex")} == \
            {n for n in all_indexes if n.startswith("sqlite_autoindex")}
        assert any("INDEX sqlite_autoindex" in str(p) for p in plans), plans
        assert told == [inside]  # the clerk is told once, before the builds
        assert _index_names(s) == all_indexes
    assert _schema(db) == before  # the same statements: the schema the migrations made
    with db.read_session() as s:
        assert s.execute(text("PRAGMA integrity_check")).scalar_one() == "ok"
        assert s.execute(text("SELECT count(*) FROM catalogue_entry INDEXED BY ix_catalogue_entry_updated_at "
                              "WHERE updated_at > '2025-01-01'")).scalar_one() == 50


def test_a_duplicate_is_still_refused_while_indexes_are_deferred(db):
    before = _schema(db)
    with pytest.raises(IntegrityError), db.session() as s, \
            indexes.deferred(s, [TABLE], incoming=indexes.MIN_ROWS) as dropped:
        assert dropped
        _insert(s, 5)
        _insert(s, 1, start=3)  # same uuid and 索引号 as row 3
    assert _schema(db) == before
    with db.read_session() as s:
        assert s.execute(text("SELECT count(*) FROM catalogue_entry")).scalar_one() == 0


def test_an_error_inside_rolls_the_rows_back_and_keeps_the_indexes(db):
    before = _schema(db)

    class Stop(Exception):
        pass

    with pytest.raises(Stop), db.session() as s, indexes.deferred(s, [TABLE], incoming=indexes.MIN_ROWS):
        _insert(s, 10)
        raise Stop
    assert _schema(db) == before
    with db.read_session() as s:
        assert s.execute(text("SELECT count(*) FROM catalogue_entry")).scalar_one() == 0


def test_small_loads_and_bigger_tables_keep_their_indexes(db, monkeypatch):
    with db.session() as s:
        all_indexes = _index_names(s)
        told = []
        with indexes.deferred(s, [TABLE], incoming=indexes.MIN_ROWS - 1, on_rebuild=lambda: told.append(1)) as dropped:
            assert dropped == [] and _index_names(s) == all_indexes
        assert told == []  # nothing to build, nothing to say
        monkeypatch.setattr(indexes, "MIN_ROWS", 10)
        _insert(s, 30)
        with indexes.deferred(s, [TABLE], incoming=30) as dropped:  # the table already holds as many
            assert dropped == [] and _index_names(s) == all_indexes
        with indexes.deferred(s, [TABLE], incoming=31) as dropped:
            assert dropped and _index_names(s) == all_indexes - set(dropped)
        assert _index_names(s) == all_indexes


def test_nothing_is_dropped_outside_a_transaction(db):
    """DDL outside a transaction would be final at once: the helper then leaves the indexes alone."""
    with db.session() as s:
        all_indexes = _index_names(s)
        s.connection().connection.dbapi_connection.execute("COMMIT")  # end the unit of work's transaction
        with indexes.deferred(s, [TABLE], incoming=indexes.MIN_ROWS) as dropped:
            assert dropped == [] and _index_names(s) == all_indexes

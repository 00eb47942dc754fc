"""Helpers on a database's schema, for tests of bulk loads that drop and rebuild indexes."""

from __future__ import annotations


def index_schema(db) -> set:
    """Every index of every table, as SQLAlchemy's inspector sees it (compare before and after a load)."""
    from sqlalchemy import inspect

    with db.read_session() as s:
        found = inspect(s.connection())
        return {(t, i["name"], tuple(i["column_names"]), bool(i["unique"]))
                for t in found.get_table_names() for i in found.get_indexes(t)}

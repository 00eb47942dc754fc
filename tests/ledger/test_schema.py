"""The ledger migration creates exactly the ledger models' schema."""

from __future__ import annotations

from alembic.autogenerate import compare_metadata
from alembic.runtime.migration import MigrationContext

import app.storage.models  # noqa: F401
from app.storage.base import Base
from app.storage.migrate import include_object


def test_ledger_tables_match_models(empty_db):
    with empty_db.engine.connect() as conn:
        ctx = MigrationContext.configure(conn, opts={"include_object": include_object, "compare_type": True})
        diff = compare_metadata(ctx, Base.metadata)
    ledger_diff = [d for d in diff if "ledger_" in repr(d)]
    assert ledger_diff == []


def test_a_years_activity_totals_read_one_covering_index(empty_db):
    """The annual report's activity totals visit only the year's index entries, never the rows: at
    county scale the old plan read every activity of the office (~0.9 s on a cold page cache)."""
    import pytest

    from app.ledger.statistics import year_totals_statement

    if not empty_db.is_sqlite:
        pytest.skip("SQLite's query plan")
    stmt = year_totals_statement(2025, [1])
    with empty_db.engine.connect() as conn:
        compiled = stmt.compile(conn, compile_kwargs={"literal_binds": True})
        plan = " ".join(row[-1] for row in conn.exec_driver_sql(f"EXPLAIN QUERY PLAN {compiled}"))
    assert "COVERING INDEX ix_ledger_activity_office_occurred" in plan, plan
    assert "occurred_on>" in plan.replace(" ", ""), plan

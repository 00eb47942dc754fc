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

"""catalogue search on PostgreSQL: the trigram index over the folded text the search compares.

Since migration 0016 the search folds full/half width and punctuation families on both sides
(app/catalogue/fulltext.py `fold`). On PostgreSQL the folding is the SQL function `gk_fold(text)` (an
IMMUTABLE `translate` with the same two strings), and the GIN trigram index of migration 0010 is replaced
by one over `gk_fold(title)` and `gk_fold(coalesce(doc_number, ''))`, the expressions the search's LIKE
compares, so a query of three characters or more is served by the index again.
"""

from __future__ import annotations

import logging

from alembic import op

revision = "0020"
down_revision = "0019"
branch_labels = None
depends_on = None

log = logging.getLogger("app.storage.migrations")

FUNCTION = "gk_fold"
# Not in Base.metadata (it exists only where pg_trgm does): app.storage.migrate ignores "ix_cjk_" names.
INDEX = "ix_cjk_catalogue_entry_fold_trgm"
OLD_INDEX = "ix_cjk_catalogue_entry_trgm"  # migration 0010: over the raw text


def _literal(text: str) -> str:
    """A dollar-quoted SQL string (the fold tables hold quotes, backslashes and percent signs)."""
    tag = "$gkf$"
    if tag in text:
        raise ValueError("the fold table holds the quoting tag")
    return f"{tag}{text}{tag}"


def upgrade() -> None:
    bind = op.get_bind()
    if bind.dialect.name != "postgresql":
        return  # SQLite folds in Python and in its FTS5 index (migration 0016)
    from app.catalogue.fulltext import FOLD_FROM, FOLD_TO

    ddl = (f"CREATE OR REPLACE FUNCTION {FUNCTION}(text) RETURNS text LANGUAGE sql IMMUTABLE PARALLEL SAFE "
           f"AS $gkfold$ SELECT translate($1, {_literal(FOLD_FROM)}, {_literal(FOLD_TO)}) $gkfold$")
    bind.exec_driver_sql(ddl.replace("%", "%%"))  # the driver reads % as a placeholder mark
    if bind.exec_driver_sql("SELECT 1 FROM pg_extension WHERE extname = 'pg_trgm'").first() is None:
        log.warning("pg_trgm extension unavailable; catalogue search on PostgreSQL scans the table")
        return
    bind.exec_driver_sql(f"DROP INDEX IF EXISTS {OLD_INDEX}")
    bind.exec_driver_sql(
        f"CREATE INDEX IF NOT EXISTS {INDEX} ON catalogue_entry USING gin "
        f"({FUNCTION}(title) gin_trgm_ops, {FUNCTION}(coalesce(doc_number, '')) gin_trgm_ops)")


def downgrade() -> None:
    bind = op.get_bind()
    if bind.dialect.name != "postgresql":
        return
    bind.exec_driver_sql(f"DROP INDEX IF EXISTS {INDEX}")
    if bind.exec_driver_sql("SELECT 1 FROM pg_extension WHERE extname = 'pg_trgm'").first() is not None:
        bind.exec_driver_sql(f"CREATE INDEX IF NOT EXISTS {OLD_INDEX} ON catalogue_entry "
                             "USING gin (title gin_trgm_ops, doc_number gin_trgm_ops)")
    bind.exec_driver_sql(f"DROP FUNCTION IF EXISTS {FUNCTION}(text)")

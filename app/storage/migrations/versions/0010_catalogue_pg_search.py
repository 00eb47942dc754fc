"""catalogue search on PostgreSQL: a GIN trigram index (pg_trgm) over titles and 文号 for substring queries."""

from __future__ import annotations

import logging

from alembic import op
from sqlalchemy.exc import DBAPIError

revision = "0010"
down_revision = "0009"
branch_labels = None
depends_on = None

log = logging.getLogger("app.storage.migrations")

# Not in Base.metadata (it exists only where pg_trgm does): app.storage.migrate ignores "ix_cjk_" names.
INDEX = "ix_cjk_catalogue_entry_trgm"


def _has_trgm(bind) -> bool:
    return bind.exec_driver_sql("SELECT 1 FROM pg_extension WHERE extname = 'pg_trgm'").first() is not None


def upgrade() -> None:
    bind = op.get_bind()
    if bind.dialect.name != "postgresql":
        return  # SQLite searches through its FTS5 tables (migration 0004)
    if not _has_trgm(bind):
        try:
            with bind.begin_nested():  # a refused CREATE EXTENSION must not abort the whole upgrade
                bind.exec_driver_sql("CREATE EXTENSION IF NOT EXISTS pg_trgm")
        except DBAPIError as exc:
            log.warning("pg_trgm extension unavailable (%s); catalogue search on PostgreSQL scans the table",
                        str(exc.orig or exc).strip().splitlines()[0])
            return
    # LIKE '%…%' on either column uses this index (BitmapOr); PostgreSQL rechecks every candidate row,
    # so results stay exact. Queries of one or two characters have no trigram and keep scanning.
    bind.exec_driver_sql(
        f"CREATE INDEX IF NOT EXISTS {INDEX} ON catalogue_entry "
        "USING gin (title gin_trgm_ops, doc_number gin_trgm_ops)")


def downgrade() -> None:
    bind = op.get_bind()
    if bind.dialect.name != "postgresql":
        return
    bind.exec_driver_sql(f"DROP INDEX IF EXISTS {INDEX}")  # the extension stays: others may use it

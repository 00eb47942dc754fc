"""catalogue search (SQLite): the two FTS5 tables without their per-row column sizes (``columnsize=0``).

FTS5 keeps a "docsize" table beside each index: the length of every column of every row, read only to
rank matches (bm25). The search never ranks: it orders by the row's key (发布日期, then id;
app/catalogue/fulltext.py). Each entry added or removed still wrote one row of each docsize table, at a
random place of the file: in a township's year imported at the county, a fifth of every page the commit
wrote (bench/run.py). The tables are re-created without it; an index that holds entries is rebuilt from
the catalogue (as migration 0016 did), an empty one stays empty.
"""

from __future__ import annotations

from alembic import op

revision = "0021"
down_revision = "0020"
branch_labels = None
depends_on = None

TABLES = ("fts_cjk_catalogue_vocab", "fts_catalogue", "fts_cjk_catalogue")  # the vocabulary reads the grams


def _create(bind, columnsize: str) -> None:
    bind.exec_driver_sql("CREATE VIRTUAL TABLE fts_catalogue USING fts5("
                         f"title, doc_number, tokenize='trigram case_sensitive 1'{columnsize})")
    bind.exec_driver_sql("CREATE VIRTUAL TABLE fts_cjk_catalogue USING fts5("
                         f"grams, content='', detail=none, tokenize='unicode61'{columnsize})")
    bind.exec_driver_sql("CREATE VIRTUAL TABLE fts_cjk_catalogue_vocab USING fts5vocab(fts_cjk_catalogue, 'row')")


def _holds_entries(bind) -> bool:
    return bind.exec_driver_sql("SELECT 1 FROM ix_cjk_catalogue_key LIMIT 1").first() is not None


def upgrade() -> None:
    bind = op.get_bind()
    if bind.dialect.name != "sqlite":
        return  # PostgreSQL searches with pg_trgm (migrations 0010 and 0020)
    if _holds_entries(bind):
        from sqlalchemy.orm import Session

        from app.catalogue.fulltext import rebuild

        rebuild(Session(bind=bind))  # drops the tables and re-creates them as fulltext.DDL now reads
        return
    for table in TABLES:
        bind.exec_driver_sql(f"DROP TABLE IF EXISTS {table}")
    _create(bind, ", columnsize=0")


def downgrade() -> None:
    bind = op.get_bind()
    if bind.dialect.name != "sqlite":
        return
    # The trigram table keeps the indexed (folded) text: both tables are refilled from it.
    rows = bind.exec_driver_sql("SELECT rowid, title, doc_number FROM fts_catalogue ORDER BY rowid").fetchall()
    for table in TABLES:
        bind.exec_driver_sql(f"DROP TABLE IF EXISTS {table}")
    _create(bind, "")
    if rows:
        from app.catalogue.fulltext import grams_text

        cur = bind.connection.cursor()
        cur.executemany("INSERT INTO fts_catalogue(rowid, title, doc_number) VALUES (?, ?, ?)", rows)
        cur.executemany("INSERT INTO fts_cjk_catalogue(rowid, grams) VALUES (?, ?)",
                        [(k, grams_text(t, d)) for k, t, d in rows])

"""catalogue: entries, revisions, attachments, the standard directory, and the search index tables."""

from __future__ import annotations

import sqlalchemy as sa
from alembic import op

revision = "0004"
down_revision = "0003"
branch_labels = None
depends_on = None


def upgrade() -> None:
    op.create_table(
        "catalogue_domain",
        sa.Column("id", sa.Integer(), nullable=False),
        sa.Column("uuid", sa.String(36), nullable=False),
        sa.Column("name", sa.String(100), nullable=False),
        sa.Column("position", sa.Integer(), nullable=False),
        sa.Column("active", sa.Boolean(), nullable=False),
        sa.Column("updated_at", sa.DateTime(), nullable=False),
        sa.PrimaryKeyConstraint("id", name="pk_catalogue_domain"),
        sa.UniqueConstraint("uuid", name="uq_catalogue_domain_uuid"),
        sa.UniqueConstraint("name", name="uq_catalogue_domain_name"),
    )
    op.create_table(
        "catalogue_directory_item",
        sa.Column("id", sa.Integer(), nullable=False),
        sa.Column("uuid", sa.String(36), nullable=False),
        sa.Column("domain_id", sa.Integer(), nullable=False),
        sa.Column("position", sa.Integer(), nullable=False),
        sa.Column("level1", sa.String(200), nullable=False),
        sa.Column("level2", sa.String(200)),
        sa.Column("content", sa.Text()),
        sa.Column("basis", sa.Text()),
        sa.Column("time_limit", sa.String(200)),
        sa.Column("time_limit_days", sa.Integer()),
        sa.Column("cycle_days", sa.Integer()),
        sa.Column("responsible", sa.String(200)),
        sa.Column("channels", sa.JSON()),
        sa.Column("audience", sa.String(50)),
        sa.Column("method", sa.String(50)),
        sa.Column("levels", sa.String(50)),
        sa.Column("active", sa.Boolean(), nullable=False),
        sa.Column("updated_at", sa.DateTime(), nullable=False),
        sa.ForeignKeyConstraint(["domain_id"], ["catalogue_domain.id"],
                                name="fk_catalogue_directory_item_domain_id_catalogue_domain"),
        sa.PrimaryKeyConstraint("id", name="pk_catalogue_directory_item"),
        sa.UniqueConstraint("uuid", name="uq_catalogue_directory_item_uuid"),
    )
    op.create_index("ix_catalogue_directory_item_domain_id", "catalogue_directory_item", ["domain_id"])
    op.create_table(
        "catalogue_entry",
        sa.Column("id", sa.Integer(), nullable=False),
        sa.Column("uuid", sa.String(36), nullable=False),
        sa.Column("office_id", sa.Integer(), nullable=False),
        sa.Column("index_number", sa.String(80), nullable=False),
        sa.Column("title", sa.String(500), nullable=False),
        sa.Column("summary", sa.Text()),
        sa.Column("publisher", sa.String(200)),
        sa.Column("written_on", sa.Date()),
        sa.Column("published_on", sa.Date()),
        sa.Column("doc_number", sa.String(100)),
        sa.Column("disclosure_mode", sa.String(20), nullable=False),
        sa.Column("scope", sa.String(100)),
        sa.Column("category", sa.String(100)),
        sa.Column("genre", sa.String(100)),
        sa.Column("keywords", sa.String(300)),
        sa.Column("directory_item_id", sa.Integer()),
        sa.Column("is_normative", sa.Boolean(), nullable=False),
        sa.Column("validity", sa.String(20)),
        sa.Column("validity_on", sa.Date()),
        sa.Column("validity_reviewed_on", sa.Date()),
        sa.Column("replaced_by_id", sa.Integer()),
        sa.Column("revision", sa.Integer(), nullable=False),
        sa.Column("created_at", sa.DateTime(), nullable=False),
        sa.Column("updated_at", sa.DateTime(), nullable=False),
        sa.Column("deleted", sa.Boolean(), nullable=False),
        sa.ForeignKeyConstraint(["office_id"], ["office.id"], name="fk_catalogue_entry_office_id_office"),
        sa.ForeignKeyConstraint(["directory_item_id"], ["catalogue_directory_item.id"],
                                name="fk_catalogue_entry_directory_item_id_catalogue_directory_item"),
        sa.ForeignKeyConstraint(["replaced_by_id"], ["catalogue_entry.id"],
                                name="fk_catalogue_entry_replaced_by_id_catalogue_entry"),
        sa.PrimaryKeyConstraint("id", name="pk_catalogue_entry"),
        sa.UniqueConstraint("uuid", name="uq_catalogue_entry_uuid"),
        sa.UniqueConstraint("index_number", name="uq_catalogue_entry_index_number"),
    )
    op.create_index("ix_catalogue_entry_published_on", "catalogue_entry", ["published_on", "id", "deleted"])
    op.create_index("ix_catalogue_entry_office_id", "catalogue_entry", ["office_id"])
    op.create_index("ix_catalogue_entry_directory_item_id", "catalogue_entry", ["directory_item_id", "published_on"])
    op.create_index("ix_catalogue_entry_updated_at", "catalogue_entry", ["updated_at"])
    op.create_table(
        "catalogue_revision",
        sa.Column("id", sa.Integer(), nullable=False),
        sa.Column("entry_id", sa.Integer(), nullable=False),
        sa.Column("revision", sa.Integer(), nullable=False),
        sa.Column("content", sa.JSON(), nullable=False),
        sa.Column("changed_at", sa.DateTime(), nullable=False),
        sa.Column("operator", sa.String(100)),
        sa.Column("action", sa.String(40), nullable=False),
        sa.ForeignKeyConstraint(["entry_id"], ["catalogue_entry.id"],
                                name="fk_catalogue_revision_entry_id_catalogue_entry"),
        sa.PrimaryKeyConstraint("id", name="pk_catalogue_revision"),
        sa.UniqueConstraint("entry_id", "revision", name="uq_catalogue_revision_entry_id"),
    )
    op.create_table(
        "catalogue_attachment",
        sa.Column("id", sa.Integer(), nullable=False),
        sa.Column("uuid", sa.String(36), nullable=False),
        sa.Column("entry_id", sa.Integer(), nullable=False),
        sa.Column("filename", sa.String(300), nullable=False),
        sa.Column("sha256", sa.String(64), nullable=False),
        sa.Column("size", sa.Integer(), nullable=False),
        sa.Column("content", sa.LargeBinary(), nullable=False),
        sa.Column("created_at", sa.DateTime(), nullable=False),
        sa.Column("deleted", sa.Boolean(), nullable=False),
        sa.ForeignKeyConstraint(["entry_id"], ["catalogue_entry.id"],
                                name="fk_catalogue_attachment_entry_id_catalogue_entry"),
        sa.PrimaryKeyConstraint("id", name="pk_catalogue_attachment"),
        sa.UniqueConstraint("uuid", name="uq_catalogue_attachment_uuid"),
    )
    op.create_index("ix_catalogue_attachment_entry_id", "catalogue_attachment", ["entry_id"])

    # The search index (app/catalogue/fulltext.py), SQLite only; not in Base.metadata, and ignored by the
    # schema comparison (fts_ / ix_cjk_ prefixes).
    if op.get_bind().dialect.name == "sqlite":
        op.execute("CREATE VIRTUAL TABLE fts_catalogue USING fts5("
                   "title, doc_number, tokenize='trigram case_sensitive 1')")
        op.execute("CREATE VIRTUAL TABLE fts_cjk_catalogue USING fts5("
                   "grams, content='', detail=none, tokenize='unicode61')")
        op.execute("CREATE TABLE ix_cjk_catalogue_key (entry_id INTEGER PRIMARY KEY, sort_key INTEGER NOT NULL)")
        op.execute("CREATE VIRTUAL TABLE fts_cjk_catalogue_vocab USING fts5vocab(fts_cjk_catalogue, 'row')")


def downgrade() -> None:
    if op.get_bind().dialect.name == "sqlite":
        for table in ("fts_cjk_catalogue_vocab", "fts_catalogue", "fts_cjk_catalogue", "ix_cjk_catalogue_key"):
            op.execute(f"DROP TABLE IF EXISTS {table}")
    op.drop_table("catalogue_attachment")
    op.drop_table("catalogue_revision")
    op.drop_index("ix_catalogue_entry_updated_at", table_name="catalogue_entry")
    op.drop_index("ix_catalogue_entry_directory_item_id", table_name="catalogue_entry")
    op.drop_index("ix_catalogue_entry_office_id", table_name="catalogue_entry")
    op.drop_index("ix_catalogue_entry_published_on", table_name="catalogue_entry")
    op.drop_table("catalogue_entry")
    op.drop_index("ix_catalogue_directory_item_domain_id", table_name="catalogue_directory_item")
    op.drop_table("catalogue_directory_item")
    op.drop_table("catalogue_domain")

"""negative_list: items, their versions and reviews, and the citations by applications."""

from __future__ import annotations

import sqlalchemy as sa
from alembic import op

revision = "0005"
down_revision = "0004"
branch_labels = None
depends_on = None


def upgrade() -> None:
    op.create_table(
        "negative_item",
        sa.Column("id", sa.Integer(), nullable=False),
        sa.Column("uuid", sa.String(36), nullable=False),
        sa.Column("office_id", sa.Integer(), nullable=False),
        sa.Column("name", sa.String(300), nullable=False),
        sa.Column("category", sa.String(40), nullable=False),
        sa.Column("basis_law", sa.String(200), nullable=False),
        sa.Column("basis_article", sa.String(100), nullable=False),
        sa.Column("basis_text", sa.Text(), nullable=False),
        sa.Column("scope", sa.Text(), nullable=True),
        sa.Column("responsible_unit", sa.String(200), nullable=True),
        sa.Column("decided_on", sa.Date(), nullable=True),
        sa.Column("approver", sa.String(100), nullable=True),
        sa.Column("review_cycle_months", sa.Integer(), nullable=False),
        sa.Column("next_review_on", sa.Date(), nullable=True),
        sa.Column("last_reviewed_on", sa.Date(), nullable=True),
        sa.Column("status", sa.String(20), nullable=False),
        sa.Column("keywords", sa.Text(), nullable=True),
        sa.Column("notes", sa.Text(), nullable=True),
        sa.Column("version", sa.Integer(), nullable=False),
        sa.Column("created_at", sa.DateTime(), nullable=False),
        sa.Column("updated_at", sa.DateTime(), nullable=False),
        sa.Column("deleted", sa.Boolean(), nullable=False),
        sa.ForeignKeyConstraint(["office_id"], ["office.id"], name=op.f("fk_negative_item_office_id_office")),
        sa.PrimaryKeyConstraint("id", name=op.f("pk_negative_item")),
        sa.UniqueConstraint("uuid", name=op.f("uq_negative_item_uuid")),
    )
    op.create_index("ix_negative_item_office_status", "negative_item", ["office_id", "status"])
    op.create_index("ix_negative_item_next_review_on", "negative_item", ["next_review_on"])

    op.create_table(
        "negative_item_version",
        sa.Column("id", sa.Integer(), nullable=False),
        sa.Column("item_id", sa.Integer(), nullable=False),
        sa.Column("version", sa.Integer(), nullable=False),
        sa.Column("data", sa.JSON(), nullable=False),
        sa.Column("valid_from", sa.DateTime(), nullable=False),
        sa.Column("replaced_at", sa.DateTime(), nullable=False),
        sa.Column("replaced_by", sa.String(100), nullable=True),
        sa.Column("reason", sa.Text(), nullable=True),
        sa.ForeignKeyConstraint(
            ["item_id"], ["negative_item.id"], name=op.f("fk_negative_item_version_item_id_negative_item")
        ),
        sa.PrimaryKeyConstraint("id", name=op.f("pk_negative_item_version")),
        sa.UniqueConstraint("item_id", "version", name="uq_negative_item_version_item_version"),
    )
    op.create_index(op.f("ix_negative_item_version_item_id"), "negative_item_version", ["item_id"])

    op.create_table(
        "negative_item_review",
        sa.Column("id", sa.Integer(), nullable=False),
        sa.Column("item_id", sa.Integer(), nullable=False),
        sa.Column("reviewed_on", sa.Date(), nullable=False),
        sa.Column("decision", sa.String(20), nullable=False),
        sa.Column("note", sa.Text(), nullable=True),
        sa.Column("reviewer", sa.String(100), nullable=False),
        sa.Column("next_review_on", sa.Date(), nullable=True),
        sa.Column("created_at", sa.DateTime(), nullable=False),
        sa.ForeignKeyConstraint(
            ["item_id"], ["negative_item.id"], name=op.f("fk_negative_item_review_item_id_negative_item")
        ),
        sa.PrimaryKeyConstraint("id", name=op.f("pk_negative_item_review")),
    )
    op.create_index(op.f("ix_negative_item_review_item_id"), "negative_item_review", ["item_id"])

    op.create_table(
        "application_negative_item",
        sa.Column("id", sa.Integer(), nullable=False),
        sa.Column("application_id", sa.Integer(), nullable=False),
        sa.Column("item_id", sa.Integer(), nullable=False),
        sa.Column("cited_at", sa.DateTime(), nullable=False),
        sa.Column("cited_by", sa.String(100), nullable=True),
        sa.ForeignKeyConstraint(
            ["application_id"],
            ["application.id"],
            name=op.f("fk_application_negative_item_application_id_application"),
        ),
        sa.ForeignKeyConstraint(
            ["item_id"], ["negative_item.id"], name=op.f("fk_application_negative_item_item_id_negative_item")
        ),
        sa.PrimaryKeyConstraint("id", name=op.f("pk_application_negative_item")),
        sa.UniqueConstraint(
            "application_id", "item_id", name="uq_application_negative_item_application_item"
        ),
    )
    op.create_index(
        op.f("ix_application_negative_item_application_id"), "application_negative_item", ["application_id"]
    )
    op.create_index(op.f("ix_application_negative_item_item_id"), "application_negative_item", ["item_id"])


def downgrade() -> None:
    op.drop_table("application_negative_item")
    op.drop_table("negative_item_review")
    op.drop_table("negative_item_version")
    op.drop_table("negative_item")

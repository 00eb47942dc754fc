"""letters: issued letters and template overrides."""

from __future__ import annotations

import sqlalchemy as sa
from alembic import op

revision = "0003"
down_revision = "0002"
branch_labels = None
depends_on = None


def upgrade() -> None:
    op.create_table(
        "issued_letter",
        sa.Column("id", sa.Integer(), nullable=False),
        sa.Column("uuid", sa.String(length=36), nullable=False),
        sa.Column("application_id", sa.Integer(), nullable=False),
        sa.Column("kind", sa.String(length=40), nullable=False),
        sa.Column("outcome", sa.String(length=40), nullable=True),
        sa.Column("version", sa.Integer(), nullable=False),
        sa.Column("doc_number", sa.String(length=80), nullable=True),
        sa.Column("title", sa.String(length=300), nullable=False),
        sa.Column("letter_date", sa.Date(), nullable=False),
        sa.Column("pdf", sa.LargeBinary(), nullable=False),
        sa.Column("sha256", sa.String(length=64), nullable=False),
        sa.Column("pages", sa.Integer(), nullable=False),
        sa.Column("fonts", sa.JSON(), nullable=False),
        sa.Column("fields", sa.JSON(), nullable=False),
        sa.Column("cited", sa.JSON(), nullable=False),
        sa.Column("issued_at", sa.DateTime(), nullable=False),
        sa.Column("issued_by", sa.String(length=100), nullable=False),
        sa.Column("supersedes_id", sa.Integer(), nullable=True),
        sa.Column("correction_reason", sa.Text(), nullable=True),
        sa.ForeignKeyConstraint(["application_id"], ["application.id"],
                                name=op.f("fk_issued_letter_application_id_application")),
        sa.ForeignKeyConstraint(["supersedes_id"], ["issued_letter.id"],
                                name=op.f("fk_issued_letter_supersedes_id_issued_letter")),
        sa.PrimaryKeyConstraint("id", name=op.f("pk_issued_letter")),
        sa.UniqueConstraint("application_id", "kind", "version", name="uq_issued_letter_application_kind_version"),
        sa.UniqueConstraint("uuid", name=op.f("uq_issued_letter_uuid")),
    )
    op.create_index(op.f("ix_issued_letter_application_id"), "issued_letter", ["application_id"])
    op.create_index(op.f("ix_issued_letter_doc_number"), "issued_letter", ["doc_number"])
    op.create_table(
        "letter_template_override",
        sa.Column("id", sa.Integer(), nullable=False),
        sa.Column("kind", sa.String(length=40), nullable=False),
        sa.Column("key", sa.String(length=100), nullable=False),
        sa.Column("text", sa.Text(), nullable=False),
        sa.Column("updated_at", sa.DateTime(), nullable=False),
        sa.Column("updated_by", sa.String(length=100), nullable=True),
        sa.PrimaryKeyConstraint("id", name=op.f("pk_letter_template_override")),
        sa.UniqueConstraint("kind", "key", name="uq_letter_template_override_kind_key"),
    )


def downgrade() -> None:
    op.drop_table("letter_template_override")
    op.drop_index(op.f("ix_issued_letter_doc_number"), table_name="issued_letter")
    op.drop_index(op.f("ix_issued_letter_application_id"), table_name="issued_letter")
    op.drop_table("issued_letter")

"""redaction: redaction records, their boxes, and the privacy scan of catalogue attachments."""

from __future__ import annotations

import sqlalchemy as sa
from alembic import op

revision = "0019"
down_revision = "0018"
branch_labels = None
depends_on = None


def upgrade() -> None:
    op.create_table(
        "redaction_record",
        sa.Column("id", sa.Integer(), nullable=False),
        sa.Column("uuid", sa.String(length=36), nullable=False),
        sa.Column("application_id", sa.Integer(), nullable=True),
        sa.Column("catalogue_attachment_id", sa.Integer(), nullable=True),
        sa.Column("filename", sa.String(length=300), nullable=False),
        sa.Column("original", sa.LargeBinary(), nullable=False),
        sa.Column("original_sha256", sa.String(length=64), nullable=False),
        sa.Column("redacted", sa.LargeBinary(), nullable=False),
        sa.Column("redacted_sha256", sa.String(length=64), nullable=False),
        sa.Column("pages", sa.Integer(), nullable=False),
        sa.Column("verification", sa.String(length=40), nullable=False),
        sa.Column("created_at", sa.DateTime(), nullable=False),
        sa.Column("created_by", sa.String(length=100), nullable=False),
        sa.Column("note", sa.Text(), nullable=True),
        sa.ForeignKeyConstraint(["application_id"], ["application.id"],
                                name=op.f("fk_redaction_record_application_id_application")),
        sa.ForeignKeyConstraint(["catalogue_attachment_id"], ["catalogue_attachment.id"],
                                name=op.f("fk_redaction_record_catalogue_attachment_id_catalogue_attachment")),
        sa.PrimaryKeyConstraint("id", name=op.f("pk_redaction_record")),
        sa.UniqueConstraint("uuid", name=op.f("uq_redaction_record_uuid")),
    )
    op.create_index(op.f("ix_redaction_record_application_id"), "redaction_record", ["application_id"])
    op.create_index(op.f("ix_redaction_record_catalogue_attachment_id"), "redaction_record",
                    ["catalogue_attachment_id"])
    op.create_table(
        "redaction_box",
        sa.Column("id", sa.Integer(), nullable=False),
        sa.Column("record_id", sa.Integer(), nullable=False),
        sa.Column("page", sa.Integer(), nullable=False),
        sa.Column("x0", sa.Float(), nullable=False),
        sa.Column("y0", sa.Float(), nullable=False),
        sa.Column("x1", sa.Float(), nullable=False),
        sa.Column("y1", sa.Float(), nullable=False),
        sa.Column("kind", sa.String(length=40), nullable=False),
        sa.Column("row_from", sa.Integer(), nullable=True),
        sa.Column("row_to", sa.Integer(), nullable=True),
        sa.Column("ground", sa.String(length=40), nullable=False),
        sa.Column("item_id", sa.Integer(), nullable=True),
        sa.Column("source", sa.String(length=20), nullable=False),
        sa.ForeignKeyConstraint(["record_id"], ["redaction_record.id"],
                                name=op.f("fk_redaction_box_record_id_redaction_record")),
        sa.ForeignKeyConstraint(["item_id"], ["negative_item.id"], name=op.f("fk_redaction_box_item_id_negative_item")),
        sa.PrimaryKeyConstraint("id", name=op.f("pk_redaction_box")),
    )
    op.create_index(op.f("ix_redaction_box_record_id"), "redaction_box", ["record_id"])
    op.create_table(
        "privacy_scan",
        sa.Column("id", sa.Integer(), nullable=False),
        sa.Column("attachment_id", sa.Integer(), nullable=False),
        sa.Column("sha256", sa.String(length=64), nullable=False),
        sa.Column("scanned_at", sa.DateTime(), nullable=False),
        sa.Column("status", sa.String(length=20), nullable=False),
        sa.Column("findings", sa.JSON(), nullable=False),
        sa.Column("message", sa.Text(), nullable=True),
        sa.Column("resolved_at", sa.DateTime(), nullable=True),
        sa.Column("resolved_by", sa.String(length=100), nullable=True),
        sa.ForeignKeyConstraint(["attachment_id"], ["catalogue_attachment.id"],
                                name=op.f("fk_privacy_scan_attachment_id_catalogue_attachment")),
        sa.PrimaryKeyConstraint("id", name=op.f("pk_privacy_scan")),
        sa.UniqueConstraint("attachment_id", name=op.f("uq_privacy_scan_attachment_id")),
    )
    op.create_index(op.f("ix_privacy_scan_status"), "privacy_scan", ["status"])


def downgrade() -> None:
    op.drop_index(op.f("ix_privacy_scan_status"), table_name="privacy_scan")
    op.drop_table("privacy_scan")
    op.drop_index(op.f("ix_redaction_box_record_id"), table_name="redaction_box")
    op.drop_table("redaction_box")
    op.drop_index(op.f("ix_redaction_record_catalogue_attachment_id"), table_name="redaction_record")
    op.drop_index(op.f("ix_redaction_record_application_id"), table_name="redaction_record")
    op.drop_table("redaction_record")

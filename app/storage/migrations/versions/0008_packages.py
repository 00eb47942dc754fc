"""packages: own key, trusted keys, outgoing queue, incoming packages, stream positions, conflicts."""

from __future__ import annotations

import sqlalchemy as sa
from alembic import op

revision = "0008"
down_revision = "0007"
branch_labels = None
depends_on = None


def upgrade() -> None:
    op.create_table(
        "package_key",
        sa.Column("id", sa.Integer(), primary_key=True),
        sa.Column("key_id", sa.String(32), nullable=False),
        sa.Column("public_pem", sa.Text(), nullable=False),
        sa.Column("fingerprint", sa.String(100), nullable=False),
        sa.Column("file_name", sa.String(200), nullable=False),
        sa.Column("protection", sa.String(20), nullable=False),
        sa.Column("active", sa.Boolean(), nullable=False),
        sa.Column("created_at", sa.DateTime(), nullable=False),
        sa.PrimaryKeyConstraint("id", name="pk_package_key"),
        sa.UniqueConstraint("key_id", name="uq_package_key_key_id"),
    )
    op.create_table(
        "trusted_key",
        sa.Column("id", sa.Integer(), primary_key=True),
        sa.Column("org_code", sa.String(40), nullable=False),
        sa.Column("org_name", sa.String(200)),
        sa.Column("key_id", sa.String(32), nullable=False),
        sa.Column("public_pem", sa.Text(), nullable=False),
        sa.Column("fingerprint", sa.String(100), nullable=False),
        sa.Column("added_by", sa.String(100)),
        sa.Column("added_at", sa.DateTime(), nullable=False),
        sa.PrimaryKeyConstraint("id", name="pk_trusted_key"),
        sa.UniqueConstraint("org_code", name="uq_trusted_key_org_code"),
    )
    op.create_table(
        "outgoing_package",
        sa.Column("id", sa.Integer(), primary_key=True),
        sa.Column("package_id", sa.String(36), nullable=False),
        sa.Column("recipient", sa.String(40), nullable=False),
        sa.Column("sequence", sa.Integer(), nullable=False),
        sa.Column("kind", sa.String(20), nullable=False),
        sa.Column("transport", sa.String(10), nullable=False),
        sa.Column("content", sa.LargeBinary()),
        sa.Column("path", sa.String(500)),
        sa.Column("sha256", sa.String(64), nullable=False),
        sa.Column("size", sa.Integer(), nullable=False),
        sa.Column("records", sa.Integer(), nullable=False),
        sa.Column("data_since", sa.DateTime()),
        sa.Column("data_until", sa.DateTime(), nullable=False),
        sa.Column("state", sa.String(20), nullable=False),
        sa.Column("attempts", sa.Integer(), nullable=False),
        sa.Column("next_attempt_at", sa.DateTime()),
        sa.Column("last_error", sa.Text()),
        sa.Column("receipt", sa.JSON()),
        sa.Column("created_at", sa.DateTime(), nullable=False),
        sa.Column("acknowledged_at", sa.DateTime()),
        sa.PrimaryKeyConstraint("id", name="pk_outgoing_package"),
        sa.UniqueConstraint("package_id", name="uq_outgoing_package_package_id"),
        sa.UniqueConstraint("recipient", "sequence", name="uq_outgoing_package_recipient"),
    )
    op.create_table(
        "incoming_package",
        sa.Column("id", sa.Integer(), primary_key=True),
        sa.Column("package_id", sa.String(36)),
        sa.Column("sender", sa.String(40)),
        sa.Column("sender_name", sa.String(200)),
        sa.Column("sequence", sa.Integer()),
        sa.Column("kind", sa.String(20)),
        sa.Column("state", sa.String(20), nullable=False),
        sa.Column("sha256", sa.String(64), nullable=False),
        sa.Column("file_name", sa.String(300)),
        sa.Column("content", sa.LargeBinary()),
        sa.Column("package_created_at", sa.String(40)),
        sa.Column("received_at", sa.DateTime(), nullable=False),
        sa.Column("applied_at", sa.DateTime()),
        sa.Column("summary", sa.JSON()),
        sa.Column("error", sa.Text()),
        sa.PrimaryKeyConstraint("id", name="pk_incoming_package"),
        sa.UniqueConstraint("package_id", name="uq_incoming_package_package_id"),
    )
    op.create_table(
        "stream_position",
        sa.Column("id", sa.Integer(), primary_key=True),
        sa.Column("direction", sa.String(3), nullable=False),
        sa.Column("peer", sa.String(40), nullable=False),
        sa.Column("last_sequence", sa.Integer(), nullable=False),
        sa.Column("acknowledged_package", sa.String(36)),
        sa.Column("acknowledged_until", sa.DateTime()),
        sa.Column("applied_at", sa.DateTime()),
        sa.Column("sender_created_at", sa.DateTime()),
        sa.PrimaryKeyConstraint("id", name="pk_stream_position"),
        sa.UniqueConstraint("direction", "peer", name="uq_stream_position_direction"),
    )
    op.create_table(
        "package_conflict",
        sa.Column("id", sa.Integer(), primary_key=True),
        sa.Column("entity", sa.String(40), nullable=False),
        sa.Column("record_id", sa.String(36), nullable=False),
        sa.Column("package_id", sa.String(36), nullable=False),
        sa.Column("sender", sa.String(40), nullable=False),
        sa.Column("local_version", sa.JSON()),
        sa.Column("incoming_version", sa.JSON(), nullable=False),
        sa.Column("state", sa.String(20), nullable=False),
        sa.Column("detected_at", sa.DateTime(), nullable=False),
        sa.Column("settled_at", sa.DateTime()),
        sa.Column("settled_by", sa.String(100)),
        sa.PrimaryKeyConstraint("id", name="pk_package_conflict"),
    )


def downgrade() -> None:
    for table in ("package_conflict", "stream_position", "incoming_package", "outgoing_package", "trusted_key",
                  "package_key"):
        op.drop_table(table)

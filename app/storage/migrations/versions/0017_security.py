"""security: the offices a trusted sender may speak for, and the audit trail's anchors (issue 18)."""

from __future__ import annotations

import sqlalchemy as sa
from alembic import op

revision = "0017"
down_revision = "0016"
branch_labels = None
depends_on = None


def upgrade() -> None:
    op.create_table(
        "trusted_key_office",
        sa.Column("id", sa.Integer(), primary_key=True),
        sa.Column("sender", sa.String(40), nullable=False),
        sa.Column("office_code", sa.String(40), nullable=False),
        sa.Column("office_name", sa.String(200)),
        sa.Column("added_by", sa.String(100)),
        sa.Column("added_at", sa.DateTime(), nullable=False),
        sa.PrimaryKeyConstraint("id", name="pk_trusted_key_office"),
        sa.UniqueConstraint("sender", "office_code", name="uq_trusted_key_office_sender"),
    )
    op.create_table(
        "audit_anchor",
        sa.Column("id", sa.Integer(), primary_key=True),
        sa.Column("seq", sa.Integer(), nullable=False),
        sa.Column("hash", sa.String(64), nullable=False),
        sa.Column("kind", sa.String(20), nullable=False),
        sa.Column("ref", sa.String(200)),
        sa.Column("made_at", sa.DateTime(), nullable=False),
        sa.PrimaryKeyConstraint("id", name="pk_audit_anchor"),
    )


def downgrade() -> None:
    op.drop_table("audit_anchor")
    op.drop_table("trusted_key_office")

"""calendar: the local working-day override table and the years with complete official data."""

from __future__ import annotations

import sqlalchemy as sa
from alembic import op

revision = "0009"
down_revision = "0008"
branch_labels = None
depends_on = None


def upgrade() -> None:
    op.create_table(
        "calendar_override",
        sa.Column("date", sa.Date(), nullable=False),
        sa.Column("uuid", sa.String(36), nullable=False),
        sa.Column("is_workday", sa.Boolean(), nullable=False),
        sa.Column("note", sa.String(200)),
        sa.Column("source", sa.String(20), nullable=False),
        sa.Column("deleted", sa.Boolean(), nullable=False),
        sa.Column("updated_at", sa.DateTime(), nullable=False),
        sa.PrimaryKeyConstraint("date", name="pk_calendar_override"),
        sa.UniqueConstraint("uuid", name="uq_calendar_override_uuid"),
    )
    op.create_table(
        "calendar_year",
        sa.Column("year", sa.Integer(), autoincrement=False, nullable=False),
        sa.Column("uuid", sa.String(36), nullable=False),
        sa.Column("official", sa.Boolean(), nullable=False),
        sa.Column("note", sa.String(200)),
        sa.Column("source", sa.String(20), nullable=False),
        sa.Column("updated_at", sa.DateTime(), nullable=False),
        sa.PrimaryKeyConstraint("year", name="pk_calendar_year"),
        sa.UniqueConstraint("uuid", name="uq_calendar_year_uuid"),
    )


def downgrade() -> None:
    op.drop_table("calendar_year")
    op.drop_table("calendar_override")

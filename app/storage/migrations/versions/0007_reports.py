"""reports: annual reports and year locks."""

from __future__ import annotations

import sqlalchemy as sa
from alembic import op

revision = "0007"
down_revision = "0006"
branch_labels = None
depends_on = None


def upgrade() -> None:
    op.create_table(
        "annual_report",
        sa.Column("id", sa.Integer(), primary_key=True),
        sa.Column("uuid", sa.String(36), nullable=False),
        sa.Column("office_id", sa.Integer(), nullable=False),
        sa.Column("year", sa.Integer(), nullable=False),
        sa.Column("status", sa.String(10), nullable=False),
        sa.Column("summary", sa.Boolean(), nullable=False),
        sa.Column("overview", sa.Text(), nullable=False),
        sa.Column("problems", sa.Text(), nullable=False),
        sa.Column("other_matters", sa.Text(), nullable=False),
        sa.Column("issued_at", sa.DateTime()),
        sa.Column("issued_by", sa.String(100)),
        sa.Column("snapshot", sa.JSON()),
        sa.Column("created_at", sa.DateTime(), nullable=False),
        sa.Column("updated_at", sa.DateTime(), nullable=False),
        sa.PrimaryKeyConstraint("id", name="pk_annual_report"),
        sa.ForeignKeyConstraint(["office_id"], ["office.id"], name="fk_annual_report_office_id_office"),
        sa.UniqueConstraint("uuid", name="uq_annual_report_uuid"),
        sa.UniqueConstraint("office_id", "year", name="uq_annual_report_office_id_year"),
    )
    op.create_index("ix_annual_report_office_id", "annual_report", ["office_id"])
    op.create_table(
        "report_lock",
        sa.Column("id", sa.Integer(), primary_key=True),
        sa.Column("office_id", sa.Integer(), nullable=False),
        sa.Column("year", sa.Integer(), nullable=False),
        sa.Column("locked", sa.Boolean(), nullable=False),
        sa.Column("changed_at", sa.DateTime(), nullable=False),
        sa.Column("changed_by", sa.String(100), nullable=False),
        sa.Column("reason", sa.Text()),
        sa.PrimaryKeyConstraint("id", name="pk_report_lock"),
        sa.ForeignKeyConstraint(["office_id"], ["office.id"], name="fk_report_lock_office_id_office"),
        sa.UniqueConstraint("office_id", "year", name="uq_report_lock_office_id_year"),
    )
    op.create_index("ix_report_lock_office_id", "report_lock", ["office_id"])


def downgrade() -> None:
    op.drop_index("ix_report_lock_office_id", table_name="report_lock")
    op.drop_table("report_lock")
    op.drop_index("ix_annual_report_office_id", table_name="annual_report")
    op.drop_table("annual_report")

"""ledger: tables of the ledger area (tasks, attachments, activities, website columns, figures, cases)."""

from __future__ import annotations

import sqlalchemy as sa
from alembic import op

revision = "0006"
down_revision = "0005"
branch_labels = None
depends_on = None


def _stamps(with_created: bool = True) -> list[sa.Column]:
    cols = [sa.Column("deleted", sa.Boolean(), nullable=False)]
    if with_created:
        cols.append(sa.Column("created_at", sa.DateTime(), nullable=False))
    cols.append(sa.Column("updated_at", sa.DateTime(), nullable=False))
    return cols


def upgrade() -> None:
    op.create_table(
        "ledger_task",
        sa.Column("id", sa.Integer(), nullable=False),
        sa.Column("uuid", sa.String(36), nullable=False),
        sa.Column("office_id", sa.Integer(), nullable=False),
        sa.Column("year", sa.Integer(), nullable=False),
        sa.Column("source_document", sa.String(300), nullable=False),
        sa.Column("requirement", sa.Text(), nullable=False),
        sa.Column("responsible_unit", sa.String(200), nullable=True),
        sa.Column("responsible_person", sa.String(100), nullable=True),
        sa.Column("cadence", sa.String(20), nullable=False),
        sa.Column("due_on", sa.Date(), nullable=True),
        sa.Column("due_day", sa.Integer(), nullable=True),
        sa.Column("series_uuid", sa.String(36), nullable=True),
        sa.Column("status", sa.String(20), nullable=False),
        sa.Column("completed_on", sa.Date(), nullable=True),
        sa.Column("completion_note", sa.Text(), nullable=True),
        *_stamps(),
        sa.ForeignKeyConstraint(["office_id"], ["office.id"], name="fk_ledger_task_office_id_office"),
        sa.PrimaryKeyConstraint("id", name="pk_ledger_task"),
        sa.UniqueConstraint("uuid", name="uq_ledger_task_uuid"),
    )
    op.create_index("ix_ledger_task_series_uuid", "ledger_task", ["series_uuid"])
    op.create_index("ix_ledger_task_office_status_due", "ledger_task", ["office_id", "status", "due_on"])

    op.create_table(
        "ledger_activity",
        sa.Column("id", sa.Integer(), nullable=False),
        sa.Column("uuid", sa.String(36), nullable=False),
        sa.Column("office_id", sa.Integer(), nullable=False),
        sa.Column("kind", sa.String(30), nullable=False),
        sa.Column("occurred_on", sa.Date(), nullable=True),
        sa.Column("title", sa.String(500), nullable=False),
        sa.Column("channel", sa.String(20), nullable=True),
        sa.Column("quantity", sa.Integer(), nullable=False),
        sa.Column("participants", sa.Integer(), nullable=True),
        sa.Column("document_uuid", sa.String(36), nullable=True),
        sa.Column("document_title", sa.String(500), nullable=True),
        sa.Column("document_published_on", sa.Date(), nullable=True),
        sa.Column("due_on", sa.Date(), nullable=True),
        sa.Column("due_provisional", sa.Boolean(), nullable=False),
        sa.Column("notes", sa.Text(), nullable=True),
        *_stamps(),
        sa.ForeignKeyConstraint(["office_id"], ["office.id"], name="fk_ledger_activity_office_id_office"),
        sa.PrimaryKeyConstraint("id", name="pk_ledger_activity"),
        sa.UniqueConstraint("uuid", name="uq_ledger_activity_uuid"),
    )
    op.create_index(
        "ix_ledger_activity_office_kind_on", "ledger_activity", ["office_id", "kind", "occurred_on"]
    )
    op.create_index("ix_ledger_activity_kind_due", "ledger_activity", ["kind", "due_on"])

    op.create_table(
        "ledger_attachment",
        sa.Column("id", sa.Integer(), nullable=False),
        sa.Column("task_id", sa.Integer(), nullable=True),
        sa.Column("activity_id", sa.Integer(), nullable=True),
        sa.Column("filename", sa.String(255), nullable=False),
        sa.Column("sha256", sa.String(64), nullable=False),
        sa.Column("size", sa.Integer(), nullable=False),
        sa.Column("content", sa.LargeBinary(), nullable=False),
        sa.Column("created_at", sa.DateTime(), nullable=False),
        sa.ForeignKeyConstraint(["task_id"], ["ledger_task.id"], name="fk_ledger_attachment_task_id_ledger_task"),
        sa.ForeignKeyConstraint(
            ["activity_id"], ["ledger_activity.id"], name="fk_ledger_attachment_activity_id_ledger_activity"
        ),
        sa.PrimaryKeyConstraint("id", name="pk_ledger_attachment"),
    )
    op.create_index("ix_ledger_attachment_task_id", "ledger_attachment", ["task_id"])
    op.create_index("ix_ledger_attachment_activity_id", "ledger_attachment", ["activity_id"])
    op.create_index("ix_ledger_attachment_sha256", "ledger_attachment", ["sha256"])

    op.create_table(
        "ledger_column",
        sa.Column("id", sa.Integer(), nullable=False),
        sa.Column("uuid", sa.String(36), nullable=False),
        sa.Column("office_id", sa.Integer(), nullable=False),
        sa.Column("name", sa.String(200), nullable=False),
        sa.Column("url", sa.String(500), nullable=True),
        sa.Column("cadence", sa.String(20), nullable=False),
        sa.Column("last_updated_on", sa.Date(), nullable=True),
        sa.Column("responsible_unit", sa.String(200), nullable=True),
        sa.Column("notes", sa.Text(), nullable=True),
        *_stamps(),
        sa.ForeignKeyConstraint(["office_id"], ["office.id"], name="fk_ledger_column_office_id_office"),
        sa.PrimaryKeyConstraint("id", name="pk_ledger_column"),
        sa.UniqueConstraint("uuid", name="uq_ledger_column_uuid"),
    )
    op.create_index("ix_ledger_column_office_id", "ledger_column", ["office_id"])

    op.create_table(
        "ledger_figure",
        sa.Column("id", sa.Integer(), nullable=False),
        sa.Column("uuid", sa.String(36), nullable=False),
        sa.Column("office_id", sa.Integer(), nullable=False),
        sa.Column("year", sa.Integer(), nullable=False),
        sa.Column("key", sa.String(40), nullable=False),
        sa.Column("value", sa.Numeric(16, 4), nullable=False),
        sa.Column("note", sa.Text(), nullable=True),
        *_stamps(with_created=False),
        sa.ForeignKeyConstraint(["office_id"], ["office.id"], name="fk_ledger_figure_office_id_office"),
        sa.PrimaryKeyConstraint("id", name="pk_ledger_figure"),
        sa.UniqueConstraint("uuid", name="uq_ledger_figure_uuid"),
        sa.UniqueConstraint("office_id", "year", "key", name="uq_ledger_figure_office_year_key"),
    )

    op.create_table(
        "ledger_case",
        sa.Column("id", sa.Integer(), nullable=False),
        sa.Column("uuid", sa.String(36), nullable=False),
        sa.Column("office_id", sa.Integer(), nullable=False),
        sa.Column("kind", sa.String(20), nullable=False),
        sa.Column("route", sa.String(20), nullable=True),
        sa.Column("case_number", sa.String(100), nullable=True),
        sa.Column("party", sa.String(200), nullable=True),
        sa.Column("application_serial", sa.String(50), nullable=True),
        sa.Column("subject", sa.Text(), nullable=True),
        sa.Column("filed_on", sa.Date(), nullable=False),
        sa.Column("concluded_on", sa.Date(), nullable=True),
        sa.Column("result", sa.String(20), nullable=True),
        sa.Column("notes", sa.Text(), nullable=True),
        *_stamps(),
        sa.ForeignKeyConstraint(["office_id"], ["office.id"], name="fk_ledger_case_office_id_office"),
        sa.PrimaryKeyConstraint("id", name="pk_ledger_case"),
        sa.UniqueConstraint("uuid", name="uq_ledger_case_uuid"),
    )
    op.create_index("ix_ledger_case_office_filed", "ledger_case", ["office_id", "filed_on"])


def downgrade() -> None:
    for table in ("ledger_case", "ledger_figure", "ledger_column", "ledger_attachment", "ledger_activity", "ledger_task"):
        op.drop_table(table)

"""packages: the platform inbox — packages fetched from it, the online applications registered from them, and
the platform's template releases kept as versions, and the packages a county passes on to its townships.

docs/spec/packages.md section 5: `inbox_package` remembers each fetched package and when it was
acknowledged; `online_application` ties a platform number (unique: an application is never registered
twice) to the application registered here, its submission time and the receipt date fixed from it.
"""

from __future__ import annotations

import sqlalchemy as sa
from alembic import op

revision = "0018"
down_revision = "0017"
branch_labels = None
depends_on = None


def upgrade() -> None:
    op.create_table(
        "inbox_package",
        sa.Column("id", sa.Integer(), nullable=False),
        sa.Column("package_id", sa.String(length=36), nullable=False),
        sa.Column("sha256", sa.String(length=64), nullable=False),
        sa.Column("fetched_at", sa.DateTime(), nullable=False),
        sa.Column("state", sa.String(length=20), nullable=False),
        sa.Column("error", sa.Text(), nullable=True),
        sa.Column("acknowledged_at", sa.DateTime(), nullable=True),
        sa.PrimaryKeyConstraint("id", name=op.f("pk_inbox_package")),
        sa.UniqueConstraint("package_id", name=op.f("uq_inbox_package_package_id")),
    )
    op.create_table(
        "online_application",
        sa.Column("id", sa.Integer(), nullable=False),
        sa.Column("platform_ref", sa.String(length=100), nullable=False),
        sa.Column("application_id", sa.Integer(), nullable=False),
        sa.Column("package_id", sa.String(length=36), nullable=False),
        sa.Column("submitted_at", sa.DateTime(), nullable=False),
        sa.Column("submitted_text", sa.String(length=40), nullable=False),
        sa.Column("received_on", sa.Date(), nullable=False),
        sa.Column("serial", sa.String(length=60), nullable=False),
        sa.Column("registered_at", sa.DateTime(), nullable=False),
        sa.Column("acknowledged_at", sa.DateTime(), nullable=True),
        sa.ForeignKeyConstraint(["application_id"], ["application.id"],
                                name=op.f("fk_online_application_application_id_application")),
        sa.PrimaryKeyConstraint("id", name=op.f("pk_online_application")),
        sa.UniqueConstraint("platform_ref", name=op.f("uq_online_application_platform_ref")),
    )
    op.create_index(op.f("ix_online_application_application_id"), "online_application", ["application_id"],
                    unique=False)
    op.create_table(
        "template_release",
        sa.Column("id", sa.Integer(), nullable=False),
        sa.Column("kind", sa.String(length=40), nullable=False),
        sa.Column("key", sa.String(length=100), nullable=False),
        sa.Column("text", sa.Text(), nullable=True),
        sa.Column("package_id", sa.String(length=36), nullable=False),
        sa.Column("released_at", sa.String(length=40), nullable=False),
        sa.Column("received_at", sa.DateTime(), nullable=False),
        sa.Column("state", sa.String(length=20), nullable=False),
        sa.Column("settled_by", sa.String(length=100), nullable=True),
        sa.Column("settled_at", sa.DateTime(), nullable=True),
        sa.PrimaryKeyConstraint("id", name=op.f("pk_template_release")),
    )
    op.create_table(
        "relay_package",
        sa.Column("id", sa.Integer(), nullable=False),
        sa.Column("package_id", sa.String(length=36), nullable=False),
        sa.Column("recipient", sa.String(length=40), nullable=False),
        sa.Column("sequence", sa.Integer(), nullable=False),
        sa.Column("content", sa.LargeBinary(), nullable=False),
        sa.Column("sha256", sa.String(length=64), nullable=False),
        sa.Column("summary", sa.Text(), nullable=False),
        sa.Column("fetched_at", sa.DateTime(), nullable=False),
        sa.Column("handed_over_at", sa.DateTime(), nullable=True),
        sa.Column("acknowledged_at", sa.DateTime(), nullable=True),
        sa.PrimaryKeyConstraint("id", name=op.f("pk_relay_package")),
        sa.UniqueConstraint("package_id", name=op.f("uq_relay_package_package_id")),
    )
    op.create_index(op.f("ix_relay_package_recipient"), "relay_package", ["recipient"], unique=False)


def downgrade() -> None:
    op.drop_index(op.f("ix_relay_package_recipient"), table_name="relay_package")
    op.drop_table("relay_package")
    op.drop_table("template_release")
    op.drop_index(op.f("ix_online_application_application_id"), table_name="online_application")
    op.drop_table("online_application")
    op.drop_table("inbox_package")

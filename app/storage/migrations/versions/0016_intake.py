"""register: the type of the applicant's identity document (证件类型), beside the application; catalogue:
the search index rebuilt with folded text.

The document type is a table of its own rather than a column of `application`: rows already audited keep
the snapshot they were audited with, and only applications whose document type was given get a row.
The catalogue's search index (SQLite) now holds titles and 文号 folded (full/half width, punctuation
families; app/catalogue/fulltext.py `fold`), so an index built before (holding entries) is rebuilt.
"""

from __future__ import annotations

import sqlalchemy as sa
from alembic import op

revision = "0016"
down_revision = "0015"
branch_labels = None
depends_on = None


def upgrade() -> None:
    op.create_table(
        "applicant_document",
        sa.Column("id", sa.Integer(), nullable=False),
        sa.Column("application_id", sa.Integer(), nullable=False),
        sa.Column("id_type", sa.String(length=30), nullable=False),
        sa.ForeignKeyConstraint(["application_id"], ["application.id"],
                                name=op.f("fk_applicant_document_application_id_application")),
        sa.PrimaryKeyConstraint("id", name=op.f("pk_applicant_document")),
        sa.UniqueConstraint("application_id", name=op.f("uq_applicant_document_application_id")),
    )
    bind = op.get_bind()
    # only an index that holds entries is rebuilt (a database whose entries were never indexed stays so)
    if bind.dialect.name == "sqlite" and bind.exec_driver_sql("SELECT 1 FROM ix_cjk_catalogue_key LIMIT 1").first():
        from sqlalchemy.orm import Session

        from app.catalogue.fulltext import rebuild

        rebuild(Session(bind=bind))


def downgrade() -> None:
    op.drop_table("applicant_document")

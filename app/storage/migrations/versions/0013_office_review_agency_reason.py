"""office: the reason an office names a 行政复议机关 other than the one its place gives.

The review body is derived from the office's level and parent government (docs/spec/letters.md section 2);
an office that names another body records why, in the audited office row.
"""

from __future__ import annotations

import sqlalchemy as sa
from alembic import op

revision = "0013"
down_revision = "0012"
branch_labels = None
depends_on = None


def upgrade() -> None:
    with op.batch_alter_table("office") as batch:
        batch.add_column(sa.Column("review_agency_reason", sa.String(500)))


def downgrade() -> None:
    with op.batch_alter_table("office") as batch:
        batch.drop_column("review_agency_reason")

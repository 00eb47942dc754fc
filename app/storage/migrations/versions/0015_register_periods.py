"""register: the periods the office itself gives (docs/spec/working-days.md section 4.5).

The 补正 notice's period (working days) and the day the applicant received the notice; the day the
applicant received the fee notice. Closing as 逾期不补正 or 逾期未缴费 is refused before these periods end.
"""

from __future__ import annotations

import sqlalchemy as sa
from alembic import op

revision = "0015"
down_revision = "0014"
branch_labels = None
depends_on = None


def upgrade() -> None:
    with op.batch_alter_table("correction") as batch:
        batch.add_column(sa.Column("period_days", sa.Integer(), nullable=True))
        batch.add_column(sa.Column("delivered_on", sa.Date(), nullable=True))
    with op.batch_alter_table("fee_notice") as batch:
        batch.add_column(sa.Column("delivered_on", sa.Date(), nullable=True))


def downgrade() -> None:
    with op.batch_alter_table("fee_notice") as batch:
        batch.drop_column("delivered_on")
    with op.batch_alter_table("correction") as batch:
        batch.drop_column("delivered_on")
        batch.drop_column("period_days")

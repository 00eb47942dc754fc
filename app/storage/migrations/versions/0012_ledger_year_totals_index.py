"""ledger: an index that holds everything the annual report's activity totals read.

The totals of a year (section 二 of the annual report and the 考核 counts: kind, channel, quantity and
participants of the office's activities that took place in the year) were read through the
(office, kind, occurred_on) index, which cannot narrow by date without a kind: every activity of the
office was visited and its row fetched from the table. At county scale (200,000 ledger records) that
took ~0.9 s on a cold page cache, most of the annual report's first computation after a restart. The
new index is ordered by office and date and covers every column the query reads.
"""

from __future__ import annotations

from alembic import op

revision = "0012"
down_revision = "0011"
branch_labels = None
depends_on = None

YEAR_TOTALS = ("ix_ledger_activity_office_occurred",
               ["office_id", "occurred_on", "deleted", "kind", "channel", "quantity", "participants"])


def upgrade() -> None:
    name, columns = YEAR_TOTALS
    op.create_index(name, "ledger_activity", columns)


def downgrade() -> None:
    op.drop_index(YEAR_TOTALS[0], table_name="ledger_activity")

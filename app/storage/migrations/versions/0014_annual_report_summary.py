"""reports: a county's summary report and its own office's report are two reports of the same year.

The county office publishes its own report (its own applications) and the county summary (every office
held); both are kept, each with its own text and, once issued, its own snapshot. The unique key of
``annual_report`` becomes (office_id, year, summary). A report loaded from the workbook the office
published before it used this program has the status ``published`` (docs/spec/annual-report.md section 7).
"""

from __future__ import annotations

from alembic import op

revision = "0014"
down_revision = "0013"
branch_labels = None
depends_on = None


def upgrade() -> None:
    with op.batch_alter_table("annual_report") as batch:
        batch.drop_constraint("uq_annual_report_office_id_year", type_="unique")
        batch.create_unique_constraint("uq_annual_report_office_id_year_summary", ["office_id", "year", "summary"])


def downgrade() -> None:
    with op.batch_alter_table("annual_report") as batch:
        batch.drop_constraint("uq_annual_report_office_id_year_summary", type_="unique")
        batch.create_unique_constraint("uq_annual_report_office_id_year", ["office_id", "year"])

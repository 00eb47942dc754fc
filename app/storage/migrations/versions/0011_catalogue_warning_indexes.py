"""catalogue warnings: indexes for the 工作台's catalogue counts at county scale.

The late-publication check (条例 art. 26) and the validity-review check scanned the whole catalogue table
(~2.5 s each at 1,000,000 entries, so the 工作台 took ~6 s to show its counts). Both now read narrow
indexes that hold every column they filter on.
"""

from __future__ import annotations

from alembic import op

revision = "0011"
down_revision = "0010"
branch_labels = None
depends_on = None

PUBLICATION = ("ix_catalogue_entry_publication_check",
               ["disclosure_mode", "deleted", "written_on", "published_on"])
REVIEW = ("ix_catalogue_entry_validity_review",
          ["is_normative", "validity", "deleted", "validity_reviewed_on", "written_on", "published_on"])


def upgrade() -> None:
    for name, columns in (PUBLICATION, REVIEW):
        op.create_index(name, "catalogue_entry", columns)


def downgrade() -> None:
    for name, _columns in (REVIEW, PUBLICATION):
        op.drop_index(name, table_name="catalogue_entry")

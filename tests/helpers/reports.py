"""Shared helpers of the reports tests: the sample records and a scratch application table."""

from __future__ import annotations

import datetime as dt
import json
from pathlib import Path

import sqlalchemy as sa

SAMPLES = Path(__file__).resolve().parents[3] / "shared" / "samples"


def sample_records() -> list[dict]:
    with open(SAMPLES / "register-sample.jsonl", encoding="utf-8") as fh:
        return [json.loads(line) for line in fh if line.strip()]


def expected_numbers() -> dict:
    return json.loads((SAMPLES / "register-sample-annual-expected.json").read_text(encoding="utf-8"))


def scratch_application_table(metadata: sa.MetaData) -> sa.Table:
    """A stand-in for the register's table with the columns of docs/area-interfaces.md."""
    return sa.Table(
        "application",
        metadata,
        sa.Column("id", sa.Integer, primary_key=True),
        sa.Column("office_id", sa.Integer),
        sa.Column("serial", sa.String(40)),
        sa.Column("received_on", sa.Date),
        sa.Column("replied_on", sa.Date),
        sa.Column("reply_due", sa.Date),
        sa.Column("applicant_kind", sa.String(30)),
        sa.Column("applicant_name", sa.String(200)),
        sa.Column("content", sa.Text),
        sa.Column("outcome", sa.String(40)),
        sa.Column("updated_at", sa.DateTime),
    )


def record_to_row(record: dict, office_id: int = 1) -> dict:
    def day(value):
        return dt.date.fromisoformat(value) if value else None

    return {
        "office_id": office_id,
        "serial": record.get("serial"),
        "received_on": day(record["received_on"]),
        "replied_on": day(record.get("replied_on")),
        "reply_due": None,
        "applicant_kind": record["applicant"].get("kind"),
        "applicant_name": record["applicant"].get("name"),
        "content": record.get("content"),
        "outcome": record.get("outcome"),
        "updated_at": dt.datetime(2020, 1, 1),
    }


def load_sample_into(db, office_id: int | None = None, records: list[dict] | None = None) -> None:
    """Put the sample into the database through the register's import."""
    from app.register import import_records

    records = records if records is not None else sample_records()
    with db.session() as s:
        import_records(s, records, office_id=office_id)

"""Fixtures of the letters tests: sample applications imported through the register service."""

from __future__ import annotations

import json

import pytest


@pytest.fixture
def sample_records(samples_dir) -> list[dict]:
    with open(samples_dir / "register-sample.jsonl", encoding="utf-8") as fh:
        return [json.loads(line) for line in fh]


@pytest.fixture
def imported(db, sample_records):
    """The database with the first 60 sample applications; returns {serial: application id}."""
    from sqlalchemy import select

    from app.register import import_records
    from app.storage.models.register import Application

    with db.session() as s:
        import_records(s, sample_records[:60])
    with db.read_session() as s:
        return dict(s.execute(select(Application.serial, Application.id)).all())

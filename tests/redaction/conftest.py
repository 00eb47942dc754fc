"""Fixtures of the redaction tests: a 部分公开 application from the sample register, the 公示 page."""

from __future__ import annotations

import json

import pytest


@pytest.fixture
def partial_application(db, samples_dir) -> int:
    """The id of an application decided 部分公开 (the first 60 sample applications imported)."""
    from sqlalchemy import select

    from app.register import import_records
    from app.storage.models.register import Application

    with open(samples_dir / "register-sample.jsonl", encoding="utf-8") as fh:
        records = [json.loads(line) for line in fh][:60]
    with db.session() as s:
        import_records(s, records)
    with db.read_session() as s:
        return s.execute(select(Application.id).where(Application.outcome == "partial").limit(1)).scalar_one()


@pytest.fixture(scope="session")
def gongshi_pdf() -> bytes:
    from tests.helpers.redaction import gongshi_lines, text_pdf

    return text_pdf([["（第1页）关于低保工作的说明", "本页无个人信息。"], gongshi_lines()])


@pytest.fixture(scope="session")
def gongshi_findings(gongshi_pdf):
    from app.redaction.scan import scan

    return scan(gongshi_pdf, "低保公示.pdf").findings

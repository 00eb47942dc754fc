"""Ledger demo data: deterministic per seed, believable, and consistent with the services' rules."""

from __future__ import annotations

import datetime as dt

from app import ledger
from app.storage.db import Database
from app.workbench.demo import build_demo

TODAY = dt.date(2026, 3, 10)


def _demo(path, seed=7):
    db = Database.open(path)
    build_demo(db, seed=seed, sizes={"requests": 20, "catalogue": 20, "ledger": 800}, today=TODAY)
    return db


def _snapshot(db):
    with db.read_session() as s:
        records = [{k: v for k, v in r.items() if k != "updated_at"} for r in ledger.export_records(s)]
        return records, ledger.annual_counts(s, 2025)


def test_demo_is_deterministic_and_counts_make_sense(tmp_path):
    a = _demo(tmp_path / "a.sqlite3")
    b = _demo(tmp_path / "b.sqlite3")
    try:
        (ra, ca), (rb, cb) = _snapshot(a), _snapshot(b)
        assert ra == rb and ca == cb
        assert 790 <= len(ra) <= 810
        assert ca["activities"]["publications"]["total"] > 0 and ca["missing_figures"] == []
        with a.read_session() as s:
            tasks = ledger.list_tasks(s, today=TODAY)
            assert any(t.cadence == "monthly" for t in tasks)
            # Every interpretation's cached due day is the 3-working-day rule of the service.
            for act in ledger.list_activities(s, today=TODAY, kind="interpretation"):
                assert (act.due_on, act.due_provisional) == ledger.interpretation_due(
                    act.document_published_on, _calendar(s))
    finally:
        a.dispose()
        b.dispose()


def _calendar(session):
    from app.calendar import load_calendar

    return load_calendar(session)

"""The register's demo closes cases as abandoned only after the periods it gave have ended."""

from __future__ import annotations

import datetime as dt
import random

from app import register
from app.register.demo import build_records
from app.storage.models.core import Office


def test_demo_records_break_no_period_rule(session):
    own = session.query(Office).filter_by(is_self=True).one()
    records = build_records(random.Random(7), dt.date(2026, 11, 27), 200, own.org_code, [])
    outcomes = {r["outcome"] for r in records}
    assert {"closed_no_correction", "closed_fee_unpaid"} <= outcomes
    register.import_records(session, records, today=dt.date(2026, 11, 27))
    rules = {f.rule for f in register.lint_records(session)}
    assert not rules & {"closed_before_correction_period", "correction_period_unrecorded",
                        "closed_before_payment_period", "payment_delivery_unrecorded",
                        "closed_no_correction_without_notice", "closed_fee_unpaid_without_notice"}, rules

"""The demo leaves a trusted township key and its imported package in the history."""

from __future__ import annotations

import datetime as dt


def test_demo_packages(empty_db):
    from app import packages
    from app.workbench.demo import build_demo

    build_demo(empty_db, seed=3, sizes={"requests": 40, "catalogue": 30, "ledger": 20}, today=dt.date(2026, 3, 2))
    with empty_db.read_session() as s:
        [key] = packages.list_trusted(s)
        [inc] = packages.list_incoming(s)
        assert inc.sender == key.org_code and inc.state == "applied"
        assert inc.summary["counts"]["applications"]["created"] > 0

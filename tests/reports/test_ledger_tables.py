"""Tables 二 and 四 come from the ledger's annual_counts (figures and 复议/诉讼 cases)."""

from __future__ import annotations

import pytest

from app import ledger, reports


def test_figures_and_cases_reach_tables_two_and_four(db):
    with db.session() as s:
        ledger.set_figures(s, 2025, {"regulations.issued": 2, "normative_documents.in_force": 31,
                                     "licensing": 1520, "fees_wan_yuan": "12.3456"})
        ledger.add_case(s, {"kind": "review", "filed_on": "2025-03-02", "concluded_on": "2025-05-06",
                            "result": "upheld"})
        ledger.add_case(s, {"kind": "litigation", "route": "after_review", "filed_on": "2025-07-01"})
    with db.read_session() as s:
        data = reports.compute_annual(s, 2025).to_json()
    assert data["proactive"]["regulations.issued"] == 2
    assert data["proactive"]["normative_documents.in_force"] == 31
    assert data["proactive"]["licensing"] == 1520
    assert data["proactive"]["fees_wan_yuan"] == pytest.approx(12.3456)
    cases = data["review_litigation"]
    assert cases["review.upheld"] == 1 and cases["review.total"] == 1
    assert cases["litigation_after_review.pending"] == 1 and cases["litigation_after_review.total"] == 1
    assert sum(cases.values()) == 4

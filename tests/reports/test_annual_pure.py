"""Table 三 over section-2 records (pure path) against the published expected numbers."""

from __future__ import annotations

import copy

import pytest

from app.reports import labels as L
from app.reports.annual import compute_applications_table, table_checks
from tests.helpers.reports import expected_numbers, sample_records


@pytest.mark.parametrize("year", [2025, 2026])
def test_sample_gives_expected_numbers(year):
    table = compute_applications_table(sample_records(), year, None)
    expected = expected_numbers()[str(year)]
    got = table.to_json()
    assert got["columns"] == list(L.COLUMNS)
    assert list(got["rows"]) == list(expected)  # every row, in the table's order
    for key, values in expected.items():
        assert got["rows"][key] == values, key
    assert all(ok for ok, _ in table_checks(table).values())


def test_carried_out_of_one_year_is_carried_in_of_the_next():
    records = sample_records()
    t2025 = compute_applications_table(records, 2025, None)
    t2026 = compute_applications_table(records, 2026, None)
    assert t2025.rows["carried_out"] == t2026.rows["carried_in"]


def test_mapping_is_data_the_office_can_change():
    records = sample_records()
    default = compute_applications_table(records, 2025, None)
    moved = compute_applications_table(records, 2025, {"already_public": "result.unavailable.not_held"})
    n_already = sum(
        1 for r in records if r["outcome"] == "already_public" and (r["replied_on"] or "").startswith("2025")
    )
    assert n_already > 0
    assert moved.cell("result.granted", "total") == default.cell("result.granted", "total") - n_already
    assert moved.cell("result.unavailable.not_held", "total") == (
        default.cell("result.unavailable.not_held", "total") + n_already
    )
    assert moved.rows["result.total"] == default.rows["result.total"]


def test_unknown_outcome_breaks_result_total_and_balance_checks():
    records = copy.deepcopy(sample_records())
    victim = next(r for r in records if r["outcome"] and (r["replied_on"] or "").startswith("2025"))
    victim["outcome"] = "something_else"
    checks = table_checks(compute_applications_table(records, 2025, None))
    assert checks["result_total"][0] is False
    assert checks["balance"][0] is True  # （七）总计 still counts it
    assert checks["column_total"][0] is True


def test_unknown_applicant_kind_breaks_column_total():
    records = copy.deepcopy(sample_records())
    victim = next(r for r in records if r["received_on"].startswith("2025"))
    victim["applicant"]["kind"] = None
    ok, detail = table_checks(compute_applications_table(records, 2025, None))["column_total"]
    assert not ok and "本年新收" in detail


def test_counting_rules_at_year_edges():
    base = {"applicant": {"kind": "research"}, "outcome": "granted"}
    records = [
        {**base, "received_on": "2024-12-31", "replied_on": "2025-01-01"},  # carried in, replied in 2025
        {**base, "received_on": "2024-12-30", "replied_on": "2024-12-31"},  # 2024 only
        {**base, "received_on": "2025-12-31", "replied_on": None, "outcome": None},  # carried out
        {**base, "received_on": "2025-06-01", "replied_on": "2026-01-01"},  # carried out
    ]
    t = compute_applications_table(records, 2025, None)
    assert t.cell("new", "research") == 2
    assert t.cell("carried_in", "research") == 1
    assert t.cell("result.granted", "research") == 1
    assert t.cell("carried_out", "research") == 2
    assert t.cell("new", "natural_person") == 0

"""Information-processing fee (国办函〔2020〕109号; docs/spec/legal-sources.md section 2 worked examples)."""

from datetime import date
from decimal import Decimal

import pytest

from app.domain.fees import PER_PAGE, PER_REQUEST, per_page_fee, per_request_fee, quote, request_rate, requests_in_month
from app.errors import ValidationError


def test_35_requests_in_a_month_cost_3000():
    # requests 11–30: 20 × 100 = 2000; 31–35: 5 × 200 = 1000
    q = per_request_fee(0, 35)
    assert q.amount == Decimal(3000)
    assert "第11至30件：20件×100元=2000元" in q.lines
    assert "第31至35件：5件×200元=1000元" in q.lines


def test_cumulative_month_count():
    # The 11th request of the month costs 100; the 45th costs 300 (41–50 band).
    assert per_request_fee(10, 1).amount == 100
    assert per_request_fee(44, 1).amount == 300
    assert per_request_fee(0, 10).amount == 0
    assert [request_rate(n) for n in (10, 11, 30, 31, 40, 41, 51)] == [0, 100, 100, 200, 200, 300, 400]
    # Splitting a month into two notices gives the same total as one.
    assert per_request_fee(0, 20).amount + per_request_fee(20, 25).amount == per_request_fee(0, 45).amount


def test_150_pages_cost_1700():
    q = per_page_fee(150)
    assert q.amount == Decimal(1700)
    assert per_page_fee(30).amount == 0
    assert per_page_fee(250).amount == 70 * 10 + 100 * 20 + 50 * 40


def test_never_both_standards():
    with pytest.raises(ValidationError, match="不得同时按件和按量"):
        quote(PER_REQUEST, requests=1, pages=40)
    with pytest.raises(ValidationError, match="不得同时按件和按量"):
        quote(PER_PAGE, pages=40, earlier_this_month=3)
    assert quote(PER_PAGE, pages=40).amount == 100
    assert quote(PER_REQUEST, earlier_this_month=12).amount == 100


def test_bad_input():
    with pytest.raises(ValidationError):
        per_page_fee(0)
    with pytest.raises(ValidationError):
        quote("both")


def test_requests_in_month():
    dates = [date(2026, 3, 1), date(2026, 3, 31), date(2026, 4, 1), date(2025, 3, 5)]
    assert requests_in_month(dates, date(2026, 3, 15)) == 2

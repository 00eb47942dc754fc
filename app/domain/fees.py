"""The information-processing fee (信息处理费) of 国办函〔2020〕109号: 按件 or 按量, never both.

Legal basis: 条例 art. 42 (fees only where requests clearly exceed a reasonable number or frequency);
国办函〔2020〕109号 art. 3 (per request or per amount, excess-progressive, one standard per request,
never both). Rates: docs/spec/legal-sources.md section 2.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from datetime import date
from decimal import Decimal

from app.errors import ValidationError

PER_REQUEST = "per_request"  # 按件计收
PER_PAGE = "per_page"  # 按量计收
METHOD_LABELS = {PER_REQUEST: "按件计收", PER_PAGE: "按量计收"}

# 按件: the same applicant's requests in one natural month. 1–10 free, 11–30 at 100 元; from 31 on,
# bands of 10 requests, each band 100 元/件 more than the one before (31–40: 200, 41–50: 300, …).
_FREE_REQUESTS = 10
_FIRST_BAND_END = 30
# 按量: pages of one request. (upper bound inclusive or None, 元/页)
_PAGE_BANDS: tuple[tuple[int | None, int], ...] = ((30, 0), (100, 10), (200, 20), (None, 40))


@dataclass
class FeeQuote:
    """The amount with its computation, in the words of the fee notice."""

    method: str
    amount: Decimal
    lines: list[str] = field(default_factory=list)  # e.g. "第11至30件：20件×100元=2000元"

    @property
    def method_label(self) -> str:
        return METHOD_LABELS[self.method]


def request_rate(ordinal: int) -> int:
    """元 charged for the ``ordinal``-th request of an applicant in a natural month (按件)."""
    if ordinal <= _FREE_REQUESTS:
        return 0
    if ordinal <= _FIRST_BAND_END:
        return 100
    return 100 + 100 * ((ordinal - _FIRST_BAND_END - 1) // 10 + 1)


def _band_of(ordinal: int) -> tuple[int, int]:
    if ordinal <= _FREE_REQUESTS:
        return 1, _FREE_REQUESTS
    if ordinal <= _FIRST_BAND_END:
        return _FREE_REQUESTS + 1, _FIRST_BAND_END
    low = _FIRST_BAND_END + 1 + ((ordinal - _FIRST_BAND_END - 1) // 10) * 10
    return low, low + 9


def per_request_fee(earlier_this_month: int, requests: int = 1) -> FeeQuote:
    """按件: the fee for ``requests`` new requests when the applicant already made ``earlier_this_month``."""
    if earlier_this_month < 0 or requests < 1:
        raise ValidationError("件数应为正整数，本月已申请件数不能为负数。")
    first, last = earlier_this_month + 1, earlier_this_month + requests
    total = 0
    lines: list[str] = []
    n = first
    while n <= last:
        low, high = _band_of(n)
        upto = min(high, last)
        count = upto - n + 1
        rate = request_rate(n)
        amount = count * rate
        total += amount
        label = f"第{n}件" if n == upto else f"第{n}至{upto}件"
        lines.append(f"{label}：免费" if rate == 0 else f"{label}：{count}件×{rate}元={amount}元")
        n = upto + 1
    lines.append(f"合计{total}元（本自然月内第{first}至{last}件，按件计收）。")
    return FeeQuote(PER_REQUEST, Decimal(total), lines)


def per_page_fee(pages: int) -> FeeQuote:
    """按量: the fee for one request of ``pages`` pages."""
    if pages < 1:
        raise ValidationError("页数应为正整数。")
    total = 0
    lines: list[str] = []
    low = 1
    for upper, rate in _PAGE_BANDS:
        if low > pages:
            break
        high = pages if upper is None else min(upper, pages)
        count = high - low + 1
        amount = count * rate
        total += amount
        label = f"第{low}页" if low == high else f"第{low}至{high}页"
        lines.append(f"{label}：免费" if rate == 0 else f"{label}：{count}页×{rate}元={amount}元")
        low = high + 1
    lines.append(f"合计{total}元（共{pages}页，按量计收）。")
    return FeeQuote(PER_PAGE, Decimal(total), lines)


def quote(method: str, *, earlier_this_month: int | None = None, requests: int | None = None,
          pages: int | None = None) -> FeeQuote:
    """One request's fee by exactly one standard (国办函〔2020〕109号 art. 3: never both)."""
    if method == PER_REQUEST:
        if pages is not None:
            raise ValidationError("同一申请不得同时按件和按量计收信息处理费（国办函〔2020〕109号第三条）。")
        return per_request_fee(earlier_this_month or 0, requests or 1)
    if method == PER_PAGE:
        if earlier_this_month is not None or requests is not None:
            raise ValidationError("同一申请不得同时按件和按量计收信息处理费（国办函〔2020〕109号第三条）。")
        if pages is None:
            raise ValidationError("按量计收须填写页数。")
        return per_page_fee(pages)
    raise ValidationError(f"未知的计收方式“{method}”，应为按件计收或按量计收。")


def requests_in_month(received_dates: list[date], month_of: date) -> int:
    """How many of an applicant's receipt dates fall in the natural month of ``month_of``."""
    return sum(1 for d in received_dates if (d.year, d.month) == (month_of.year, month_of.month))

"""Dates as the clerk writes them (2026-03-09, 2026.3.9, 2026/3/9, 2026年3月9日, 20260309) and as printed."""

from __future__ import annotations

import datetime as dt
import re

from app.errors import ValidationError

_DATE_PATTERNS = (
    re.compile(r"^(\d{4})-(\d{1,2})-(\d{1,2})$"),
    re.compile(r"^(\d{4})[./](\d{1,2})[./](\d{1,2})$"),
    re.compile(r"^(\d{4})年(\d{1,2})月(\d{1,2})日$"),
    re.compile(r"^(\d{4})(\d{2})(\d{2})$"),
)


def parse_date(value, label: str, *, required: bool = False) -> dt.date | None:
    """A date from a date, a datetime or a common written form; ValidationError naming `label` otherwise.
    Empty values give None, or an error when `required`."""
    if value is None or (isinstance(value, str) and not value.strip()):
        if required:
            raise ValidationError(f"请填写{label}。")
        return None
    if isinstance(value, dt.datetime):
        return value.date()
    if isinstance(value, dt.date):
        return value
    text = str(value).strip()
    for pattern in _DATE_PATTERNS:
        m = pattern.match(text)
        if m:
            try:
                return dt.date(int(m.group(1)), int(m.group(2)), int(m.group(3)))
            except ValueError:
                break
    raise ValidationError(f"{label}“{text}”不是有效日期，请写成 2026-03-09 的形式。")


def chinese_date(day: dt.date) -> str:
    """2026年3月9日: the form of GB/T 9704 7.3.5.4 (no leading zeros)."""
    return f"{day.year}年{day.month}月{day.day}日"

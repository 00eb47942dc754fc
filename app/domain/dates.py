"""Dates as the clerk writes them (2026-03-09, 2026.3.9, 2026/3/9, 2026年3月9日, 20260309) and as printed.

`parse_date` is the one reader of a date given by a person or a file: forms, dialogs, the command line,
Excel cells (after the Excel reader has turned serial numbers into dates), JSON interchange files and
resource files. Machine timestamps that are ISO by contract (`updated_at`, package manifests) are read
with `datetime.fromisoformat` where they are used."""

from __future__ import annotations

import datetime as dt
import re
import unicodedata
from collections.abc import Callable
from typing import Literal, overload

from app.errors import ValidationError

MIN_YEAR, MAX_YEAR = 1900, 2100  # a year outside is a typing slip (0202, 20266) or a placeholder (9999)

_DATE_PATTERNS = (
    # 2026-3-9, 2026/03/09, 2026.3.9, 2026年3月9日 (or 号), optionally followed by a time of day
    re.compile(r"(\d{4})\s*[-/.年]\s*(\d{1,2})\s*[-/.月]\s*(\d{1,2})\s*[日号]?(?:\s*\d{1,2}:\d{2}(?::\d{2}(?:\.\d+)?)?)?"),
    re.compile(r"(\d{4})(\d{2})(\d{2})"),  # 20260309
)
_FORMS = "2026-03-09、2026/3/9、2026.3.9、2026年3月9日或20260309"


class InvalidDate(ValidationError):
    """A date that cannot be read. `reason` is the part after the quoted text (for callers that name the
    place themselves, e.g. "第5行，字段“received_on”：“2026-02-30”不是有效日期：2026年2月没有30日")."""

    def __init__(self, label: str, text: str, reason: str) -> None:
        super().__init__(f"{label}“{text}”{reason}。")
        self.label, self.text, self.reason = label, text, reason


def _checked(year: int, month: int, day: int, label: str, text: str) -> dt.date:
    if not MIN_YEAR <= year <= MAX_YEAR:
        raise InvalidDate(label, text, f"不是有效日期：年份{year}不在{MIN_YEAR}—{MAX_YEAR}年之间")
    if not 1 <= month <= 12:
        raise InvalidDate(label, text, f"不是有效日期：没有{month}月")
    try:
        return dt.date(year, month, day)
    except ValueError:
        raise InvalidDate(label, text, f"不是有效日期：{year}年{month}月没有{day}日") from None


def iso_date(value: object, _fromiso: Callable[[str], dt.date] = dt.date.fromisoformat) -> dt.date | None:
    """parse_date's fast path: the day of an ASCII YYYY-MM-DD string that parse_date accepts, else None
    (anything else, valid or not, is for parse_date). For bulk readers of interchange files."""
    if type(value) is str and len(value) == 10 and value[4] == "-" and value[7] == "-" and value.isascii():
        try:
            day = _fromiso(value)
        except ValueError:
            return None
        if MIN_YEAR <= day.year <= MAX_YEAR:
            return day
    return None


@overload
def parse_date(value: object, label: str, *, required: Literal[True]) -> dt.date: ...
@overload
def parse_date(value: object, label: str, *, required: bool = False) -> dt.date | None: ...
def parse_date(value: object, label: str, *, required: bool = False) -> dt.date | None:
    """A date from a date, a datetime or a written form (full-width digits too); InvalidDate (a
    ValidationError) naming `label` otherwise. Empty values give None, or "请填写{label}。" when `required`.
    Numbers are refused: an Excel serial is converted by the Excel reader, which knows the cell."""
    day = iso_date(value)  # the common form of files, at a fraction of the general path's cost
    if day is not None:
        return day
    if value is None or (isinstance(value, str) and not value.strip()):
        if required:
            raise ValidationError(f"请填写{label}。")
        return None
    if isinstance(value, dt.datetime):
        return _checked(value.year, value.month, value.day, label, value.isoformat(sep=" "))
    if isinstance(value, dt.date):
        return _checked(value.year, value.month, value.day, label, value.isoformat())
    if not isinstance(value, str):
        raise InvalidDate(label, str(value), f"不是有效日期，请写成{_FORMS}的形式")
    text = unicodedata.normalize("NFKC", value).strip()
    for pattern in _DATE_PATTERNS:
        m = pattern.fullmatch(text)
        if m:
            return _checked(int(m.group(1)), int(m.group(2)), int(m.group(3)), label, value.strip())
    raise InvalidDate(label, value.strip(), f"不是有效日期，请写成{_FORMS}的形式")


def chinese_date(day: dt.date) -> str:
    """2026年3月9日: the form of GB/T 9704 7.3.5.4 (no leading zeros)."""
    return f"{day.year}年{day.month}月{day.day}日"

"""The one reader of dates given by a person or a file (app.domain.dates.parse_date)."""

from __future__ import annotations

import datetime as dt

import pytest

from app.domain.dates import InvalidDate, iso_date, parse_date
from app.errors import ValidationError

DAY = dt.date(2026, 3, 9)
FULL_WIDTH = str.maketrans("0123456789", "０１２３４５６７８９")


@pytest.mark.parametrize("value", [
    "2026-03-09", "2026-3-9", " 2026-03-09 ", "2026/3/9", "2026/03/09", "2026.3.9", "2026.03.09",
    "2026年3月9日", "2026年03月09日", "2026年3月9号", " 2026 年 3 月 9 日 ", "20260309",
    "2026-03-09 00:00:00", "2026-03-09 10:30", "2026年3月9日 10:30",
    "２０２６年３月９日", "2026-03-09".translate(FULL_WIDTH), "２０２６－０３－０９", "２０２６／３／９",
    DAY, dt.datetime(2026, 3, 9, 17, 45),
])
def test_every_accepted_form_gives_the_day(value):
    assert parse_date(value, "收到申请日期") == DAY


@pytest.mark.parametrize("value", [None, "", "   ", "\u3000"])
def test_empty_is_none_or_the_required_message(value):
    assert parse_date(value, "答复日期") is None
    with pytest.raises(ValidationError) as err:
        parse_date(value, "答复日期", required=True)
    assert str(err.value) == "请填写答复日期。"


@pytest.mark.parametrize(("value", "reason"), [
    ("2026-02-30", "不是有效日期：2026年2月没有30日"),
    ("2026年2月29日", "不是有效日期：2026年2月没有29日"),
    ("2026-13-01", "不是有效日期：没有13月"),
    ("2026-00-10", "不是有效日期：没有0月"),
    ("0001-01-01", "不是有效日期：年份1不在1900—2100年之间"),
    ("9999-12-31", "不是有效日期：年份9999不在1900—2100年之间"),
    ("1899-12-30", "不是有效日期：年份1899不在1900—2100年之间"),
    ("2026", "不是有效日期，请写成2026-03-09、2026/3/9、2026.3.9、2026年3月9日或20260309的形式"),
    ("3月9日", "不是有效日期，请写成2026-03-09、2026/3/9、2026.3.9、2026年3月9日或20260309的形式"),
    ("2026年3月", "不是有效日期，请写成2026-03-09、2026/3/9、2026.3.9、2026年3月9日或20260309的形式"),
    ("昨天", "不是有效日期，请写成2026-03-09、2026/3/9、2026.3.9、2026年3月9日或20260309的形式"),
    ("2026-03-09x", "不是有效日期，请写成2026-03-09、2026/3/9、2026.3.9、2026年3月9日或20260309的形式"),
    ("2026-03-09T10:00:00", "不是有效日期，请写成2026-03-09、2026/3/9、2026.3.9、2026年3月9日或20260309的形式"),
    ("2026-W10-1", "不是有效日期，请写成2026-03-09、2026/3/9、2026.3.9、2026年3月9日或20260309的形式"),
])
def test_refusals_name_the_field_the_text_and_the_reason(value, reason):
    with pytest.raises(InvalidDate) as err:
        parse_date(value, "收到申请日期", required=True)
    assert err.value.reason == reason
    assert str(err.value) == f"收到申请日期“{value.strip()}”{reason}。"
    assert isinstance(err.value, ValidationError)


@pytest.mark.parametrize("value", [20260309, 46090, 46090.5, True, [2026, 3, 9], {"y": 2026}])
def test_numbers_and_other_objects_are_refused(value):
    """An Excel serial is converted by the Excel reader (app.excel.values), never here."""
    with pytest.raises(InvalidDate, match="^日期“.*”不是有效日期"):
        parse_date(value, "日期")


def test_date_objects_outside_the_years_are_refused():
    with pytest.raises(InvalidDate, match="年份1不在1900—2100年之间"):
        parse_date(dt.date(1, 1, 1), "日期")


def test_fast_path_and_general_path_agree():
    for text in ("2026-03-09", "2026-02-30", "1850-01-01", "2101-01-01", "2026-3-09", "2026-00-01"):
        try:
            fast = parse_date(text, "日期")
        except InvalidDate as err:
            fast = err.reason
        try:
            slow = parse_date(f" {text}", "日期")  # not the fast path's shape
        except InvalidDate as err:
            slow = err.reason
        assert fast == slow, text


@pytest.mark.parametrize("value", ["2026-03-09", "2026-02-30", "1850-01-01", "2026/03/09", " 2026-03-09", "２０２６-03-09",
                                   "2026-3-9", None, DAY, 20260309])
def test_the_fast_path_gives_the_parsers_day_or_leaves_the_value_to_it(value):
    day = iso_date(value)
    if day is not None:
        assert day == parse_date(value, "日期")
    else:
        assert not (isinstance(value, str) and value.isascii() and len(value) == 10 and value[4] == value[7] == "-"
                    and value[:4] != "1850" and value != "2026-02-30")

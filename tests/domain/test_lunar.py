"""The astronomical lunar calendar against the official data recorded in chinesecalendar."""

from datetime import date

import pytest
from chinese_calendar.constants import holidays

from app.domain import lunar


@pytest.mark.parametrize("year", range(2008, 2027))
def test_festivals_fall_in_the_official_holidays(year):
    # Each festival day is inside the official holiday named for it (weekends excepted: 2012 端午 was a Saturday).
    expected = {
        lunar.spring_festival(year): {"Spring Festival"},
        lunar.qingming(year): {"Tomb-sweeping Day"},
        lunar.lunar_to_solar(year, 5, 5): {"Dragon Boat Festival"},
        lunar.lunar_to_solar(year, 8, 15): {"Mid-autumn Festival", "National Day"},
    }
    for day, names in expected.items():
        if day.weekday() < 5:
            assert holidays.get(day) in names, (year, day)


@pytest.mark.parametrize(
    ("year", "spring", "leap_month"),
    [
        # Published almanac dates (春节) and leap months (闰月).
        (2025, date(2025, 1, 29), 6),
        (2026, date(2026, 2, 17), None),
        (2027, date(2027, 2, 6), None),
        (2028, date(2028, 1, 26), 5),
        (2031, date(2031, 1, 23), 3),
        (2033, date(2033, 1, 31), None),
        (2034, date(2034, 2, 19), None),  # after the 闰十一月 of 2033
    ],
)
def test_spring_festival_and_leap_months(year, spring, leap_month):
    assert lunar.spring_festival(year) == spring
    leaps = [n for n, leap, _ in lunar.lunar_month_starts(year) if leap]
    assert leaps == ([leap_month] if leap_month else [])


def test_mid_autumn_2025_and_qingming_2027():
    assert lunar.lunar_to_solar(2025, 8, 15) == date(2025, 10, 6)
    assert lunar.qingming(2027) == date(2027, 4, 5)

"""Chinese lunisolar calendar dates of the statutory festivals, computed astronomically.

Used only for years without official holiday data (chinesecalendar covers 2004–2026): the lunar
festivals of 《全国年节及纪念日放假办法》 (春节 with 除夕, 清明, 端午, 中秋) are found from new moons and solar
terms in Beijing time (UTC+8), following the rules of GB/T 33661—2017 《农历的编算和颁行》: a month starts
on the day of the new moon; the month containing the winter solstice is month 11; in a year with 13
months between two such months, the first month without a principal solar term (中气) is the leap month.

Algorithms: J. Meeus, *Astronomical Algorithms* (2nd ed.), ch. 25 (Sun, low accuracy, ~0.01°) and
ch. 49 (new moons, with the planetary corrections). The solar-term instants may be off by ~15 minutes,
so a term falling within minutes of midnight may land on the neighbouring day; such results are always
marked provisional by the working-day calendar and can be overridden by the clerk.
"""

from __future__ import annotations

import math
from datetime import date, timedelta
from functools import lru_cache

_J2000 = 2451545.0
_BEIJING = 8.0 / 24.0  # UTC+8, in days
_TROPICAL_YEAR = 365.242189
_SYNODIC_MONTH = 29.530588861


def _sin(deg: float) -> float:
    return math.sin(math.radians(deg))


def _delta_t_days(year: float) -> float:
    """TT − UT in days (Espenak & Meeus polynomials; a minute of error is harmless here)."""
    if year < 2005:
        t = year - 2000
        seconds = 63.86 + 0.3345 * t - 0.060374 * t**2 + 0.0017275 * t**3
    elif year < 2050:
        t = year - 2000
        seconds = 62.92 + 0.32217 * t + 0.005589 * t**2
    elif year < 2150:
        seconds = -20 + 32 * ((year - 1820) / 100) ** 2 - 0.5628 * (2150 - year)
    else:
        seconds = -20 + 32 * ((year - 1820) / 100) ** 2
    return seconds / 86400.0


def sun_longitude(jde: float) -> float:
    """Apparent geocentric ecliptic longitude of the Sun in degrees (Meeus ch. 25)."""
    t = (jde - _J2000) / 36525.0
    l0 = 280.46646 + 36000.76983 * t + 0.0003032 * t * t
    m = 357.52911 + 35999.05029 * t - 0.0001537 * t * t
    c = (
        (1.914602 - 0.004817 * t - 0.000014 * t * t) * _sin(m)
        + (0.019993 - 0.000101 * t) * _sin(2 * m)
        + 0.000289 * _sin(3 * m)
    )
    omega = 125.04 - 1934.136 * t
    return (l0 + c - 0.00569 - 0.00478 * _sin(omega)) % 360.0


def solar_term_jde(year: int, longitude: float) -> float:
    """The instant (JDE, TT) in Gregorian ``year`` when the Sun reaches ``longitude`` degrees."""
    # Mean estimate: longitude 0 (春分) is near 20 March.
    march_equinox = _julian_day(year, 3, 20.5)
    jde = march_equinox + (longitude % 360.0) / 360.0 * _TROPICAL_YEAR
    for _ in range(50):
        diff = (longitude - sun_longitude(jde) + 180.0) % 360.0 - 180.0
        jde += diff * _TROPICAL_YEAR / 360.0
        if abs(diff) < 1e-7:
            break
    return jde


def new_moon_jde(k: int) -> float:
    """The instant (JDE, TT) of new moon number ``k`` (k = 0 near 6 January 2000; Meeus ch. 49)."""
    t = k / 1236.85
    jde = 2451550.09766 + _SYNODIC_MONTH * k + 0.00015437 * t**2 - 0.000000150 * t**3 + 0.00000000073 * t**4
    e = 1 - 0.002516 * t - 0.0000074 * t * t
    m = 2.5534 + 29.10535670 * k - 0.0000014 * t**2 - 0.00000011 * t**3
    mp = 201.5643 + 385.81693528 * k + 0.0107582 * t**2 + 0.00001238 * t**3 - 0.000000058 * t**4
    f = 160.7108 + 390.67050284 * k - 0.0016118 * t**2 - 0.00000227 * t**3 + 0.000000011 * t**4
    om = 124.7746 - 1.56375588 * k + 0.0020672 * t**2 + 0.00000215 * t**3
    jde += (
        -0.40720 * _sin(mp)
        + 0.17241 * e * _sin(m)
        + 0.01608 * _sin(2 * mp)
        + 0.01039 * _sin(2 * f)
        + 0.00739 * e * _sin(mp - m)
        - 0.00514 * e * _sin(mp + m)
        + 0.00208 * e * e * _sin(2 * m)
        - 0.00111 * _sin(mp - 2 * f)
        - 0.00057 * _sin(mp + 2 * f)
        + 0.00056 * e * _sin(2 * mp + m)
        - 0.00042 * _sin(3 * mp)
        + 0.00042 * e * _sin(m + 2 * f)
        + 0.00038 * e * _sin(m - 2 * f)
        - 0.00024 * e * _sin(2 * mp - m)
        - 0.00017 * _sin(om)
        - 0.00007 * _sin(mp + 2 * m)
        + 0.00004 * _sin(2 * mp - 2 * f)
        + 0.00004 * _sin(3 * m)
        + 0.00003 * _sin(mp + m - 2 * f)
        + 0.00003 * _sin(2 * mp + 2 * f)
        - 0.00003 * _sin(mp + m + 2 * f)
        + 0.00003 * _sin(mp - m + 2 * f)
        - 0.00002 * _sin(mp - m - 2 * f)
        - 0.00002 * _sin(3 * mp + m)
        + 0.00002 * _sin(4 * mp)
    )
    planetary = (
        (0.000325, 299.77 + 0.107408 * k - 0.009173 * t * t),
        (0.000165, 251.88 + 0.016321 * k),
        (0.000164, 251.83 + 26.651886 * k),
        (0.000126, 349.42 + 36.412478 * k),
        (0.000110, 84.66 + 18.206239 * k),
        (0.000062, 141.74 + 53.303771 * k),
        (0.000060, 207.14 + 2.453732 * k),
        (0.000056, 154.84 + 7.306860 * k),
        (0.000047, 34.52 + 27.261239 * k),
        (0.000042, 207.19 + 0.121824 * k),
        (0.000040, 291.34 + 1.844379 * k),
        (0.000037, 161.72 + 24.198154 * k),
        (0.000035, 239.56 + 25.513099 * k),
        (0.000023, 331.55 + 3.592518 * k),
    )
    return jde + sum(coef * _sin(arg) for coef, arg in planetary)


def _julian_day(year: int, month: int, day: float) -> float:
    if month <= 2:
        year -= 1
        month += 12
    a = year // 100
    b = 2 - a + a // 4
    return math.floor(365.25 * (year + 4716)) + math.floor(30.6001 * (month + 1)) + day + b - 1524.5


def beijing_date(jde: float) -> date:
    """The civil date in Beijing time (UTC+8) of an instant given as JDE (TT)."""
    year_guess = 2000 + (jde - _J2000) / 365.25
    jd_beijing = jde - _delta_t_days(year_guess) + _BEIJING
    # JD 2451544.5 is 2000-01-01 00:00 UT.
    return date(2000, 1, 1) + timedelta(days=math.floor(jd_beijing - 2451544.5))


def solar_term_date(year: int, longitude: float) -> date:
    """The Beijing date on which the Sun reaches ``longitude`` in Gregorian ``year``."""
    return beijing_date(solar_term_jde(year, longitude))


def _new_moon_dates(first: date, last: date) -> list[date]:
    """Beijing dates of all new moons between ``first`` and ``last`` (inclusive)."""
    k = math.floor((first - date(2000, 1, 6)).days / _SYNODIC_MONTH) - 1
    out: list[date] = []
    while True:
        d = beijing_date(new_moon_jde(k))
        if d > last:
            return out
        if d >= first:
            out.append(d)
        k += 1


@lru_cache(maxsize=512)
def lunar_month_starts(year: int) -> tuple[tuple[int, bool, date], ...]:
    """Months of the lunar year that begins in Gregorian ``year``: (number, is_leap, first day).

    Covers 正月 through month 11 (the month containing the winter solstice of ``year``).
    """
    solstice_before = solar_term_date(year - 1, 270.0)
    solstice_after = solar_term_date(year, 270.0)
    moons = _new_moon_dates(solstice_before - timedelta(days=40), solstice_after + timedelta(days=40))
    start = max(i for i, d in enumerate(moons) if d <= solstice_before)  # month 11 of the year before
    end = max(i for i, d in enumerate(moons) if d <= solstice_after)  # month 11 of this year
    leap_index = None
    if end - start == 13:
        # Principal terms (中气): longitudes that are multiples of 30°, between the two solstices.
        principal = sorted(
            solar_term_date(y, lon) for y in (year - 1, year) for lon in range(0, 360, 30)
        )
        for i in range(start + 1, end):
            if not any(moons[i] <= p < moons[i + 1] for p in principal):
                leap_index = i
                break
    months: list[tuple[int, bool, date]] = []
    number = 11
    for i in range(start + 1, end + 1):
        if i != leap_index:
            number = number % 12 + 1
        months.append((number, i == leap_index, moons[i]))
    # Drop month 12 (and a leap 11 or 12) of the previous lunar year: keep 正月 onwards.
    first = next(i for i, (n, leap, _) in enumerate(months) if n == 1 and not leap)
    return tuple(months[first:])


def lunar_to_solar(year: int, month: int, day: int, *, leap: bool = False) -> date:
    """The Gregorian date of day ``day`` of lunar month ``month`` (1–11) of lunar year ``year``."""
    for number, is_leap, first in lunar_month_starts(year):
        if number == month and is_leap == leap:
            return first + timedelta(days=day - 1)
    raise ValueError(f"no lunar month {month} (leap={leap}) in {year}")


def spring_festival(year: int) -> date:
    """正月初一 of the lunar year that begins in Gregorian ``year``."""
    return lunar_to_solar(year, 1, 1)


def qingming(year: int) -> date:
    """清明: the day the Sun reaches ecliptic longitude 15°."""
    return solar_term_date(year, 15.0)

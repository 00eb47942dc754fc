"""The working-day calendar (工作日): official data, local overrides, and a statutory fallback.

A working day is Monday–Friday minus official holidays plus official make-up working days (调休)
(docs/spec/working-days.md section 1). Sources, strongest first:

1. local overrides (the clerk's table or a provincial package): date -> working day or day off;
2. the official schedule of the State Council as recorded in the ``chinesecalendar`` package;
3. for a year without official data: weekends plus the fixed statutory holidays of
   《全国年节及纪念日放假办法》 (2024 revision, art. 2): 元旦 1/1, 春节 除夕 to 初三, 清明, 劳动节 5/1–5/2,
   端午, 中秋, 国庆 10/1–10/3. Every date that depends on such a year is *provisional*.

"N working days from D" is the N-th working day strictly after D; D never counts (民法典 art. 201 by
analogy, docs/spec/working-days.md section 2). ``chinese_calendar.find_workday`` is deliberately not used: it treats a
non-working start day as index 0 and comes out one day late.
"""

from __future__ import annotations

from bisect import bisect_left, bisect_right
from collections.abc import Callable, Iterable, Mapping
from dataclasses import dataclass
from datetime import date, timedelta

from app.domain import lunar

# Day kinds, in the words shown to the clerk.
WORKDAY = "workday"  # 工作日 (Mon–Fri)
WEEKEND = "weekend"  # 周末
HOLIDAY = "holiday"  # 法定节假日 (incl. the days added by 调休)
MAKEUP = "makeup"  # 调休上班 (a weekend day that is a working day)
OVERRIDE_WORKDAY = "override_workday"  # local override: working day
OVERRIDE_DAY_OFF = "override_day_off"  # local override: day off

KIND_LABELS = {
    WORKDAY: "工作日",
    WEEKEND: "周末",
    HOLIDAY: "节假日",
    MAKEUP: "调休上班",
    OVERRIDE_WORKDAY: "本地设定：上班",
    OVERRIDE_DAY_OFF: "本地设定：放假",
}

WEEKDAY_NAMES = ("星期一", "星期二", "星期三", "星期四", "星期五", "星期六", "星期日")

_CC_NAMES = {
    "New Year's Day": "元旦",
    "Spring Festival": "春节",
    "Tomb-sweeping Day": "清明节",
    "Labour Day": "劳动节",
    "Dragon Boat Festival": "端午节",
    "National Day": "国庆节",
    "Mid-autumn Festival": "中秋节",
    "Anti-Fascist 70th Day": "抗战胜利70周年纪念日",
}


@dataclass(frozen=True)
class DayInfo:
    """What the calendar knows about one date."""

    day: date
    is_workday: bool
    kind: str  # one of the kinds above
    name: str | None  # holiday name (春节…) or the override's note
    provisional: bool  # no official data for this year

    @property
    def label(self) -> str:
        return KIND_LABELS[self.kind]


def format_date(d: date) -> str:
    """2025年10月30日 (the form used in letters and explanations)."""
    return f"{d.year}年{d.month}月{d.day}日"


def format_date_weekday(d: date) -> str:
    """2025年10月30日（星期四）."""
    return f"{format_date(d)}（{WEEKDAY_NAMES[d.weekday()]}）"


def statutory_holidays(year: int) -> dict[date, str]:
    """The 13 statutory holiday dates of 《全国年节及纪念日放假办法》 (2024 revision, art. 2) for ``year``.

    Without the State Council's yearly arrangement (调休, art. 6–7) this is all that can be known.
    """
    days: dict[date, str] = {date(year, 1, 1): "元旦"}
    spring = lunar.spring_festival(year)
    for offset in range(-1, 3):  # 除夕 and 正月初一至初三
        days[spring + timedelta(days=offset)] = "春节"
    days[lunar.qingming(year)] = "清明节"
    days[date(year, 5, 1)] = "劳动节"
    days[date(year, 5, 2)] = "劳动节"
    days[lunar.lunar_to_solar(year, 5, 5)] = "端午节"
    mid_autumn = lunar.lunar_to_solar(year, 8, 15)
    days[mid_autumn] = "中秋节"
    for day in (1, 2, 3):
        national = date(year, 10, day)
        # 中秋 may fall on 1–3 October; both names are kept.
        days[national] = "国庆节、中秋节" if national == mid_autumn else "国庆节"
    return days


def _official_year(year: int) -> tuple[dict[date, str], dict[date, str]] | None:
    """(holidays, make-up working days) from chinesecalendar, or None when it has no data for ``year``."""
    import chinese_calendar
    from chinese_calendar import constants

    try:
        chinese_calendar.is_workday(date(year, 1, 1))
    except NotImplementedError:  # chinesecalendar raises this outside its covered years
        return None
    holidays = {d: _CC_NAMES.get(n, n) for d, n in constants.holidays.items() if d.year == year}
    makeups = {d: _CC_NAMES.get(n, n) for d, n in constants.workdays.items() if d.year == year}
    return holidays, makeups


class _Year:
    """One precomputed year: a flag per day and the ordinals of its working days."""

    __slots__ = ("year", "first", "flags", "kinds", "names", "workdays", "provisional")

    def __init__(self, year: int, calendar: WorkCalendar) -> None:
        self.year = year
        self.first = date(year, 1, 1).toordinal()
        length = date(year + 1, 1, 1).toordinal() - self.first if year < 9999 else 365
        official = _official_year(year)
        self.provisional = official is None and year not in calendar.official_years
        if official is None:
            # The 13 statutory days are off in every official schedule too (the law fixes them), so an
            # official override year only needs the extra days off and the 调休 working days.
            holidays, makeups = statutory_holidays(year), dict[date, str]()
        else:
            holidays, makeups = official
        flags = bytearray(length)
        kinds: list[str] = []
        names: dict[int, str] = {}
        workdays: list[int] = []
        for i in range(length):
            d = date.fromordinal(self.first + i)
            override = calendar.overrides.get(d)
            if override is not None:
                works = override
                kind = OVERRIDE_WORKDAY if works else OVERRIDE_DAY_OFF
                note = calendar.notes.get(d)
                if note:
                    names[i] = note
            elif d in makeups:
                works, kind = True, MAKEUP
                names[i] = makeups[d]
            elif d in holidays:
                works, kind = False, HOLIDAY
                names[i] = holidays[d]
            elif d.weekday() >= 5:
                works, kind = False, WEEKEND
            else:
                works, kind = True, WORKDAY
            flags[i] = works
            kinds.append(kind)
            if works:
                workdays.append(self.first + i)
        self.flags = bytes(flags)
        self.kinds = kinds
        self.names = names
        self.workdays = workdays


class WorkCalendar:
    """Working days from chinesecalendar, local overrides and the statutory fallback; cached per year."""

    def __init__(
        self,
        overrides: Mapping[date, bool] | None = None,
        official_years: Iterable[int] = (),
        notes: Mapping[date, str] | None = None,
    ) -> None:
        # overrides: date -> True (working day) / False (day off); official_years: years whose override
        # set is complete official data (e.g. a provincial package for 2027), so they are not provisional.
        # Such a year still starts from weekends + the statutory holidays; its overrides add the rest.
        self.overrides: dict[date, bool] = dict(overrides or {})
        self.official_years: frozenset[int] = frozenset(official_years)
        self.notes: dict[date, str] = dict(notes or {})
        self._years: dict[int, _Year] = {}
        self._notes: dict[int, tuple[list[tuple[int, int, str]], list[int], list[int]]] = {}

    def _year(self, year: int) -> _Year:
        data = self._years.get(year)
        if data is None:
            data = self._years[year] = _Year(year, self)
        return data

    def is_workday(self, d: date) -> bool:
        data = self._year(d.year)
        return bool(data.flags[d.toordinal() - data.first])

    def is_provisional(self, d: date) -> bool:
        """True when ``d``'s year has neither official data nor a complete official override set."""
        return self._year(d.year).provisional

    def is_range_provisional(self, first: date, last: date) -> bool:
        """True when any year touched by ``first``…``last`` is provisional."""
        return any(self._year(y).provisional for y in range(min(first, last).year, max(first, last).year + 1))

    def provisional_years(self, first: date, last: date) -> list[int]:
        return [y for y in range(min(first, last).year, max(first, last).year + 1) if self._year(y).provisional]

    def day_info(self, d: date) -> DayInfo:
        data = self._year(d.year)
        i = d.toordinal() - data.first
        return DayInfo(d, bool(data.flags[i]), data.kinds[i], data.names.get(i), data.provisional)

    def year_days(self, year: int) -> list[DayInfo]:
        """Every day of ``year`` (for the settings tab and `gongkai calendar list`)."""
        data = self._year(year)
        return [
            DayInfo(date.fromordinal(data.first + i), bool(f), data.kinds[i], data.names.get(i), data.provisional)
            for i, f in enumerate(data.flags)
        ]

    def add_working_days(self, start: date, n: int, *, skip: Callable[[date], bool] | None = None) -> date:
        """The n-th working day strictly after ``start`` (start never counts); days with skip(d) do not count.

        A ``skip`` that carries ``ordinal_spans`` (inclusive (first, last) ordinals, exactly the days for
        which it is true) is applied by stepping over each span's working days at once."""
        if n < 0:
            raise ValueError("n must not be negative")
        if n == 0:
            return start
        year = start.year
        data = self._year(year)
        i = bisect_right(data.workdays, start.toordinal())
        remaining = n
        spans = getattr(skip, "ordinal_spans", None)
        while True:
            days = data.workdays
            if skip is None:
                if i + remaining <= len(days):
                    return date.fromordinal(days[i + remaining - 1])
                remaining -= len(days) - i
            elif spans is not None:
                while i < len(days):
                    o = days[i]
                    for first, last in spans:
                        if first <= o <= last:
                            i = bisect_right(days, last, i)  # every working day up to `last` is skipped
                            break
                    else:
                        i += 1
                        remaining -= 1
                        if remaining == 0:
                            return date.fromordinal(o)
            else:
                while i < len(days):
                    d = date.fromordinal(days[i])
                    i += 1
                    if not skip(d):
                        remaining -= 1
                        if remaining == 0:
                            return d
            year += 1
            data = self._year(year)
            i = 0

    def working_days_between(self, first: date, last: date) -> int:
        """Number of working days W with first < W <= last (0 when last <= first)."""
        if last <= first:
            return 0
        count = 0
        for year in range(first.year, last.year + 1):
            days = self._year(year).workdays
            count += bisect_right(days, last.toordinal()) - bisect_right(days, first.toordinal())
        return count

    def _notable(self, year: int) -> tuple[list[tuple[int, int, str]], list[int], list[int]]:
        """Per year, cached: holiday runs (first, last ordinal, names), weekend working days, unnamed days off."""
        cached = self._notes.get(year)
        if cached is not None:
            return cached
        data = self._year(year)
        runs: list[tuple[int, int, str]] = []
        weekend_work: list[int] = []
        plain_off: list[int] = []
        length = len(data.flags)
        i = 0
        while i < length:
            o = data.first + i
            kind = data.kinds[i]
            if data.flags[i]:
                if kind in (MAKEUP, OVERRIDE_WORKDAY) and date.fromordinal(o).weekday() >= 5:
                    weekend_work.append(o)
                i += 1
                continue
            if kind == OVERRIDE_DAY_OFF and not data.names.get(i):
                plain_off.append(o)
            # A run of days off: extend both ways (across the year boundary) and collect holiday names.
            run_first = o
            while not self.is_workday(date.fromordinal(run_first - 1)):
                run_first -= 1
            run_last = o
            names: list[str] = []
            while True:
                info = self.day_info(date.fromordinal(run_last))
                if info.kind in (HOLIDAY, OVERRIDE_DAY_OFF) and info.name:
                    for part in info.name.split("、"):
                        if part not in names:
                            names.append(part)
                if info.kind == OVERRIDE_DAY_OFF and not info.name and run_last != o and run_last < data.first + length:
                    plain_off.append(run_last)
                if self.is_workday(date.fromordinal(run_last + 1)):
                    break
                run_last += 1
            if names:
                runs.append((run_first, run_last, "、".join(names)))
            i = run_last - data.first + 1
        result = (runs, weekend_work, plain_off)
        self._notes[year] = result
        return result

    def non_working_runs(self, first: date, last: date) -> list[tuple[date, date, str]]:
        """Runs of consecutive days off overlapping first…last that contain a named holiday: (from, to, names)."""
        lo, hi = first.toordinal(), last.toordinal()
        seen: dict[tuple[int, int], str] = {}
        for year in range(first.year - 1, last.year + 1):
            for a, b, names in self._notable(year)[0]:
                if b >= lo and a <= hi:
                    seen.setdefault((a, b), names)
        return [(date.fromordinal(a), date.fromordinal(b), n) for (a, b), n in sorted(seen.items())]

    def weekend_working_days(self, first: date, last: date) -> list[date]:
        """Weekend days in first…last that are working days (调休上班 or a local override)."""
        return self._days_in(1, first, last)

    def unnamed_days_off(self, first: date, last: date) -> list[date]:
        """Local days off without a note in first…last (named ones appear in the holiday runs)."""
        return self._days_in(2, first, last)

    def _days_in(self, which: int, first: date, last: date) -> list[date]:
        lo, hi = first.toordinal(), last.toordinal()
        out: list[date] = []
        for year in range(first.year, last.year + 1):
            notable = self._notable(year)
            days = notable[1] if which == 1 else notable[2]
            out.extend(date.fromordinal(o) for o in days[bisect_left(days, lo):bisect_right(days, hi)])
        return out

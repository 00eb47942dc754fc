"""Benchmark: compute deadlines for 100,000 synthetic clocks and print the seconds taken."""

from __future__ import annotations

import random
import sys
import time
from datetime import date, timedelta
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent.parent))

from app.domain.deadlines import ClockInput, Pause, compute
from app.domain.workdays import WorkCalendar


def synthetic_clocks(n: int, seed: int = 7) -> list[ClockInput]:
    rng = random.Random(seed)
    first = date(2020, 1, 1).toordinal()
    span = date(2027, 12, 31).toordinal() - first
    clocks = []
    for _ in range(n):
        received = date.fromordinal(first + rng.randrange(span))
        clock = ClockInput(received)
        r = rng.random()
        if r < 0.15:
            clock.correction_notified_on = received + timedelta(days=rng.randint(1, 9))
            clock.correction_received_on = clock.correction_notified_on + timedelta(days=rng.randint(1, 20))
        if r > 0.8:
            sent = received + timedelta(days=rng.randint(2, 15))
            ended = None if rng.random() < 0.3 else sent + timedelta(days=rng.randint(3, 25))
            clock.pauses.append(Pause(rng.choice(["third_party", "agency"]), sent, ended))
        if r > 0.93:
            clock.extension_days = rng.randint(5, 20)
        clocks.append(clock)
    return clocks


def main(n: int = 100_000) -> None:
    clocks = synthetic_clocks(n)
    calendar = WorkCalendar()
    t0 = time.perf_counter()
    for year in range(2020, 2029):  # warm the per-year cache (chinesecalendar + lunar fallback)
        calendar.is_workday(date(year, 1, 1))
    t1 = time.perf_counter()
    for clock in clocks:
        compute(clock, calendar)
    t2 = time.perf_counter()
    plain = [c.received_on for c in clocks]
    for d in plain:
        calendar.add_working_days(d, 20)
    t3 = time.perf_counter()
    print(f"calendar precompute 2020–2028: {t1 - t0:.3f} s")
    print(f"compute() with explanation, {n:,} clocks: {t2 - t1:.2f} s ({(t2 - t1) / n * 1e6:.0f} µs each)")
    print(f"add_working_days(d, 20), {n:,} dates: {t3 - t2:.3f} s ({(t3 - t2) / n * 1e6:.1f} µs each)")


if __name__ == "__main__":
    main(int(sys.argv[1]) if len(sys.argv) > 1 else 100_000)

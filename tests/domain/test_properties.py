"""Property tests: pauses and extensions never shorten a deadline; results are working days after the start."""

from datetime import date, timedelta

from hypothesis import given, settings
from hypothesis import strategies as st

from app.domain.deadlines import ClockInput, Pause, compute
from app.domain.workdays import WorkCalendar

CAL = WorkCalendar()
starts = st.dates(min_value=date(2004, 1, 1), max_value=date(2031, 12, 31))


@st.composite
def pauses(draw, start):
    items = []
    for _ in range(draw(st.integers(0, 3))):
        sent = start + timedelta(days=draw(st.integers(0, 60)))
        open_ = draw(st.booleans())
        kind = draw(st.sampled_from(["third_party", "agency", "fee"] if not open_ else ["third_party", "agency"]))
        ended = None if open_ else sent + timedelta(days=draw(st.integers(0, 40)))
        items.append(Pause(kind, sent, ended))
    return items


@settings(max_examples=300, deadline=None)
@given(start=starts, n=st.integers(1, 60))
def test_result_is_a_working_day_strictly_after_start(start, n):
    due = CAL.add_working_days(start, n)
    assert due > start and CAL.is_workday(due)
    assert CAL.working_days_between(start, due) == n


@settings(max_examples=300, deadline=None)
@given(data=st.data(), start=starts, extension=st.integers(0, 20))
def test_pauses_and_extensions_never_shorten(data, start, extension):
    plain = compute(ClockInput(start), CAL)
    ps = data.draw(pauses(start))
    paused = compute(ClockInput(start, pauses=ps), CAL)
    assert paused.reply_due >= plain.reply_due
    assert CAL.is_workday(paused.reply_due) and paused.reply_due > start
    extended = compute(ClockInput(start, pauses=ps, extension_days=extension), CAL)
    assert extended.reply_due >= paused.reply_due
    assert CAL.is_workday(extended.reply_due)
    if extension:
        assert extended.reply_due > paused.reply_due
    assert plain.correction_notice_due == paused.correction_notice_due > start


# A local calendar on top of the official one: a Saturday worked, a weekday off, a day-off note.
LOCAL = WorkCalendar({date(2025, 11, 8): True, date(2025, 11, 5): False, date(2026, 4, 30): False},
                     notes={date(2026, 4, 30): "县庆放假"})


@st.composite
def clocks(draw):
    """Any clock the register can hold: 补正 (notified, corrected, or both), consultations open or answered,
    a fee notice open or paid, an extension; dates around official 调休 years and provisional ones."""
    start = draw(st.dates(min_value=date(2019, 1, 1), max_value=date(2028, 6, 30)))
    notified = received = None
    kind = draw(st.sampled_from(["none", "waiting", "corrected", "received_only"]))
    if kind != "none":
        notified = start + timedelta(days=draw(st.integers(0, 20)))
    if kind in ("corrected", "received_only"):
        received = notified + timedelta(days=draw(st.integers(0, 30)))
    if kind == "received_only":
        notified = None
    items = draw(pauses(received or start))
    if draw(st.booleans()):
        sent = start + timedelta(days=draw(st.integers(0, 50)))
        paid = draw(st.one_of(st.none(), st.integers(0, 30)))
        items.append(Pause("fee", sent, None if paid is None else sent + timedelta(days=paid)))
    days = draw(st.one_of(st.none(), st.integers(0, 20)))
    approved = None if days is None else start + timedelta(days=draw(st.integers(0, 60)))
    return ClockInput(start, notified, received, items, days, approved)


def _outcome(clock, calendar, today, explain):
    try:
        return compute(clock, calendar, today, explain=explain)
    except Exception as exc:
        return (type(exc), str(exc))


@settings(max_examples=1500, deadline=None)
@given(clock=clocks(), local=st.booleans(),
       today=st.one_of(st.none(), st.dates(min_value=date(2019, 1, 1), max_value=date(2029, 12, 31))))
def test_dates_only_path_gives_the_same_dates_as_the_explained_path(clock, local, today):
    """compute(explain=False), used where only the due dates are stored (imports, recompute), is the same
    rule code without the sentences: every date, flag, pause end and refusal is the explained path's."""
    calendar = LOCAL if local else CAL
    full = _outcome(clock, calendar, today, True)
    quick = _outcome(clock, calendar, today, False)
    if isinstance(full, tuple):
        assert quick == full
        return
    assert full.explanation and quick.explanation == []
    full.explanation = []
    assert quick == full


@settings(max_examples=600, deadline=None)
@given(data=st.data(), start=st.dates(min_value=date(2019, 1, 1), max_value=date(2028, 6, 30)),
       n=st.integers(1, 40), local=st.booleans())
def test_pause_spans_skip_the_same_days_as_asking_day_by_day(data, start, n, local):
    """WorkCalendar.add_working_days steps over a pause's ordinal spans at once; the result is the day
    found by asking the same skip function about every working day (overlapping, nested, cross-year and
    past pauses included)."""
    from app.domain.deadlines import _skipper

    calendar = LOCAL if local else CAL
    intervals = []
    for _ in range(data.draw(st.integers(1, 4))):
        first = start + timedelta(days=data.draw(st.integers(-20, 80)))
        intervals.append((first, first + timedelta(days=data.draw(st.integers(0, 60)))))
    skip = _skipper(intervals)
    assert calendar.add_working_days(start, n, skip=skip) == calendar.add_working_days(start, n, skip=lambda d: skip(d))

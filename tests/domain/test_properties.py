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

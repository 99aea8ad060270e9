"""Property tests of the date rules of the institutions (`institutions.rules`): term length,
month arithmetic, three-month meeting windows, election deadline and reminders."""

import datetime as dt
from calendar import isleap, monthrange
from itertools import pairwise

import pytest
from hypothesis import example, given
from hypothesis import strategies as st

from kotacerdas.institutions import rules

ONE_DAY = dt.timedelta(days=1)
dates = st.dates(min_value=dt.date(1950, 1, 1), max_value=dt.date(2150, 12, 31))
months = st.integers(min_value=-600, max_value=600)
MONTH_ENDS = [
    dt.date(2026, 1, 31),
    dt.date(2025, 11, 30),
    dt.date(2024, 2, 29),
    dt.date(2026, 12, 31),
    dt.date(2027, 3, 31),
    dt.date(2026, 8, 31),
]


def _spans_feb_29(start: dt.date, end: dt.date) -> bool:
    return any(
        isleap(y) and start <= dt.date(y, 2, 29) <= end for y in range(start.year, end.year + 1)
    )


# --- term_end ---------------------------------------------------------------------------------


@given(dates)
def test_term_ends_the_day_before_the_third_anniversary(start):
    end = rules.term_end(start)
    assert end + ONE_DAY == rules.anniversary(start, 3)
    assert (end + ONE_DAY).year == start.year + 3
    if (start.month, start.day) != (2, 29):
        assert end + ONE_DAY == start.replace(year=start.year + 3)


@given(dates)
def test_term_lasts_1095_or_1096_days(start):
    days = (rules.term_end(start) - start).days + 1
    assert days in (1095, 1096)
    assert (days == 1096) == _spans_feb_29(start, rules.term_end(start))


@given(dates)
def test_term_holds_exactly_three_anniversaries_counting_the_start(start):
    end = rules.term_end(start)
    inside = [rules.anniversary(start, k) for k in range(5)]
    assert [d for d in inside if start <= d <= end] == inside[:3]


def test_decree_on_29_february():
    assert rules.term_end(dt.date(2024, 2, 29)) == dt.date(2027, 2, 28)
    assert rules.term_end(dt.date(2028, 2, 29)) == dt.date(2031, 2, 28)
    assert rules.term_end(dt.date(2026, 1, 5)) == dt.date(2029, 1, 4)
    assert rules.term_end(dt.date(2027, 3, 1)) == dt.date(2030, 2, 28)


@given(dates)
def test_next_term_from_the_day_after_ends_on_its_next_anniversary_minus_one(start):
    end = rules.term_end(start)
    following = end + ONE_DAY
    next_end = rules.term_end(following)
    assert next_end == rules.anniversary(following, 3) - ONE_DAY
    if (start.month, start.day) != (2, 29):
        assert next_end == start.replace(year=start.year + 6) - ONE_DAY
    assert next_end > end


# --- add_months -------------------------------------------------------------------------------


@given(dates, months)
def test_add_months_moves_the_month_and_clamps_the_day(day, n):
    moved = rules.add_months(day, n)
    assert (moved.year * 12 + moved.month) - (day.year * 12 + day.month) == n
    assert moved.day == min(day.day, monthrange(moved.year, moved.month)[1])


@given(dates)
def test_add_zero_months_is_identity(day):
    assert rules.add_months(day, 0) == day


@given(dates, months)
def test_add_months_inverse(day, n):
    back = rules.add_months(rules.add_months(day, n), -n)
    assert (back.year, back.month) == (day.year, day.month)
    assert back <= day
    if day.day <= 28:
        assert back == day


@given(dates, dates, months)
def test_add_months_is_monotonic(a, b, n):
    if a <= b:
        assert rules.add_months(a, n) <= rules.add_months(b, n)


@given(dates, st.integers(0, 200), st.integers(0, 200))
def test_add_months_composes_when_no_clamping(day, m, n):
    if day.day <= 28:
        assert rules.add_months(rules.add_months(day, m), n) == rules.add_months(day, m + n)


def test_add_months_examples():
    assert rules.add_months(dt.date(2026, 1, 31), 1) == dt.date(2026, 2, 28)
    assert rules.add_months(dt.date(2024, 1, 31), 1) == dt.date(2024, 2, 29)
    assert rules.add_months(dt.date(2025, 11, 30), 3) == dt.date(2026, 2, 28)
    assert rules.add_months(dt.date(2026, 3, 31), -1) == dt.date(2026, 2, 28)
    assert rules.add_months(dt.date(2026, 12, 15), 1) == dt.date(2027, 1, 15)


# --- cadence_windows --------------------------------------------------------------------------


def _check_windows(start: dt.date, end: dt.date) -> list[rules.Window]:
    windows = rules.cadence_windows(start, end)
    assert windows, "a term has at least one window"
    assert windows[0].start == start
    assert windows[-1].end == end
    assert [w.index for w in windows] == list(range(1, len(windows) + 1))
    for w in windows:
        assert w.start <= w.end
        assert (w.end - w.start).days + 1 <= 92  # never longer than three calendar months
    for earlier, later in pairwise(windows):
        assert later.start == earlier.end + ONE_DAY  # no gap, no overlap
        assert (earlier.end - earlier.start).days + 1 >= 89  # only the last may be cut short
    total = sum((w.end - w.start).days + 1 for w in windows)
    assert total == (end - start).days + 1  # covers the term exactly
    return windows


@given(dates)
@example(dt.date(2024, 2, 29))
@example(dt.date(2026, 1, 31))
@example(dt.date(2025, 11, 30))
def test_windows_of_a_full_term(start):
    end = rules.term_end(start)
    windows = _check_windows(start, end)
    assert len(windows) == 12
    for k, w in enumerate(windows):
        assert w.start == rules.add_months(start, 3 * k)  # anchored on the start, never chained


@given(dates, st.integers(min_value=0, max_value=2000))
def test_windows_of_any_span(start, length):
    _check_windows(start, start + dt.timedelta(days=length))


@given(dates, st.integers(min_value=0, max_value=1095))
def test_window_for_finds_the_one_window_holding_a_day(start, offset):
    end = rules.term_end(start)
    day = min(start + dt.timedelta(days=offset), end)
    holding = [w for w in rules.cadence_windows(start, end) if w.contains(day)]
    assert len(holding) == 1
    assert rules.window_for(start, end, day) == holding[0]
    assert rules.window_for(start, end, start - ONE_DAY) is None
    assert rules.window_for(start, end, end + ONE_DAY) is None


@pytest.mark.parametrize("start", MONTH_ENDS)
def test_windows_from_month_end_starts(start):
    windows = _check_windows(start, rules.term_end(start))
    assert len(windows) == 12


def test_windows_from_31_january():
    windows = rules.cadence_windows(dt.date(2026, 1, 31), rules.term_end(dt.date(2026, 1, 31)))
    assert [(w.start, w.end) for w in windows[:3]] == [
        (dt.date(2026, 1, 31), dt.date(2026, 4, 29)),
        (dt.date(2026, 4, 30), dt.date(2026, 7, 30)),
        (dt.date(2026, 7, 31), dt.date(2026, 10, 30)),
    ]


def test_windows_across_the_year_boundary_from_30_november():
    windows = rules.cadence_windows(dt.date(2025, 11, 30), rules.term_end(dt.date(2025, 11, 30)))
    assert (windows[0].start, windows[0].end) == (dt.date(2025, 11, 30), dt.date(2026, 2, 27))
    assert windows[1].start == dt.date(2026, 2, 28)
    assert windows[-1].end == dt.date(2028, 11, 29)


def test_windows_from_29_february():
    _check_windows(dt.date(2024, 2, 29), dt.date(2027, 2, 28))
    windows = rules.cadence_windows(dt.date(2024, 2, 29), dt.date(2027, 2, 28))
    assert (windows[0].start, windows[0].end) == (dt.date(2024, 2, 29), dt.date(2024, 5, 28))
    assert windows[4].start == dt.date(2025, 2, 28)
    assert windows[-1] == rules.Window(12, dt.date(2026, 11, 29), dt.date(2027, 2, 28))


# --- election deadline and reminders ---------------------------------------------------------


@given(dates)
def test_reminders_come_before_the_deadline_before_the_end(start):
    end = rules.term_end(start)
    reminders = rules.election_reminder_dates(end)
    deadline = rules.election_deadline(end)
    assert reminders["3m"] < reminders["1m"] == deadline < end
    assert start < reminders["3m"]
    assert rules.add_months(deadline, 1) <= end  # at least one month before the end
    assert (end - deadline).days in range(28, 32)


def test_election_deadline_examples():
    assert rules.election_deadline(dt.date(2029, 1, 4)) == dt.date(2028, 12, 4)
    assert rules.election_deadline(dt.date(2027, 3, 31)) == dt.date(2027, 2, 28)
    assert rules.election_reminder_dates(dt.date(2027, 2, 28)) == {
        "3m": dt.date(2026, 11, 28),
        "1m": dt.date(2027, 1, 28),
    }

"""Meeting cadence (Pasal 10(4)): three-month windows across quarter and year boundaries, local
(Asia/Jakarta) dates at the edges of a window, which meetings count, and cell states."""

import datetime as dt
import itertools
import zoneinfo

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from kotacerdas.institutions import rules
from kotacerdas.institutions.models import MeetingKind, MeetingStatus
from kotacerdas.institutions.selectors.cadence import (
    CellState,
    cadence_cells,
    cadence_table,
    commissions_at_risk,
)
from kotacerdas.institutions.tests.factories import CouncilTermFactory, MeetingFactory

JAKARTA = zoneinfo.ZoneInfo("Asia/Jakarta")


def windows(start):
    return rules.cadence_windows(start, rules.term_end(start))


def spans(start):
    return [(w.start, w.end) for w in windows(start)]


# --- pure window arithmetic --------------------------------------------------------------


def test_term_from_15_november_crosses_the_year_in_its_first_window():
    assert spans(dt.date(2025, 11, 15))[:3] == [
        (dt.date(2025, 11, 15), dt.date(2026, 2, 14)),
        (dt.date(2026, 2, 15), dt.date(2026, 5, 14)),
        (dt.date(2026, 5, 15), dt.date(2026, 8, 14)),
    ]
    assert len(windows(dt.date(2025, 11, 15))) == 12
    assert spans(dt.date(2025, 11, 15))[-1] == (dt.date(2028, 8, 15), dt.date(2028, 11, 14))


def test_term_from_31_january_is_anchored_on_the_start_not_chained():
    assert spans(dt.date(2024, 1, 31))[:4] == [
        (dt.date(2024, 1, 31), dt.date(2024, 4, 29)),
        (dt.date(2024, 4, 30), dt.date(2024, 7, 30)),
        (dt.date(2024, 7, 31), dt.date(2024, 10, 30)),
        (dt.date(2024, 10, 31), dt.date(2025, 1, 30)),
    ]


def test_term_from_29_february_windows_in_leap_and_common_years():
    assert spans(dt.date(2024, 2, 29))[:5] == [
        (dt.date(2024, 2, 29), dt.date(2024, 5, 28)),
        (dt.date(2024, 5, 29), dt.date(2024, 8, 28)),
        (dt.date(2024, 8, 29), dt.date(2024, 11, 28)),
        (dt.date(2024, 11, 29), dt.date(2025, 2, 27)),
        (dt.date(2025, 2, 28), dt.date(2025, 5, 28)),
    ]


def test_term_from_29_february_has_twelve_windows():
    assert len(windows(dt.date(2024, 2, 29))) == 12


starts = st.dates(min_value=dt.date(2000, 1, 1), max_value=dt.date(2090, 12, 31))


@given(start=starts, offset=st.integers(min_value=0, max_value=3 * 366))
def test_every_day_of_a_term_lies_in_exactly_one_window(start, offset):
    end = rules.term_end(start)
    day = min(start + dt.timedelta(days=offset), end)
    holding = [w for w in rules.cadence_windows(start, end) if w.contains(day)]
    assert len(holding) == 1
    assert rules.window_for(start, end, day) == holding[0]


@given(start=starts)
def test_windows_tile_the_term_without_gaps_or_overlaps(start):
    end = rules.term_end(start)
    ws = rules.cadence_windows(start, end)
    assert ws[0].start == start and ws[-1].end == end
    for before, after in itertools.pairwise(ws):
        assert after.start == before.end + dt.timedelta(days=1)
        assert before.start <= before.end
    assert [w.index for w in ws] == list(range(1, len(ws) + 1))


@given(start=starts, days=st.integers(min_value=1, max_value=400))
def test_outside_the_term_there_is_no_window(start, days):
    end = rules.term_end(start)
    assert rules.window_for(start, end, start - dt.timedelta(days=days)) is None
    assert rules.window_for(start, end, end + dt.timedelta(days=days)) is None


# --- cells from the database -----------------------------------------------------------------


def at(day, hour, minute=0):
    return dt.datetime.combine(day, dt.time(hour, minute), tzinfo=JAKARTA)


def held(term, commissions, when, **kw):
    meeting = MeetingFactory(term=term, starts_at=when, status=MeetingStatus.HELD, **kw)
    meeting.commissions.set(commissions)
    return meeting


@pytest.fixture
def term(db):
    return CouncilTermFactory(start_date=dt.date(2025, 11, 15))


def row_states(term, commission, today):
    return [c.state for c in cadence_cells(term, today)[commission.pk]]


def test_meeting_at_2330_wib_on_the_last_day_counts_for_that_window(term):
    k1 = term.commissions.order_by("dimension__order").first()
    held(term, [k1], at(dt.date(2026, 2, 14), 23, 30))  # 16:30 UTC, last day of window 1
    row = cadence_cells(term, dt.date(2026, 12, 1))[k1.pk]
    assert (row[0].held, row[1].held) == (1, 0)


def test_meeting_at_0030_wib_on_the_first_day_counts_for_the_new_window(term):
    k1 = term.commissions.order_by("dimension__order").first()
    held(term, [k1], at(dt.date(2026, 2, 15), 0, 30))  # 17:30 UTC of the day before
    row = cadence_cells(term, dt.date(2026, 12, 1))[k1.pk]
    assert (row[0].held, row[1].held) == (0, 1)


def test_cancelled_meetings_plenaries_and_team_meetings_do_not_count(term):
    k1 = term.commissions.order_by("dimension__order").first()
    cancelled = held(term, [k1], at(dt.date(2025, 12, 1), 9))
    cancelled.status = MeetingStatus.CANCELLED
    cancelled.save()
    held(term, [], at(dt.date(2025, 12, 2), 9), kind=MeetingKind.PLENARY)
    held(term, [k1], at(dt.date(2025, 12, 3), 9), kind=MeetingKind.TEAM)
    assert cadence_cells(term, dt.date(2026, 3, 1))[k1.pk][0].state == CellState.MISSED


def test_cross_komisi_meeting_and_fgd_count_for_each_named_komisi(term):
    k1, k2, k3 = list(term.commissions.order_by("dimension__order"))[:3]
    held(term, [k1, k2], at(dt.date(2025, 12, 1), 9), kind=MeetingKind.CROSS)
    held(term, [k3], at(dt.date(2025, 12, 5), 9), kind=MeetingKind.FGD)
    cells = cadence_cells(term, dt.date(2026, 3, 1))
    assert [cells[k.pk][0].state for k in (k1, k2, k3)] == [CellState.MET] * 3
    others = [cid for cid in cells if cid not in {k1.pk, k2.pk, k3.pk}]
    assert {cells[cid][0].state for cid in others} == {CellState.MISSED}


def test_states_of_a_row_and_the_at_risk_alert(term):
    k1, k2 = list(term.commissions.order_by("dimension__order"))[:2]
    today = dt.date(2026, 2, 5)  # window 1 closes on 14 Feb: 9 days left
    scheduled = MeetingFactory(term=term, starts_at=at(dt.date(2026, 2, 10), 10))
    scheduled.commissions.set([k2])
    assert row_states(term, k1, today)[:3] == [
        CellState.AT_RISK,
        CellState.FUTURE,
        CellState.FUTURE,
    ]
    assert row_states(term, k2, today)[0] == CellState.SCHEDULED
    at_risk = commissions_at_risk(term, today)
    assert k1.pk in {c.commission_id for c in at_risk}
    assert k2.pk not in {c.commission_id for c in at_risk}
    # with more time left the window is merely open; once it closes it is missed
    assert row_states(term, k1, dt.date(2026, 1, 10))[0] == CellState.OPEN
    assert row_states(term, k1, dt.date(2026, 2, 15))[0] == CellState.MISSED
    assert commissions_at_risk(term, dt.date(2026, 1, 10)) == []


def test_a_scheduled_meeting_outside_the_window_does_not_save_it(term):
    k1 = term.commissions.order_by("dimension__order").first()
    later = MeetingFactory(term=term, starts_at=at(dt.date(2026, 2, 15), 0, 30))
    later.commissions.set([k1])
    assert row_states(term, k1, dt.date(2026, 2, 10))[0] == CellState.AT_RISK


def test_table_counts_every_cell_once(term):
    k1 = term.commissions.order_by("dimension__order").first()
    held(term, [k1], at(dt.date(2025, 12, 1), 9))
    table = cadence_table(term, dt.date(2026, 3, 1))
    assert len(table.rows) == term.commissions.count()
    assert sum(table.counts.values()) == len(table.rows) * len(table.windows)
    assert table.counts[CellState.MET] == 1
    assert table.counts[CellState.MISSED] == len(table.rows) - 1


@pytest.mark.django_db
@settings(max_examples=25, deadline=None)
@given(
    day_offset=st.integers(min_value=0, max_value=3 * 365),
    minute_of_day=st.integers(min_value=0, max_value=24 * 60 - 1),
)
def test_a_random_meeting_lands_in_exactly_one_window_by_its_local_date(day_offset, minute_of_day):
    term = CouncilTermFactory(start_date=dt.date(2025, 11, 15))
    k1 = term.commissions.order_by("dimension__order").first()
    day = min(term.start_date + dt.timedelta(days=day_offset), term.end_date)
    when = at(day, minute_of_day // 60, minute_of_day % 60)
    held(term, [k1], when.astimezone(dt.UTC))
    row = cadence_cells(term, term.end_date)[k1.pk]
    assert sum(c.held for c in row) == 1
    (hit,) = [c for c in row if c.held]
    assert hit.window.contains(day)
    term.meetings.all().delete()
    term.commissions.all().delete()
    term.delete()

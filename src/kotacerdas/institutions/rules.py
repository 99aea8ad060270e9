"""Date arithmetic of the institutions (pure functions, no database).

- A council term starts on its decree's date and lasts three years (Pasal 11(1)): it ends the day
  before the third anniversary. The anniversary of 29 February in a common year is 1 March, so a
  term decreed on 29 February 2024 ends on 28 February 2027.
- The election of the next council must start at least one month before the term ends
  (Pasal 11(3)): the deadline is `add_months(end, -1)`; reminders go out three months and one
  month before the end.
- Each komisi meets at least once in every three-month window of the term (Pasal 10(4)). Windows
  are anchored on the term's start: [start + 3k months, start + 3(k+1) months), cut at the end.
"""

from __future__ import annotations

import datetime as dt
from calendar import monthrange
from dataclasses import dataclass

TERM_YEARS = 3
WINDOW_MONTHS = 3


def add_months(day: dt.date, months: int) -> dt.date:
    """`day` moved by `months`, clamped to the last day of the month (31 Jan + 1 = 28/29 Feb)."""
    index = day.year * 12 + (day.month - 1) + months
    year, month = divmod(index, 12)
    month += 1
    return dt.date(year, month, min(day.day, monthrange(year, month)[1]))


def anniversary(day: dt.date, years: int) -> dt.date:
    """The date `years` later; 29 February falls on 1 March in a common year."""
    try:
        return day.replace(year=day.year + years)
    except ValueError:  # 29 February -> common year
        return dt.date(day.year + years, 3, 1)


def term_end(start: dt.date) -> dt.date:
    """The last day of a council term that starts on `start`."""
    return anniversary(start, TERM_YEARS) - dt.timedelta(days=1)


def election_deadline(end: dt.date) -> dt.date:
    """The last day on which the election for the next term may start."""
    return add_months(end, -1)


def election_reminder_dates(end: dt.date) -> dict[str, dt.date]:
    """When the reminders go out: three months and one month before the term ends."""
    return {"3m": add_months(end, -3), "1m": add_months(end, -1)}


@dataclass(frozen=True)
class Window:
    index: int  # 1-based
    start: dt.date
    end: dt.date  # inclusive

    def contains(self, day: dt.date) -> bool:
        return self.start <= day <= self.end


def cadence_windows(start: dt.date, end: dt.date) -> list[Window]:
    """The three-month windows of a term from `start` to `end` (both inclusive).

    Window k starts `3k` months after the term's start (clamped to the month's end, so 31 Jan
    -> 30 Apr); the last window runs to `end`. A window exists only when its start, counted the
    way `anniversary` counts (a missing day rolls to the 1st of the next month), is not after
    `end` — so a term decreed on 29 February has twelve windows, not a thirteenth of one day.
    """
    windows: list[Window] = []
    k = 0
    while _rolled_window_start(start, k) <= end:
        w_start = _window_start(start, k)
        if _rolled_window_start(start, k + 1) <= end:
            w_end = _window_start(start, k + 1) - dt.timedelta(days=1)
        else:
            w_end = end
        windows.append(Window(k + 1, w_start, w_end))
        k += 1
    return windows


def _window_start(start: dt.date, k: int) -> dt.date:
    # Anchored on the term's start each time (never chained), so 31 Jan -> 30 Apr -> 31 Jul.
    return add_months(start, WINDOW_MONTHS * k)


def _rolled_window_start(start: dt.date, k: int) -> dt.date:
    clamped = _window_start(start, k)
    if clamped.day == start.day:
        return clamped
    return clamped + dt.timedelta(days=1)  # the missing day rolls to the 1st of next month


def window_for(start: dt.date, end: dt.date, day: dt.date) -> Window | None:
    """The window of the term that holds `day`, or None outside the term."""
    for window in cadence_windows(start, end):
        if window.contains(day):
            return window
    return None

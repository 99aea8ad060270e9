"""Working days of the Pemerintah Kota Bekasi, for SLA clocks and deadlines.

A working day, in Asia/Jakarta, is a Monday to Friday that is not a national holiday
(`holidays`, country "ID", category PUBLIC), not a cuti bersama day (category GOVERNMENT:
the joint leave days the government fixes each year) and not a local day off
(`LocalDayOff`, e.g. decided by a Keputusan Wali Kota).

Conventions used by every function here:
- `add_working_days(d, n)` returns the n-th working day after `d` (`d` itself is not counted);
  a negative `n` walks backwards; `n == 0` returns `d` rolled forward to a working day.
- `count_working_days(start, end)` counts the working days in the half-open interval
  (start, end]: `start` excluded, `end` included, so that
  `count_working_days(d, add_working_days(d, n)) == n` for every n >= 0.
"""

from __future__ import annotations

import datetime as dt
import functools
from dataclasses import dataclass
from zoneinfo import ZoneInfo

import holidays
from django.utils import timezone
from django.utils.translation import get_language

JAKARTA = ZoneInfo("Asia/Jakarta")
SATURDAY = 5

KIND_NATIONAL = "national"
KIND_CUTI_BERSAMA = "cuti_bersama"
KIND_LOCAL = "local"


@dataclass(frozen=True)
class DayOff:
    date: dt.date
    name: str
    kind: str  # KIND_NATIONAL, KIND_CUTI_BERSAMA or KIND_LOCAL
    pk: int | None = None  # the LocalDayOff row, for local days off


def _holiday_language() -> str:
    return "en_US" if (get_language() or "id").startswith("en") else "id"


@functools.lru_cache(maxsize=256)
def _holidays(year: int, category: str, language: str) -> dict[dt.date, str]:
    table = holidays.country_holidays("ID", years=year, categories=(category,), language=language)
    return dict(table.items())


def national_holidays(year: int) -> dict[dt.date, str]:
    """Hari libur nasional of `year` (cached per year and language)."""
    return _holidays(year, holidays.PUBLIC, _holiday_language())


def cuti_bersama(year: int) -> dict[dt.date, str]:
    """Cuti bersama (joint leave) days of `year` (cached per year and language)."""
    return _holidays(year, holidays.GOVERNMENT, _holiday_language())


def local_days_off(year: int) -> dict[dt.date, str]:
    """Local days off of `year` from the database (not cached: admins change them)."""
    from kotacerdas.core.models import LocalDayOff

    return dict(LocalDayOff.objects.filter(date__year=year).values_list("date", "name"))


def local_date(value: dt.date | dt.datetime) -> dt.date:
    """The date in Asia/Jakarta of a date or an (aware or naive-in-Jakarta) datetime."""
    if isinstance(value, dt.datetime):
        if timezone.is_naive(value):
            return value.date()
        return value.astimezone(JAKARTA).date()
    return value


class WorkingCalendar:
    """The working-day arithmetic, looking each year's days off up once per instance.

    The module-level functions make a new instance per call (always current). Code that
    computes many deadlines at once (a list of complaints, say) makes one instance and reuses
    it, so the local days off cost one query per year instead of one per row.
    """

    def __init__(self) -> None:
        self._days_off: dict[int, set[dt.date]] = {}

    def is_working_day(self, day: dt.date | dt.datetime) -> bool:
        day = local_date(day)
        if day.weekday() >= SATURDAY:
            return False
        year = self._days_off.get(day.year)
        if year is None:
            year = (
                set(_holidays(day.year, holidays.PUBLIC, "id"))
                | set(_holidays(day.year, holidays.GOVERNMENT, "id"))
                | set(local_days_off(day.year))
            )
            self._days_off[day.year] = year
        return day not in year

    def add_working_days(self, day: dt.date | dt.datetime, n: int) -> dt.date:
        """The n-th working day after `day` (before it when n < 0); see the module docstring."""
        current = local_date(day)
        if n == 0:
            while not self.is_working_day(current):
                current += dt.timedelta(days=1)
            return current
        step = dt.timedelta(days=1 if n > 0 else -1)
        remaining = abs(n)
        while remaining:
            current += step
            if self.is_working_day(current):
                remaining -= 1
        return current

    def count_working_days(self, start: dt.date | dt.datetime, end: dt.date | dt.datetime) -> int:
        """Working days in (start, end]: start excluded, end included. Negative if end < start."""
        first, last = local_date(start), local_date(end)
        if last < first:
            return -self.count_working_days(last, first)
        count = 0
        current = first
        while current < last:
            current += dt.timedelta(days=1)
            if self.is_working_day(current):
                count += 1
        return count

    def working_deadline(self, start: dt.datetime, n: int) -> dt.datetime:
        """When an SLA of `n` working days that starts at `start` runs out.

        The end of the n-th working day after the start's date in Asia/Jakarta (23:59:59.999999
        local time), so a complaint received on a Friday evening with a 1-day SLA is due by the
        end of Monday (if Monday is a working day); with n == 0, the end of the start's own date.
        Returned as an aware datetime in Asia/Jakarta.
        """
        if n < 0:
            raise ValueError("n must not be negative")
        last_day = self.add_working_days(start, n) if n else local_date(start)
        return dt.datetime.combine(last_day, dt.time.max, tzinfo=JAKARTA)


def is_working_day(day: dt.date | dt.datetime) -> bool:
    return WorkingCalendar().is_working_day(day)


def add_working_days(day: dt.date | dt.datetime, n: int) -> dt.date:
    """The n-th working day after `day` (before it when n < 0); see the module docstring."""
    return WorkingCalendar().add_working_days(day, n)


def subtract_working_days(day: dt.date | dt.datetime, n: int) -> dt.date:
    """The n-th working day before `day`."""
    return WorkingCalendar().add_working_days(day, -n)


def next_working_day(day: dt.date | dt.datetime) -> dt.date:
    """The first working day strictly after `day`."""
    return WorkingCalendar().add_working_days(day, 1)


def count_working_days(start: dt.date | dt.datetime, end: dt.date | dt.datetime) -> int:
    """Working days in (start, end]: start excluded, end included. Negative when end < start."""
    return WorkingCalendar().count_working_days(start, end)


def working_deadline(start: dt.datetime, n: int) -> dt.datetime:
    """When an SLA of `n` working days starting at `start` runs out (WorkingCalendar's doc)."""
    return WorkingCalendar().working_deadline(start, n)


def days_off_in_year(year: int) -> list[DayOff]:
    """Every national holiday, cuti bersama and local day off of `year`, by date."""
    from kotacerdas.core.models import LocalDayOff

    days = [DayOff(d, name, KIND_NATIONAL) for d, name in national_holidays(year).items()]
    days += [DayOff(d, name, KIND_CUTI_BERSAMA) for d, name in cuti_bersama(year).items()]
    days += [
        DayOff(row.date, row.name, KIND_LOCAL, row.pk)
        for row in LocalDayOff.objects.filter(date__year=year)
    ]
    return sorted(days, key=lambda day: (day.date, day.kind))

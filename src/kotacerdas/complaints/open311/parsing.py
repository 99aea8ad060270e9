"""Reading Open311 GeoReport v2 parameters: the form of POST requests and the GET filters.

Only the shape is checked here (numbers, dates, the location rule of the specification);
what a case may contain is decided by `services.intake.case_submit`.
"""

from __future__ import annotations

import datetime as dt
import re
from dataclasses import dataclass, field
from typing import Any

from django.http import QueryDict
from django.utils import timezone
from django.utils.dateparse import parse_date, parse_datetime
from django.utils.translation import gettext as _

from .formats import JAKARTA

DEFAULT_WINDOW = dt.timedelta(days=90)  # the specification's default and widest date range
STATUSES = ("open", "closed")
_ATTRIBUTE_KEY = re.compile(r"^attribute\[([^\[\]]+)\](\[\])?$")


class Open311Error(Exception):
    """An answer of the error list: the HTTP status and one description per problem."""

    def __init__(self, status: int, descriptions: list[str]):
        super().__init__("; ".join(descriptions))
        self.status = status
        self.descriptions = descriptions


@dataclass
class RequestForm:
    """The fields of POST requests, named after the case they will become."""

    service_code: str
    lat: float | None
    lng: float | None
    address: str
    address_id: str
    description: str
    reporter_name: str
    reporter_phone: str
    reporter_email: str
    media_url: str
    attributes: dict[str, Any] = field(default_factory=dict)


def _coordinate(data: QueryDict, name: str, low: float, high: float) -> float | None:
    raw = (data.get(name) or "").strip()
    if not raw:
        return None
    try:
        value = float(raw)
    except ValueError:
        value = float("nan")
    if not low <= value <= high:  # also false for NaN and infinities
        raise Open311Error(
            400, [_("%(name)s tidak valid: harus angka desimal WGS84.") % {"name": name}]
        )
    return value


def _attributes(data: QueryDict) -> dict[str, Any]:
    attributes: dict[str, Any] = {}
    for key in data:
        match = _ATTRIBUTE_KEY.match(key)
        if match is None:
            continue
        code, many = match.group(1), match.group(2)
        attributes[code] = data.getlist(key) if many else data.get(key)
    return attributes


def parse_request_form(data: QueryDict) -> RequestForm:
    """The POST requests form; 400 when service_code or every form of location is missing."""
    with_nul = sorted({key for key, values in data.lists() for v in values if "\x00" in v})
    if with_nul:  # PostgreSQL text cannot hold NUL; refuse before anything is written
        raise Open311Error(
            400,
            [_("%(name)s berisi karakter NUL yang tidak diizinkan.") % {"name": name}
             for name in with_nul],
        )  # fmt: skip
    service_code = (data.get("service_code") or "").strip()
    problems = []
    if not service_code:
        problems.append(_("service_code wajib diisi."))
    lat = _coordinate(data, "lat", -90, 90)
    lng = _coordinate(data, "long", -180, 180)
    address = (data.get("address_string") or "").strip()
    address_id = (data.get("address_id") or "").strip()
    if (lat is None) != (lng is None):
        problems.append(_("lat dan long harus diisi berdua."))
    elif lat is None and not address and not address_id:
        problems.append(_("Lokasi wajib diisi: lat dan long, address_string, atau address_id."))
    if problems:
        raise Open311Error(400, problems)
    name = " ".join(
        part for part in ((data.get("first_name") or "").strip(),
                          (data.get("last_name") or "").strip()) if part
    )  # fmt: skip
    return RequestForm(
        service_code=service_code,
        lat=lat,
        lng=lng,
        address=address,
        address_id=address_id,
        description=data.get("description") or "",
        reporter_name=name,
        reporter_phone=(data.get("phone") or "").strip(),
        reporter_email=(data.get("email") or "").strip(),
        media_url=(data.get("media_url") or "").strip(),
        attributes=_attributes(data),
    )


def _moment(raw: str, name: str, *, end_of_day: bool) -> dt.datetime:
    try:
        # A "+07:00" sent unescaped in a query string arrives as " 07:00".
        value = parse_datetime(raw.replace(" ", "+"))
        day = parse_date(raw) if value is None else None
    except ValueError:  # well-formed but impossible, e.g. month 13
        value = day = None
    if value is None:
        if day is None:
            raise Open311Error(
                400,
                [_("%(name)s tidak valid: gunakan format W3C, mis. 2026-11-01T00:00:00+07:00.")
                 % {"name": name}],
            )  # fmt: skip
        value = dt.datetime.combine(day, dt.time.max if end_of_day else dt.time.min)
    if timezone.is_naive(value):
        value = value.replace(tzinfo=JAKARTA)
    return value


def _comma_list(data: QueryDict, name: str) -> list[str]:
    return [item.strip() for item in ",".join(data.getlist(name)).split(",") if item.strip()]


@dataclass
class RequestFilters:
    tracking_numbers: list[str]
    service_codes: list[str]
    start: dt.datetime | None
    end: dt.datetime | None
    statuses: list[str]


def parse_request_filters(data: QueryDict, *, now: dt.datetime | None = None) -> RequestFilters:
    """GET requests filters. Without service_request_id the window is at most 90 days and
    defaults to the last 90 days."""
    tracking_numbers = _comma_list(data, "service_request_id")
    statuses = [status.lower() for status in _comma_list(data, "status")]
    unknown = [status for status in statuses if status not in STATUSES]
    if unknown:
        raise Open311Error(400, [_("status tidak dikenal: gunakan open atau closed.")])
    if tracking_numbers:
        return RequestFilters(tracking_numbers, [], None, None, statuses)
    raw_start = (data.get("start_date") or "").strip()
    raw_end = (data.get("end_date") or "").strip()
    start = _moment(raw_start, "start_date", end_of_day=False) if raw_start else None
    end = _moment(raw_end, "end_date", end_of_day=True) if raw_end else None
    if start is None and end is None:
        end = now or timezone.now()
    if start is None:
        start = end - DEFAULT_WINDOW
    elif end is None:
        end = start + DEFAULT_WINDOW
    if end < start:
        raise Open311Error(400, [_("end_date tidak boleh sebelum start_date.")])
    if end - start > DEFAULT_WINDOW + dt.timedelta(days=1):
        raise Open311Error(400, [_("Rentang start_date sampai end_date paling lama 90 hari.")])
    return RequestFilters([], _comma_list(data, "service_code"), start, end, statuses)

"""Reads behind the sensor pages and the platform API (issue #7 item 8): who sees which Things,
the sensor list with its status, the map's features, latest values and ingestion lag.

Scoping: administrators, sensor operators and the read-all roles (executive, walidata, Tim
Pelaksana) see every Thing; an agency officer or URC officer sees the Things of their own
agency (and agencies merged into it); anyone else sees none. The time series of a datastream
is in `pages_series.py`.
"""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass
from typing import Any

from django.core.exceptions import PermissionDenied
from django.db.models import (
    Avg,
    Count,
    DateTimeField,
    ExpressionWrapper,
    F,
    Max,
    Q,
    QuerySet,
    Value,
)
from django.db.models.lookups import LessThan
from django.http import Http404
from django.utils import timezone
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy

from kotacerdas.core import permissions
from kotacerdas.core.models import Role
from kotacerdas.sensing.models import Datastream, DatastreamLatest, Location, Thing, ThingKind

# A Thing none of whose datastreams reported for this long is "offline"; "stale" is the
# watchdog's verdict (DatastreamLatest.stale_since) or a datastream past twice its cadence.
OFFLINE_AFTER = dt.timedelta(hours=24)
LAG_WINDOW = dt.timedelta(minutes=15)

STATUS_OK, STATUS_STALE, STATUS_OFFLINE = "ok", "stale", "offline"
STATUS_CHOICES = [
    (STATUS_OK, gettext_lazy("Melapor")),
    (STATUS_STALE, gettext_lazy("Terlambat lapor")),
    (STATUS_OFFLINE, gettext_lazy("Luring")),
]
STATUS_LABELS = dict(STATUS_CHOICES)


def can_read_all_sensors(user: Any) -> bool:
    return permissions.can_read_all_agencies(user) or permissions.has_role(
        user, Role.SENSOR_OPERATOR
    )


def can_view_sensors(user: Any) -> bool:
    """Signed-in staff with a read-all role, a sensor operator, or an officer of an agency."""
    if can_read_all_sensors(user):
        return True
    return bool(
        permissions.has_role(user, Role.AGENCY_OFFICER, Role.URC_OFFICER)
        and user.agency_id is not None
    )


def require_sensor_reader(user: Any) -> None:
    if not can_view_sensors(user):
        raise PermissionDenied(_("Halaman sensor hanya untuk petugas yang berwenang."))


def things_visible(user: Any) -> QuerySet[Thing]:
    """The Things `user` may see (none for anyone without a sensing role)."""
    if can_read_all_sensors(user):
        return Thing.objects.all()
    if not can_view_sensors(user):
        return Thing.objects.none()
    scope = permissions.agency_scope_ids(user)
    if scope is None:
        return Thing.objects.all()
    return Thing.objects.filter(agency_id__in=scope)


def _stale_condition(now: dt.datetime) -> Q:
    """A datastream whose watchdog flag is set, or that is past twice its reporting cadence."""
    interval = F("datastreams__expected_interval")
    due = ExpressionWrapper(
        F("datastreams__latest__phenomenon_time") + interval + interval,
        output_field=DateTimeField(),
    )
    return Q(datastreams__latest__stale_since__isnull=False) | Q(
        LessThan(due, Value(now, output_field=DateTimeField()))
    )


def thing_status_annotated(queryset: QuerySet[Thing], *, now: dt.datetime) -> QuerySet[Thing]:
    """Adds `last_seen` (newest phenomenon time over the Thing's datastreams) and
    `stale_streams` (how many of them are late) to each Thing."""
    return queryset.annotate(
        last_seen=Max("datastreams__latest__phenomenon_time"),
        stale_streams=Count("datastreams", filter=_stale_condition(now), distinct=True),
    )


def status_of(thing: Thing, *, now: dt.datetime) -> str:
    last_seen = getattr(thing, "last_seen", None)
    if last_seen is None or last_seen < now - OFFLINE_AFTER:
        return STATUS_OFFLINE
    if getattr(thing, "stale_streams", 0):
        return STATUS_STALE
    return STATUS_OK


@dataclass(frozen=True)
class ThingFilters:
    kind: str = ""
    agency_id: int | None = None
    status: str = ""
    search: str = ""

    @classmethod
    def parse(cls, params) -> ThingFilters:
        """From query parameters (`jenis`, `pd`, `status`, `q`); unknown values are ignored."""
        kind = params.get("jenis", "") or ""
        status = params.get("status", "") or ""
        try:
            agency_id = int(params.get("pd") or 0) or None
        except (TypeError, ValueError):
            agency_id = None
        return cls(
            kind=kind if kind in ThingKind.values else "",
            agency_id=agency_id,
            status=status if status in STATUS_LABELS else "",
            search=(params.get("q", "") or "").strip()[:100],
        )


def thing_list(
    *, actor: Any, filters: ThingFilters = ThingFilters(), now: dt.datetime | None = None
) -> QuerySet[Thing]:
    """The Things `actor` sees, filtered, with `last_seen` and `stale_streams`, by name."""
    now = now or timezone.now()
    queryset = things_visible(actor).select_related("agency")
    if filters.kind:
        queryset = queryset.filter(kind=filters.kind)
    if filters.agency_id:
        queryset = queryset.filter(agency_id=filters.agency_id)
    if filters.search:
        queryset = queryset.filter(name__icontains=filters.search)
    queryset = thing_status_annotated(queryset, now=now)
    offline = Q(last_seen__isnull=True) | Q(last_seen__lt=now - OFFLINE_AFTER)
    if filters.status == STATUS_OFFLINE:
        queryset = queryset.filter(offline)
    elif filters.status == STATUS_STALE:
        queryset = queryset.exclude(offline).filter(stale_streams__gt=0)
    elif filters.status == STATUS_OK:
        queryset = queryset.exclude(offline).filter(stale_streams=0)
    return queryset.order_by("name", "id")


def thing_rows(things, *, now: dt.datetime | None = None) -> list[dict]:
    """Each Thing with its status and the latest value of each datastream (two queries)."""
    now = now or timezone.now()
    things = list(things)
    ids = [thing.pk for thing in things]
    streams: dict[int, list[dict]] = {pk: [] for pk in ids}
    queryset = Datastream.objects.filter(thing_id__in=ids).select_related("latest")
    for stream in queryset.order_by("thing_id", "id"):
        streams[stream.thing_id].append(latest_value(stream, now=now))
    return [
        {
            "thing": thing,
            "status": status_of(thing, now=now),
            "status_label": STATUS_LABELS[status_of(thing, now=now)],
            "streams": streams[thing.pk],
        }
        for thing in things
    ]


def unit_symbol(stream: Datastream) -> str:
    unit = stream.unit_of_measurement or {}
    return str(unit.get("symbol") or unit.get("name") or "") if isinstance(unit, dict) else ""


def latest_value(stream: Datastream, *, now: dt.datetime | None = None) -> dict:
    """The newest value of a datastream as the pages and the API show it."""
    now = now or timezone.now()
    try:
        latest = stream.latest
    except DatastreamLatest.DoesNotExist:
        latest = None
    value: Any = None
    time = lag = None
    stale = False
    if latest is not None and latest.phenomenon_time is not None:
        if latest.result_number is not None:
            value = latest.result_number
        elif latest.result_string is not None:
            value = latest.result_string
        else:
            value = latest.result_json
        time = latest.phenomenon_time
        lag = latest.lag_seconds
        stale = latest.stale_since is not None or bool(
            stream.expected_interval and time < now - 2 * stream.expected_interval
        )
    return {
        "id": stream.pk,
        "name": stream.name,
        "unit": unit_symbol(stream),
        "value": value,
        "time": time,
        "lag_seconds": lag,
        "stale": stale,
    }


def thing_get(*, actor: Any, pk: int) -> Thing:
    thing = things_visible(actor).select_related("agency").filter(pk=pk).first()
    if thing is None:
        raise Http404(_("Perangkat tidak ditemukan."))
    return thing


def datastream_get(*, actor: Any, pk: int) -> Datastream:
    """A datastream of a Thing `actor` sees; 404 otherwise (no hint that it exists)."""
    stream = (
        Datastream.objects.filter(thing__in=things_visible(actor), pk=pk)
        .select_related("thing", "thing__agency", "observed_property", "sensor")
        .first()
    )
    if stream is None:
        raise Http404(_("Aliran data tidak ditemukan."))
    return stream


def thing_positions(thing_ids) -> dict[int, tuple[float, float]]:
    """The current (newest) Location point of each Thing that has one."""
    rows = (
        Location.things.through.objects.filter(
            thing_id__in=thing_ids, location__lat__isnull=False, location__lon__isnull=False
        )
        .order_by("thing_id", "location_id")
        .values_list("thing_id", "location__lat", "location__lon")
    )
    positions: dict[int, tuple[float, float]] = {}
    for thing_id, lat, lon in rows:
        positions[thing_id] = (lat, lon)  # the newest location id wins
    return positions


def map_features(
    *, actor: Any, filters: ThingFilters = ThingFilters(), now: dt.datetime | None = None
) -> dict:
    """GeoJSON of the Things `actor` sees that have a position, with latest values and status."""
    now = now or timezone.now()
    things = list(thing_list(actor=actor, filters=filters, now=now))
    positions = thing_positions([thing.pk for thing in things])
    features = []
    for row in thing_rows([t for t in things if t.pk in positions], now=now):
        thing = row["thing"]
        lat, lon = positions[thing.pk]
        features.append(
            {
                "type": "Feature",
                "geometry": {"type": "Point", "coordinates": [lon, lat]},
                "properties": {
                    "id": thing.pk,
                    "name": thing.name,
                    "kind": thing.kind,
                    "kind_label": str(thing.get_kind_display()),
                    "agency": thing.agency.short_name or thing.agency.name if thing.agency else "",
                    "status": row["status"],
                    "status_label": str(row["status_label"]),
                    "is_demo": thing.is_demo,
                    "latest": [_json_latest(stream) for stream in row["streams"]],
                },
            }
        )
    return {"type": "FeatureCollection", "features": features}


def _json_latest(stream: dict) -> dict:
    time = stream["time"]
    return {**stream, "time": time.isoformat() if time else None}


def ingestion_lag(*, actor: Any, now: dt.datetime | None = None) -> dict:
    """Ingestion lag (received - phenomenon time) of the datastreams `actor` sees that
    received something in the last 15 minutes: count, average and maximum in seconds."""
    now = now or timezone.now()
    rows = DatastreamLatest.objects.filter(
        datastream__thing__in=things_visible(actor),
        received_at__gte=now - LAG_WINDOW,
        lag_seconds__isnull=False,
    ).aggregate(count=Count("pk"), average=Avg("lag_seconds"), maximum=Max("lag_seconds"))
    return {
        "window_minutes": int(LAG_WINDOW.total_seconds() // 60),
        "count": rows["count"] or 0,
        "average_seconds": rows["average"],
        "max_seconds": rows["maximum"],
    }


def status_counts(*, actor: Any, now: dt.datetime | None = None) -> dict[str, int]:
    """How many visible Things are ok, stale, offline (for the summary above the list)."""
    now = now or timezone.now()
    counts = {STATUS_OK: 0, STATUS_STALE: 0, STATUS_OFFLINE: 0}
    for thing in thing_status_annotated(things_visible(actor), now=now).only("id"):
        counts[status_of(thing, now=now)] += 1
    return counts

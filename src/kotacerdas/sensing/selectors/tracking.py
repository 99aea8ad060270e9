"""Reads of GPS tracking for the vehicle map, trip replay and event lists (issue #7 items 5, 8).

Scoping: administrators, read-all roles and sensor operators see every vehicle; an agency or URC
officer sees the vehicles of their agency (and agencies merged into it); anybody else none. A
vehicle or trip outside the reader's scope is reported as not found.

For part G: `vehicle_list` (the live map), `trip_list` + `trip_replay` (replay, JSON-ready),
`tracking_event_list`, `geofence_list`/`geofence_feature_collection` (map overlays).
"""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass
from typing import Any

from django.db.models import Q, QuerySet
from django.utils import timezone
from django.utils.translation import gettext as _

from kotacerdas.core import permissions as core_permissions
from kotacerdas.core.models import Role
from kotacerdas.sensing.errors import EntityNotFound
from kotacerdas.sensing.models import (
    Geofence,
    Thing,
    ThingKind,
    TrackingEvent,
    TrackPoint,
    Trip,
    VehicleProfile,
)

MOVING, STOPPED, OFFLINE, UNKNOWN = "moving", "stopped", "offline", "unknown"
MAX_EVENTS = 5000
MAX_TRIPS = 1000


def _agency_scope(user: Any) -> set[int] | None:
    """Agency ids whose vehicles `user` sees; None: every vehicle."""
    if core_permissions.has_role(user, Role.SENSOR_OPERATOR):
        return None
    return core_permissions.agency_scope_ids(user)


def _scoped(queryset: QuerySet, user: Any, agency_field: str) -> QuerySet:
    scope = _agency_scope(user)
    if scope is None:
        return queryset
    return queryset.filter(**{f"{agency_field}__in": scope})


def vehicles_visible(*, user: Any) -> QuerySet[Thing]:
    return _scoped(Thing.objects.filter(kind=ThingKind.VEHICLE), user, "agency_id")


@dataclass(frozen=True)
class VehicleRow:
    thing_id: int
    name: str
    agency_id: int | None
    agency_name: str
    is_demo: bool
    vehicle_type: str
    vehicle_type_label: str
    plate_number: str
    speed_limit_kmh: int | None
    state: str  # moving / stopped / offline / unknown (never seen)
    last_fix_time: dt.datetime | None
    lat: float | None
    lon: float | None
    speed_kmh: float | None
    current_trip_id: int | None

    def as_json(self) -> dict[str, Any]:
        data = self.__dict__.copy()
        data["last_fix_time"] = self.last_fix_time.isoformat() if self.last_fix_time else None
        return data


def _state(profile: VehicleProfile | None, now: dt.datetime) -> str:
    if profile is None or profile.last_fix_time is None:
        return UNKNOWN
    if profile.is_offline or (profile.offline_due_at and profile.offline_due_at <= now):
        return OFFLINE
    return MOVING if profile.current_trip_id else STOPPED


def _row(thing: Thing, now: dt.datetime) -> VehicleRow:
    profile = getattr(thing, "vehicle_profile", None)
    return VehicleRow(
        thing_id=thing.pk,
        name=thing.name,
        agency_id=thing.agency_id,
        agency_name=str(thing.agency) if thing.agency_id else "",
        is_demo=thing.is_demo,
        vehicle_type=profile.vehicle_type if profile else "",
        vehicle_type_label=profile.get_vehicle_type_display() if profile else "",
        plate_number=profile.plate_number if profile else "",
        speed_limit_kmh=profile.speed_limit_kmh if profile else None,
        state=_state(profile, now),
        last_fix_time=profile.last_fix_time if profile else None,
        lat=profile.last_lat if profile else None,
        lon=profile.last_lon if profile else None,
        speed_kmh=profile.last_speed_kmh if profile else None,
        current_trip_id=profile.current_trip_id if profile else None,
    )


def vehicle_list(
    *, user: Any, now: dt.datetime | None = None, state: str | None = None
) -> list[VehicleRow]:
    """Every visible vehicle with its last position and state, in one query."""
    now = now or timezone.now()
    things = vehicles_visible(user=user).select_related("agency", "vehicle_profile")
    rows = [_row(thing, now) for thing in things.order_by("name", "id")]
    return [row for row in rows if state is None or row.state == state]


def vehicle_get(*, user: Any, thing_id: int, now: dt.datetime | None = None) -> VehicleRow:
    thing = (
        vehicles_visible(user=user)
        .select_related("agency", "vehicle_profile")
        .filter(pk=thing_id)
        .first()
    )
    if thing is None:
        raise EntityNotFound(_("Kendaraan tidak ditemukan."))
    return _row(thing, now or timezone.now())


def _thing_id(vehicle: Any) -> int:
    return int(getattr(vehicle, "pk", vehicle))


def trip_list(
    *,
    user: Any,
    vehicle: Any,
    since: dt.datetime | None = None,
    until: dt.datetime | None = None,
    limit: int = 200,
) -> list[Trip]:
    """Trips of one vehicle (a Thing or its id) overlapping [since, until), newest first."""
    thing_id = vehicle_get(user=user, thing_id=_thing_id(vehicle)).thing_id
    trips = Trip.objects.filter(thing_id=thing_id)
    if until is not None:
        trips = trips.filter(started_at__lt=until)
    if since is not None:
        trips = trips.filter(Q(ended_at__isnull=True) | Q(ended_at__gte=since))
    return list(trips.order_by("-started_at", "-id")[: max(1, min(limit, MAX_TRIPS))])


def trip_get(*, user: Any, trip_id: int) -> Trip:
    trip = _scoped(Trip.objects.select_related("thing"), user, "thing__agency_id")
    trip = trip.filter(pk=trip_id).first()
    if trip is None:
        raise EntityNotFound(_("Perjalanan tidak ditemukan."))
    return trip


def trip_track(trip: Trip) -> list[tuple[float, float, dt.datetime, float | None]]:
    """The points of a trip in time order: (lat, lon, time, speed km/h); one indexed query.
    `trip` must come from a scoped read (`trip_get`/`trip_list`)."""
    # time alone: a trip never holds two points at one time (older fixes are ignored)
    points = TrackPoint.objects.filter(trip_id=trip.pk).order_by("time")
    return list(points.values_list("lat", "lon", "time", "speed_kmh"))


def _event_json(event: TrackingEvent) -> dict[str, Any]:
    return {
        "id": event.pk,
        "thing_id": event.thing_id,
        "kind": event.kind,
        "label": event.get_kind_display(),
        "time": event.time.isoformat(),
        "ended_at": event.ended_at.isoformat() if event.ended_at else None,
        "lat": event.lat,
        "lon": event.lon,
        "geofence_id": event.geofence_id,
        "geofence": event.geofence.name if event.geofence_id else "",
        "trip_id": event.trip_id,
        "details": event.details,
    }


def trip_replay(*, user: Any, trip_id: int) -> dict[str, Any]:
    """Everything the replay map needs, JSON-ready: the trip, its points and its events."""
    trip = trip_get(user=user, trip_id=trip_id)
    events = TrackingEvent.objects.filter(trip_id=trip.pk).select_related("geofence")
    return {
        "trip": {
            "id": trip.pk,
            "thing_id": trip.thing_id,
            "vehicle": trip.thing.name,
            "started_at": trip.started_at.isoformat(),
            "ended_at": trip.ended_at.isoformat() if trip.ended_at else None,
            "end_reason": trip.end_reason,
            "distance_km": round(trip.distance_km, 3),
            "max_speed_kmh": round(trip.max_speed_kmh, 1),
            "points_count": trip.points_count,
        },
        "points": [
            [lat, lon, time.isoformat(), None if speed is None else round(speed, 1)]
            for lat, lon, time, speed in trip_track(trip)
        ],
        "events": [_event_json(event) for event in events.order_by("time", "id")],
    }


def tracking_event_list(
    *,
    user: Any,
    vehicle: Any = None,
    since: dt.datetime | None = None,
    until: dt.datetime | None = None,
    kinds: list[str] | None = None,
    limit: int = 500,
) -> list[TrackingEvent]:
    """Tracking events newest first, of one vehicle or of every visible one, in [since, until)."""
    events = _scoped(TrackingEvent.objects.all(), user, "thing__agency_id")
    if vehicle is not None:
        events = events.filter(
            thing_id=vehicle_get(user=user, thing_id=_thing_id(vehicle)).thing_id
        )
    if since is not None:
        events = events.filter(time__gte=since)
    if until is not None:
        events = events.filter(time__lt=until)
    if kinds:
        events = events.filter(kind__in=kinds)
    events = events.select_related("thing", "geofence").order_by("-time", "-id")
    return list(events[: max(1, min(limit, MAX_EVENTS))])


def tracking_events_json(events: list[TrackingEvent]) -> list[dict[str, Any]]:
    return [_event_json(event) for event in events]


def _geofences_visible(user: Any) -> QuerySet[Geofence]:
    fences = Geofence.objects.select_related("agency", "region")
    scope = _agency_scope(user)
    if scope is None:
        return fences
    return fences.filter(Q(agency_id__isnull=True) | Q(agency_id__in=scope))


def geofence_list(*, user: Any, include_inactive: bool = False) -> list[Geofence]:
    """Geofences a reader can see: every geofence of no agency and those of their agencies."""
    fences = _geofences_visible(user)
    if not include_inactive:
        fences = fences.filter(is_active=True)
    return list(fences.order_by("kind", "name", "id"))


def geofence_get(*, user: Any, geofence_id: int) -> Geofence:
    fence = _geofences_visible(user).filter(pk=geofence_id).first()
    if fence is None:
        raise EntityNotFound(_("Geofence tidak ditemukan."))
    return fence


def geofence_feature_collection(*, user: Any) -> dict[str, Any]:
    """The active geofences as one GeoJSON FeatureCollection for a map overlay."""
    return {
        "type": "FeatureCollection",
        "features": [
            {
                "type": "Feature",
                "id": fence.pk,
                "geometry": fence.geometry,
                "properties": {"name": fence.name, "kind": fence.kind, "agency": fence.agency_id},
            }
            for fence in geofence_list(user=user)
        ],
    }

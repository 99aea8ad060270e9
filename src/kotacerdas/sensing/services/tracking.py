"""GPS tracking of city vehicles (Pasal 5(d) and 24(4); issue #7 item 5): every new position of a
vehicle Thing updates its trip and raises geofence, overspeed, stopped, offline and back-online
events. Settings of vehicles and geofences are written in `tracking_admin.py`.

How a stream of fixes is read:
- A fix within `MOVE_RADIUS_KM` of where the vehicle stood still (its anchor) is GPS noise, not
  movement. A fix outside it starts a trip (from the previous fix, the moment of departure) or
  extends the open one; the trip's distance is the sum of haversine legs between its points.
- A trip ends with reason `stop` once the vehicle has stood still for its stop threshold (the
  trip ends when it arrived there; one `stopped` event), or with reason `gap` when no fix came for
  its offline threshold (then an `offline` event, and `online` with the next fix).
- Speed is the reported speed when the device sends one, else distance over time between
  consecutive fixes; a leg faster than `MAX_PLAUSIBLE_KMH` is a GPS jump: no speed, no distance.
- Overspeed raises one event per episode; the episode ends when the speed falls to the limit
  minus `OVERSPEED_HYSTERESIS_KMH`, or with the trip (`ended_at` and the episode's top speed are
  written on the event).
- Geofences: the first fix of a vehicle only records which geofences hold it; later fixes raise
  `geofence_enter`/`geofence_leave` for each change.

Out-of-order and duplicate fixes (time not after the vehicle's last processed fix) are ignored
here: they are still stored as HistoricalLocations by the caller, but change no trip or state.

Audit: one event per trip start, trip end and tracking event (state changes); not per fix, which
is already recorded as a HistoricalLocation by the caller.
"""

from __future__ import annotations

import datetime as dt
import math
from typing import Any

from django.db import transaction
from django.utils import timezone
from django.utils.translation import gettext as _

from kotacerdas.core.audit.chain import audit_record
from kotacerdas.sensing.errors import InvalidEntity
from kotacerdas.sensing.models import (
    ThingKind,
    TrackingEvent,
    TrackingEventKind,
    TrackPoint,
    Trip,
    TripEndReason,
    VehicleProfile,
)
from kotacerdas.sensing.services.tracking_geo import (
    active_geofences,
    haversine_km,
    speed_kmh,
)

MOVE_RADIUS_KM = 0.05
MAX_PLAUSIBLE_KMH = 250.0
OVERSPEED_HYSTERESIS_KMH = 5.0
SYSTEM = "system"


def _check_fix(time: Any, lat: Any, lon: Any, speed: Any) -> tuple[float, float, float | None]:
    if not isinstance(time, dt.datetime) or timezone.is_naive(time):
        raise InvalidEntity(_("Waktu posisi harus lengkap dengan zona waktu."), field="time")
    try:
        lat, lon = float(lat), float(lon)
        speed = None if speed is None else float(speed)
    except (TypeError, ValueError) as exc:
        raise InvalidEntity(_("Koordinat atau kecepatan bukan angka."), field="location") from exc
    if not (math.isfinite(lat) and math.isfinite(lon) and -90 <= lat <= 90 and -180 <= lon <= 180):
        raise InvalidEntity(
            _("Koordinat di luar batas bumi (lintang -90..90, bujur -180..180)."), field="location"
        )
    if speed is not None and not (math.isfinite(speed) and speed >= 0):
        raise InvalidEntity(_("Kecepatan harus angka tidak negatif."), field="speed")
    return lat, lon, speed


def tracking_on_location(
    *, thing, time: dt.datetime, lat: float, lon: float, speed_kmh: float | None = None
) -> None:
    """A new position of `thing` (called by `thing_location_set` after it stored the
    HistoricalLocation, in the same transaction). Things that are not vehicles are ignored;
    a vehicle without a profile gets one with the default settings. `speed_kmh` is the speed
    the device reported, if any. Fixes not newer than the last one are ignored (see above)."""
    if thing.kind != ThingKind.VEHICLE:
        return
    lat, lon, reported = _check_fix(time, lat, lon, speed_kmh)
    # No savepoint: a failure here fails the caller's whole write (nothing half-written).
    with transaction.atomic(savepoint=False):
        profile, _created = (
            VehicleProfile.objects.select_for_update(of=("self",))
            .select_related("current_trip", "overspeed_event")
            .get_or_create(thing=thing)
        )
        if profile.last_fix_time is not None and time <= profile.last_fix_time:
            return
        profile.thing = thing
        _FixProcessor(profile, time, lat, lon, reported).run()
        profile.save()


def tracking_check_offline(*, now: dt.datetime | None = None) -> int:
    """Mark vehicles offline whose last fix is older than their offline threshold: one `offline`
    event each (at the moment the threshold passed), their open trip ended (`gap`). Idempotent;
    run by the scheduler (`kotacerdas tracking check-offline`). Returns how many went offline."""
    now = now or timezone.now()
    due = VehicleProfile.objects.filter(is_offline=False, offline_due_at__lte=now)
    count = 0
    for pk in list(due.values_list("pk", flat=True)):
        with transaction.atomic():
            profile = (
                VehicleProfile.objects.select_for_update(of=("self",))
                .select_related("thing", "current_trip", "overspeed_event")
                .filter(pk=pk, is_offline=False, offline_due_at__lte=now)
                .first()
            )
            if profile is None:
                continue
            _go_offline(profile)
            profile.save()
            count += 1
    return count


def _record_event(profile: VehicleProfile, kind: str, time, lat, lon, **fields) -> TrackingEvent:
    event = TrackingEvent.objects.create(
        thing=profile.thing, kind=kind, time=time, lat=lat, lon=lon, **fields
    )
    audit_record(
        actor=SYSTEM,
        action=f"sensing.tracking.{kind}",
        obj=event,
        changes={"thing": profile.thing_id, "time": time, "lat": lat, "lon": lon}
        | {"details": event.details, "geofence": event.geofence_id, "trip": event.trip_id},
    )
    return event


def _end_overspeed(profile: VehicleProfile, at: dt.datetime) -> None:
    event = profile.overspeed_event
    if event is not None:
        TrackingEvent.objects.filter(pk=event.pk).update(ended_at=at, details=event.details)
        profile.overspeed_event = None


def _end_trip(profile: VehicleProfile, reason: str) -> Trip | None:
    trip = profile.current_trip
    if trip is None:
        return None
    trip.ended_at = trip.last_point_at
    trip.end_reason = reason
    trip.save(update_fields=["ended_at", "end_reason"])
    profile.current_trip = None
    _end_overspeed(profile, trip.ended_at)
    audit_record(
        actor=SYSTEM,
        action="sensing.trip.end",
        obj=trip,
        changes={
            "thing": profile.thing_id,
            "ended_at": trip.ended_at,
            "end_reason": reason,
            "distance_km": round(trip.distance_km, 3),
            "points_count": trip.points_count,
        },
    )
    return trip


def _go_offline(profile: VehicleProfile) -> None:
    """The vehicle has been silent for its offline threshold."""
    threshold = profile.offline_threshold_minutes
    trip = _end_trip(profile, TripEndReason.GAP)
    _record_event(
        profile,
        TrackingEventKind.OFFLINE,
        profile.last_fix_time + dt.timedelta(minutes=threshold),
        profile.last_lat,
        profile.last_lon,
        trip=trip,
        details={"last_fix": profile.last_fix_time.isoformat(), "threshold_minutes": threshold},
    )
    profile.is_offline = True


class _FixProcessor:
    """One fix applied to a locked VehicleProfile (its fields are the state machine's state)."""

    def __init__(self, profile: VehicleProfile, time, lat: float, lon: float, reported):
        self.profile, self.time, self.lat, self.lon = profile, time, lat, lon
        self.reported = reported
        self.speed: float | None = reported

    def run(self) -> None:
        p = self.profile
        first = p.last_fix_time is None
        if first:
            self._set_anchor()
        elif p.is_offline or self._seconds_since_last() > p.offline_threshold_minutes * 60:
            self._after_gap()
        else:
            self._continue()
        self._geofences(record_events=not first)
        p.last_fix_time, p.last_lat, p.last_lon = self.time, self.lat, self.lon
        p.last_speed_kmh = self.speed
        p.offline_due_at = self.time + dt.timedelta(minutes=p.offline_threshold_minutes)

    def _seconds_since_last(self) -> float:
        return (self.time - self.profile.last_fix_time).total_seconds()

    def _set_anchor(self) -> None:
        p = self.profile
        p.anchor_lat, p.anchor_lon, p.stationary_since = self.lat, self.lon, self.time

    def _after_gap(self) -> None:
        p = self.profile
        silent_minutes = round(self._seconds_since_last() / 60, 1)
        if not p.is_offline:
            _go_offline(p)
        _record_event(
            p,
            TrackingEventKind.ONLINE,
            self.time,
            self.lat,
            self.lon,
            details={"offline_minutes": silent_minutes},
        )
        p.is_offline = False
        self._set_anchor()

    def _continue(self) -> None:
        p = self.profile
        leg_km = haversine_km(p.last_lat, p.last_lon, self.lat, self.lon)
        computed = speed_kmh(leg_km, self._seconds_since_last())
        plausible = computed is None or computed <= MAX_PLAUSIBLE_KMH
        if self.reported is None:
            self.speed = computed if plausible else None
        moved = haversine_km(p.anchor_lat, p.anchor_lon, self.lat, self.lon) > MOVE_RADIUS_KM
        if moved:
            if p.current_trip is None:
                self._start_trip()
            self._extend_trip(count_distance=plausible)
            self._set_anchor()
        elif p.current_trip is not None:
            still = (self.time - p.stationary_since).total_seconds()
            if still >= p.stop_threshold_minutes * 60:
                self._stop()
        self._overspeed()

    def _start_trip(self) -> None:
        p = self.profile
        trip = Trip.objects.create(
            thing=p.thing,
            started_at=p.last_fix_time,
            start_lat=p.last_lat,
            start_lon=p.last_lon,
            end_lat=p.last_lat,
            end_lon=p.last_lon,
            last_point_at=p.last_fix_time,
            points_count=1,
        )
        TrackPoint.objects.create(
            trip=trip, time=p.last_fix_time, lat=p.last_lat, lon=p.last_lon, speed_kmh=None
        )
        p.current_trip = trip
        audit_record(
            actor=SYSTEM,
            action="sensing.trip.start",
            obj=trip,
            changes={"thing": p.thing_id, "started_at": trip.started_at},
        )

    def _extend_trip(self, *, count_distance: bool) -> None:
        trip = self.profile.current_trip
        if count_distance:
            trip.distance_km += haversine_km(trip.end_lat, trip.end_lon, self.lat, self.lon)
        if self.speed is not None:
            trip.max_speed_kmh = max(trip.max_speed_kmh, self.speed)
        trip.end_lat, trip.end_lon, trip.last_point_at = self.lat, self.lon, self.time
        trip.points_count += 1
        trip.save(
            update_fields=[
                "distance_km",
                "max_speed_kmh",
                "end_lat",
                "end_lon",
                "last_point_at",
                "points_count",
            ]
        )
        TrackPoint.objects.create(
            trip=trip, time=self.time, lat=self.lat, lon=self.lon, speed_kmh=self.speed
        )

    def _stop(self) -> None:
        p = self.profile
        trip = _end_trip(p, TripEndReason.STOP)
        _record_event(
            p,
            TrackingEventKind.STOPPED,
            p.stationary_since,
            p.anchor_lat,
            p.anchor_lon,
            trip=trip,
            details={
                "threshold_minutes": p.stop_threshold_minutes,
                "noticed_at": self.time.isoformat(),
            },
        )

    def _overspeed(self) -> None:
        p, speed = self.profile, self.speed
        if speed is None:
            return
        limit = p.speed_limit_kmh
        event = p.overspeed_event
        if speed > limit:
            if event is None:
                p.overspeed_event = _record_event(
                    p,
                    TrackingEventKind.OVERSPEED,
                    self.time,
                    self.lat,
                    self.lon,
                    trip=p.current_trip,
                    details={
                        "speed_kmh": round(speed, 1),
                        "limit_kmh": limit,
                        "max_speed_kmh": round(speed, 1),
                    },
                )
            elif speed > event.details.get("max_speed_kmh", 0):
                event.details["max_speed_kmh"] = round(speed, 1)
                TrackingEvent.objects.filter(pk=event.pk).update(details=event.details)
        elif event is not None and speed <= limit - OVERSPEED_HYSTERESIS_KMH:
            _end_overspeed(p, self.time)

    def _geofences(self, *, record_events: bool) -> None:
        p = self.profile
        fences = {
            fence.id: fence
            for fence in active_geofences()
            if fence.agency_id is None or fence.agency_id == p.thing.agency_id
        }
        inside = {gid for gid, fence in fences.items() if fence.covers(self.lat, self.lon)}
        before = set(p.inside_geofence_ids or [])
        if record_events:
            # A geofence deleted or switched off meanwhile is left without an event.
            for gid in sorted((before - inside) & fences.keys()):
                self._geofence_event(TrackingEventKind.GEOFENCE_LEAVE, gid)
            for gid in sorted(inside - before):
                self._geofence_event(TrackingEventKind.GEOFENCE_ENTER, gid)
        p.inside_geofence_ids = sorted(inside)

    def _geofence_event(self, kind: str, geofence_id: int) -> None:
        _record_event(
            self.profile,
            kind,
            self.time,
            self.lat,
            self.lon,
            geofence_id=geofence_id,
            trip=self.profile.current_trip,
        )

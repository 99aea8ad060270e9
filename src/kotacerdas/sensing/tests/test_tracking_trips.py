"""Trips from GPS fixes: start, distance and speed, end on a stop or a gap, noise, bad fixes."""

import datetime as dt
import itertools

import pytest

from kotacerdas.core.models import AuditEvent
from kotacerdas.sensing.errors import InvalidEntity
from kotacerdas.sensing.models import (
    Thing,
    ThingKind,
    TrackingEvent,
    TrackingEventKind,
    TrackPoint,
    Trip,
    TripEndReason,
    VehicleProfile,
)
from kotacerdas.sensing.services.tracking import tracking_on_location
from kotacerdas.sensing.services.tracking_geo import haversine_km

from .tracking_factories import LAT_BEKASI_TIMUR as LAT0
from .tracking_factories import LON, STEP_KM, STEP_LAT, at, drive_north, fix, make_vehicle

pytestmark = pytest.mark.django_db


def _points(trip):
    return list(TrackPoint.objects.filter(trip=trip).values_list("lat", "lon", "time", "speed_kmh"))


def test_first_fix_creates_profile_and_no_trip():
    truck = make_vehicle()
    fix(truck, 0, LAT0)
    profile = VehicleProfile.objects.get(thing=truck)
    assert (profile.last_lat, profile.last_lon, profile.last_fix_time) == (LAT0, LON, at(0))
    assert profile.offline_due_at == at(15)
    assert profile.current_trip is None
    assert Trip.objects.count() == 0


def test_drive_makes_one_trip_with_distance_speed_and_points():
    truck = make_vehicle()
    drive_north(truck, start_minute=0, steps=5)  # 6 fixes, 5 legs of 400 m every 30 s
    trip = Trip.objects.get(thing=truck)
    assert trip.started_at == at(0) and trip.ended_at is None
    assert trip.points_count == 6
    assert trip.distance_km == pytest.approx(5 * STEP_KM, abs=1e-4)
    assert trip.max_speed_kmh == pytest.approx(STEP_KM / (30 / 3600), abs=0.01)
    points = _points(trip)
    assert [p[2] for p in points] == [at(i * 0.5) for i in range(6)]
    assert points[0][3] is None
    legs = sum(haversine_km(a[0], a[1], b[0], b[1]) for a, b in itertools.pairwise(points))
    assert trip.distance_km == pytest.approx(legs, rel=1e-9)
    assert VehicleProfile.objects.get(thing=truck).current_trip_id == trip.pk
    assert (
        AuditEvent.objects.filter(action="sensing.trip.start", object_id=str(trip.pk)).count() == 1
    )


def test_gps_noise_within_fifty_metres_is_not_a_trip():
    truck = make_vehicle()
    for i, offset in enumerate([0, 0.0002, -0.0002, 0.0003, 0, -0.0001]):  # up to ~33 m
        fix(truck, i, LAT0 + offset, LON + offset)
    assert Trip.objects.count() == 0
    assert TrackingEvent.objects.count() == 0


def test_stop_longer_than_threshold_ends_trip_once_with_stopped_event():
    truck = make_vehicle(stop_threshold_minutes=5)
    last = drive_north(truck, start_minute=0, steps=3)  # arrives at minute 1.5
    for minute in (2.5, 4.5, 6.4):  # standing still, under 5 minutes since arrival
        fix(truck, minute, last + 0.0001)
    trip = Trip.objects.get(thing=truck)
    assert trip.ended_at is None
    fix(truck, 6.5, last)  # 5 minutes after arrival
    fix(truck, 9, last)
    fix(truck, 20, last - 0.0001)
    trip.refresh_from_db()
    assert (trip.ended_at, trip.end_reason) == (at(1.5), TripEndReason.STOP)
    assert trip.points_count == 4
    assert (trip.end_lat, trip.end_lon) == (last, LON)
    stopped = TrackingEvent.objects.get(kind=TrackingEventKind.STOPPED)
    assert (stopped.time, stopped.lat, stopped.trip_id) == (at(1.5), last, trip.pk)
    assert stopped.details["threshold_minutes"] == 5
    assert VehicleProfile.objects.get(thing=truck).current_trip is None
    assert AuditEvent.objects.filter(action="sensing.trip.end").count() == 1
    assert AuditEvent.objects.filter(action="sensing.tracking.stopped").count() == 1


def test_short_stop_keeps_one_trip_and_leaves_stationary_fixes_out():
    truck = make_vehicle(stop_threshold_minutes=5)
    last = drive_north(truck, start_minute=0, steps=2)  # arrives at minute 1
    fix(truck, 2, last + 0.0002)  # jitter while waiting at a traffic light
    fix(truck, 4, last)
    drive_north(truck, start_minute=4, steps=2, lat=last)  # moves on
    trip = Trip.objects.get(thing=truck)
    assert trip.ended_at is None
    assert trip.points_count == 5
    assert trip.distance_km == pytest.approx(4 * STEP_KM, abs=1e-4)
    assert TrackingEvent.objects.filter(kind=TrackingEventKind.STOPPED).count() == 0


def test_departure_after_a_stop_starts_a_new_trip_from_the_last_fix():
    truck = make_vehicle(stop_threshold_minutes=5)
    last = drive_north(truck, start_minute=0, steps=2)
    fix(truck, 7, last)  # stopped: trip 1 ends
    fix(truck, 8, last)
    fix(truck, 8.5, last + STEP_LAT)
    first, second = Trip.objects.order_by("started_at")
    assert first.end_reason == TripEndReason.STOP
    assert (second.started_at, second.start_lat) == (at(8), last)
    assert second.points_count == 2
    assert second.distance_km == pytest.approx(STEP_KM, abs=1e-4)


def test_gap_longer_than_offline_threshold_ends_trip_and_records_offline_and_online():
    truck = make_vehicle(offline_threshold_minutes=10)
    last = drive_north(truck, start_minute=0, steps=2)  # last fix at minute 1
    fix(truck, 31, last + STEP_LAT)  # 30 minutes later, 400 m further
    trip = Trip.objects.get(thing=truck)
    assert (trip.ended_at, trip.end_reason, trip.points_count) == (at(1), TripEndReason.GAP, 3)
    offline = TrackingEvent.objects.get(kind=TrackingEventKind.OFFLINE)
    online = TrackingEvent.objects.get(kind=TrackingEventKind.ONLINE)
    assert (offline.time, offline.lat, offline.trip_id) == (at(11), last, trip.pk)
    assert (online.time, online.lat) == (at(31), last + STEP_LAT)
    assert online.details == {"offline_minutes": 30.0}
    profile = VehicleProfile.objects.get(thing=truck)
    assert profile.is_offline is False and profile.current_trip is None
    # the leg across the gap is not a trip; moving on starts a new one from the fix after it
    fix(truck, 31.5, last + 2 * STEP_LAT)
    assert Trip.objects.filter(started_at=at(31), ended_at=None).count() == 1


def test_out_of_order_and_duplicate_fixes_are_ignored():
    truck = make_vehicle()
    drive_north(truck, start_minute=0, steps=3)
    trip = Trip.objects.get()
    before = (trip.points_count, trip.distance_km, trip.last_point_at)
    fix(truck, 1.5, LAT0 + 3 * STEP_LAT)  # duplicate of the last fix
    fix(truck, 0.75, LAT0 + 9 * STEP_LAT)  # late fix from the past, far away
    trip.refresh_from_db()
    assert (trip.points_count, trip.distance_km, trip.last_point_at) == before
    profile = VehicleProfile.objects.get(thing=truck)
    assert (profile.last_fix_time, profile.last_lat) == (at(1.5), LAT0 + 3 * STEP_LAT)
    assert TrackingEvent.objects.count() == 0


def test_gps_jump_counts_no_distance_and_no_speed():
    truck = make_vehicle(speed_limit_kmh=60)
    drive_north(truck, start_minute=0, steps=1)
    fix(truck, 0.6, LAT0 + STEP_LAT + 0.05)  # 5.6 km in 6 s: a glitch
    trip = Trip.objects.get()
    assert trip.distance_km == pytest.approx(STEP_KM, abs=1e-4)
    assert trip.points_count == 3
    assert _points(trip)[-1][3] is None
    assert not TrackingEvent.objects.filter(kind=TrackingEventKind.OVERSPEED).exists()


def test_reported_speed_is_used_when_sent():
    truck = make_vehicle()
    drive_north(truck, start_minute=0, steps=1)
    fix(truck, 1, LAT0 + 2 * STEP_LAT, speed=42.5)
    trip = Trip.objects.get()
    assert _points(trip)[-1][3] == 42.5
    assert VehicleProfile.objects.get(thing=truck).last_speed_kmh == 42.5


def test_things_that_are_not_vehicles_are_not_tracked():
    gauge = Thing.objects.create(name="Pos P2C", kind=ThingKind.RIVER_GAUGE)
    fix(gauge, 0, LAT0)
    fix(gauge, 1, LAT0 + STEP_LAT)
    assert not VehicleProfile.objects.exists() and not Trip.objects.exists()


@pytest.mark.parametrize(
    ("time", "lat", "lon", "speed", "field"),
    [
        (dt.datetime(2026, 3, 2, 8, 0), LAT0, LON, None, "time"),
        ("2026-03-02T08:00:00Z", LAT0, LON, None, "time"),
        (at(0), 91.0, LON, None, "location"),
        (at(0), LAT0, -180.5, None, "location"),
        (at(0), float("nan"), LON, None, "location"),
        (at(0), "abc", LON, None, "location"),
        (at(0), LAT0, LON, -3, "speed"),
    ],
)
def test_bad_fix_is_refused_and_writes_nothing(time, lat, lon, speed, field):
    truck = make_vehicle()
    with pytest.raises(InvalidEntity) as excinfo:
        tracking_on_location(thing=truck, time=time, lat=lat, lon=lon, speed_kmh=speed)
    assert excinfo.value.field == field
    assert not VehicleProfile.objects.exists()

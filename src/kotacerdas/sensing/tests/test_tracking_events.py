"""Tracking events: overspeed once per episode, offline and back online, geofence enter/leave
of a real Bekasi kecamatan boundary and of drawn polygons."""

import pytest
from django.core.management import call_command

from kotacerdas.core.models import AuditEvent
from kotacerdas.core.tests.factories import AdminFactory, AgencyFactory
from kotacerdas.sensing.models import (
    Geofence,
    GeofenceKind,
    TrackingEvent,
    TrackingEventKind,
    Trip,
    TripEndReason,
    VehicleProfile,
)
from kotacerdas.sensing.services.tracking import tracking_check_offline
from kotacerdas.sensing.services.tracking_admin import geofence_create, geofence_update

from .tracking_factories import LAT_BEKASI_TIMUR as LAT0
from .tracking_factories import LAT_BEKASI_UTARA, LON, STEP_LAT, at, drive_north, fix, make_vehicle

pytestmark = pytest.mark.django_db
E = TrackingEventKind


def _kinds(thing):
    return list(
        TrackingEvent.objects.filter(thing=thing)
        .order_by("time", "id")
        .values_list("kind", flat=True)
    )


# --- overspeed


def _drive_with_speeds(thing, speeds_kmh, *, start=0.0, lat=LAT0):
    """One fix a minute, each leg as long as the given speed makes it; returns the last lat."""
    fix(thing, start, lat)
    for i, speed in enumerate(speeds_kmh, start=1):
        lat += speed / 60 / 111.19508
        fix(thing, start + i, lat)
    return lat


def test_overspeed_is_one_event_per_episode_with_its_top_speed():
    ambulance = make_vehicle(name="Ambulans 01", speed_limit_kmh=60)
    _drive_with_speeds(ambulance, [40, 70, 80, 75, 58, 50, 72])
    events = list(TrackingEvent.objects.filter(kind=E.OVERSPEED).order_by("time"))
    assert len(events) == 2
    first, second = events
    assert first.time == at(2)
    assert first.details["limit_kmh"] == 60
    assert first.details["speed_kmh"] == pytest.approx(70, abs=0.1)
    assert first.details["max_speed_kmh"] == pytest.approx(80, abs=0.1)
    assert first.ended_at == at(6)  # 50 km/h: below the limit less the 5 km/h margin
    assert first.trip_id == Trip.objects.get().pk
    assert second.time == at(7) and second.ended_at is None
    assert VehicleProfile.objects.get(thing=ambulance).overspeed_event_id == second.pk
    assert AuditEvent.objects.filter(action="sensing.tracking.overspeed").count() == 2


def test_speed_hovering_just_under_the_limit_keeps_one_episode():
    truck = make_vehicle(speed_limit_kmh=50)
    _drive_with_speeds(truck, [55, 48, 56, 47, 60])
    assert TrackingEvent.objects.filter(kind=E.OVERSPEED).count() == 1


def test_overspeed_episode_ends_with_its_trip():
    truck = make_vehicle(speed_limit_kmh=50, stop_threshold_minutes=5)
    last = _drive_with_speeds(truck, [70, 70])
    fix(truck, 8, last)  # stood still since minute 2
    event = TrackingEvent.objects.get(kind=E.OVERSPEED)
    assert event.ended_at == at(2)
    assert VehicleProfile.objects.get(thing=truck).overspeed_event is None


# --- offline


def test_check_offline_marks_silent_vehicles_once_and_ends_their_trip():
    truck = make_vehicle(offline_threshold_minutes=10)
    quiet = make_vehicle(name="Truk 2", offline_threshold_minutes=30)
    last = drive_north(truck, start_minute=0, steps=2)  # last fix minute 1
    fix(quiet, 0, LAT0)
    assert tracking_check_offline(now=at(10.9)) == 0
    assert tracking_check_offline(now=at(11)) == 1
    assert tracking_check_offline(now=at(20)) == 0
    offline = TrackingEvent.objects.get(kind=E.OFFLINE)
    assert (offline.thing, offline.time, offline.lat) == (truck, at(11), last)
    trip = Trip.objects.get()
    assert (trip.ended_at, trip.end_reason) == (at(1), TripEndReason.GAP)
    assert offline.trip_id == trip.pk
    assert VehicleProfile.objects.get(thing=truck).is_offline is True
    assert VehicleProfile.objects.get(thing=quiet).is_offline is False
    # back online: one `online` event, no second `offline`
    fix(truck, 45, last)
    assert _kinds(truck) == [E.OFFLINE, E.ONLINE]
    online = TrackingEvent.objects.get(kind=E.ONLINE)
    assert online.details == {"offline_minutes": 44.0}
    assert VehicleProfile.objects.get(thing=truck).is_offline is False
    # the other vehicle's own threshold (30 minutes) passes later
    assert tracking_check_offline(now=at(50)) == 1
    assert _kinds(truck) == [E.OFFLINE, E.ONLINE]
    assert _kinds(quiet) == [E.OFFLINE]


def test_scheduler_runs_the_offline_check():
    from kotacerdas.core.management.commands.scheduler import JOBS

    job = next(job for job in JOBS if job.name == "tracking-offline")
    truck = make_vehicle(offline_threshold_minutes=1)
    fix(truck, 0, LAT0)  # March 2026: long past, so offline now
    # run_job minus its close_old_connections(), which would close the test's transaction
    call_command(job.command, *job.args)
    assert _kinds(truck) == [E.OFFLINE]


def test_offline_command_with_a_reference_time(capsys):
    truck = make_vehicle(offline_threshold_minutes=5)
    fix(truck, 0, LAT0)
    call_command("tracking", "check-offline", "--now", at(4).isoformat())
    call_command("tracking", "check-offline", "--now", at(6).isoformat())
    assert _kinds(truck) == [E.OFFLINE]
    assert capsys.readouterr().out.splitlines()[-1].endswith("1.")


# --- geofences


def test_kecamatan_geofences_are_seeded_from_the_boundaries():
    fences = Geofence.objects.filter(kind=GeofenceKind.KECAMATAN)
    assert fences.count() == 12
    timur = fences.get(region__code="32.75.01")
    assert timur.name == "Bekasi Timur"
    assert timur.geometry == timur.region.boundary
    assert timur.min_lat < LAT0 < timur.max_lat and timur.min_lon < LON < timur.max_lon


def test_crossing_from_bekasi_timur_into_bekasi_utara():
    truck = make_vehicle()
    timur = Geofence.objects.get(region__code="32.75.01")
    utara = Geofence.objects.get(region__code="32.75.03")
    fix(truck, 0, LAT0)  # first fix: state only, no event
    assert VehicleProfile.objects.get(thing=truck).inside_geofence_ids == [timur.pk]
    assert _kinds(truck) == []
    drive_north(truck, start_minute=1, steps=5)
    events = list(TrackingEvent.objects.filter(thing=truck).order_by("id"))
    assert [(e.kind, e.geofence_id) for e in events] == [
        (E.GEOFENCE_LEAVE, timur.pk),
        (E.GEOFENCE_ENTER, utara.pk),
    ]
    # the border (-6.2237..-6.2232) lies between the fixes at -6.2254 and -6.2218
    assert events[0].time == events[1].time == at(3)
    assert events[0].lat == pytest.approx(LAT0 + 4 * STEP_LAT)
    assert events[0].trip_id == Trip.objects.get().pk
    assert VehicleProfile.objects.get(thing=truck).inside_geofence_ids == [utara.pk]
    assert pytest.approx(LAT_BEKASI_UTARA) == LAT0 + 5 * STEP_LAT


def test_drawn_polygon_enter_and_leave_and_agency_geofences():
    admin = AdminFactory()
    dinas, other = AgencyFactory(), AgencyFactory()
    truck = make_vehicle(agency=dinas)
    stranger = make_vehicle(name="Truk lain", agency=other)
    depot = geofence_create(
        actor=admin,
        name="Depo TPST",
        agency_id=dinas.pk,
        geometry={
            "type": "Polygon",
            "coordinates": [
                [
                    [LON - 0.002, LAT0 + 0.005],
                    [LON + 0.002, LAT0 + 0.005],
                    [LON + 0.002, LAT0 + 0.009],
                    [LON - 0.002, LAT0 + 0.009],
                    [LON - 0.002, LAT0 + 0.005],
                ]
            ],
        },
    )
    for thing in (truck, stranger):
        drive_north(thing, start_minute=0, steps=4)  # -6.2362 .. -6.2218: through the depot
    depot_events = TrackingEvent.objects.filter(geofence=depot).order_by("time")
    assert [(e.thing_id, e.kind, e.time) for e in depot_events] == [
        (truck.pk, E.GEOFENCE_ENTER, at(1)),  # -6.2290
        (truck.pk, E.GEOFENCE_LEAVE, at(1.5)),  # -6.2254
    ]
    # switched off: a vehicle inside it leaves without an event
    fix(truck, 10, LAT0 + 2 * STEP_LAT)
    geofence_update(actor=admin, geofence=depot, data={"is_active": False})
    fix(truck, 20, LAT0)
    assert list(
        TrackingEvent.objects.filter(geofence=depot).order_by("time").values_list("kind", "time")
    ) == [(E.GEOFENCE_ENTER, at(1)), (E.GEOFENCE_LEAVE, at(1.5)), (E.GEOFENCE_ENTER, at(10))]
    assert depot.pk not in VehicleProfile.objects.get(thing=truck).inside_geofence_ids

"""Reads for the vehicle map and trip replay: states, periods, replay order, scoping, queries."""

import pytest

from kotacerdas.core.models import Role
from kotacerdas.core.tests.factories import (
    AdminFactory,
    AgencyFactory,
    ExecutiveFactory,
    OfficerFactory,
    UserFactory,
)
from kotacerdas.sensing.errors import EntityNotFound
from kotacerdas.sensing.models import Trip, VehicleProfile
from kotacerdas.sensing.selectors.tracking import (
    MOVING,
    OFFLINE,
    STOPPED,
    UNKNOWN,
    geofence_feature_collection,
    geofence_list,
    tracking_event_list,
    trip_get,
    trip_list,
    trip_replay,
    trip_track,
    vehicle_get,
    vehicle_list,
)
from kotacerdas.sensing.services.tracking_admin import geofence_create

from .tracking_factories import LAT_BEKASI_TIMUR as LAT0
from .tracking_factories import LON, STEP_LAT, at, drive_north, fix, make_vehicle

pytestmark = pytest.mark.django_db


@pytest.fixture
def fleet():
    """Three vehicles of two agencies: one driving, one stopped, one silent; one never seen."""
    dinas, other = AgencyFactory(), AgencyFactory()
    driving = make_vehicle(name="A Truk jalan", agency=dinas, plate_number="B 1 A")
    stopped = make_vehicle(name="B Truk diam", agency=dinas, stop_threshold_minutes=5)
    silent = make_vehicle(name="C Ambulans", agency=other, offline_threshold_minutes=10)
    never = make_vehicle(name="D Baru", agency=other)
    drive_north(driving, start_minute=20, steps=3)
    last = drive_north(stopped, start_minute=0, steps=2)
    fix(stopped, 10, last)
    fix(silent, 0, LAT0)
    return {
        "dinas": dinas,
        "other": other,
        "driving": driving,
        "stopped": stopped,
        "silent": silent,
        "never": never,
    }


def test_vehicle_list_states_and_positions(fleet):
    rows = vehicle_list(user=AdminFactory(), now=at(22))
    assert [(r.name, r.state) for r in rows] == [
        ("A Truk jalan", MOVING),
        ("B Truk diam", STOPPED),
        ("C Ambulans", OFFLINE),  # silent since minute 0, threshold 10 (before the check runs)
        ("D Baru", UNKNOWN),
    ]
    driving = rows[0]
    assert (driving.lat, driving.lon, driving.last_fix_time) == (LAT0 + 3 * STEP_LAT, LON, at(21.5))
    assert driving.plate_number == "B 1 A" and driving.current_trip_id is not None
    assert driving.speed_kmh == pytest.approx(48.0, abs=0.1)
    assert driving.as_json()["last_fix_time"] == at(21.5).isoformat()
    assert [r.name for r in vehicle_list(user=AdminFactory(), now=at(22), state=STOPPED)] == [
        "B Truk diam"
    ]


def test_vehicle_list_is_one_query(fleet, django_assert_num_queries):
    admin = AdminFactory()
    with django_assert_num_queries(1):
        vehicle_list(user=admin, now=at(22))


def test_vehicle_scoping(fleet):
    officer = OfficerFactory(agency=fleet["dinas"])
    assert [r.name for r in vehicle_list(user=officer)] == ["A Truk jalan", "B Truk diam"]
    operator = UserFactory(roles=[Role.SENSOR_OPERATOR.value])
    assert len(vehicle_list(user=operator)) == 4
    assert len(vehicle_list(user=ExecutiveFactory())) == 4
    assert vehicle_list(user=UserFactory()) == []
    with pytest.raises(EntityNotFound):
        vehicle_get(user=officer, thing_id=fleet["silent"].pk)
    with pytest.raises(EntityNotFound):
        trip_list(user=officer, vehicle=fleet["silent"])
    foreign_trip = Trip.objects.filter(thing=fleet["driving"]).get()
    with pytest.raises(EntityNotFound):
        trip_get(user=OfficerFactory(agency=fleet["other"]), trip_id=foreign_trip.pk)
    with pytest.raises(EntityNotFound):
        trip_replay(user=OfficerFactory(agency=fleet["other"]), trip_id=foreign_trip.pk)
    assert trip_get(user=officer, trip_id=foreign_trip.pk) == foreign_trip


def test_trip_list_by_period():
    truck = make_vehicle(stop_threshold_minutes=5)
    admin = AdminFactory()
    lat = drive_north(truck, start_minute=0, steps=2)  # trip 1: 0 .. 1
    fix(truck, 7, lat)
    lat = drive_north(truck, start_minute=30, steps=2, lat=lat)  # trip 2: 30 .. 31
    fix(truck, 37, lat)
    drive_north(truck, start_minute=60, steps=1, lat=lat)  # trip 3: open from 60
    trips = trip_list(user=admin, vehicle=truck)
    assert [t.started_at for t in trips] == [at(60), at(30), at(0)]
    assert [
        t.started_at for t in trip_list(user=admin, vehicle=truck.pk, since=at(1), until=at(30))
    ] == [at(0)]
    assert [
        t.started_at for t in trip_list(user=admin, vehicle=truck, since=at(2), until=at(30.5))
    ] == [at(30)]
    assert [t.started_at for t in trip_list(user=admin, vehicle=truck, since=at(100))] == [at(60)]
    assert trip_list(user=admin, vehicle=truck, since=at(32), until=at(59)) == []


def test_trip_track_replays_in_time_order_in_one_query(django_assert_num_queries):
    truck = make_vehicle()
    drive_north(truck, start_minute=0, steps=4)
    fix(truck, 1.2, LAT0 + 20 * STEP_LAT)  # late fix: ignored, not in the replay
    trip = Trip.objects.get()
    with django_assert_num_queries(1):
        points = trip_track(trip)
    assert [p[2] for p in points] == [at(i * 0.5) for i in range(5)]
    assert [round(p[0], 4) for p in points] == [round(LAT0 + i * STEP_LAT, 4) for i in range(5)]
    assert points[0][3] is None and points[1][3] == pytest.approx(48.04, abs=0.01)


def test_trip_replay_json_with_events():
    truck = make_vehicle(speed_limit_kmh=40)
    drive_north(truck, start_minute=0, steps=5)  # 48 km/h: overspeed; crosses into Bekasi Utara
    trip = Trip.objects.get()
    replay = trip_replay(user=AdminFactory(), trip_id=trip.pk)
    assert replay["trip"]["id"] == trip.pk
    assert replay["trip"]["points_count"] == 6 == len(replay["points"])
    assert replay["points"][0] == [LAT0, LON, at(0).isoformat(), None]
    assert [e["kind"] for e in replay["events"]] == [
        "overspeed",
        "geofence_leave",
        "geofence_enter",
    ]
    assert [e["geofence"] for e in replay["events"]][1:] == ["Bekasi Timur", "Bekasi Utara"]


def test_event_list_by_vehicle_period_kind_and_scope(fleet):
    admin = AdminFactory()
    officer = OfficerFactory(agency=fleet["dinas"])
    kinds = [e.kind for e in tracking_event_list(user=admin, vehicle=fleet["stopped"])]
    assert kinds == ["stopped"]
    fix(fleet["silent"], 40, LAT0)  # offline at 10, online at 40
    assert [e.kind for e in tracking_event_list(user=admin, vehicle=fleet["silent"])] == [
        "online",
        "offline",
    ]
    assert [e.kind for e in tracking_event_list(user=admin, since=at(11), until=at(41))] == [
        "online"
    ]
    assert [e.kind for e in tracking_event_list(user=admin, kinds=["offline"])] == ["offline"]
    assert {e.thing_id for e in tracking_event_list(user=officer)} == {fleet["stopped"].pk}
    with pytest.raises(EntityNotFound):
        tracking_event_list(user=officer, vehicle=fleet["silent"])


def test_geofence_list_scoping():
    dinas = AgencyFactory()
    admin = AdminFactory()
    square = {
        "type": "Polygon",
        "coordinates": [[[107, -6.3], [107.1, -6.3], [107.1, -6.2], [107, -6.3]]],
    }
    own = geofence_create(actor=admin, name="Depo dinas", geometry=square, agency_id=dinas.pk)
    geofence_create(actor=admin, name="Depo lain", geometry=square, agency_id=AgencyFactory().pk)
    officer = OfficerFactory(agency=dinas)
    names = [f.name for f in geofence_list(user=officer)]
    assert len(names) == 13 and "Depo dinas" in names and "Depo lain" not in names
    assert len(geofence_list(user=admin)) == 14
    collection = geofence_feature_collection(user=officer)
    assert len(collection["features"]) == 13
    assert next(f for f in collection["features"] if f["id"] == own.pk)["geometry"] == square


def test_vehicle_without_profile_is_listed_as_unknown():
    make_vehicle(name="Tanpa profil")
    row = vehicle_list(user=AdminFactory())[0]
    assert (row.state, row.vehicle_type, row.lat) == (UNKNOWN, "", None)
    assert not VehicleProfile.objects.exists()

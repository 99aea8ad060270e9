"""GPS fixes through part B's write services: `thing_location_set` (one fix) and a Thing posted
with its Location; HistoricalLocations keep every fix, tracking only the ones in order."""

import pytest

from kotacerdas.core.tests.factories import AgencyFactory, OfficerFactory
from kotacerdas.sensing.errors import PermissionDenied
from kotacerdas.sensing.models import (
    HistoricalLocation,
    ThingKind,
    TrackingEventKind,
    Trip,
    VehicleProfile,
)
from kotacerdas.sensing.selectors.tracking import trip_replay
from kotacerdas.sensing.services.entities import entity_create, thing_location_set

from .tracking_factories import LAT_BEKASI_TIMUR as LAT0
from .tracking_factories import LON, STEP_KM, STEP_LAT, at, make_vehicle

pytestmark = pytest.mark.django_db


def _point(lat, lon=LON):
    return {"type": "Point", "coordinates": [lon, lat]}


def test_fixes_through_thing_location_set_make_a_trip_and_events():
    officer = OfficerFactory()
    truck = make_vehicle(agency=officer.agency, speed_limit_kmh=40)
    for i in range(6):  # 400 m every 30 s = 48 km/h, across into Bekasi Utara
        thing_location_set(
            actor=officer, thing=truck, location=_point(LAT0 + i * STEP_LAT), time=at(i * 0.5)
        )
    thing_location_set(actor=officer, thing=truck, location=_point(LAT0), time=at(1.2))  # late
    assert HistoricalLocation.objects.filter(thing=truck).count() == 7
    trip = Trip.objects.get(thing=truck)
    assert trip.points_count == 6
    assert trip.distance_km == pytest.approx(5 * STEP_KM, abs=1e-4)
    replay = trip_replay(user=officer, trip_id=trip.pk)
    assert [p[2] for p in replay["points"]] == [at(i * 0.5).isoformat() for i in range(6)]
    assert [e["kind"] for e in replay["events"]] == [
        TrackingEventKind.OVERSPEED,
        TrackingEventKind.GEOFENCE_LEAVE,
        TrackingEventKind.GEOFENCE_ENTER,
    ]
    assert VehicleProfile.objects.get(thing=truck).last_fix_time == at(2.5)


def test_refused_fix_changes_no_tracking_state():
    truck = make_vehicle(agency=AgencyFactory())
    with pytest.raises(PermissionDenied):
        thing_location_set(actor=OfficerFactory(), thing=truck, location=_point(LAT0), time=at(0))
    assert not VehicleProfile.objects.exists()
    assert not HistoricalLocation.objects.exists()


def test_vehicle_posted_with_its_location_is_tracked():
    officer = OfficerFactory()
    thing = entity_create(
        actor=officer,
        entity="Thing",
        data={
            "name": "Truk Sampah B 9002 XYZ",
            "description": "Truk sampah DLH",
            "properties": {"kind": "vehicle"},
            "Locations": [
                {
                    "name": "Posisi awal",
                    "description": "Depo",
                    "encodingType": "application/geo+json",
                    "location": _point(LAT0),
                }
            ],
        },
    )
    assert thing.kind == ThingKind.VEHICLE
    profile = VehicleProfile.objects.get(thing=thing)
    assert (profile.last_lat, profile.last_lon) == (LAT0, LON)

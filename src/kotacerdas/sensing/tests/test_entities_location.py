"""thing_location_set (a GPS fix) and the HistoricalLocations of a Thing's Location changes."""

from __future__ import annotations

import datetime as dt

import pytest

from kotacerdas.sensing.errors import EntityNotFound, InvalidEntity, PermissionDenied
from kotacerdas.sensing.models import HistoricalLocation, Location, VehicleProfile
from kotacerdas.sensing.services import entities_links
from kotacerdas.sensing.services.entities import entity_create, thing_location_set

from .entities_factories import actions, location_doc, officer, operator, thing_doc

pytestmark = pytest.mark.django_db

FIX = {"type": "Point", "coordinates": [106.99, -6.24]}


@pytest.fixture
def actor():
    return operator()


@pytest.fixture
def truck(actor):
    return entity_create(
        actor=actor, entity="Thing", data=thing_doc(name="Truk 1", properties={"kind": "vehicle"})
    )


def test_fix_creates_location_history_and_reaches_tracking(actor, truck):
    history = thing_location_set(
        actor=actor, thing=truck, location=FIX, time="2026-12-07T08:00:00+07:00"
    )
    location = Location.objects.get()
    assert (location.lat, location.lon, location.location) == (-6.24, 106.99, FIX)
    assert list(truck.locations.all()) == [location]
    assert history.time == dt.datetime(2026, 12, 7, 1, 0, tzinfo=dt.UTC)
    assert list(history.locations.all()) == [location]
    profile = VehicleProfile.objects.get(thing=truck)
    assert profile.last_fix_time == history.time
    assert (profile.last_lat, profile.last_lon) == (-6.24, 106.99)
    assert actions() == [
        "sensing.thing.create",
        "sensing.location.create",
        "sensing.historical_location.create",
    ]


def test_each_new_place_keeps_its_own_location(actor, truck):
    first = thing_location_set(actor=actor, thing=truck, location=FIX, time="2026-12-07T01:00:00Z")
    moved = {"type": "Point", "coordinates": [107.0, -6.25]}
    second = thing_location_set(
        actor=actor, thing=truck, location=moved, time="2026-12-07T01:01:00Z"
    )
    assert Location.objects.count() == 2
    assert [loc.location for loc in first.locations.all()] == [FIX]
    assert [loc.location for loc in second.locations.all()] == [moved]
    assert [loc.location for loc in truck.locations.all()] == [moved]
    assert VehicleProfile.objects.get(thing=truck).last_fix_time == second.time


def test_fix_at_the_same_place_reuses_the_location(actor, truck):
    thing_location_set(actor=actor, thing=truck, location=FIX, time="2026-12-07T01:00:00Z")
    thing_location_set(actor=actor, thing=truck, location=FIX, time="2026-12-07T01:05:00Z")
    assert Location.objects.count() == 1
    assert HistoricalLocation.objects.filter(thing=truck).count() == 2


def test_fix_as_location_document_or_reference(actor, truck):
    thing_location_set(actor=actor, thing=truck, location=location_doc("Depo"))
    depot = Location.objects.get(name="Depo")
    other = entity_create(actor=actor, entity="Location", data=location_doc("TPA Sumur Batu"))
    thing_location_set(actor=actor, thing=truck, location={"@iot.id": other.pk})
    assert list(truck.locations.all()) == [other]
    assert HistoricalLocation.objects.filter(thing=truck, locations=depot).count() == 1


def test_default_time_is_now(actor, truck):
    before = dt.datetime.now(dt.UTC)
    history = thing_location_set(actor=actor, thing=truck, location=FIX)
    assert before <= history.time <= dt.datetime.now(dt.UTC)


@pytest.mark.parametrize(
    ("location", "time", "field"),
    [
        (FIX, "2026-12-07T08:00:00", "time"),
        ({"type": "Point", "coordinates": [-6.24, 106.99]}, None, "location"),
        ({"type": "Point", "coordinates": [106.99]}, None, "location"),
        ("106.99,-6.24", None, "location"),
        ({"@iot.id": 777}, None, "Location"),
    ],
)
def test_bad_fix_writes_nothing(actor, truck, location, time, field):
    with pytest.raises((InvalidEntity, EntityNotFound)) as error:
        thing_location_set(actor=actor, thing=truck, location=location, time=time)
    assert error.value.field == field
    assert not Location.objects.exists() and not HistoricalLocation.objects.exists()
    assert not VehicleProfile.objects.exists()
    assert actions() == ["sensing.thing.create"]


def test_fix_of_another_agencys_thing_refused(actor, truck):
    with pytest.raises(PermissionDenied):
        thing_location_set(actor=officer(), thing=truck, location=FIX)
    assert not HistoricalLocation.objects.exists()


def test_without_tracking_module_the_fix_is_still_stored(actor, truck, monkeypatch):
    monkeypatch.setattr(entities_links.importlib.util, "find_spec", lambda name: None)
    thing_location_set(actor=actor, thing=truck, location=FIX)
    assert HistoricalLocation.objects.filter(thing=truck).count() == 1
    assert not VehicleProfile.objects.exists()


def test_location_posted_for_a_vehicle_reaches_tracking(actor, truck):
    """A stock STA client sends positions as Locations of the Thing (the simulator does)."""
    entity_create(
        actor=actor,
        entity="Location",
        data=location_doc("Posisi", FIX),
        parent=("Thing", truck.pk),
    )
    assert HistoricalLocation.objects.filter(thing=truck).count() == 1
    assert VehicleProfile.objects.get(thing=truck).last_lat == -6.24


def test_location_linked_to_several_things_records_each(actor):
    one = entity_create(actor=actor, entity="Thing", data=thing_doc(name="CCTV 1"))
    two = entity_create(actor=actor, entity="Thing", data=thing_doc(name="WiFi 1"))
    location = entity_create(
        actor=actor,
        entity="Location",
        data={**location_doc("Alun-alun"), "Things": [{"@iot.id": one.pk}, {"@iot.id": two.pk}]},
    )
    assert set(location.things.all()) == {one, two}
    assert HistoricalLocation.objects.filter(locations=location).count() == 2

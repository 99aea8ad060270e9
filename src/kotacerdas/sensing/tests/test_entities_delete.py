"""entity_delete: the SensorThings cascade of each entity, audited once with its counts."""

from __future__ import annotations

import pytest

from kotacerdas.sensing.errors import EntityNotFound
from kotacerdas.sensing.models import (
    Datastream,
    DatastreamLatest,
    FeatureOfInterest,
    HistoricalLocation,
    Location,
    Observation,
    ObservedProperty,
    Sensor,
    Thing,
)
from kotacerdas.sensing.services.entities import entity_create, entity_delete

from .entities_factories import deep_thing_doc, events, operator

pytestmark = pytest.mark.django_db


@pytest.fixture
def actor():
    return operator()


@pytest.fixture
def thing(actor):
    return entity_create(actor=actor, entity="Thing", data=deep_thing_doc())


def _last_delete():
    event = events()[-1]
    assert event.action.endswith(".delete")
    return event


def test_delete_thing_takes_datastreams_observations_and_history(actor, thing):
    other = entity_create(actor=actor, entity="Thing", data=deep_thing_doc())
    entity_delete(actor=actor, entity="Thing", pk=thing.pk)
    assert list(Thing.objects.all()) == [other]
    assert Datastream.objects.get().thing == other
    assert Observation.objects.count() == 2
    assert not Observation.objects.filter(datastream__thing=thing.pk).exists()
    assert HistoricalLocation.objects.get().thing == other
    assert Location.objects.count() == 2  # Locations are not the Thing's to delete
    assert Sensor.objects.count() == 2  # nor Sensors or ObservedProperties
    event = _last_delete()
    assert event.action == "sensing.thing.delete" and event.object_id == str(thing.pk)
    assert event.changes["name"] == "Pos P2C"
    assert event.changes["cascade"] == {
        "Datastreams": 1,
        "Observations": 2,
        "HistoricalLocations": 1,
    }


def test_delete_datastream_takes_its_observations_and_latest(actor, thing):
    datastream = thing.datastreams.get()
    entity_delete(actor=actor, entity="Datastream", pk=datastream.pk)
    assert not Datastream.objects.exists() and not Observation.objects.exists()
    assert not DatastreamLatest.objects.exists()
    assert Thing.objects.exists() and Sensor.objects.exists()
    assert _last_delete().changes["cascade"] == {"Observations": 2}


@pytest.mark.parametrize("entity", ["Sensor", "ObservedProperty"])
def test_delete_sensor_or_property_takes_datastreams(actor, thing, entity):
    datastream = thing.datastreams.get()
    pk = datastream.sensor_id if entity == "Sensor" else datastream.observed_property_id
    entity_delete(actor=actor, entity=entity, pk=pk)
    assert not Datastream.objects.exists() and not Observation.objects.exists()
    assert Thing.objects.exists()
    assert (Sensor.objects.count(), ObservedProperty.objects.count()) == (
        (0, 1) if entity == "Sensor" else (1, 0)
    )
    assert _last_delete().changes["cascade"] == {"Datastreams": 1, "Observations": 2}


def test_delete_feature_takes_its_observations_and_refreshes_latest(actor, thing):
    datastream = thing.datastreams.get()
    feature = FeatureOfInterest.objects.get()
    entity_delete(actor=actor, entity="FeatureOfInterest", pk=feature.pk)
    assert not Observation.objects.exists()
    assert Datastream.objects.exists()
    assert not DatastreamLatest.objects.filter(datastream=datastream).exists()
    assert _last_delete().changes["cascade"] == {"Observations": 2}


def test_delete_newest_observation_moves_latest_back(actor, thing):
    datastream = thing.datastreams.get()
    newest = datastream.observations.order_by("-phenomenon_time").first()
    entity_delete(actor=actor, entity="Observation", pk=newest.pk)
    latest = DatastreamLatest.objects.get(datastream=datastream)
    assert (latest.result_number, latest.observation_count) == (320.0, 1)
    assert _last_delete().action == "sensing.observation.delete"


def test_delete_location_unlinks_things_and_drops_empty_history(actor, thing):
    location = thing.locations.get()
    entity_delete(actor=actor, entity="Location", pk=location.pk)
    assert Thing.objects.get().locations.count() == 0
    assert not HistoricalLocation.objects.exists()
    assert _last_delete().changes["cascade"] == {"Things": 1, "HistoricalLocations": 1}


def test_delete_historical_location(actor, thing):
    history = thing.historical_locations.get()
    entity_delete(actor=actor, entity="HistoricalLocation", pk=history.pk)
    assert not HistoricalLocation.objects.exists() and Location.objects.exists()


def test_delete_unknown_is_not_found_and_records_nothing(actor):
    with pytest.raises(EntityNotFound):
        entity_delete(actor=actor, entity="Thing", pk=9999)
    assert events() == []

"""entity_create: every entity, deep insert, references, posting to a navigation set, rollback."""

from __future__ import annotations

import pytest

from kotacerdas.sensing.errors import EntityNotFound, InvalidEntity
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
from kotacerdas.sensing.services.entities import entity_create

from .entities_factories import (
    CELSIUS,
    OM,
    P2C,
    actions,
    datastream_doc,
    deep_thing_doc,
    location_doc,
    operator,
    property_doc,
    sensor_doc,
    thing_doc,
)

pytestmark = pytest.mark.django_db


def test_thing_created_with_its_kind_and_audited():
    actor = operator()
    thing = entity_create(actor=actor, entity="Thing", data=thing_doc())
    assert (thing.name, thing.description, thing.kind) == ("Pos P2C", "Pos pantau", "river_gauge")
    assert thing.properties == {"kind": "river_gauge"}
    assert thing.agency_id is None and not thing.is_demo
    assert actions() == ["sensing.thing.create"]


def test_thing_without_description_gets_empty_one():
    thing = entity_create(actor=operator(), entity="Thing", data={"name": "Truk 1"})
    assert thing.description == "" and thing.kind == "other"


def test_demo_actor_marks_demo_things():
    assert entity_create(actor="demo", entity="Thing", data=thing_doc()).is_demo


def test_each_standalone_entity():
    actor = operator()
    location = entity_create(actor=actor, entity="Location", data=location_doc())
    assert (location.lat, location.lon) == (-6.2349, 106.9896)
    sensor = entity_create(actor=actor, entity="Sensor", data=sensor_doc())
    assert sensor.metadata.endswith("sensor.pdf") and sensor.encoding_type == "application/pdf"
    observed = entity_create(actor=actor, entity="ObservedProperty", data=property_doc())
    assert observed.definition.endswith("/def/tma")
    feature = entity_create(
        actor=actor,
        entity="FeatureOfInterest",
        data={
            "name": "Kali Bekasi",
            "description": "Ruas P2C",
            "encodingType": "application/vnd.geo+json",
            "feature": P2C,
        },
    )
    assert (feature.lat, feature.lon) == (-6.2349, 106.9896)
    thing = entity_create(actor=actor, entity="Thing", data=thing_doc())
    datastream = entity_create(
        actor=actor,
        entity="Datastream",
        data=datastream_doc(
            Thing={"@iot.id": thing.pk},
            Sensor={"@iot.id": sensor.pk},
            ObservedProperty={"@iot.id": observed.pk},
            phenomenonTime="2026-12-01T00:00:00Z/2026-12-02T00:00:00Z",
        ),
    )
    assert (datastream.thing, datastream.sensor, datastream.observed_property) == (
        thing,
        sensor,
        observed,
    )
    assert datastream.phenomenon_time_start.isoformat() == "2026-12-01T00:00:00+00:00"
    history = entity_create(
        actor=actor,
        entity="HistoricalLocation",
        data={
            "time": "2026-12-07T08:00:00+07:00",
            "Thing": {"@iot.id": thing.pk},
            "Locations": [{"@iot.id": location.pk}],
        },
    )
    assert history.thing == thing and list(history.locations.all()) == [location]
    assert actions() == [
        "sensing.location.create",
        "sensing.sensor.create",
        "sensing.observed_property.create",
        "sensing.feature_of_interest.create",
        "sensing.thing.create",
        "sensing.datastream.create",
        "sensing.historical_location.create",
    ]


def test_deep_insert_thing_location_datastream_observations():
    actor = operator()
    thing = entity_create(actor=actor, entity="Thing", data=deep_thing_doc())
    location = Location.objects.get()
    assert list(thing.locations.all()) == [location]
    history = HistoricalLocation.objects.get()
    assert history.thing == thing and list(history.locations.all()) == [location]
    datastream = Datastream.objects.get()
    assert datastream.thing == thing
    assert datastream.sensor == Sensor.objects.get()
    assert datastream.observed_property == ObservedProperty.objects.get()
    results = sorted(Observation.objects.values_list("result_number", flat=True))
    assert results == [320.0, 325.5]
    # the FeatureOfInterest is made from the Thing's Location
    feature = FeatureOfInterest.objects.get()
    assert (feature.lat, feature.lon) == (location.lat, location.lon)
    assert DatastreamLatest.objects.get(datastream=datastream).result_number == 325.5
    assert actions() == [
        "sensing.thing.create",
        "sensing.location.create",
        "sensing.historical_location.create",
        "sensing.sensor.create",
        "sensing.observed_property.create",
        "sensing.datastream.create",
        "sensing.observations.store",
    ]


def test_deep_insert_with_references_links_existing_entities():
    actor = operator()
    sensor = entity_create(actor=actor, entity="Sensor", data=sensor_doc())
    observed = entity_create(actor=actor, entity="ObservedProperty", data=property_doc())
    location = entity_create(actor=actor, entity="Location", data=location_doc())
    thing = entity_create(
        actor=actor,
        entity="Thing",
        data=thing_doc(
            Locations=[{"@iot.id": location.pk}],
            Datastreams=[
                datastream_doc(
                    Sensor={"@iot.id": sensor.pk}, ObservedProperty={"@iot.id": observed.pk}
                )
            ],
        ),
    )
    assert list(thing.locations.all()) == [location]
    assert Sensor.objects.count() == 1 and ObservedProperty.objects.count() == 1
    assert thing.datastreams.get().sensor == sensor


def test_deep_insert_observation_with_inline_feature():
    actor = operator()
    thing = entity_create(actor=actor, entity="Thing", data=deep_thing_doc(observations=[]))
    datastream = thing.datastreams.get()
    observation = entity_create(
        actor=actor,
        entity="Observation",
        data={
            "phenomenonTime": "2026-12-07T11:00:00+07:00",
            "result": 330,
            "FeatureOfInterest": {
                "name": "Hilir P2C",
                "description": "",
                "encodingType": "application/geo+json",
                "feature": {"type": "Point", "coordinates": [107.0, -6.2]},
            },
        },
        parent=("Datastream", datastream.pk),
    )
    assert observation.datastream == datastream and observation.result_number == 330
    assert observation.feature_of_interest.name == "Hilir P2C"
    assert actions()[-2:] == ["sensing.feature_of_interest.create", "sensing.observations.store"]


def test_post_to_navigation_sets():
    actor = operator()
    thing = entity_create(actor=actor, entity="Thing", data=thing_doc())
    datastream = entity_create(
        actor=actor,
        entity="Datastream",
        data=datastream_doc(Sensor=sensor_doc(), ObservedProperty=property_doc()),
        parent=("Thing", thing.pk),
    )
    assert datastream.thing == thing
    location = entity_create(
        actor=actor, entity="Location", data=location_doc(), parent=("Thing", thing.pk)
    )
    assert list(thing.locations.all()) == [location]
    assert thing.historical_locations.count() == 1
    sensor = datastream.sensor
    second = entity_create(
        actor=actor,
        entity="Datastream",
        data=datastream_doc(
            Thing={"@iot.id": thing.pk},
            ObservedProperty={"@iot.id": datastream.observed_property_id},
            observationType=OM + "OM_Measurement",
            unitOfMeasurement=CELSIUS,
        ),
        parent=("Sensor", sensor.pk),
    )
    assert second.sensor == sensor
    observation = entity_create(
        actor=actor,
        entity="Observation",
        data={"phenomenonTime": "2026-12-07T10:00:00Z", "result": 1.5},
        parent=("Datastream", second.pk),
    )
    assert observation.datastream == second


def test_post_under_unknown_parent_is_not_found_and_writes_nothing():
    with pytest.raises(EntityNotFound):
        entity_create(
            actor=operator(), entity="Location", data=location_doc(), parent=("Thing", 999)
        )
    assert not Location.objects.exists() and actions() == []


def test_post_under_parent_that_has_no_such_set_is_refused():
    actor = operator()
    thing = entity_create(actor=actor, entity="Thing", data=thing_doc())
    with pytest.raises(InvalidEntity):
        entity_create(actor=actor, entity="Sensor", data=sensor_doc(), parent=("Thing", thing.pk))


def test_parent_clash_with_document_link_is_refused():
    actor = operator()
    one = entity_create(actor=actor, entity="Thing", data=thing_doc())
    two = entity_create(actor=actor, entity="Thing", data=thing_doc())
    with pytest.raises(InvalidEntity) as error:
        entity_create(
            actor=actor,
            entity="Datastream",
            data=datastream_doc(
                Thing={"@iot.id": two.pk}, Sensor=sensor_doc(), ObservedProperty=property_doc()
            ),
            parent=("Thing", one.pk),
        )
    assert error.value.field == "Thing"
    assert not Sensor.objects.exists()


@pytest.mark.parametrize(
    "breakage",
    [
        "observation_result",
        "sensor_missing_metadata",
        "location_out_of_bounds",
        "unknown_reference",
    ],
)
def test_deep_insert_failing_anywhere_writes_nothing(breakage):
    doc = deep_thing_doc()
    datastream = doc["Datastreams"][0]
    if breakage == "observation_result":
        datastream["Observations"].append({"phenomenonTime": "2026-12-07T10:20:00Z", "result": "x"})
    elif breakage == "sensor_missing_metadata":
        del datastream["Sensor"]["metadata"]
    elif breakage == "location_out_of_bounds":
        doc["Locations"][0]["location"] = {"type": "Point", "coordinates": [-6.2, 106.9]}
    else:
        datastream["ObservedProperty"] = {"@iot.id": 12345}
    with pytest.raises((InvalidEntity, EntityNotFound)):
        entity_create(actor=operator(), entity="Thing", data=doc)
    for model in (Thing, Location, HistoricalLocation, Datastream, Sensor, ObservedProperty):
        assert not model.objects.exists(), model
    assert not Observation.objects.exists() and not FeatureOfInterest.objects.exists()
    assert actions() == []


def test_datastream_without_thing_is_refused():
    with pytest.raises(InvalidEntity) as error:
        entity_create(
            actor=operator(),
            entity="Datastream",
            data=datastream_doc(Sensor=sensor_doc(), ObservedProperty=property_doc()),
        )
    assert error.value.field == "Thing"
    assert not Sensor.objects.exists()


def test_reference_only_document_is_refused():
    with pytest.raises(InvalidEntity):
        entity_create(actor=operator(), entity="Thing", data={"@iot.id": 1})


def test_unknown_entity_and_property_refused():
    with pytest.raises(InvalidEntity):
        entity_create(actor=operator(), entity="Things", data=thing_doc())
    with pytest.raises(InvalidEntity) as error:
        entity_create(actor=operator(), entity="Thing", data=thing_doc(colour="red"))
    assert error.value.field == "colour"


def test_annotations_are_ignored():
    thing = entity_create(
        actor=operator(),
        entity="Thing",
        data=thing_doc(**{"@iot.selfLink": "http://x/Things(9)", "Datastreams@iot.count": 0}),
    )
    assert thing.name == "Pos P2C"


def test_thing_with_inline_history_and_location_posted_under_history():
    actor = operator()
    thing = entity_create(
        actor=actor,
        entity="Thing",
        data=thing_doc(HistoricalLocations=[{"time": "2026-12-01T00:00:00+07:00"}]),
    )
    history = thing.historical_locations.get()
    assert history.time.isoformat() == "2026-11-30T17:00:00+00:00"
    location = entity_create(
        actor=actor,
        entity="Location",
        data=location_doc(),
        parent=("HistoricalLocation", history.pk),
    )
    assert list(history.locations.all()) == [location]
    assert not thing.locations.exists()  # a past position does not become the current one


def test_nested_entity_with_id_and_properties_links_the_existing_one():
    """frost-sta-client sends a linked entity's whole state, @iot.id included."""
    actor = operator()
    thing = entity_create(actor=actor, entity="Thing", data=thing_doc())
    sensor = entity_create(actor=actor, entity="Sensor", data=sensor_doc())
    datastream = entity_create(
        actor=actor,
        entity="Datastream",
        data=datastream_doc(
            Thing={"@iot.id": thing.pk, "name": "Pos P2C", "description": "Pos pantau"},
            Sensor={"@iot.id": sensor.pk, **sensor_doc("Nama lain")},
            ObservedProperty=property_doc(),
        ),
    )
    assert (datastream.thing, datastream.sensor) == (thing, sensor)
    assert Thing.objects.count() == 1 and Sensor.objects.get().name == "Sensor ultrasonik"


def test_own_id_of_a_posted_entity_is_ignored():
    thing = entity_create(actor=operator(), entity="Thing", data=thing_doc(**{"@iot.id": 4242}))
    assert thing.pk != 4242 and Thing.objects.count() == 1

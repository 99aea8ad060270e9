"""entity_update (PATCH merge, PUT replace) and entity_json_patch (RFC 6902) on every entity."""

from __future__ import annotations

import pytest

from kotacerdas.sensing.errors import Conflict, EntityNotFound, InvalidEntity
from kotacerdas.sensing.models import DatastreamLatest, HistoricalLocation, Observation
from kotacerdas.sensing.services.entities import (
    entity_create,
    entity_json_patch,
    entity_update,
)

from .entities_factories import (
    CELSIUS,
    OM,
    actions,
    deep_thing_doc,
    events,
    location_doc,
    operator,
    property_doc,
    sensor_doc,
    thing_doc,
)

pytestmark = pytest.mark.django_db


@pytest.fixture
def actor():
    return operator()


@pytest.fixture
def thing(actor):
    return entity_create(actor=actor, entity="Thing", data=deep_thing_doc())


def test_patch_thing_merges_properties(actor):
    thing = entity_create(
        actor=actor,
        entity="Thing",
        data=thing_doc(properties={"kind": "vehicle", "plat": "B 1234 XY", "warna": "kuning"}),
    )
    updated = entity_update(
        actor=actor,
        entity="Thing",
        pk=thing.pk,
        data={"description": "Truk sampah", "properties": {"warna": None, "rute": 7}},
    )
    updated.refresh_from_db()
    assert updated.name == "Pos P2C" and updated.description == "Truk sampah"
    assert updated.properties == {"kind": "vehicle", "plat": "B 1234 XY", "rute": 7}
    assert updated.kind == "vehicle"
    event = events()[-1]
    assert event.action == "sensing.thing.update"
    assert event.changes["description"] == ["Pos pantau", "Truk sampah"]


def test_patch_without_change_records_nothing(actor):
    thing = entity_create(actor=actor, entity="Thing", data=thing_doc())
    entity_update(actor=actor, entity="Thing", pk=thing.pk, data={"name": "Pos P2C"})
    assert actions() == ["sensing.thing.create"]


def test_put_requires_mandatory_and_resets_optional(actor):
    thing = entity_create(
        actor=actor, entity="Thing", data=thing_doc(properties={"kind": "vehicle", "plat": "B 1"})
    )
    with pytest.raises(InvalidEntity) as error:
        entity_update(
            actor=actor, entity="Thing", pk=thing.pk, data={"description": "x"}, replace=True
        )
    assert error.value.field == "name"
    thing.refresh_from_db()
    assert thing.description == "Pos pantau"
    entity_update(actor=actor, entity="Thing", pk=thing.pk, data={"name": "Truk 2"}, replace=True)
    thing.refresh_from_db()
    assert (thing.name, thing.description, thing.properties) == ("Truk 2", "", None)


def test_patch_and_put_every_other_entity(actor, thing):
    datastream = thing.datastreams.get()
    location = thing.locations.get()
    sensor, observed = datastream.sensor, datastream.observed_property
    entity_update(actor=actor, entity="Sensor", pk=sensor.pk, data={"metadata": "https://x/y.pdf"})
    entity_update(
        actor=actor,
        entity="ObservedProperty",
        pk=observed.pk,
        data={"name": "TMA", "definition": "https://x/tma"},
        replace=True,
    )
    entity_update(
        actor=actor, entity="Datastream", pk=datastream.pk, data={"unitOfMeasurement": CELSIUS}
    )
    entity_update(
        actor=actor, entity="Location", pk=location.pk, data={"description": "Pintu air P2C"}
    )
    feature = Observation.objects.first().feature_of_interest
    entity_update(actor=actor, entity="FeatureOfInterest", pk=feature.pk, data={"name": "Ruas"})
    sensor.refresh_from_db()
    observed.refresh_from_db()
    datastream.refresh_from_db()
    location.refresh_from_db()
    feature.refresh_from_db()
    assert sensor.metadata == "https://x/y.pdf" and sensor.name == "Sensor ultrasonik"
    assert (observed.name, observed.description) == ("TMA", "")
    assert datastream.unit_of_measurement == CELSIUS
    assert location.description == "Pintu air P2C"
    assert feature.name == "Ruas"
    assert actions()[-5:] == [
        "sensing.sensor.update",
        "sensing.observed_property.update",
        "sensing.datastream.update",
        "sensing.location.update",
        "sensing.feature_of_interest.update",
    ]


def test_patch_datastream_relinks_sensor(actor, thing):
    datastream = thing.datastreams.get()
    old = datastream.sensor_id
    other = entity_create(actor=actor, entity="Sensor", data=sensor_doc("Radar"))
    entity_update(
        actor=actor, entity="Datastream", pk=datastream.pk, data={"Sensor": {"@iot.id": other.pk}}
    )
    datastream.refresh_from_db()
    assert datastream.sensor == other
    assert events()[-1].changes["sensor"] == [old, other.pk]


def test_observation_type_cannot_change_once_observed(actor, thing):
    datastream = thing.datastreams.get()
    with pytest.raises(Conflict):
        entity_update(
            actor=actor,
            entity="Datastream",
            pk=datastream.pk,
            data={"observationType": OM + "OM_CategoryObservation"},
        )
    datastream.refresh_from_db()
    assert datastream.observation_type == OM + "OM_Measurement"


def test_patch_observation_result_and_latest(actor, thing):
    datastream = thing.datastreams.get()
    newest = datastream.observations.order_by("-phenomenon_time").first()
    entity_update(actor=actor, entity="Observation", pk=newest.pk, data={"result": 400})
    newest.refresh_from_db()
    assert newest.result_number == 400.0
    assert DatastreamLatest.objects.get(datastream=datastream).result_number == 400.0
    with pytest.raises(InvalidEntity):
        entity_update(actor=actor, entity="Observation", pk=newest.pk, data={"result": "tinggi"})
    newest.refresh_from_db()
    assert newest.result_number == 400.0
    assert events()[-1].action == "sensing.observation.update"


def test_patch_observation_into_an_existing_one_conflicts(actor, thing):
    first, second = thing.datastreams.get().observations.order_by("phenomenon_time")
    with pytest.raises(Conflict):
        entity_update(
            actor=actor,
            entity="Observation",
            pk=second.pk,
            data={"phenomenonTime": first.phenomenon_time.isoformat(), "result": 320},
        )
    second.refresh_from_db()
    assert second.result_number == 325.5


def test_location_change_records_historical_location(actor, thing):
    location = thing.locations.get()
    assert thing.historical_locations.count() == 1
    entity_update(
        actor=actor,
        entity="Location",
        pk=location.pk,
        data={"location": {"type": "Point", "coordinates": [107.01, -6.25]}},
    )
    location.refresh_from_db()
    assert (location.lat, location.lon) == (-6.25, 107.01)
    assert thing.historical_locations.count() == 2
    # a new Location linked by PATCH on the Thing replaces the current one, and is recorded
    entity_update(
        actor=actor,
        entity="Thing",
        pk=thing.pk,
        data={"Locations": [location_doc("Pos baru", {"type": "Point", "coordinates": [107, -6]})]},
    )
    assert [loc.name for loc in thing.locations.all()] == ["Pos baru"]
    newest = HistoricalLocation.objects.filter(thing=thing).first()
    assert [loc.name for loc in newest.locations.all()] == ["Pos baru"]
    assert thing.historical_locations.count() == 3


def test_unknown_entity_id_is_not_found(actor):
    with pytest.raises(EntityNotFound):
        entity_update(actor=actor, entity="Thing", pk=404, data={"name": "x"})
    with pytest.raises(EntityNotFound):
        entity_json_patch(actor=actor, entity="Sensor", pk="abc", operations=[])


def test_json_patch_all_operations(actor):
    thing = entity_create(
        actor=actor, entity="Thing", data=thing_doc(properties={"kind": "vehicle", "a": 1})
    )
    entity_json_patch(
        actor=actor,
        entity="Thing",
        pk=thing.pk,
        operations=[
            {"op": "test", "path": "/name", "value": "Pos P2C"},
            {"op": "replace", "path": "/name", "value": "Truk 7"},
            {"op": "add", "path": "/properties/plat", "value": "B 7"},
            {"op": "copy", "from": "/properties/plat", "path": "/properties/lambung"},
            {"op": "move", "from": "/properties/a", "path": "/properties/b"},
            {"op": "remove", "path": "/properties/lambung"},
        ],
    )
    thing.refresh_from_db()
    assert thing.name == "Truk 7"
    assert thing.properties == {"kind": "vehicle", "plat": "B 7", "b": 1}
    assert actions() == ["sensing.thing.create", "sensing.thing.update"]


def test_json_patch_failed_test_conflicts_and_writes_nothing(actor):
    thing = entity_create(actor=actor, entity="Thing", data=thing_doc())
    with pytest.raises(Conflict):
        entity_json_patch(
            actor=actor,
            entity="Thing",
            pk=thing.pk,
            operations=[
                {"op": "replace", "path": "/name", "value": "Baru"},
                {"op": "test", "path": "/description", "value": "lain"},
            ],
        )
    thing.refresh_from_db()
    assert thing.name == "Pos P2C" and actions() == ["sensing.thing.create"]


@pytest.mark.parametrize(
    "operations",
    [
        {"op": "replace", "path": "/name", "value": "x"},
        [{"op": "replace", "path": "/nama", "value": "x"}],
        [{"op": "remove", "path": "/properties/tidak-ada"}],
        [{"op": "explode", "path": "/name"}],
        [{"path": "/name"}],
        [{"op": "remove", "path": "/name"}],
        [{"op": "replace", "path": "/name", "value": 5}],
        [{"op": "add", "path": "/@iot.id", "value": 5}],
        [{"op": "replace", "path": "", "value": []}],
    ],
)
def test_json_patch_bad_operations(actor, operations):
    thing = entity_create(actor=actor, entity="Thing", data=thing_doc())
    with pytest.raises(InvalidEntity):
        entity_json_patch(actor=actor, entity="Thing", pk=thing.pk, operations=operations)
    thing.refresh_from_db()
    assert thing.name == "Pos P2C" and actions() == ["sensing.thing.create"]


def test_json_patch_location_geometry_checked_and_recorded(actor, thing):
    location = thing.locations.get()
    with pytest.raises(InvalidEntity):
        entity_json_patch(
            actor=actor,
            entity="Location",
            pk=location.pk,
            operations=[{"op": "replace", "path": "/location/coordinates/1", "value": -91}],
        )
    entity_json_patch(
        actor=actor,
        entity="Location",
        pk=location.pk,
        operations=[{"op": "replace", "path": "/location/coordinates/1", "value": -6.3}],
    )
    location.refresh_from_db()
    assert location.lat == -6.3 and thing.historical_locations.count() == 2


def test_json_patch_each_other_entity(actor, thing):
    datastream = thing.datastreams.get()
    observation = datastream.observations.order_by("phenomenon_time").first()
    patches = {
        "Sensor": (datastream.sensor_id, "/description", "Radar"),
        "ObservedProperty": (datastream.observed_property_id, "/definition", "https://x/d"),
        "Datastream": (datastream.pk, "/unitOfMeasurement/symbol", "mm"),
        "FeatureOfInterest": (observation.feature_of_interest_id, "/name", "Ruas P2C"),
        "Observation": (observation.pk, "/result", 321),
        "HistoricalLocation": (
            thing.historical_locations.get().pk,
            "/time",
            "2026-12-07T01:00:00Z",
        ),
    }
    for entity, (pk, path, value) in patches.items():
        entity_json_patch(
            actor=actor,
            entity=entity,
            pk=pk,
            operations=[{"op": "replace", "path": path, "value": value}],
        )
    datastream.refresh_from_db()
    observation.refresh_from_db()
    assert datastream.sensor.description == "Radar"
    assert datastream.observed_property.definition == "https://x/d"
    assert datastream.unit_of_measurement["symbol"] == "mm"
    assert observation.feature_of_interest.name == "Ruas P2C"
    assert observation.result_number == 321.0
    assert thing.historical_locations.get().time.isoformat() == "2026-12-07T01:00:00+00:00"
    assert actions()[-6:] == [
        "sensing.sensor.update",
        "sensing.observed_property.update",
        "sensing.datastream.update",
        "sensing.feature_of_interest.update",
        "sensing.observation.update",
        "sensing.historical_location.update",
    ]


def test_put_sensor_and_property_reset_optional(actor):
    sensor = entity_create(
        actor=actor, entity="Sensor", data={**sensor_doc(), "properties": {"merk": "X"}}
    )
    entity_update(
        actor=actor,
        entity="Sensor",
        pk=sensor.pk,
        data={"name": "S", "encodingType": "text/html", "metadata": "https://x"},
        replace=True,
    )
    sensor.refresh_from_db()
    assert (sensor.description, sensor.properties) == ("", None)
    observed = entity_create(actor=actor, entity="ObservedProperty", data=property_doc())
    with pytest.raises(InvalidEntity):
        entity_update(
            actor=actor, entity="ObservedProperty", pk=observed.pk, data={"name": "x"}, replace=True
        )


def test_observation_moved_to_another_datastream_refreshes_both_latest(actor, thing):
    source = thing.datastreams.get()
    target = entity_create(
        actor=actor,
        entity="Datastream",
        data={
            "name": "TMA cadangan",
            "observationType": OM + "OM_Measurement",
            "unitOfMeasurement": CELSIUS,
            "Sensor": {"@iot.id": source.sensor_id},
            "ObservedProperty": {"@iot.id": source.observed_property_id},
        },
        parent=("Thing", thing.pk),
    )
    newest = source.observations.order_by("-phenomenon_time").first()
    entity_update(
        actor=actor, entity="Observation", pk=newest.pk, data={"Datastream": {"@iot.id": target.pk}}
    )
    assert DatastreamLatest.objects.get(datastream=source).result_number == 320.0
    latest = DatastreamLatest.objects.get(datastream=target)
    assert (latest.observation_id, latest.observation_count) == (newest.pk, 1)


def test_patch_thing_with_datastream_reference_moves_it(actor, thing):
    other = entity_create(actor=actor, entity="Thing", data=thing_doc(name="Pos lain"))
    datastream = thing.datastreams.get()
    entity_update(
        actor=actor,
        entity="Thing",
        pk=other.pk,
        data={"Datastreams": [{"@iot.id": datastream.pk}]},
    )
    datastream.refresh_from_db()
    assert datastream.thing == other
    event = events()[-1]
    assert event.action == "sensing.datastream.update"
    assert event.changes == {"thing": [thing.pk, other.pk]}


def test_put_datastream_keeps_the_spans_the_server_maintains(actor, thing):
    datastream = thing.datastreams.get()
    spans = (datastream.phenomenon_time_start, datastream.phenomenon_time_end)
    assert None not in spans
    entity_update(
        actor=actor,
        entity="Datastream",
        pk=datastream.pk,
        data={
            "name": "TMA",
            "observationType": OM + "OM_Measurement",
            "unitOfMeasurement": CELSIUS,
        },
        replace=True,
    )
    datastream.refresh_from_db()
    assert (datastream.name, datastream.description) == ("TMA", "")
    assert (datastream.phenomenon_time_start, datastream.phenomenon_time_end) == spans


@pytest.mark.parametrize("pk", [2**63, 10**30, -1, 0, True, None, "1; drop"])
def test_ids_out_of_range_are_not_found(actor, pk):
    with pytest.raises(EntityNotFound):
        entity_update(actor=actor, entity="Thing", pk=pk, data={"name": "x"})
    with pytest.raises((EntityNotFound, InvalidEntity)):
        entity_create(
            actor=actor,
            entity="Datastream",
            data={
                "name": "x",
                "observationType": OM + "OM_Measurement",
                "unitOfMeasurement": CELSIUS,
                "Thing": {"@iot.id": pk},
                "Sensor": sensor_doc(),
                "ObservedProperty": property_doc(),
            },
        )
    assert actions() == []

"""Checks of STA documents: mandatory properties, GeoJSON and the Earth's bounds, zoned times,
observationType and unitOfMeasurement. Each refusal writes nothing and names the property."""

from __future__ import annotations

import pytest

from kotacerdas.sensing.errors import InvalidEntity
from kotacerdas.sensing.models import Datastream, FeatureOfInterest, Location, Thing
from kotacerdas.sensing.services.entities import entity_create

from .entities_factories import (
    OM,
    actions,
    datastream_doc,
    location_doc,
    operator,
    property_doc,
    sensor_doc,
    thing_doc,
)

pytestmark = pytest.mark.django_db

SQUARE = [[106.9, -6.3], [107.0, -6.3], [107.0, -6.2], [106.9, -6.2], [106.9, -6.3]]


def _refused(entity, data, field, *, contains=None):
    with pytest.raises(InvalidEntity) as error:
        entity_create(actor=operator(), entity=entity, data=data)
    assert error.value.field == field, error.value.message
    if contains is not None:
        assert contains in error.value.message
    assert actions() == []
    return error.value


@pytest.mark.parametrize(
    ("entity", "doc", "missing"),
    [
        ("Thing", thing_doc(), "name"),
        ("Location", location_doc(), "encodingType"),
        ("Location", location_doc(), "location"),
        ("Sensor", sensor_doc(), "encodingType"),
        ("Sensor", sensor_doc(), "metadata"),
        ("ObservedProperty", property_doc(), "definition"),
        ("Datastream", datastream_doc(), "observationType"),
        ("Datastream", datastream_doc(), "unitOfMeasurement"),
    ],
)
def test_missing_mandatory_property(entity, doc, missing):
    doc = {key: value for key, value in doc.items() if key != missing}
    error = _refused(entity, doc, missing)
    assert f"'{missing}'" in error.message


def test_historical_location_needs_time_and_thing():
    _refused("HistoricalLocation", {"Thing": {"@iot.id": 1}}, "time")
    _refused("HistoricalLocation", {"time": "2026-12-07T10:00:00Z"}, "Thing")


@pytest.mark.parametrize(
    ("doc", "field"),
    [
        (thing_doc(name=12), "name"),
        (thing_doc(name="  "), "name"),
        (thing_doc(name="x" * 201), "name"),
        (thing_doc(description=["a"]), "description"),
        (thing_doc(properties="kind=vehicle"), "properties"),
    ],
)
def test_wrong_types(doc, field):
    _refused("Thing", doc, field)


@pytest.mark.parametrize(
    "encoding", ["application/json", "text/plain", None, "application/geo+json; charset=x"]
)
def test_location_encoding_must_be_geojson(encoding):
    doc = location_doc()
    doc["encodingType"] = encoding
    _refused("Location", doc, "encodingType")


def test_both_geojson_encodings_accepted():
    for encoding in ("application/geo+json", "application/vnd.geo+json"):
        entity_create(
            actor=operator(), entity="Location", data={**location_doc(), "encodingType": encoding}
        )
    assert Location.objects.count() == 2


@pytest.mark.parametrize(
    "coordinates",
    [[106.99, -96.0], [186.0, -6.2], [-180.5, 0], [0, 90.01]],
)
def test_location_outside_earth_bounds(coordinates):
    error = _refused(
        "Location",
        location_doc(geometry={"type": "Point", "coordinates": coordinates}),
        "location",
    )
    assert "batas Bumi" in error.message


def test_polygon_vertex_outside_bounds():
    ring = [*SQUARE[:-1], [200.0, -6.2], SQUARE[0]]
    _refused(
        "Location", location_doc(geometry={"type": "Polygon", "coordinates": [ring]}), "location"
    )


def test_feature_of_interest_checked_like_locations():
    _refused(
        "FeatureOfInterest",
        {
            "name": "x",
            "encodingType": "application/geo+json",
            "feature": {"type": "Point", "coordinates": [0, 100]},
        },
        "feature",
    )
    assert not FeatureOfInterest.objects.exists()


@pytest.mark.parametrize(
    "geometry",
    [
        {"type": "Point", "coordinates": [106.9]},
        {"type": "Point", "coordinates": ["106.9", "-6.2"]},
        {"type": "Point", "coordinates": [True, 1]},
        {"type": "Point"},
        {"type": "Circle", "coordinates": [106.9, -6.2]},
        {"type": "LineString", "coordinates": [[106.9, -6.2]]},
        {"type": "Polygon", "coordinates": [SQUARE[:-1]]},  # ring not closed
        {"type": "Polygon", "coordinates": [SQUARE[:3]]},  # too few positions
        {"type": "Polygon", "coordinates": []},
        {"type": "MultiPolygon", "coordinates": [[SQUARE[:-1]]]},
        {"type": "GeometryCollection", "geometries": []},
        "POINT(106.9 -6.2)",
        {"type": "Feature", "geometry": None},
    ],
)
def test_malformed_geojson(geometry):
    _refused("Location", location_doc(geometry=geometry), "location")


@pytest.mark.parametrize(
    ("geometry", "inside"),
    [
        ({"type": "Polygon", "coordinates": [SQUARE]}, True),
        ({"type": "MultiPolygon", "coordinates": [[SQUARE]]}, True),
        ({"type": "LineString", "coordinates": [[106.9, -6.3], [107.0, -6.2]]}, True),
        ({"type": "MultiPoint", "coordinates": [[106.95, -6.25]]}, True),
        ({"type": "MultiLineString", "coordinates": [[[106.9, -6.3], [107.0, -6.2]]]}, True),
        (
            {
                "type": "GeometryCollection",
                "geometries": [{"type": "Polygon", "coordinates": [SQUARE]}],
            },
            True,
        ),
        (
            {
                "type": "Feature",
                "properties": {},
                "geometry": {"type": "Polygon", "coordinates": [SQUARE]},
            },
            True,
        ),
    ],
)
def test_areas_get_a_representative_point_inside(geometry, inside):
    location = entity_create(
        actor=operator(), entity="Location", data=location_doc(geometry=geometry)
    )
    assert location.location == geometry
    assert (106.9 <= location.lon <= 107.0 and -6.3 <= location.lat <= -6.2) is inside


@pytest.mark.parametrize("value", ["2026-12-07T10:00:00", "2026-12-07 10:00"])
def test_zoneless_time_refused_with_advice(value):
    error = _refused(
        "HistoricalLocation", {"time": value, "Thing": {"@iot.id": 1}}, "time", contains="+07:00"
    )
    assert "Z" in error.message


def test_unparseable_time_refused():
    _refused("HistoricalLocation", {"time": "kemarin", "Thing": {"@iot.id": 1}}, "time")


@pytest.mark.parametrize(
    "value",
    [
        "2026-12-01T00:00:00Z/2026-12-02T00:00:00",
        "2026-12-02T00:00:00Z/2026-12-01T00:00:00Z",
        "2026-12-01T00:00:00Z/",
    ],
)
def test_bad_datastream_intervals(value):
    _refused("Datastream", datastream_doc(phenomenonTime=value), "phenomenonTime")


@pytest.mark.parametrize(
    "observation_type",
    ["OM_Measurement", "http://www.opengis.net/def/observationType/OGC-OM/2.0/OM_Thing", 5],
)
def test_unknown_observation_type(observation_type):
    _refused("Datastream", datastream_doc(observationType=observation_type), "observationType")


@pytest.mark.parametrize(
    "unit",
    [
        "cm",
        {"name": "sentimeter", "symbol": "cm"},
        {"name": "sentimeter", "symbol": 1, "definition": None},
    ],
)
def test_bad_unit_of_measurement(unit):
    _refused("Datastream", datastream_doc(unitOfMeasurement=unit), "unitOfMeasurement")


def test_every_observation_type_and_null_unit_fields_accepted():
    actor = operator()
    thing = entity_create(actor=actor, entity="Thing", data=thing_doc())
    for kind in (
        "Measurement",
        "CountObservation",
        "CategoryObservation",
        "TruthObservation",
        "Observation",
    ):
        entity_create(
            actor=actor,
            entity="Datastream",
            data=datastream_doc(
                observationType=OM + "OM_" + kind,
                unitOfMeasurement={"name": None, "symbol": None, "definition": None},
                Sensor=sensor_doc(),
                ObservedProperty=property_doc(),
            ),
            parent=("Thing", thing.pk),
        )
    assert Datastream.objects.count() == 5


@pytest.mark.parametrize(
    ("observation_type", "good", "bad"),
    [
        ("OM_Measurement", 3.5, "3.5"),
        ("OM_CountObservation", 4, 4.5),
        ("OM_CategoryObservation", "http://example.org/hujan-lebat", 1),
        ("OM_TruthObservation", True, "true"),
    ],
)
def test_results_checked_against_observation_type(observation_type, good, bad):
    actor = operator()
    thing = entity_create(actor=actor, entity="Thing", data=thing_doc())
    datastream = entity_create(
        actor=actor,
        entity="Datastream",
        data=datastream_doc(
            observationType=OM + observation_type,
            Thing={"@iot.id": thing.pk},
            Sensor=sensor_doc(),
            ObservedProperty=property_doc(),
        ),
    )
    entity_create(actor=actor, entity="Location", data=location_doc(), parent=("Thing", thing.pk))
    observation = entity_create(
        actor=actor,
        entity="Observation",
        data={"phenomenonTime": "2026-12-07T10:00:00Z", "result": good},
        parent=("Datastream", datastream.pk),
    )
    assert observation.pk
    with pytest.raises(InvalidEntity) as error:
        entity_create(
            actor=actor,
            entity="Observation",
            data={"phenomenonTime": "2026-12-07T10:05:00Z", "result": bad},
            parent=("Datastream", datastream.pk),
        )
    assert error.value.field == "result"
    assert datastream.observations.count() == 1


def test_observation_zoneless_time_refused():
    actor = operator()
    thing = entity_create(
        actor=actor,
        entity="Thing",
        data=thing_doc(
            Locations=[location_doc()],
            Datastreams=[datastream_doc(Sensor=sensor_doc(), ObservedProperty=property_doc())],
        ),
    )
    with pytest.raises(InvalidEntity) as error:
        entity_create(
            actor=actor,
            entity="Observation",
            data={"phenomenonTime": "2026-12-07T10:00:00", "result": 1},
            parent=("Datastream", thing.datastreams.get().pk),
        )
    assert error.value.field == "phenomenonTime" and "+07:00" in error.value.message
    assert not Thing.objects.get().datastreams.get().observations.exists()


@pytest.mark.parametrize(
    "doc",
    [
        thing_doc(properties={"catatan": "a\x00b"}),
        thing_doc(name="Pos\x00"),
        thing_doc(properties={"tinggi": float("nan")}),
        thing_doc(properties={"tinggi": [float("inf")]}),
    ],
)
def test_values_the_database_cannot_store_are_refused(doc):
    _refused("Thing", doc, "Thing")
    assert not Thing.objects.exists()


def test_deeply_nested_document_refused_without_recursion_error():
    doc = thing_doc()
    inner = doc
    for _level in range(5000):
        inner["properties"] = {"x": {}}
        inner = inner["properties"]["x"]
    _refused("Thing", doc, "Thing")


def test_deep_insert_of_ordinary_depth_passes():
    thing = entity_create(
        actor=operator(),
        entity="Thing",
        data=thing_doc(properties={"a": {"b": {"c": {"d": [[1, 2], {"e": None}]}}}}),
    )
    assert thing.properties["a"]["b"]["c"]["d"][1] == {"e": None}

"""What the SensorThings API knows about the models: for each of the eight entity types its
entity set name, model, the columns read for its JSON, and its navigation properties (with
the ORM path in both directions), plus the query `Resolver` that compiles `$filter` and
`$orderby` against them (see `query/README.md`).

Interval properties of a Datastream (`phenomenonTime`, `resultTime`) and an Observation's
`validTime` are filtered and sorted by their start; the JSON shows the whole interval.
"""

from __future__ import annotations

from dataclasses import dataclass, field

from django.db import models

from kotacerdas.sensing.models import (
    Datastream,
    FeatureOfInterest,
    HistoricalLocation,
    Location,
    Observation,
    ObservedProperty,
    Sensor,
    Thing,
)

from .query import EntityType, Field, Navigation, PointField, Resolver, ResultField


@dataclass(frozen=True)
class Relation:
    """A navigation property. `path` leads from the source model to the target, `inverse`
    from the target back; `fk` is the source column holding the target id (to-one only)."""

    name: str
    target: str
    path: str
    inverse: str
    fk: str | None = None

    @property
    def many(self) -> bool:
        return self.fk is None


@dataclass(frozen=True)
class EntityInfo:
    name: str  # singular, e.g. "Thing"
    plural: str  # the entity set, e.g. "Things"
    model: type[models.Model]
    columns: tuple[str, ...]  # read with .values() to build the JSON
    relations: dict[str, Relation] = field(default_factory=dict)


def _to_one(name: str, target: str, fk: str, inverse: str) -> Relation:
    return Relation(name, target, fk.removesuffix("_id"), inverse, fk)


ENTITIES: dict[str, EntityInfo] = {
    info.name: info
    for info in [
        EntityInfo(
            "Thing",
            "Things",
            Thing,
            ("id", "name", "description", "properties"),
            {
                "Locations": Relation("Locations", "Location", "locations", "things"),
                "HistoricalLocations": Relation(
                    "HistoricalLocations", "HistoricalLocation", "historical_locations", "thing"
                ),
                "Datastreams": Relation("Datastreams", "Datastream", "datastreams", "thing"),
            },
        ),
        EntityInfo(
            "Location",
            "Locations",
            Location,
            ("id", "name", "description", "encoding_type", "location", "properties"),
            {
                "Things": Relation("Things", "Thing", "things", "locations"),
                "HistoricalLocations": Relation(
                    "HistoricalLocations", "HistoricalLocation", "historical_locations", "locations"
                ),
            },
        ),
        EntityInfo(
            "HistoricalLocation",
            "HistoricalLocations",
            HistoricalLocation,
            ("id", "time", "thing_id"),
            {
                "Thing": _to_one("Thing", "Thing", "thing_id", "historical_locations"),
                "Locations": Relation("Locations", "Location", "locations", "historical_locations"),
            },
        ),
        EntityInfo(
            "Datastream",
            "Datastreams",
            Datastream,
            (
                "id",
                "name",
                "description",
                "observation_type",
                "unit_of_measurement",
                "observed_area",
                "phenomenon_time_start",
                "phenomenon_time_end",
                "result_time_start",
                "result_time_end",
                "properties",
                "thing_id",
                "sensor_id",
                "observed_property_id",
            ),
            {
                "Thing": _to_one("Thing", "Thing", "thing_id", "datastreams"),
                "Sensor": _to_one("Sensor", "Sensor", "sensor_id", "datastreams"),
                "ObservedProperty": _to_one(
                    "ObservedProperty", "ObservedProperty", "observed_property_id", "datastreams"
                ),
                "Observations": Relation(
                    "Observations", "Observation", "observations", "datastream"
                ),
            },
        ),
        EntityInfo(
            "Sensor",
            "Sensors",
            Sensor,
            ("id", "name", "description", "encoding_type", "metadata", "properties"),
            {"Datastreams": Relation("Datastreams", "Datastream", "datastreams", "sensor")},
        ),
        EntityInfo(
            "ObservedProperty",
            "ObservedProperties",
            ObservedProperty,
            ("id", "name", "definition", "description", "properties"),
            {
                "Datastreams": Relation(
                    "Datastreams", "Datastream", "datastreams", "observed_property"
                )
            },
        ),
        EntityInfo(
            "Observation",
            "Observations",
            Observation,
            (
                "id",
                "phenomenon_time",
                "phenomenon_time_end",
                "result_time",
                "result_number",
                "result_string",
                "result_json",
                "result_quality",
                "valid_time_start",
                "valid_time_end",
                "parameters",
                "datastream_id",
                "feature_of_interest_id",
            ),
            {
                "Datastream": _to_one("Datastream", "Datastream", "datastream_id", "observations"),
                "FeatureOfInterest": _to_one(
                    "FeatureOfInterest",
                    "FeatureOfInterest",
                    "feature_of_interest_id",
                    "observations",
                ),
            },
        ),
        EntityInfo(
            "FeatureOfInterest",
            "FeaturesOfInterest",
            FeatureOfInterest,
            ("id", "name", "description", "encoding_type", "feature", "properties"),
            {
                "Observations": Relation(
                    "Observations", "Observation", "observations", "feature_of_interest"
                )
            },
        ),
    ]
}

ENTITY_SETS: dict[str, EntityInfo] = {info.plural: info for info in ENTITIES.values()}

_ID = Field("id", "int")
_NAME = Field("name", "string")
_DESCRIPTION = Field("description", "string")
_PROPERTIES = Field("properties", "json")
_ENCODING = Field("encoding_type", "string")

_PROPERTY_SPECS: dict[str, dict] = {
    "Thing": {"id": _ID, "name": _NAME, "description": _DESCRIPTION, "properties": _PROPERTIES},
    "Location": {
        "id": _ID,
        "name": _NAME,
        "description": _DESCRIPTION,
        "encodingType": _ENCODING,
        "location": PointField(lat="lat", lon="lon"),
        "properties": _PROPERTIES,
    },
    "HistoricalLocation": {"id": _ID, "time": Field("time", "datetime")},
    "Datastream": {
        "id": _ID,
        "name": _NAME,
        "description": _DESCRIPTION,
        "observationType": Field("observation_type", "string"),
        "unitOfMeasurement": Field("unit_of_measurement", "json"),
        "observedArea": Field("observed_area", "json"),
        "phenomenonTime": Field("phenomenon_time_start", "datetime"),
        "resultTime": Field("result_time_start", "datetime"),
        "properties": _PROPERTIES,
    },
    "Sensor": {
        "id": _ID,
        "name": _NAME,
        "description": _DESCRIPTION,
        "encodingType": _ENCODING,
        "metadata": Field("metadata", "string"),
        "properties": _PROPERTIES,
    },
    "ObservedProperty": {
        "id": _ID,
        "name": _NAME,
        "definition": Field("definition", "string"),
        "description": _DESCRIPTION,
        "properties": _PROPERTIES,
    },
    "Observation": {
        "id": _ID,
        "phenomenonTime": Field("phenomenon_time", "datetime"),
        "resultTime": Field("result_time", "datetime"),
        "result": ResultField(number="result_number", string="result_string", json="result_json"),
        "resultQuality": Field("result_quality", "json"),
        "validTime": Field("valid_time_start", "datetime"),
        "parameters": Field("parameters", "json"),
    },
    "FeatureOfInterest": {
        "id": _ID,
        "name": _NAME,
        "description": _DESCRIPTION,
        "encodingType": _ENCODING,
        "feature": PointField(lat="lat", lon="lon"),
        "properties": _PROPERTIES,
    },
}

RESOLVER = Resolver(
    EntityType(
        name,
        _PROPERTY_SPECS[name],
        {
            relation.name: Navigation(relation.path, relation.target)
            for relation in info.relations.values()
        },
    )
    for name, info in ENTITIES.items()
)

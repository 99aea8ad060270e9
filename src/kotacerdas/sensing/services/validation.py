"""Checking SensorThings 1.1 entity documents and turning their properties into model fields.

`entity_fields(entity, doc)` validates every property of one entity (OGC 18-088 tables 8 to 15:
mandatory properties, their types) and returns the model field values; `entity_document`
is the reverse (the entity's own properties as STA JSON, without navigation links), which
PATCH, PUT and JSON Patch start from. Errors are `InvalidEntity(message, field=...)` with a
translated message naming the property.

Deviation, kept on purpose: `description` is mandatory in the standard but a missing one is
taken as "" because stock clients (frost-sta-client) leave an empty description out.
"""

from __future__ import annotations

import datetime as dt
import json
import math
from collections.abc import Callable
from typing import Any

from django.utils.translation import gettext as _

from kotacerdas.sensing.errors import InvalidEntity
from kotacerdas.sensing.models import (
    Datastream,
    FeatureOfInterest,
    HistoricalLocation,
    Location,
    Observation,
    ObservedProperty,
    Sensor,
    Thing,
    ThingKind,
)
from kotacerdas.sensing.models.entities import ENCODING_TYPES
from kotacerdas.sensing.services import observations_parse

OM = "http://www.opengis.net/def/observationType/OGC-OM/2.0/"
OBSERVATION_TYPES = {
    OM + "OM_Measurement": "number",
    OM + "OM_CountObservation": "integer",
    OM + "OM_CategoryObservation": "string",
    OM + "OM_TruthObservation": "boolean",
    OM + "OM_Observation": "any",
}
GEOMETRY_TYPES = frozenset(
    {
        "Point",
        "MultiPoint",
        "LineString",
        "MultiLineString",
        "Polygon",
        "MultiPolygon",
        "GeometryCollection",
    }
)
OBSERVATION_PROPS = (
    "phenomenonTime",
    "resultTime",
    "result",
    "resultQuality",
    "validTime",
    "parameters",
)
NAME_MAX = 200
MODELS = {
    "Thing": Thing,
    "Location": Location,
    "HistoricalLocation": HistoricalLocation,
    "Datastream": Datastream,
    "Sensor": Sensor,
    "ObservedProperty": ObservedProperty,
    "Observation": Observation,
    "FeatureOfInterest": FeatureOfInterest,
}


# ---- times -------------------------------------------------------------------------------


def parse_time(value: Any, *, field: str) -> dt.datetime:
    """An ISO 8601 instant with a zone (`2026-12-07T10:00:00Z`, `...+07:00`), or an aware
    datetime; the same rule and messages as Observations (`observations_parse.parse_time`)."""
    if isinstance(value, dt.datetime):
        if value.utcoffset() is None:
            raise InvalidEntity(
                _("%(field)s harus menyebut zona waktu (misalnya Z atau +07:00).")
                % {"field": field},
                field=field,
            )
        return value
    return observations_parse.parse_time(value, field)


def parse_interval(value: Any, *, field: str) -> tuple[dt.datetime, dt.datetime]:
    """An ISO 8601 interval `start/end` (an instant is read as an interval of no length)."""
    start, end = observations_parse.parse_time_or_interval(value, field)
    return start, start if end is None else end


def format_time(value: dt.datetime | None) -> str | None:
    if value is None:
        return None
    text = value.astimezone(dt.UTC).isoformat()
    return text.replace("+00:00", "Z")


def format_interval(start: dt.datetime | None, end: dt.datetime | None) -> str | None:
    if start is None:
        return None
    if end is None or end == start:
        return format_time(start)
    return f"{format_time(start)}/{format_time(end)}"


# ---- GeoJSON -----------------------------------------------------------------------------


def _position(value: Any, *, field: str) -> tuple[float, float]:
    if (
        not isinstance(value, list | tuple)
        or len(value) < 2
        or not all(isinstance(c, int | float) and not isinstance(c, bool) for c in value)
    ):
        raise InvalidEntity(
            _("%(field)s: setiap posisi GeoJSON adalah daftar angka [bujur, lintang].")
            % {"field": field},
            field=field,
        )
    lon, lat = float(value[0]), float(value[1])
    if not (math.isfinite(lon) and math.isfinite(lat)):
        raise InvalidEntity(
            _("%(field)s: koordinat harus berupa angka terhingga.") % {"field": field}, field=field
        )
    if not (-180 <= lon <= 180 and -90 <= lat <= 90):
        raise InvalidEntity(
            _(
                "%(field)s: lokasi di luar batas Bumi (bujur %(lon)s, lintang %(lat)s); "
                "bujur harus -180..180 dan lintang -90..90, dengan urutan [bujur, lintang]."
            )
            % {"field": field, "lon": value[0], "lat": value[1]},
            field=field,
        )
    return lon, lat


def _check_positions(value: Any, depth: int, *, field: str, min_count: int = 0) -> None:
    """Walk the nested coordinate arrays of a geometry (`depth` 0 is one position)."""
    if depth == 0:
        _position(value, field=field)
        return
    if not isinstance(value, list):
        raise InvalidEntity(
            _("%(field)s: 'coordinates' tidak sesuai jenis geometrinya.") % {"field": field},
            field=field,
        )
    if len(value) < min_count:
        raise InvalidEntity(
            _("%(field)s: geometri memerlukan sedikitnya %(count)d posisi.")
            % {"field": field, "count": min_count},
            field=field,
        )
    for item in value:
        _check_positions(item, depth - 1, field=field)


def _check_ring(ring: list, *, field: str) -> None:
    _check_positions(ring, 1, field=field, min_count=4)
    if list(ring[0][:2]) != list(ring[-1][:2]):
        raise InvalidEntity(
            _("%(field)s: cincin poligon harus tertutup (posisi pertama sama dengan terakhir).")
            % {"field": field},
            field=field,
        )


def _check_geometry(geometry: Any, *, field: str, nested: int = 0) -> None:
    if not isinstance(geometry, dict) or geometry.get("type") not in GEOMETRY_TYPES:
        raise InvalidEntity(
            _(
                "%(field)s harus berupa geometri GeoJSON (Point, LineString, Polygon, "
                "MultiPoint, MultiLineString, MultiPolygon atau GeometryCollection)."
            )
            % {"field": field},
            field=field,
        )
    kind = geometry["type"]
    if kind == "GeometryCollection":
        members = geometry.get("geometries")
        if not isinstance(members, list) or not members or nested > 3:
            raise InvalidEntity(
                _("%(field)s: GeometryCollection memerlukan daftar 'geometries'.")
                % {"field": field},
                field=field,
            )
        for member in members:
            _check_geometry(member, field=field, nested=nested + 1)
        return
    coordinates = geometry.get("coordinates")
    if kind == "Point":
        _position(coordinates, field=field)
    elif kind == "MultiPoint":
        _check_positions(coordinates, 1, field=field, min_count=1)
    elif kind == "LineString":
        _check_positions(coordinates, 1, field=field, min_count=2)
    elif kind == "MultiLineString":
        _check_positions(coordinates, 2, field=field, min_count=1)
        for line in coordinates:
            _check_positions(line, 1, field=field, min_count=2)
    else:
        polygons = [coordinates] if kind == "Polygon" else coordinates
        _check_positions(polygons, 3, field=field, min_count=1)
        for polygon in polygons:
            if not polygon:
                raise InvalidEntity(
                    _("%(field)s: poligon memerlukan sedikitnya satu cincin.") % {"field": field},
                    field=field,
                )
            for ring in polygon:
                _check_ring(ring, field=field)


def geometry_of(value: Any, *, field: str) -> dict:
    """The geometry of a GeoJSON geometry or Feature, checked (types, closed rings, bounds)."""
    if isinstance(value, dict) and value.get("type") == "Feature":
        geometry = value.get("geometry")
    else:
        geometry = value
    _check_geometry(geometry, field=field)
    return geometry


def representative_lat_lon(geometry: dict) -> tuple[float, float]:
    """(lat, lon) of a Point, or a point inside an area / on a line (shapely)."""
    if geometry["type"] == "Point":
        lon, lat = geometry["coordinates"][:2]
        return float(lat), float(lon)
    from shapely.errors import GEOSException
    from shapely.geometry import shape

    shaped = shape(geometry)
    try:
        point = shaped.representative_point()
    except (GEOSException, ValueError):  # e.g. a self-intersecting polygon
        point = shaped.centroid
    if point.is_empty:
        minx, miny, maxx, maxy = shaped.bounds
        return (miny + maxy) / 2, (minx + maxx) / 2
    return float(point.y), float(point.x)


def _encoding_type_geojson(value: Any, *, field: str) -> str:
    if value not in ENCODING_TYPES:
        raise InvalidEntity(
            _("%(field)s harus %(types)s.")
            % {"field": field, "types": " atau ".join(ENCODING_TYPES)},
            field=field,
        )
    return value


# ---- property converters -----------------------------------------------------------------
# Each takes the STA value and returns {model field: value}. None of them sees a missing value.


def _text(field: str, *, max_length: int | None = None, blank: bool = True) -> Callable:
    def convert(value: Any) -> dict:
        if not isinstance(value, str):
            raise InvalidEntity(_("%(field)s harus berupa teks.") % {"field": field}, field=field)
        if not blank and not value.strip():
            raise InvalidEntity(_("%(field)s tidak boleh kosong.") % {"field": field}, field=field)
        if max_length is not None and len(value) > max_length:
            raise InvalidEntity(
                _("%(field)s paling panjang %(max)d karakter.")
                % {"field": field, "max": max_length},
                field=field,
            )
        return {snake(field): value}

    return convert


def _object(field: str, attr: str | None = None) -> Callable:
    def convert(value: Any) -> dict:
        if value is not None and not isinstance(value, dict):
            raise InvalidEntity(
                _("%(field)s harus berupa objek JSON.") % {"field": field}, field=field
            )
        return {attr or snake(field): value}

    return convert


def _location(field: str, attr: str) -> Callable:
    def convert(value: Any) -> dict:
        geometry = geometry_of(value, field=field)
        lat, lon = representative_lat_lon(geometry)
        return {attr: value, "lat": lat, "lon": lon}

    return convert


def _geojson_encoding(value: Any) -> dict:
    return {"encoding_type": _encoding_type_geojson(value, field="encodingType")}


def _observation_type(value: Any) -> dict:
    if value not in OBSERVATION_TYPES:
        raise InvalidEntity(
            _("observationType harus salah satu dari: %(types)s.")
            % {"types": ", ".join(OBSERVATION_TYPES)},
            field="observationType",
        )
    return {"observation_type": value}


def _unit_of_measurement(value: Any) -> dict:
    field = "unitOfMeasurement"
    if not isinstance(value, dict):
        raise InvalidEntity(
            _("unitOfMeasurement harus berupa objek dengan name, symbol dan definition."),
            field=field,
        )
    for key in ("name", "symbol", "definition"):
        if key not in value:
            raise InvalidEntity(
                _("unitOfMeasurement tidak memiliki '%(key)s' (boleh null).") % {"key": key},
                field=field,
            )
        if value[key] is not None and not isinstance(value[key], str):
            raise InvalidEntity(
                _("unitOfMeasurement.%(key)s harus berupa teks atau null.") % {"key": key},
                field=field,
            )
    return {"unit_of_measurement": value}


def _observed_area(value: Any) -> dict:
    if value is None:
        return {"observed_area": None}
    geometry_of(value, field="observedArea")
    return {"observed_area": value}


def _interval(field: str, prefix: str) -> Callable:
    def convert(value: Any) -> dict:
        if value is None:
            return {f"{prefix}_start": None, f"{prefix}_end": None}
        start, end = parse_interval(value, field=field)
        return {f"{prefix}_start": start, f"{prefix}_end": end}

    return convert


def _time(value: Any) -> dict:
    return {"time": parse_time(value, field="time")}


def _thing_properties(value: Any) -> dict:
    """Thing properties; a known `kind` ("vehicle", "river_gauge"...) also sets Thing.kind."""
    fields = _object("properties")(value)
    kind = (value or {}).get("kind")
    if isinstance(kind, str) and kind in ThingKind.values:
        fields["kind"] = kind
    return fields


def snake(name: str) -> str:
    """`observedProperty` -> `observed_property`, `ObservedProperty` -> `observed_property`."""
    return "".join(f"_{c.lower()}" if c.isupper() else c for c in name).lstrip("_")


# property -> (mandatory, converter, default when missing on create/PUT)
Spec = dict[str, tuple[bool, Callable[[Any], dict], Any]]
_NAME = (True, _text("name", max_length=NAME_MAX, blank=False), None)
_DESCRIPTION = (False, _text("description"), "")
_PROPERTIES = (False, _object("properties"), None)
SPECS: dict[str, Spec] = {
    "Thing": {
        "name": _NAME,
        "description": _DESCRIPTION,
        "properties": (False, _thing_properties, None),
    },
    "Location": {
        "name": _NAME,
        "description": _DESCRIPTION,
        "encodingType": (True, _geojson_encoding, None),
        "location": (True, _location("location", "location"), None),
        "properties": _PROPERTIES,
    },
    "HistoricalLocation": {"time": (True, _time, None)},
    "Datastream": {
        "name": _NAME,
        "description": _DESCRIPTION,
        "observationType": (True, _observation_type, None),
        "unitOfMeasurement": (True, _unit_of_measurement, None),
        "observedArea": (False, _observed_area, None),
        "phenomenonTime": (False, _interval("phenomenonTime", "phenomenon_time"), None),
        "resultTime": (False, _interval("resultTime", "result_time"), None),
        "properties": _PROPERTIES,
    },
    "Sensor": {
        "name": _NAME,
        "description": _DESCRIPTION,
        "encodingType": (True, _text("encodingType", max_length=100, blank=False), None),
        "metadata": (True, _text("metadata"), None),
        "properties": _PROPERTIES,
    },
    "ObservedProperty": {
        "name": _NAME,
        "definition": (True, _text("definition", max_length=500, blank=False), None),
        "description": _DESCRIPTION,
        "properties": _PROPERTIES,
    },
    "FeatureOfInterest": {
        "name": _NAME,
        "description": _DESCRIPTION,
        "encodingType": (True, _geojson_encoding, None),
        "feature": (True, _location("feature", "feature"), None),
        "properties": _PROPERTIES,
    },
}
# Navigation properties per entity: name -> (target entity, is a set).
NAVIGATION: dict[str, dict[str, tuple[str, bool]]] = {
    "Thing": {
        "Locations": ("Location", True),
        "HistoricalLocations": ("HistoricalLocation", True),
        "Datastreams": ("Datastream", True),
    },
    "Location": {
        "Things": ("Thing", True),
        "HistoricalLocations": ("HistoricalLocation", True),
    },
    "HistoricalLocation": {"Thing": ("Thing", False), "Locations": ("Location", True)},
    "Datastream": {
        "Thing": ("Thing", False),
        "Sensor": ("Sensor", False),
        "ObservedProperty": ("ObservedProperty", False),
        "Observations": ("Observation", True),
    },
    "Sensor": {"Datastreams": ("Datastream", True)},
    "ObservedProperty": {"Datastreams": ("Datastream", True)},
    "Observation": {
        "Datastream": ("Datastream", False),
        "FeatureOfInterest": ("FeatureOfInterest", False),
    },
    "FeatureOfInterest": {"Observations": ("Observation", True)},
}


def check_entity_name(entity: Any) -> str:
    if entity not in MODELS:
        raise InvalidEntity(
            _("Jenis entitas tidak dikenal: %(entity)s.") % {"entity": str(entity)[:60]},
            field="entity",
        )
    return entity


MAX_DEPTH = 24  # nesting of JSON in one document (a deep insert uses about 8)


def check_depth(doc: Any, *, field: str) -> None:
    """Refuse documents nested deeper than MAX_DEPTH (walked without recursion)."""
    stack = [(doc, 1)]
    while stack:
        value, depth = stack.pop()
        if depth > MAX_DEPTH:
            raise InvalidEntity(
                _("Dokumen bersarang lebih dari %(max)d tingkat.") % {"max": MAX_DEPTH},
                field=field,
            )
        if isinstance(value, dict):
            stack.extend((item, depth + 1) for item in value.values())
        elif isinstance(value, list):
            stack.extend((item, depth + 1) for item in value)


def _check_storable(entity: str, doc: dict) -> None:
    """No NaN/Infinity and no NUL character anywhere: PostgreSQL's jsonb and text refuse them."""
    try:
        text = json.dumps(doc, allow_nan=False, default=str)
    except ValueError:
        raise InvalidEntity(
            _("%(entity)s memuat angka yang bukan bilangan terhingga (NaN/Infinity).")
            % {"entity": entity},
            field=entity,
        ) from None
    if "\\u0000" in text:
        raise InvalidEntity(_("%(entity)s memuat karakter NUL.") % {"entity": entity}, field=entity)


def check_document(entity: str, doc: Any) -> dict:
    """`doc` is an object whose keys are properties, navigation links or annotations."""
    if not isinstance(doc, dict):
        raise InvalidEntity(
            _("%(entity)s harus berupa objek JSON.") % {"entity": entity}, field=entity
        )
    _check_storable(entity, doc)
    known = set(SPECS.get(entity, {})) | set(NAVIGATION[entity])
    if entity == "Observation":
        known |= set(OBSERVATION_PROPS)
    for key in doc:
        if not isinstance(key, str) or ("@" not in key and key not in known):
            raise InvalidEntity(
                _("%(entity)s tidak memiliki properti '%(key)s'.")
                % {"entity": entity, "key": str(key)[:60]},
                field=str(key)[:60],
            )
    return doc


def entity_fields(entity: str, doc: dict) -> dict[str, Any]:
    """The model field values of a whole STA document of `entity` (create and PUT).

    Every mandatory property must be there; missing optional ones take their default.
    Navigation links and `@iot.*` annotations are left to the caller. Not for Observations
    (their results and times are checked by `observations.observation_in_from_json`).
    """
    fields: dict[str, Any] = {}
    for name, (mandatory, convert, default) in SPECS[entity].items():
        value = doc.get(name)
        if value is None:
            if mandatory:
                raise InvalidEntity(
                    _("%(entity)s memerlukan properti '%(name)s'.")
                    % {"entity": entity, "name": name},
                    field=name,
                )
            if name == "properties" and entity == "Thing":
                fields["properties"] = None  # keeps Thing.kind as it is
                continue
            fields.update(convert(default) if default is not None else _empty(entity, name))
            continue
        fields.update(convert(value))
    return fields


def _empty(entity: str, name: str) -> dict:
    """The field values of an optional property that is absent."""
    if name in {"phenomenonTime", "resultTime"}:
        prefix = snake(name)
        return {f"{prefix}_start": None, f"{prefix}_end": None}
    return {snake(name): None}


def entity_document(entity: str, obj: Any) -> dict[str, Any]:
    """The entity's own properties as STA JSON (no links), the base of PATCH and JSON Patch."""
    if entity == "Thing":
        return {"name": obj.name, "description": obj.description, "properties": obj.properties}
    if entity in {"Location", "FeatureOfInterest"}:
        geo = "location" if entity == "Location" else "feature"
        return {
            "name": obj.name,
            "description": obj.description,
            "encodingType": obj.encoding_type,
            geo: getattr(obj, geo),
            "properties": obj.properties,
        }
    if entity == "HistoricalLocation":
        return {"time": format_time(obj.time)}
    if entity == "Datastream":
        return {
            "name": obj.name,
            "description": obj.description,
            "observationType": obj.observation_type,
            "unitOfMeasurement": obj.unit_of_measurement,
            "observedArea": obj.observed_area,
            "phenomenonTime": format_interval(obj.phenomenon_time_start, obj.phenomenon_time_end),
            "resultTime": format_interval(obj.result_time_start, obj.result_time_end),
            "properties": obj.properties,
        }
    if entity == "Sensor":
        return {
            "name": obj.name,
            "description": obj.description,
            "encodingType": obj.encoding_type,
            "metadata": obj.metadata,
            "properties": obj.properties,
        }
    if entity == "ObservedProperty":
        return {
            "name": obj.name,
            "definition": obj.definition,
            "description": obj.description,
            "properties": obj.properties,
        }
    return observation_document(obj)


def observation_result(obj: Observation) -> Any:
    if obj.result_number is not None:
        number = obj.result_number
        observation_type = obj.datastream.observation_type
        if OBSERVATION_TYPES.get(observation_type) == "integer" and number.is_integer():
            return int(number)
        return number
    if obj.result_string is not None:
        return obj.result_string
    return obj.result_json


def observation_document(obj: Observation) -> dict[str, Any]:
    return {
        "phenomenonTime": format_interval(obj.phenomenon_time, obj.phenomenon_time_end),
        "resultTime": format_time(obj.result_time),
        "result": observation_result(obj),
        "resultQuality": obj.result_quality,
        "validTime": format_interval(obj.valid_time_start, obj.valid_time_end),
        "parameters": obj.parameters,
    }

"""Storing Observations: the one write path of every source (HTTP, CreateObservations, deep
insert, MQTT, field gateways, the simulator, the demo).

Pasal 5(d) and 24(4): sensor data feeds the city's management through IoT; this keeps it
exactly once, typed, with the latest value per datastream ready for dashboards and alarms.

- `ObservationIn`: one Observation to store (times aware).
- `observation_in_from_json(doc, datastream_id=None)`: the STA JSON of one Observation,
  checked against its Datastream (observationType, existence); raises `InvalidEntity`.
- `observations_in_from_data_array(doc)`: the rows of a `CreateObservations` document.
- `observations_store(actor=, items=, source=)`: atomic and bulk; see its docstring.
"""

from __future__ import annotations

import datetime as dt
import hashlib
import importlib.util
import json
from collections.abc import Iterable
from dataclasses import dataclass
from functools import cache, partial
from typing import Any

from django.conf import settings
from django.db import transaction
from django.db.models.base import ModelState
from django.utils import timezone
from django.utils.translation import gettext as _

from kotacerdas.core.audit.chain import audit_record
from kotacerdas.sensing.errors import InvalidEntity
from kotacerdas.sensing.models import Datastream, FeatureOfInterest, Location, Observation

from . import observations_sql
from .observations_parse import (
    ObservationIn,
    check_result,
    observation_in_parse,
    observations_in_from_data_array,
    parse_time,
    parse_time_or_interval,
)

__all__ = [
    "ObservationIn",
    "datastream_types_load",
    "observation_in_from_json",
    "observation_in_parse",
    "observations_in_from_data_array",
    "observations_store",
    "parse_time",
    "parse_time_or_interval",
]

AUDIT_ACTION = "sensing.observations.store"


def datastream_types_load(ids: Iterable[int]) -> dict[int, str]:
    """{datastream id: observationType} of the Datastreams among `ids` that exist."""
    return dict(Datastream.objects.filter(pk__in=list(ids)).values_list("id", "observation_type"))


def observation_in_from_json(
    doc: Any, *, datastream_id: int | None = None, datastream_types: dict[int, str] | None = None
) -> ObservationIn:
    """One Observation from its SensorThings JSON (`datastream_id` when posted to
    `Datastreams(<id>)/Observations`). `datastream_types` is an optional cache
    {id: observationType} that callers parsing many documents pass to save queries."""
    item = observation_in_parse(doc, datastream_id=datastream_id)
    types = {} if datastream_types is None else datastream_types
    if item.datastream_id not in types:
        types.update(datastream_types_load([item.datastream_id]))
    if item.datastream_id not in types:
        raise InvalidEntity(
            _("Datastream %(id)s tidak ada.") % {"id": item.datastream_id}, field="Datastream"
        )
    check_result(types[item.datastream_id], item.result)
    return item


@dataclass(slots=True)
class _Stream:
    observation_type: str
    thing_id: int
    agency_id: int | None


def _utc(moment: dt.datetime | None) -> str:
    if moment is None:
        return ""
    return (moment if moment.tzinfo is dt.UTC else moment.astimezone(dt.UTC)).isoformat()


def _result_columns(result: Any) -> tuple[float | None, str | None, Any]:
    """(result_number, result_string, result_json): numbers and text in their own columns."""
    if isinstance(result, bool) or result is None or isinstance(result, dict | list):
        return None, None, result
    if isinstance(result, int | float):
        return float(result), None, None
    if isinstance(result, str):
        return None, result, None
    return None, None, result


def dedup_key(item: ObservationIn) -> int:
    """63-bit hash of datastream, phenomenonTime, result, resultTime and parameters."""
    result = item.result
    if isinstance(result, int | float) and not isinstance(result, bool):
        shown = repr(float(result))  # 20 and 20.0 are the same result
    else:
        shown = json.dumps(result, sort_keys=True, separators=(",", ":"), ensure_ascii=False)
    parameters = item.parameters
    if parameters is not None:
        parameters = json.dumps(parameters, sort_keys=True, ensure_ascii=False, default=str)
    canonical = "|".join((
        str(item.datastream_id), _utc(item.phenomenon_time), _utc(item.phenomenon_time_end), shown,
        _utc(item.result_time), parameters or "",
    ))  # fmt: skip
    return int.from_bytes(hashlib.blake2b(canonical.encode(), digest_size=8).digest()) >> 1


def _check_item(item: ObservationIn, stream: _Stream | None) -> None:
    if stream is None:
        raise InvalidEntity(
            _("Datastream %(id)s tidak ada.") % {"id": item.datastream_id}, field="Datastream"
        )
    for name in ("phenomenon_time", "phenomenon_time_end", "result_time", "valid_time_start",
                 "valid_time_end"):  # fmt: skip
        value = getattr(item, name)
        if value is not None and (not isinstance(value, dt.datetime) or value.utcoffset() is None):
            raise InvalidEntity(_("Waktu harus menyebut zona waktu."), field=name)
    if item.phenomenon_time is None:
        raise InvalidEntity(_("Observasi harus memiliki phenomenonTime."), field="phenomenonTime")
    check_result(stream.observation_type, item.result)
    for value in (item.result, item.parameters, item.result_quality):
        if isinstance(value, str | dict | list) and "\\u0000" in json.dumps(value):
            raise InvalidEntity(_("Teks tidak boleh memuat karakter NUL."), field="result")


def _streams(ids: set[int]) -> dict[int, _Stream]:
    rows = Datastream.objects.filter(pk__in=ids).values_list(
        "id", "observation_type", "thing_id", "thing__agency_id"
    )
    return {pk: _Stream(kind, thing, agency) for pk, kind, thing, agency in rows}


def _authorize(actor: Any, streams: dict[int, _Stream]) -> None:
    from kotacerdas.sensing.permissions import require_sensing_writer_of_agencies

    require_sensing_writer_of_agencies(actor, [stream.agency_id for stream in streams.values()])


def _point(feature: Any) -> tuple[float | None, float | None]:
    """(lat, lon) of a GeoJSON Point (or a Feature holding one); else (None, None)."""
    geometry = (
        feature.get("geometry") if isinstance(feature, dict) and "geometry" in feature else feature
    )
    if isinstance(geometry, dict) and geometry.get("type") == "Point":
        coordinates = geometry.get("coordinates")
        if (
            isinstance(coordinates, list)
            and len(coordinates) >= 2
            and all(isinstance(c, int | float) and not isinstance(c, bool) for c in coordinates[:2])
        ):
            lon, lat = coordinates[0], coordinates[1]
            if -90 <= lat <= 90 and -180 <= lon <= 180:
                return float(lat), float(lon)
            raise InvalidEntity(_("Koordinat di luar batas bumi."), field="feature")
    return None, None


def _feature_create(doc: dict) -> int:
    """A FeatureOfInterest from its JSON document (given inline in an Observation)."""
    missing = [name for name in ("name", "encodingType", "feature") if doc.get(name) in (None, "")]
    if missing:
        raise InvalidEntity(
            _("FeatureOfInterest kurang: %(names)s") % {"names": ", ".join(missing)},
            field="FeatureOfInterest",
        )
    if not isinstance(doc["feature"], dict):
        raise InvalidEntity(_("feature harus berupa objek GeoJSON."), field="FeatureOfInterest")
    lat, lon = _point(doc["feature"])
    feature = FeatureOfInterest.objects.create(
        name=str(doc["name"])[:200],
        description=str(doc.get("description") or ""),
        encoding_type=str(doc["encodingType"])[:100],
        feature=doc["feature"],
        lat=lat,
        lon=lon,
        properties=doc.get("properties"),
    )
    return feature.pk


def _features_of_things(thing_ids: set[int]) -> dict[int, int]:
    """{thing id: FeatureOfInterest id} made from each Thing's current Location (the newest of
    its Locations), created once per Location; raises if a Thing has no Location."""
    current: dict[int, int] = {}
    links = Location.things.through.objects.filter(thing_id__in=thing_ids)
    for thing_id, location_id in links.values_list("thing_id", "location_id"):
        current[thing_id] = max(location_id, current.get(thing_id, 0))
    lost = thing_ids - set(current)
    if lost:
        raise InvalidEntity(
            _("Observasi tanpa FeatureOfInterest, dan Thing %(id)s tidak memiliki Location.")
            % {"id": min(lost)},
            field="FeatureOfInterest",
        )
    locations = set(current.values())
    by_location = _features_of_locations(locations)
    if locations - set(by_location):
        # Lock the Locations, so that two writers do not each make a feature of the same one.
        fresh = Location.objects.select_for_update().filter(pk__in=locations - set(by_location))
        fresh = list(fresh.order_by("pk"))
        by_location.update(_features_of_locations({loc.pk for loc in fresh}))
        for location in fresh:
            if location.pk not in by_location:
                lat, lon = location.lat, location.lon
                by_location[location.pk] = FeatureOfInterest.objects.create(
                    name=location.name,
                    description=location.description,
                    encoding_type=location.encoding_type,
                    feature=location.location,
                    lat=lat,
                    lon=lon,
                    source_location=location,
                ).pk
    return {thing_id: by_location[location_id] for thing_id, location_id in current.items()}


def _features_of_locations(location_ids: set[int]) -> dict[int, int]:
    found: dict[int, int] = {}
    rows = FeatureOfInterest.objects.filter(source_location_id__in=location_ids).order_by("-pk")
    for location_id, pk in rows.values_list("source_location_id", "pk"):
        found[location_id] = pk  # the oldest wins
    return found


def _feature_ids(items: list[ObservationIn], streams: dict[int, _Stream]) -> list[int]:
    """The FeatureOfInterest id of each item: given, created from its document (once per
    distinct document in the batch), or made from its Thing's Location."""
    given = {item.feature_of_interest_id for item in items if item.feature_of_interest_id}
    if given:
        known = set(FeatureOfInterest.objects.filter(pk__in=given).values_list("pk", flat=True))
        if given - known:
            raise InvalidEntity(
                _("FeatureOfInterest %(id)s tidak ada.") % {"id": min(given - known)},
                field="FeatureOfInterest",
            )
    created: dict[str, int] = {}
    things = {
        streams[item.datastream_id].thing_id
        for item in items
        if not item.feature_of_interest_id and item.feature_of_interest is None
    }
    of_thing = _features_of_things(things) if things else {}
    ids = []
    for item in items:
        if item.feature_of_interest_id:
            ids.append(item.feature_of_interest_id)
        elif item.feature_of_interest is not None:
            if not isinstance(item.feature_of_interest, dict):
                raise InvalidEntity(
                    _("FeatureOfInterest harus berupa objek JSON."), field="FeatureOfInterest"
                )
            key = json.dumps(item.feature_of_interest, sort_keys=True, default=str)
            if key not in created:
                created[key] = _feature_create(item.feature_of_interest)
            ids.append(created[key])
        else:
            ids.append(of_thing[streams[item.datastream_id].thing_id])
    return ids


@cache
def _alerts_hook():
    """D's `alerts_on_observations`, if the alerts module exists (it lands separately)."""
    if importlib.util.find_spec("kotacerdas.sensing.services.alerts") is None:
        return None
    from kotacerdas.sensing.services import alerts

    return getattr(alerts, "alerts_on_observations", None)


def observations_store(*, actor: Any, items: list[ObservationIn], source: str) -> list[int]:
    """Store `items` atomically and return their ids in input order.

    - each item is checked (its Datastream exists, the result fits the observationType, times
      have a zone); one bad item refuses the whole call with `InvalidEntity` (message prefixed
      with its index), nothing written;
    - an Observation already stored (same datastream, phenomenonTime, result, resultTime and
      parameters, see `dedup_key`) is not stored again: its existing id is returned;
    - an item without a FeatureOfInterest gets the one made from its Thing's current Location;
    - the latest value of each Datastream (`DatastreamLatest`) and its phenomenonTime /
      resultTime spans are updated once per datastream;
    - the alert ladder (`alerts_on_observations`) sees the new observations in this transaction;
    - one audit event for the call (`sensing.observations.store`);
    - after commit, the new observations are published on `v1.1/Datastreams(<id>)/Observations`
      when `MQTT_URL` is set.
    `source` says where they came from ("http", "mqtt", "gateway", "simulator", "demo"...).
    """
    if not items:
        return []
    received_at = timezone.now()
    with transaction.atomic():
        streams = _streams({item.datastream_id for item in items})
        for index, item in enumerate(items):
            try:
                _check_item(item, streams.get(item.datastream_id))
            except InvalidEntity as error:
                if len(items) > 1:
                    raise InvalidEntity(f"[{index}] {error.message}", field=error.field) from None
                raise
        _authorize(actor, streams)
        feature_ids = _feature_ids(items, streams)
        rows = []
        for item, feature_id in zip(items, feature_ids, strict=True):
            number, text, other = _result_columns(item.result)
            rows.append((
                item.datastream_id, feature_id, item.phenomenon_time, item.phenomenon_time_end,
                item.result_time, number, text, other, item.result_quality,
                item.valid_time_start, item.valid_time_end, item.parameters, dedup_key(item),
            ))  # fmt: skip
        unique = {(row[0], row[-1]): row for row in rows}
        ordered = [unique[key] for key in sorted(unique)]
        new = observations_sql.insert_new(ordered, received_at)
        ids = {(datastream_id, key): pk for pk, datastream_id, key in new}
        known = (
            observations_sql.existing_ids(set(unique) - set(ids)) if len(ids) < len(unique) else {}
        )
        created = [_observation(unique[key], pk, received_at) for key, pk in ids.items()]
        created.sort(key=lambda observation: observation.pk)
        ids.update(known)
        if created:
            _latest_and_spans(created, received_at)
            hook = _alerts_hook()
            if hook is not None:
                hook(created)
        result = [ids[(row[0], row[-1])] for row in rows]
        audit_record(
            actor=actor,
            action=AUDIT_ACTION,
            object_type="sensing.Observation",
            object_id=created[0].pk if created else result[0],
            object_repr=_("%(n)s observasi") % {"n": len(created)},
            changes={
                "source": source,
                "count": len(items),
                "new": len(created),
                "duplicates": len(items) - len(created),
                "datastreams": sorted(streams)[:200],
                "first_id": created[0].pk if created else None,
                "last_id": created[-1].pk if created else None,
            },
        )
        if created and settings.MQTT_URL:
            from kotacerdas.sensing.mqtt.publish import observations_publish

            transaction.on_commit(partial(observations_publish, created))
    return result


_OBSERVATION_FIELDS = (
    "datastream_id", "feature_of_interest_id", "phenomenon_time", "phenomenon_time_end",
    "result_time", "result_number", "result_string", "result_json", "result_quality",
    "valid_time_start", "valid_time_end", "parameters", "dedup_key",
)  # fmt: skip


def _observation(row: tuple, pk: int, received_at: dt.datetime) -> Observation:
    """The stored row as a model instance, built as `Model.from_db` would but without running
    `__init__` (a tenth of the cost; thousands per batch)."""
    observation = Observation.__new__(Observation)
    values = dict(zip(_OBSERVATION_FIELDS, row, strict=True))
    values["id"] = pk
    values["received_at"] = received_at
    observation.__dict__.update(values)
    observation._state = ModelState()
    observation._state.adding = False
    observation._state.db = "default"
    return observation


def _latest_and_spans(created: list[Observation], received_at: dt.datetime) -> None:
    newest: dict[int, Observation] = {}
    counts: dict[int, int] = {}
    spans: dict[int, list] = {}
    for observation in created:
        ds = observation.datastream_id
        counts[ds] = counts.get(ds, 0) + 1
        best = newest.get(ds)
        if best is None or (observation.phenomenon_time, observation.pk) >= (
            best.phenomenon_time,
            best.pk,
        ):
            newest[ds] = observation
        start = observation.phenomenon_time
        end = observation.phenomenon_time_end or start
        span = spans.get(ds)
        if span is None:
            spans[ds] = [start, end, observation.result_time, observation.result_time]
            continue
        span[0], span[1] = min(span[0], start), max(span[1], end)
        if observation.result_time is not None:
            span[2] = (
                observation.result_time
                if span[2] is None
                else min(span[2], observation.result_time)
            )
            span[3] = (
                observation.result_time
                if span[3] is None
                else max(span[3], observation.result_time)
            )
    observations_sql.latest_upsert([
        (ds, o.pk, o.phenomenon_time, o.result_number, o.result_string, o.result_json, received_at,
         (received_at - o.phenomenon_time).total_seconds(), counts[ds], received_at)
        for ds, o in newest.items()
    ])  # fmt: skip
    observations_sql.spans_widen({ds: tuple(span) for ds, span in spans.items()})

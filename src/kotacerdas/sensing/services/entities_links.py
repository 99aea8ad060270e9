"""Helpers of the entity write services (`entities.py`): lookups and references, who a write
touches (for permissions), a Thing's current Location and its history, Observations through
`observations_store`, JSON Patch, the cascade counts of a delete and the latest values left
after Observations go away."""

from __future__ import annotations

import datetime as dt
import importlib.util
from collections.abc import Callable
from typing import Any

import jsonpatch
import jsonpointer
from django.db import models
from django.utils import timezone
from django.utils.translation import gettext as _

from kotacerdas.core.audit.chain import audit_record, diff, snapshot
from kotacerdas.sensing import permissions
from kotacerdas.sensing.errors import Conflict, EntityNotFound, InvalidEntity
from kotacerdas.sensing.models import (
    Datastream,
    DatastreamLatest,
    HistoricalLocation,
    Location,
    Observation,
    Thing,
)
from kotacerdas.sensing.services.validation import MODELS, snake


def action(entity: str, verb: str) -> str:
    """The audit action of a write: `sensing.thing.create`, `sensing.datastream.delete`..."""
    return f"sensing.{snake(entity)}.{verb}"


def is_reference(value: Any) -> bool:
    """A nested entity with an `@iot.id` is the existing entity of that id, whatever else it
    holds (as FROST-Server reads it: stock clients send a linked entity's whole state)."""
    return isinstance(value, dict) and "@iot.id" in value


def reference_id(value: Any, field: str) -> int:
    pk = value.get("@iot.id") if isinstance(value, dict) else value
    if isinstance(pk, str) and pk.isdigit():
        pk = int(pk)
    if isinstance(pk, bool) or not isinstance(pk, int) or not 0 < pk < 2**63:
        raise InvalidEntity(
            _("%(field)s: @iot.id harus berupa bilangan bulat positif.") % {"field": field},
            field=field,
        )
    return pk


def entity_get(entity: str, pk: Any, *, for_update: bool = False) -> models.Model:
    """The entity `entity`(`pk`), or `EntityNotFound`."""
    try:
        key = reference_id({"@iot.id": pk}, entity)
    except InvalidEntity:
        key = None
    queryset = MODELS[entity].objects.all()
    if for_update:
        queryset = queryset.select_for_update()
    obj = queryset.filter(pk=key).first() if key is not None else None
    if obj is None:
        raise EntityNotFound(
            _("%(entity)s(%(id)s) tidak ada.") % {"entity": entity, "id": str(pk)[:40]},
            field=entity,
        )
    return obj


# ---- who a write touches -------------------------------------------------------------------


def _things_of(entity: str, obj: models.Model) -> models.QuerySet | list:
    """The Things whose data a write of `obj` changes."""
    if entity == "Thing":
        return [obj]
    if entity in {"Datastream", "HistoricalLocation"}:
        return [obj.thing] if obj.thing_id else []
    if entity == "Observation":
        return [obj.datastream.thing]
    if obj.pk is None:
        return []
    if entity == "Location":
        return Thing.objects.filter(locations=obj)
    if entity in {"Sensor", "ObservedProperty"}:
        return Thing.objects.filter(**{f"datastreams__{snake(entity)}": obj}).distinct()
    return Thing.objects.filter(datastreams__observations__feature_of_interest=obj).distinct()


def require_writer_of(actor: Any, entity: str, obj: models.Model) -> None:
    """`require_sensing_writer` for every Thing a write of `obj` touches."""
    things = _things_of(entity, obj)
    if isinstance(things, list):
        agencies = [thing.agency_id for thing in things]
    else:
        agencies = list(things.values_list("agency_id", flat=True))
    permissions.require_sensing_writer_of_agencies(actor, agencies)


# ---- a Thing's current Location and its history ------------------------------------------


def thing_locations_set(
    actor: Any, thing: Thing, locations: list[Location], *, time: dt.datetime | None = None
) -> HistoricalLocation:
    """`locations` become the current Locations of `thing` (STA: a Thing's Locations are its
    last known ones), and a HistoricalLocation at `time` (default now) records the change;
    then the tracking of vehicles hears of the new position (`tracking_on_location`)."""
    permissions.require_sensing_writer(actor, thing)
    at = time or timezone.now()
    thing.locations.set(locations)
    history = HistoricalLocation.objects.create(thing=thing, time=at)
    history.locations.set(locations)
    audit_record(
        actor=actor,
        action=action("HistoricalLocation", "create"),
        obj=history,
        changes={**snapshot(history), "locations": [location.pk for location in locations]},
    )
    point = next((loc for loc in locations if loc.lat is not None and loc.lon is not None), None)
    if point is not None:
        _tracking_notify(thing=thing, time=at, lat=point.lat, lon=point.lon)
    return history


def _tracking_notify(*, thing: Thing, time: dt.datetime, lat: float, lon: float) -> None:
    """Part F's `tracking.tracking_on_location` (trips, geofences, speed), when installed."""
    if importlib.util.find_spec("kotacerdas.sensing.services.tracking") is None:
        return
    from kotacerdas.sensing.services.tracking import tracking_on_location

    tracking_on_location(thing=thing, time=time, lat=lat, lon=lon)


def relink(actor: Any, entity: str, pk: int, fk: str, parent: models.Model) -> None:
    """Point the existing `entity`(`pk`)'s `fk` at `parent` (a Datastream moved to a Thing...)."""
    obj = entity_get(entity, pk, for_update=True)
    require_writer_of(actor, entity, obj)
    before = snapshot(obj)
    setattr(obj, fk, parent)
    require_writer_of(actor, entity, obj)
    changes = diff(before, snapshot(obj))
    if changes:
        obj.save(update_fields=[fk])
        audit_record(actor=actor, action=action(entity, "update"), obj=obj, changes=changes)


# ---- Observations ------------------------------------------------------------------------


def observations_create(actor: Any, docs: list[Any], *, create: Callable) -> list[Observation]:
    """Observations from their STA documents, through `observations_store` (one call, one
    audit event). An inline Datastream or FeatureOfInterest is created first by `create`
    (validated and audited like any entity), then referenced."""
    from kotacerdas.sensing.services.observations import (
        observation_in_from_json,
        observations_store,
    )

    items = []
    types: dict[int, str] = {}
    for doc in docs:
        if not isinstance(doc, dict) or is_reference(doc):
            raise InvalidEntity(_("Observasi harus berupa objek JSON baru."), field="Observations")
        doc = dict(doc)
        for nav in ("Datastream", "FeatureOfInterest"):
            if isinstance(doc.get(nav), dict) and not is_reference(doc[nav]):
                doc[nav] = {"@iot.id": create(actor, nav, doc[nav]).pk}
        items.append(observation_in_from_json(doc, datastream_types=types))
    ids = observations_store(actor=actor, items=items, source="sta")
    found = Observation.objects.select_related("datastream").in_bulk(ids)
    return [found[pk] for pk in ids]


def observation_fields_set(obj: Observation, after: dict, navs: dict) -> None:
    """Set the fields of an existing Observation from its whole new document (PATCH/PUT)."""
    from kotacerdas.sensing.services.observations import (
        _result_columns,
        dedup_key,
        observation_in_from_json,
    )

    doc = {**after}
    for nav in ("Datastream", "FeatureOfInterest"):
        given = navs.get(nav)
        if given is not None and not is_reference(given):
            raise InvalidEntity(
                _("%(nav)s observasi hanya dapat diganti dengan rujukan @iot.id.") % {"nav": nav},
                field=nav,
            )
    datastream_id = (
        reference_id(navs["Datastream"], "Datastream")
        if navs.get("Datastream")
        else obj.datastream_id
    )
    item = observation_in_from_json(doc, datastream_id=datastream_id)
    if navs.get("FeatureOfInterest"):
        obj.feature_of_interest = entity_get(
            "FeatureOfInterest", reference_id(navs["FeatureOfInterest"], "FeatureOfInterest")
        )
    if datastream_id != obj.datastream_id:
        obj.datastream = entity_get("Datastream", datastream_id)
    number, text, other = _result_columns(item.result)
    obj.phenomenon_time = item.phenomenon_time
    obj.phenomenon_time_end = item.phenomenon_time_end
    obj.result_time = item.result_time
    obj.result_number, obj.result_string, obj.result_json = number, text, other
    obj.result_quality = item.result_quality
    obj.valid_time_start, obj.valid_time_end = item.valid_time_start, item.valid_time_end
    obj.parameters = item.parameters
    obj.dedup_key = dedup_key(item)
    clash = Observation.objects.filter(datastream_id=datastream_id, dedup_key=obj.dedup_key)
    if clash.exclude(pk=obj.pk).exists():
        raise Conflict(
            _("Observasi yang sama persis sudah ada pada aliran data ini."), field="result"
        )


def latest_refresh(datastream_ids: list[int]) -> None:
    """Recompute `DatastreamLatest` of these Datastreams after Observations changed or went."""
    for datastream_id in set(datastream_ids):
        newest = (
            Observation.objects.filter(datastream_id=datastream_id)
            .order_by("-phenomenon_time", "-id")
            .first()
        )
        if not Datastream.objects.filter(pk=datastream_id).exists():
            continue
        count = Observation.objects.filter(datastream_id=datastream_id).count()
        if newest is None:
            DatastreamLatest.objects.filter(datastream_id=datastream_id).delete()
            continue
        DatastreamLatest.objects.update_or_create(
            datastream_id=datastream_id,
            defaults={
                "observation_id": newest.pk,
                "phenomenon_time": newest.phenomenon_time,
                "result_number": newest.result_number,
                "result_string": newest.result_string,
                "result_json": newest.result_json,
                "received_at": newest.received_at,
                "lag_seconds": (newest.received_at - newest.phenomenon_time).total_seconds(),
                "observation_count": count,
            },
        )


# ---- JSON Patch and deletes --------------------------------------------------------------


def json_patch_apply(document: dict, operations: Any) -> Any:
    """RFC 6902 over `document` (jsonpatch): errors are InvalidEntity, a failed `test` Conflict."""
    if not isinstance(operations, list) or not all(isinstance(op, dict) for op in operations):
        raise InvalidEntity(
            _("JSON Patch harus berupa larik operasi (RFC 6902)."), field="operations"
        )
    try:
        return jsonpatch.JsonPatch(operations).apply(document)
    except jsonpatch.JsonPatchTestFailed as error:
        raise Conflict(
            _("Operasi 'test' JSON Patch gagal: %(error)s") % {"error": str(error)[:200]},
            field="operations",
        ) from None
    except (jsonpatch.JsonPatchException, jsonpointer.JsonPointerException, TypeError) as error:
        raise InvalidEntity(
            _("JSON Patch tidak dapat diterapkan: %(error)s") % {"error": str(error)[:200]},
            field="operations",
        ) from None


def cascade_counts(entity: str, obj: models.Model) -> dict[str, int]:
    """How many related entities a delete of `obj` takes with it (for the audit event)."""
    if entity == "Thing":
        return {
            "Datastreams": obj.datastreams.count(),
            "Observations": Observation.objects.filter(datastream__thing=obj).count(),
            "HistoricalLocations": obj.historical_locations.count(),
        }
    if entity in {"Sensor", "ObservedProperty"}:
        return {
            "Datastreams": obj.datastreams.count(),
            "Observations": Observation.objects.filter(
                **{f"datastream__{snake(entity)}": obj}
            ).count(),
        }
    if entity in {"Datastream", "FeatureOfInterest"}:
        return {"Observations": obj.observations.count()}
    if entity == "Location":
        return {"Things": obj.things.count()}
    return {}


def datastreams_losing_observations(entity: str, obj: models.Model) -> list[int]:
    """Datastreams that stay but lose Observations (their latest value must be recomputed)."""
    if entity == "Observation":
        return [obj.datastream_id]
    if entity == "FeatureOfInterest":
        return list(obj.observations.values_list("datastream_id", flat=True).distinct())
    return []

"""Writing SensorThings entities (issue #7 item 1): create with deep insert, update (PATCH merge,
PUT replace, JSON Patch), delete with the standard's cascade, and a Thing's new position.

Entity names are the STA singular names (`Thing`, `Location`, `HistoricalLocation`,
`Datastream`, `Sensor`, `ObservedProperty`, `Observation`, `FeatureOfInterest`). Every function
is atomic (a deep insert that fails anywhere writes nothing), checks `require_sensing_writer`
for every Thing it touches, and records one audit event per entity written. Observations are
stored through `observations.observations_store` (one audit event per batch there).
Pasal 5(d) and 24(4): the devices that feed the city's Command Center.
"""

from __future__ import annotations

import datetime as dt
from typing import Any

from django.db import models, transaction
from django.db.models import ProtectedError, RestrictedError
from django.utils import timezone
from django.utils.translation import gettext as _

from kotacerdas.core.audit.chain import audit_record, diff, snapshot
from kotacerdas.core.models import Agency
from kotacerdas.sensing import permissions
from kotacerdas.sensing.errors import Conflict, InvalidEntity, PermissionDenied
from kotacerdas.sensing.models import HistoricalLocation, Location, Thing
from kotacerdas.sensing.services import entities_links as links
from kotacerdas.sensing.services.entities_links import (
    action,
    entity_get,
    is_reference,
    reference_id,
)
from kotacerdas.sensing.services.validation import (
    MODELS,
    NAVIGATION,
    OBSERVATION_PROPS,
    SPECS,
    check_depth,
    check_document,
    check_entity_name,
    entity_document,
    entity_fields,
    parse_time,
    snake,
)

# Properties the server maintains from the Observations (STA 1.1 table 11): a PUT that
# leaves them out keeps them.
SERVER_KEPT = {"Datastream": ("observedArea", "phenomenonTime", "resultTime")}

__all__ = [
    "entity_create",
    "entity_delete",
    "entity_json_patch",
    "entity_update",
    "thing_agency_set",
    "thing_location_set",
]


# ---- create ------------------------------------------------------------------------------


def entity_create(
    *, actor: Any, entity: str, data: dict, parent: tuple[str, int] | None = None
) -> models.Model:
    """Create `entity` from its STA JSON `data`, with every inline entity it holds (deep insert,
    STA 1.1 §10.2); `{"@iot.id": n}` links an existing entity instead.

    `parent` is the entity set the document was posted to: `("Thing", 3)` for
    `POST /Things(3)/Datastreams`, `("Datastream", 5)` for `POST /Datastreams(5)/Observations`.
    A Location created for a Thing becomes its current Location and records a HistoricalLocation.
    """
    check_entity_name(entity)
    check_depth(data, field=entity)
    with transaction.atomic():
        doc = _with_parent(entity, check_document(entity, data), parent)
        return _create_new(actor, entity, doc)


def _with_parent(entity: str, doc: dict, parent: tuple[str, int] | None) -> dict:
    """`doc` with a link to the entity whose set it was posted to."""
    if parent is None:
        return doc
    parent_entity, parent_id = parent
    check_entity_name(parent_entity)
    parent_navs = NAVIGATION[parent_entity]
    if not any(target == entity and many for target, many in parent_navs.values()):
        raise InvalidEntity(
            _("%(entity)s tidak dapat dibuat di bawah %(parent)s.")
            % {"entity": entity, "parent": parent_entity},
            field=entity,
        )
    entity_get(parent_entity, parent_id)  # 404 when the parent does not exist
    nav, (_target, many) = next(
        (name, spec) for name, spec in NAVIGATION[entity].items() if spec[0] == parent_entity
    )
    link = {"@iot.id": parent_id}
    doc = dict(doc)
    if many:
        existing = doc.get(nav) or []
        if not isinstance(existing, list):
            raise InvalidEntity(_("%(nav)s harus berupa larik.") % {"nav": nav}, field=nav)
        doc[nav] = [*existing, link]
    else:
        given = doc.get(nav)
        if given is not None and (
            not is_reference(given) or reference_id(given, nav) != int(parent_id)
        ):
            raise InvalidEntity(
                _("%(nav)s dalam dokumen berbeda dari %(parent)s(%(id)s) pada alamatnya.")
                % {"nav": nav, "parent": parent_entity, "id": parent_id},
                field=nav,
            )
        doc[nav] = link
    return doc


def _create(actor: Any, entity: str, doc: Any) -> models.Model:
    """Create one entity and what it holds, or return the entity a reference points to."""
    if is_reference(doc):
        return entity_get(entity, reference_id(doc, entity))
    return _create_new(actor, entity, doc)


def _create_new(actor: Any, entity: str, doc: Any) -> models.Model:
    """Create one entity and what it holds (an `@iot.id` of its own is ignored)."""
    check_document(entity, doc)
    if entity == "Observation":
        return links.observations_create(actor, [doc], create=_create)[0]
    fields = entity_fields(entity, doc)
    fields.update(_to_one_links(actor, entity, doc))
    obj = MODELS[entity](**fields)
    if entity == "Thing":
        permissions.require_sensing_writer(actor)
        obj.agency_id = permissions.default_agency_id(actor)
        obj.is_demo = actor == "demo"
    else:
        links.require_writer_of(actor, entity, obj)
    obj.save()
    audit_record(actor=actor, action=action(entity, "create"), obj=obj, changes=snapshot(obj))
    _to_many_links(actor, entity, obj, doc)
    return obj


def _to_one_links(actor: Any, entity: str, doc: dict) -> dict[str, Any]:
    """The foreign keys of `doc` (Datastream: Thing, Sensor, ObservedProperty; HL: Thing)."""
    values = {}
    for nav, (target, many) in NAVIGATION[entity].items():
        if many:
            continue
        if doc.get(nav) is None:
            raise InvalidEntity(
                _("%(entity)s memerlukan %(nav)s.") % {"entity": entity, "nav": nav}, field=nav
            )
        values[snake(nav)] = _create(actor, target, doc[nav])
    return values


def _to_many_links(actor: Any, entity: str, obj: models.Model, doc: dict) -> None:
    """Create or link what `doc` lists under the sets of `obj` (its Datastreams, Locations...)."""
    for nav, (target, many) in NAVIGATION[entity].items():
        if not many or doc.get(nav) is None:
            continue
        items = doc[nav]
        if not isinstance(items, list):
            raise InvalidEntity(_("%(nav)s harus berupa larik.") % {"nav": nav}, field=nav)
        if nav == "Locations" and entity == "Thing":
            locations = [_create(actor, "Location", item) for item in items]
            links.thing_locations_set(actor, obj, locations)
        elif nav == "Things" and entity == "Location":
            for item in items:
                links.thing_locations_set(actor, _create(actor, "Thing", item), [obj])
        elif nav == "Locations" and entity == "HistoricalLocation":
            obj.locations.add(*[_create(actor, "Location", item) for item in items])
        elif nav == "HistoricalLocations" and entity == "Location":
            for item in items:
                if is_reference(item):
                    history = entity_get(target, reference_id(item, nav))
                    links.require_writer_of(actor, target, history)
                    history.locations.add(obj)
                else:
                    _create(actor, target, {**item, "Locations": [{"@iot.id": obj.pk}]})
        elif target == "Observation":
            back = "Datastream" if entity == "Datastream" else "FeatureOfInterest"
            docs = [_child_doc(item, back, obj, nav) for item in items]
            links.observations_create(actor, docs, create=_create)
        else:  # Datastreams of a Thing/Sensor/ObservedProperty, HistoricalLocations of a Thing
            back = entity
            for item in items:
                if is_reference(item):
                    links.relink(actor, target, reference_id(item, nav), snake(back), obj)
                else:
                    _create(actor, target, _child_doc(item, back, obj, nav))


def _child_doc(item: Any, back: str, parent: models.Model, nav: str) -> dict:
    if not isinstance(item, dict):
        raise InvalidEntity(_("Setiap unsur %(nav)s harus berupa objek.") % {"nav": nav}, field=nav)
    if is_reference(item) and back == "Datastream":
        raise InvalidEntity(
            _("Observasi yang sudah ada tidak dapat dipindah ke aliran data lain."), field=nav
        )
    return {**item, back: {"@iot.id": parent.pk}}


# ---- update ------------------------------------------------------------------------------


def entity_update(
    *, actor: Any, entity: str, pk: int, data: dict, replace: bool = False
) -> models.Model:
    """PATCH (`replace=False`): the given properties replace the stored ones, `properties` is
    merged as an RFC 7386 JSON merge patch (null removes a key). PUT (`replace=True`): the
    document is the whole entity, every mandatory property is required and missing optional
    ones are reset. Navigation links in `data` link (or create) related entities."""
    check_entity_name(entity)
    with transaction.atomic():
        obj = entity_get(entity, pk, for_update=True)
        check_depth(data, field=entity)
        check_document(entity, data)
        before = entity_document(entity, obj)
        own = {key: value for key, value in data.items() if key in _properties(entity)}
        if replace:  # what the server keeps (a Datastream's time spans) survives a PUT
            kept = SERVER_KEPT.get(entity, ())
            after = {key: before[key] for key in kept if key not in own} | own
        else:
            after = {**before, **own}
            if isinstance(own.get("properties"), dict):
                after["properties"] = merge_patch(before.get("properties"), own["properties"])
        navs = {key: value for key, value in data.items() if key in NAVIGATION[entity]}
        return _apply(actor, entity, obj, after, navs)


def entity_json_patch(*, actor: Any, entity: str, pk: int, operations: list[dict]) -> models.Model:
    """RFC 6902 JSON Patch (add, remove, replace, move, copy, test) applied to the entity's STA
    JSON (its own properties), then checked like a PUT of the result. A failing `test` is a
    Conflict; a malformed patch or a path that does not exist is InvalidEntity."""
    check_entity_name(entity)
    with transaction.atomic():
        obj = entity_get(entity, pk, for_update=True)
        check_depth(operations, field="operations")
        after = links.json_patch_apply(entity_document(entity, obj), operations)
        if not isinstance(after, dict):
            raise InvalidEntity(_("Hasil JSON Patch harus berupa objek."), field="operations")
        check_document(entity, after)
        if any("@" in key for key in after):
            raise InvalidEntity(_("@iot.id dan anotasi lain tidak dapat diubah."), field="@iot.id")
        own = {key: value for key, value in after.items() if key in _properties(entity)}
        navs = {key: value for key, value in after.items() if key in NAVIGATION[entity]}
        return _apply(actor, entity, obj, own, navs)


def _properties(entity: str) -> set[str]:
    if entity == "Observation":
        return set(OBSERVATION_PROPS)
    return set(SPECS[entity])


def _apply(actor: Any, entity: str, obj: models.Model, after: dict, navs: dict) -> models.Model:
    """Write the whole new document `after` (and the links in `navs`) to `obj`."""
    links.require_writer_of(actor, entity, obj)
    before = snapshot(obj)
    moved = False  # a Location whose geometry changed: its Things have moved
    if entity == "Observation":
        links.observation_fields_set(obj, after, navs)
    else:
        fields = entity_fields(entity, after)
        if entity == "Thing" and fields.get("properties") is None:
            fields.pop("properties")
            obj.properties = None
        for nav, (target, many) in NAVIGATION[entity].items():
            if not many and navs.get(nav) is not None:
                fields[snake(nav)] = _create(actor, target, navs[nav])
        if (
            entity == "Datastream"
            and fields["observation_type"] != obj.observation_type
            and obj.observations.exists()
        ):
            raise Conflict(
                _(
                    "observationType tidak dapat diubah karena aliran data ini "
                    "sudah berisi observasi."
                ),
                field="observationType",
            )
        moved = entity == "Location" and fields["location"] != obj.location
        for name, value in fields.items():
            setattr(obj, name, value)
    links.require_writer_of(actor, entity, obj)  # again: a link may point elsewhere now
    changes = diff(before, snapshot(obj))
    if changes:
        obj.save()
        audit_record(actor=actor, action=action(entity, "update"), obj=obj, changes=changes)
        if entity == "Observation":
            links.latest_refresh([before["datastream"], obj.datastream_id])
        elif entity == "Location" and moved:
            for thing in obj.things.all():
                links.thing_locations_set(actor, thing, list(thing.locations.all()))
    _to_many_links(actor, entity, obj, {k: v for k, v in navs.items() if NAVIGATION[entity][k][1]})
    return obj


def merge_patch(target: Any, patch: Any) -> Any:
    """RFC 7386 JSON merge patch."""
    if not isinstance(patch, dict):
        return patch
    result = dict(target) if isinstance(target, dict) else {}
    for key, value in patch.items():
        if value is None:
            result.pop(key, None)
        else:
            result[key] = merge_patch(result.get(key), value)
    return result


# ---- delete ------------------------------------------------------------------------------


def entity_delete(*, actor: Any, entity: str, pk: int) -> None:
    """Delete with the STA cascade: a Thing takes its Datastreams (and their Observations) and
    HistoricalLocations; a Datastream its Observations; a Sensor or ObservedProperty its
    Datastreams; a FeatureOfInterest its Observations; a Location is unlinked from its Things
    (HistoricalLocations left without any Location go too). One audit event, with the counts."""
    check_entity_name(entity)
    with transaction.atomic():
        obj = entity_get(entity, pk, for_update=True)
        links.require_writer_of(actor, entity, obj)
        record = snapshot(obj)
        cascade = links.cascade_counts(entity, obj)
        datastream_ids = links.datastreams_losing_observations(entity, obj)
        orphans = []
        if entity == "Location":
            orphans = list(
                HistoricalLocation.objects.filter(locations=obj)
                .annotate(n=models.Count("locations"))
                .filter(n=1)
                .values_list("pk", flat=True)
            )
        try:
            obj.delete()
        except (ProtectedError, RestrictedError):
            raise Conflict(
                _("%(entity)s ini masih dipakai data lain dan tidak dapat dihapus.")
                % {"entity": entity}
            ) from None
        if orphans:
            HistoricalLocation.objects.filter(pk__in=orphans).delete()
            cascade["HistoricalLocations"] = len(orphans)
        if datastream_ids:
            links.latest_refresh(datastream_ids)
        audit_record(
            actor=actor,
            action=action(entity, "delete"),
            obj=obj,
            object_id=pk,
            changes={**record, "cascade": cascade},
        )


# ---- a Thing's new position --------------------------------------------------------------


def thing_location_set(
    *, actor: Any, thing: Thing, location: dict, time: dt.datetime | str | None = None
) -> HistoricalLocation:
    """A new position of a Thing (a GPS fix; issue #7 item 5): it becomes the Thing's current
    Location and a HistoricalLocation at `time` (default now) records it; then
    `tracking.tracking_on_location(thing=, time=, lat=, lon=)` runs (trips, geofences, speed),
    in the same transaction, when the tracking module is installed.

    `location` is a GeoJSON geometry (`{"type": "Point", "coordinates": [lon, lat]}`), a
    Location document, or `{"@iot.id": n}`. A fix at the same place as the current Location
    reuses it (a parked vehicle does not add a Location per fix); a new place adds a Location,
    so the history keeps every position.
    """
    at = timezone.now() if time is None else parse_time(time, field="time")
    with transaction.atomic():
        thing = entity_get("Thing", thing.pk, for_update=True)
        permissions.require_sensing_writer(actor, thing)
        if not isinstance(location, dict):
            raise InvalidEntity(_("Lokasi harus berupa objek GeoJSON."), field="location")
        if is_reference(location):
            place = entity_get("Location", reference_id(location, "Location"))
        else:
            doc = (
                location
                if "location" in location
                else {
                    "name": thing.name,
                    "description": _("Posisi %(thing)s") % {"thing": thing.name},
                    "encodingType": "application/geo+json",
                    "location": location,
                }
            )
            fields = entity_fields("Location", check_document("Location", doc))
            current = list(thing.locations.all())
            same = [loc for loc in current if loc.location == fields["location"]]
            place = same[0] if same else None
            if place is None:
                place = Location.objects.create(**fields)
                audit_record(
                    actor=actor,
                    action=action("Location", "create"),
                    obj=place,
                    changes=snapshot(place),
                )
        return links.thing_locations_set(actor, thing, [place], time=at)


def thing_agency_set(*, actor: Any, thing: Thing, agency_id: int | None) -> Thing:
    """Hand a Thing to the Perangkat Daerah that runs it (None: to nobody), which confines its
    officers' writes to it (Pasal 24(4)). Not a SensorThings property, so not in `entity_*`.
    Only administrators, sensor operators and internal callers may do it."""
    with transaction.atomic():
        thing = entity_get("Thing", thing.pk, for_update=True)
        if not permissions.writes_everything(actor):
            raise PermissionDenied(
                _(
                    "Hanya administrator atau operator sensor yang boleh "
                    "memindah pengelola perangkat."
                )
            )
        if agency_id is not None and not Agency.objects.filter(pk=agency_id).exists():
            raise InvalidEntity(_("Perangkat Daerah itu tidak ada."), field="agency")
        if thing.agency_id != agency_id:
            before = thing.agency_id
            thing.agency_id = agency_id
            thing.save(update_fields=["agency", "updated_at"])
            audit_record(
                actor=actor,
                action=action("Thing", "agency_set"),
                obj=thing,
                changes={"agency": [before, agency_id]},
            )
        return thing

"""The writes of the SensorThings API, handed to the services: entities to
`services.entities` (part B), Observations to `services.observations` (part C), which check the
actor's role, write atomically and audit. Only the shape of the HTTP request is checked here."""

from __future__ import annotations

from dataclasses import replace
from typing import Any

from django.utils.translation import gettext as _

from kotacerdas.sensing.errors import InvalidEntity, SensingError
from kotacerdas.sensing.selectors import sta as selectors
from kotacerdas.sensing.selectors.sta import Step
from kotacerdas.sensing.sta.query import Query

HTTP_SOURCE = "http"


def _parent(steps: list[Step]) -> tuple[str, int] | None:
    """The entity a collection was posted under (`Datastreams(5)/Observations` -> Datastream 5)."""
    if len(steps) < 2:
        return None
    parent = steps[-2]
    pk = parent.pk
    if pk is None:  # reached through a to-one navigation, e.g. Datastreams(1)/Thing/Locations
        row = selectors.entity_row(steps=steps[:-1], query=Query())
        pk = row["id"] if row else None
    return None if pk is None else (parent.entity, pk)


def write_create(*, actor: Any, steps: list[Step], data: Any) -> tuple[str, int]:
    """Create the entity posted to the collection `steps` names; (entity type, id)."""
    entity = steps[-1].entity
    if not isinstance(data, dict):
        raise InvalidEntity(_("Isi permintaan harus berupa objek JSON."))
    parent = _parent(steps)
    if entity == "Observation":
        from kotacerdas.sensing.services.observations import (
            observation_in_from_json,
            observations_store,
        )

        datastream_id = parent[1] if parent and parent[0] == "Datastream" else None
        item = observation_in_from_json(data, datastream_id=datastream_id)
        if parent and parent[0] == "FeatureOfInterest":
            item = replace(item, feature_of_interest_id=parent[1], feature_of_interest=None)
        [pk] = observations_store(actor=actor, items=[item], source=HTTP_SOURCE)
        return entity, pk
    from kotacerdas.sensing.services.entities import entity_create

    return entity, entity_create(actor=actor, entity=entity, data=data, parent=parent).pk


def write_update(
    *, actor: Any, entity: str, pk: int, body: Any, replace: bool, json_patch: bool
) -> None:
    """PATCH (merge, or RFC 6902 with `application/json-patch+json`) or PUT (`replace`)."""
    from kotacerdas.sensing.services.entities import entity_json_patch, entity_update

    if json_patch:
        if not isinstance(body, list) or not all(isinstance(op, dict) for op in body):
            raise InvalidEntity(_("JSON Patch harus berupa larik operasi (RFC 6902)."))
        entity_json_patch(actor=actor, entity=entity, pk=pk, operations=body)
        return
    if not isinstance(body, dict):
        raise InvalidEntity(_("Isi permintaan harus berupa objek JSON."))
    entity_update(actor=actor, entity=entity, pk=pk, data=body, replace=replace)


def write_delete(*, actor: Any, entity: str, pk: int) -> None:
    from kotacerdas.sensing.services.entities import entity_delete

    entity_delete(actor=actor, entity=entity, pk=pk)


def create_observations_rows(*, actor: Any, body: Any) -> list[int | None]:
    """`CreateObservations`: the id of each row in order, None where the row failed.

    The good rows are stored in one call; if that call refuses the batch (e.g. one row's
    FeatureOfInterest does not exist), each row is stored on its own so that only the bad
    ones fail, as §14.4 asks ("error" in their place)."""
    from kotacerdas.sensing.errors import PermissionDenied
    from kotacerdas.sensing.services.observations import (
        observations_in_from_data_array,
        observations_store,
    )

    rows = observations_in_from_data_array(body, datastream_types={})
    items = [item for item, _error in rows if item is not None]
    try:
        stored = iter(observations_store(actor=actor, items=items, source=HTTP_SOURCE))
        return [next(stored) if item is not None else None for item, _error in rows]
    except PermissionDenied:
        raise
    except SensingError:
        pass
    results: list[int | None] = []
    for item, _error in rows:
        if item is None:
            results.append(None)
            continue
        try:
            [pk] = observations_store(actor=actor, items=[item], source=HTTP_SOURCE)
        except PermissionDenied:
            raise
        except SensingError:
            pk = None
        results.append(pk)
    return results

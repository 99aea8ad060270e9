"""Finding or creating the simulated Things and Datastreams, idempotently.

Everything the simulator creates carries `properties.simulator = "kotacerdas"` and a
`properties.simulator_key`; a run first reads what exists (one listing per entity set) and
creates only what is missing. Two back-ends, the same steps:
- `HttpCatalog`: over the SensorThings API (`$filter=properties/simulator eq 'kotacerdas'`,
  deep-insert POSTs), as any client would;
- `LocalCatalog`: in-process through the entity services (`entity_create`), for
  `simulate --setup` when the simulator runs next to the platform.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from typing import Any

from . import catalog
from .transport import StaHttp

FILTER = f"properties/simulator eq '{catalog.SIMULATOR}'"


@dataclass
class Ids:
    """simulator_key -> id of what exists on the platform."""

    datastreams: dict[str, int] = field(default_factory=dict)
    things: dict[str, int] = field(default_factory=dict)


def _key(properties: Any) -> str | None:
    return properties.get("simulator_key") if isinstance(properties, dict) else None


class HttpCatalog:
    def __init__(self, client: StaHttp) -> None:
        self.client = client

    def existing(self, entity_set: str) -> dict[str, int]:
        rows = self.client.get_all(
            entity_set, {"$filter": FILTER, "$select": "id,properties", "$top": "10000"}
        )
        return {_key(r.get("properties")): r["@iot.id"] for r in rows if _key(r.get("properties"))}

    def existing_things(self) -> tuple[dict[str, int], dict[str, int]]:
        # two listings rather than one $expand: the keys are on both entities anyway
        return self.existing("Things"), self.existing("Datastreams")

    def create(self, entity_set: str, doc: dict) -> None:
        self.client.request("POST", entity_set, doc)


class LocalCatalog:
    def __init__(self, actor: Any = "simulator") -> None:
        self.actor = actor

    def _model(self, entity_set: str):
        from kotacerdas.sensing import models

        return {
            "Sensors": models.Sensor,
            "ObservedProperties": models.ObservedProperty,
            "Things": models.Thing,
            "Datastreams": models.Datastream,
        }[entity_set]

    def existing(self, entity_set: str) -> dict[str, int]:
        rows = self._model(entity_set).objects.filter(properties__simulator=catalog.SIMULATOR)
        return {_key(p): pk for pk, p in rows.values_list("pk", "properties") if _key(p)}

    def existing_things(self) -> tuple[dict[str, int], dict[str, int]]:
        return self.existing("Things"), self.existing("Datastreams")

    def create(self, entity_set: str, doc: dict) -> None:
        from kotacerdas.sensing.services.entities import entity_create

        entity, parent = {
            "Sensors": ("Sensor", None),
            "ObservedProperties": ("ObservedProperty", None),
            "Things": ("Thing", None),
        }.get(entity_set, (None, None))
        if entity is None:  # "Things(<id>)/Datastreams"
            thing_id = int(entity_set.split("(")[1].split(")")[0])
            entity, parent = "Datastream", ("Thing", thing_id)
        entity_create(actor=self.actor, entity=entity, data=doc, parent=parent)


def ensure(backend, things: list[catalog.ThingSpec], *, stdout=None) -> Ids:
    """Make sure every Thing (and its Datastreams) exists; returns their ids."""
    wanted_ops = sorted({ds.quantity for t in things for ds in t.datastreams})
    wanted_sensors = sorted({ds.sensor for t in things for ds in t.datastreams})
    ops = backend.existing("ObservedProperties")
    for key in wanted_ops:
        if f"op:{key}" not in ops:
            backend.create("ObservedProperties", catalog.observed_property_json(key))
    sensors = backend.existing("Sensors")
    for key in wanted_sensors:
        if f"sensor:{key}" not in sensors:
            backend.create("Sensors", catalog.sensor_json(key))
    ops = {k.removeprefix("op:"): v for k, v in backend.existing("ObservedProperties").items()}
    sensors = {k.removeprefix("sensor:"): v for k, v in backend.existing("Sensors").items()}
    thing_ids, datastream_ids = backend.existing_things()
    created = 0
    for spec in things:
        doc = spec.as_json(sensor_ids=sensors, property_ids=ops)
        if spec.key not in thing_ids:
            backend.create("Things", doc)
            created += 1
            continue
        for ds_doc, ds in zip(doc["Datastreams"], spec.datastreams, strict=True):
            if ds.key not in datastream_ids:
                backend.create(f"Things({thing_ids[spec.key]})/Datastreams", ds_doc)
                created += 1
    if created:
        thing_ids, datastream_ids = backend.existing_things()
    if stdout is not None:
        stdout.write(f"{len(thing_ids)} Things, {len(datastream_ids)} Datastreams ({created} new)")
    return Ids(datastreams=datastream_ids, things=thing_ids)

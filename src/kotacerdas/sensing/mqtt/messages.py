"""Turning one MQTT message into Observations to store, or into the reason it cannot be stored.

Topics (the `v1.1` SensorThings MQTT extension, plus a gateway topic of the platform):
- `v1.1/Datastreams(<id>)/Observations`: one Observation (STA JSON) of that Datastream;
- `v1.1/Observations`: one Observation naming its Datastream (`"Datastream": {"@iot.id": n}`);
- `kotacerdas/gateways/<gateway>/dataArray`: `{"batchId": "...", "data": <CreateObservations>}`,
  stored once per (gateway, batchId); rows that fail are dead-lettered, the others stored.
"""

from __future__ import annotations

import json
from dataclasses import dataclass, field
from typing import Any

from django.utils.translation import gettext as _

from kotacerdas.sensing.errors import InvalidEntity
from kotacerdas.sensing.services.observations import (
    ObservationIn,
    datastream_types_load,
    observation_in_parse,
    observations_in_from_data_array,
)
from kotacerdas.sensing.services.observations_parse import check_result

from .broker import topic_datastream_id, topic_gateway

MAX_OBSERVATION_BYTES = 1024 * 1024
MAX_GATEWAY_BYTES = 10 * 1024 * 1024
OBSERVATIONS_TOPICS = ("v1.1/Observations", "v1.0/Observations")


@dataclass
class Work:
    """What one message asks for: observations to store, reasons to dead-letter, and for a
    gateway batch its (gateway, batch id)."""

    topic: str
    payload: bytes
    items: list[ObservationIn] = field(default_factory=list)
    labels: list[str] = field(default_factory=list)  # where each item was, for dead letters
    errors: list[str] = field(default_factory=list)
    gateway: tuple[str, str] | None = None


def _reject_constant(name: str) -> Any:
    raise ValueError(f"{name} is not a JSON number")


def _json(payload: bytes) -> Any:
    return json.loads(payload, parse_constant=_reject_constant)


class DatastreamTypes:
    """A per-worker cache {datastream id: observationType}; unknown ids are looked up again
    (a Datastream created after the worker started is found on its first message)."""

    def __init__(self) -> None:
        self.types: dict[int, str] = {}

    def load(self, ids: set[int]) -> None:
        missing = ids - self.types.keys()
        if missing:
            self.types.update(datastream_types_load(missing))

    def get(self, datastream_id: int) -> str | None:
        return self.types.get(datastream_id)


def message_work(topic: str, payload: bytes) -> Work:
    """Parse a message without the database (result types are checked by `work_check`)."""
    work = Work(topic=topic, payload=payload)
    gateway = topic_gateway(topic)
    limit = MAX_GATEWAY_BYTES if gateway else MAX_OBSERVATION_BYTES
    if len(payload) > limit:
        work.errors.append(
            _("Pesan terlalu besar: %(size)s bita (batas %(limit)s).")
            % {"size": len(payload), "limit": limit}
        )
        return work
    datastream_id = topic_datastream_id(topic)
    if gateway is None and datastream_id is None and topic not in OBSERVATIONS_TOPICS:
        work.errors.append(_("Topik tidak dikenal: %(topic)s") % {"topic": topic[:200]})
        return work
    try:
        doc = _json(payload)
    except (ValueError, UnicodeDecodeError) as error:
        work.errors.append(
            _("Isi pesan bukan JSON yang sah: %(error)s") % {"error": str(error)[:200]}
        )
        return work
    try:
        if gateway is not None:
            _gateway_work(work, gateway, doc)
        else:
            work.items.append(observation_in_parse(doc, datastream_id=datastream_id))
            work.labels.append(f"Datastream {work.items[0].datastream_id}")
    except InvalidEntity as error:
        work.errors.append(error.message)
    return work


def _gateway_work(work: Work, gateway: str, doc: Any) -> None:
    if not isinstance(doc, dict) or not isinstance(doc.get("data"), list):
        raise InvalidEntity(_('Batch gateway harus berupa objek {"batchId": ..., "data": [...]}.'))
    batch_id = doc.get("batchId")
    if not isinstance(batch_id, str | int) or isinstance(batch_id, bool) or not str(batch_id):
        raise InvalidEntity(_("Batch gateway harus memiliki batchId."), field="batchId")
    if len(str(batch_id)) > 100:
        raise InvalidEntity(_("batchId paling panjang 100 karakter."), field="batchId")
    work.gateway = (gateway, str(batch_id))
    work.items.extend(_gateway_rows(work, doc["data"]))


def _gateway_rows(work: Work, data: list) -> list[ObservationIn]:
    # Row shapes and times here; result types against the Datastreams in `work_check`.
    rows = observations_in_from_data_array(data, datastream_types=_AnyType())
    labels = [f"dataArray [{number}][{index}]" for number, group in enumerate(data)
              for index in range(len(group["dataArray"]))]  # fmt: skip
    items = []
    for (item, error), label in zip(rows, labels, strict=True):
        if error is not None:
            work.errors.append(error.message)
        else:
            items.append(item)
            work.labels.append(label)
    return items


class _AnyType(dict):
    """A types cache that knows every Datastream and accepts any result (checked later)."""

    def __contains__(self, key: object) -> bool:
        return True

    def get(self, key, default=None):
        return "OM_Observation"


def work_check(works: list[Work], types: DatastreamTypes) -> None:
    """Drop (into `errors`) the items of an unknown Datastream or of the wrong result type."""
    types.load({item.datastream_id for work in works for item in work.items})
    for work in works:
        kept, labels = [], []
        for item, label in zip(work.items, work.labels, strict=True):
            kind = types.get(item.datastream_id)
            if kind is None:
                work.errors.append(
                    f"{label}: " + _("Datastream %(id)s tidak ada.") % {"id": item.datastream_id}
                )
                continue
            try:
                check_result(kind, item.result)
            except InvalidEntity as error:
                work.errors.append(f"{label}: {error.message}")
                continue
            kept.append(item)
            labels.append(label)
        work.items, work.labels = kept, labels

"""Reading Observations from SensorThings JSON (one entity, or a `CreateObservations` dataArray).

Shared by the HTTP layer, MQTT ingestion and gateways, so that every path refuses the same
things with the same messages: a time without a zone, a result of the wrong type for the
Datastream's observationType, an unknown Datastream.
"""

from __future__ import annotations

import datetime as dt
import math
from dataclasses import dataclass
from typing import Any

from django.utils.translation import gettext as _

from kotacerdas.sensing.errors import InvalidEntity

OM = "http://www.opengis.net/def/observationType/OGC-OM/2.0/"


@dataclass(slots=True)
class ObservationIn:
    """One Observation to store (see `observations_store`). Times are aware datetimes."""

    datastream_id: int
    phenomenon_time: dt.datetime
    phenomenon_time_end: dt.datetime | None = None
    result: Any = None
    result_time: dt.datetime | None = None
    result_quality: Any = None
    valid_time_start: dt.datetime | None = None
    valid_time_end: dt.datetime | None = None
    parameters: dict | None = None
    feature_of_interest_id: int | None = None
    feature_of_interest: dict | None = None  # a FeatureOfInterest JSON document to create


def parse_time(value: Any, field: str) -> dt.datetime:
    """An ISO 8601 instant with a zone ("Z" or an offset), as an aware datetime."""
    if not isinstance(value, str):
        raise InvalidEntity(
            _("%(field)s harus berupa waktu ISO 8601.") % {"field": field}, field=field
        )
    try:
        moment = dt.datetime.fromisoformat(value.strip())
    except ValueError:
        raise InvalidEntity(
            _("%(field)s bukan waktu ISO 8601 yang sah: %(value)s")
            % {"field": field, "value": value[:60]},
            field=field,
        ) from None
    if moment.tzinfo is None or moment.utcoffset() is None:
        raise InvalidEntity(
            _("%(field)s harus menyebut zona waktu (misalnya Z atau +07:00): %(value)s")
            % {"field": field, "value": value[:60]},
            field=field,
        )
    return moment


def parse_time_or_interval(value: Any, field: str) -> tuple[dt.datetime, dt.datetime | None]:
    """An instant, or an ISO 8601 interval "start/end" (start not after end)."""
    if isinstance(value, str) and "/" in value:
        start_text, _sep, end_text = value.partition("/")
        start, end = parse_time(start_text, field), parse_time(end_text, field)
        if end < start:
            raise InvalidEntity(
                _("%(field)s: akhir selang waktu sebelum awalnya.") % {"field": field}, field=field
            )
        return start, end
    return parse_time(value, field), None


def check_result(observation_type: str, result: Any) -> None:
    """Raise `InvalidEntity` unless `result` fits the Datastream's observationType."""
    kind = observation_type.rsplit("/", 1)[-1]
    if isinstance(result, float) and not math.isfinite(result):
        raise InvalidEntity(_("Hasil harus berupa angka terhingga."), field="result")
    if kind == "OM_Measurement":
        if isinstance(result, bool) or not isinstance(result, int | float):
            raise InvalidEntity(
                _("Hasil aliran data OM_Measurement harus berupa angka, bukan %(value)s.")
                % {"value": _shown(result)},
                field="result",
            )
    elif kind == "OM_CountObservation":
        if isinstance(result, bool) or not (
            isinstance(result, int) or (isinstance(result, float) and result.is_integer())
        ):
            raise InvalidEntity(
                _(
                    "Hasil aliran data OM_CountObservation harus berupa bilangan bulat, "
                    "bukan %(value)s."
                )
                % {"value": _shown(result)},
                field="result",
            )
    elif kind == "OM_CategoryObservation":
        if not isinstance(result, str):
            raise InvalidEntity(
                _("Hasil aliran data OM_CategoryObservation harus berupa teks, bukan %(value)s.")
                % {"value": _shown(result)},
                field="result",
            )
    elif kind == "OM_TruthObservation" and not isinstance(result, bool):
        raise InvalidEntity(
            _("Hasil aliran data OM_TruthObservation harus berupa true/false, bukan %(value)s.")
            % {"value": _shown(result)},
            field="result",
        )
    # OM_Observation, OM_ComplexObservation and others: any JSON value.


def _shown(value: Any) -> str:
    text = repr(value) if not isinstance(value, str) else f'"{value}"'
    return text[:40]


def _reference_id(value: Any, field: str) -> int:
    """The id of `{"@iot.id": n}` (or a bare integer)."""
    if isinstance(value, dict):
        value = value.get("@iot.id")
    if isinstance(value, str) and value.isdigit():
        value = int(value)
    if isinstance(value, bool) or not isinstance(value, int) or value <= 0:
        raise InvalidEntity(
            _('%(field)s harus berupa rujukan {"@iot.id": n}.') % {"field": field}, field=field
        )
    return value


def observation_in_parse(doc: Any, *, datastream_id: int | None = None) -> ObservationIn:
    """The shape of one Observation document, without looking at the database."""
    if not isinstance(doc, dict):
        raise InvalidEntity(_("Observasi harus berupa objek JSON."))
    if datastream_id is None:
        if "Datastream" not in doc:
            raise InvalidEntity(_("Observasi harus menyebut Datastream-nya."), field="Datastream")
        datastream_id = _reference_id(doc["Datastream"], "Datastream")
    if "result" not in doc:
        raise InvalidEntity(_("Observasi harus memiliki result."), field="result")
    if doc.get("phenomenonTime") is None:
        # SensorThings 1.1: the service uses its own time when the client gives none.
        start, end = dt.datetime.now(dt.UTC), None
    else:
        start, end = parse_time_or_interval(doc["phenomenonTime"], "phenomenonTime")
    result_time = doc.get("resultTime")
    valid_start = valid_end = None
    if doc.get("validTime") is not None:
        valid_start, valid_end = parse_time_or_interval(doc["validTime"], "validTime")
        if valid_end is None:
            raise InvalidEntity(
                _("validTime harus berupa selang waktu awal/akhir."), field="validTime"
            )
    parameters = doc.get("parameters")
    if parameters is not None and not isinstance(parameters, dict):
        raise InvalidEntity(_("parameters harus berupa objek JSON."), field="parameters")
    foi_id, foi_doc = None, None
    foi = doc.get("FeatureOfInterest")
    if foi is not None:
        if isinstance(foi, dict) and "@iot.id" not in foi:
            foi_doc = foi
        else:
            foi_id = _reference_id(foi, "FeatureOfInterest")
    return ObservationIn(
        datastream_id=datastream_id,
        phenomenon_time=start,
        phenomenon_time_end=end,
        result=doc["result"],
        result_time=None if result_time is None else parse_time(result_time, "resultTime"),
        result_quality=doc.get("resultQuality"),
        valid_time_start=valid_start,
        valid_time_end=valid_end,
        parameters=parameters,
        feature_of_interest_id=foi_id,
        feature_of_interest=foi_doc,
    )


DATA_ARRAY_COMPONENTS = frozenset(
    {"phenomenonTime", "result", "resultTime", "resultQuality", "validTime", "parameters",
     "FeatureOfInterest/id"}
)  # fmt: skip


def observations_in_from_data_array(
    doc: Any, *, datastream_types: dict[int, str] | None = None
) -> list[tuple[ObservationIn | None, InvalidEntity | None]]:
    """The rows of a `CreateObservations` document (a list of {Datastream, components,
    dataArray}), each as (observation, None) or (None, the error of that row).

    A document that is wrong as a whole (not a list, unknown component...) raises InvalidEntity.
    With `datastream_types` (a cache id -> observationType), each row's result is checked too.
    """
    from .observations import datastream_types_load

    if not isinstance(doc, list):
        raise InvalidEntity(_("CreateObservations harus berupa larik JSON."))
    types = {} if datastream_types is None else datastream_types
    rows: list[tuple[ObservationIn | None, InvalidEntity | None]] = []
    for number, group in enumerate(doc):
        if not isinstance(group, dict):
            raise InvalidEntity(_("Setiap unsur CreateObservations harus berupa objek JSON."))
        datastream_id = _reference_id(group.get("Datastream"), "Datastream")
        components = group.get("components")
        data = group.get("dataArray")
        if not isinstance(components, list) or not all(isinstance(c, str) for c in components):
            raise InvalidEntity(_("components harus berupa larik nama."), field="components")
        unknown = [c for c in components if c not in DATA_ARRAY_COMPONENTS]
        if unknown:
            raise InvalidEntity(
                _("Komponen tidak dikenal: %(names)s") % {"names": ", ".join(unknown)[:200]},
                field="components",
            )
        if "result" not in components:
            raise InvalidEntity(_("components harus memuat result."), field="components")
        if not isinstance(data, list):
            raise InvalidEntity(_("dataArray harus berupa larik."), field="dataArray")
        if datastream_id not in types:
            types.update(datastream_types_load([datastream_id]))
        observation_type = types.get(datastream_id)
        for index, row in enumerate(data):
            try:
                if not isinstance(row, list) or len(row) != len(components):
                    raise InvalidEntity(
                        _("Baris dataArray harus berupa larik sepanjang components (%(n)s).")
                        % {"n": len(components)},
                        field="dataArray",
                    )
                entity = dict(zip(components, row, strict=True))
                if "FeatureOfInterest/id" in entity:
                    entity["FeatureOfInterest"] = {"@iot.id": entity.pop("FeatureOfInterest/id")}
                if observation_type is None:
                    raise InvalidEntity(
                        _("Datastream %(id)s tidak ada.") % {"id": datastream_id},
                        field="Datastream",
                    )
                item = observation_in_parse(entity, datastream_id=datastream_id)
                check_result(observation_type, item.result)
                rows.append((item, None))
            except InvalidEntity as error:
                message = f"dataArray [{number}][{index}]: {error.message}"
                rows.append((None, InvalidEntity(message, field=error.field)))
    return rows

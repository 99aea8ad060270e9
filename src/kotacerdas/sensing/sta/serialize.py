"""Entity JSON exactly as SensorThings API 1.1 shows it (OGC 18-088 §8.2), built from plain rows.

Times are UTC with milliseconds (`2024-01-15T08:30:15.250Z`); intervals `start/end`. Optional
properties that are null are left out, except an Observation's `resultTime`, which the
standard shows as null. A result comes from the column it was stored in.
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Callable
from typing import Any

from kotacerdas.sensing.selectors.sta import EXPANDED, Page
from kotacerdas.sensing.sta.query import Query

from .links import Links
from .resolver import ENTITIES, EntityInfo

Row = dict[str, Any]


def iso(value: dt.datetime | str | None) -> str | None:
    if value is None or isinstance(value, str):  # None, or formatted by the database
        return value
    text = value.isoformat(timespec="milliseconds")
    if text.endswith("+00:00"):  # what the database gives back (UTC)
        return text[:-6] + "Z"
    return value.astimezone(dt.UTC).isoformat(timespec="milliseconds")[:-6] + "Z"


def interval(start: dt.datetime | None, end: dt.datetime | None) -> str | None:
    if start is None:
        return None
    if end is None or end == start:
        return iso(start)
    return f"{iso(start)}/{iso(end)}"


def result_value(number: float | None, string: str | None, json: Any) -> Any:
    """The result as sent: JSON (booleans, objects, lists) over text over number."""
    if json is not None:
        return json
    if string is not None:
        return string
    if number is not None and number.is_integer() and abs(number) < 2**53:
        return int(number)
    return number


def _optional(doc: dict, **values: Any) -> dict:
    for key, value in values.items():
        if value is not None:
            doc[key] = value
    return doc


def _named(r: Row, **more: Any) -> dict:
    """name, description, the entity's own properties, then `properties` when set."""
    return _optional({"name": r["name"], "description": r["description"], **more},
                     properties=r["properties"])  # fmt: skip


def _thing(r: Row) -> dict:
    return _named(r)


def _location(r: Row) -> dict:
    return _named(r, encodingType=r["encoding_type"], location=r["location"])


def _historical_location(r: Row) -> dict:
    return {"time": iso(r["time_text"])}


def _datastream(r: Row) -> dict:
    doc = _named(
        r, observationType=r["observation_type"], unitOfMeasurement=r["unit_of_measurement"]
    )
    properties = doc.pop("properties", None)  # STA order: the time spans before properties
    return _optional(
        doc,
        observedArea=r["observed_area"],
        phenomenonTime=interval(r["phenomenon_time_start_text"], r["phenomenon_time_end_text"]),
        resultTime=interval(r["result_time_start_text"], r["result_time_end_text"]),
        properties=properties,
    )


def _sensor(r: Row) -> dict:
    return _named(r, encodingType=r["encoding_type"], metadata=r["metadata"])


def _observed_property(r: Row) -> dict:
    return _named(r, definition=r["definition"])


def _observation(r: Row) -> dict:
    # Written out (no helpers with keyword arguments): a page holds up to 10,000 of these.
    end = r["phenomenon_time_end_text"]
    number, text, other = r["result_number"], r["result_string"], r["result_json"]
    doc = {
        "phenomenonTime": iso(r["phenomenon_time_text"]) if end is None else interval(
            r["phenomenon_time_text"], end
        ),
        "resultTime": iso(r["result_time_text"]),
        "result": int(number)
        if other is None and text is None and number is not None and number.is_integer()
        and abs(number) < 2**53
        else result_value(number, text, other),
    }  # fmt: skip
    if r["result_quality"] is not None:
        doc["resultQuality"] = r["result_quality"]
    if r["valid_time_start_text"] is not None:
        doc["validTime"] = interval(r["valid_time_start_text"], r["valid_time_end_text"])
    if r["parameters"] is not None:
        doc["parameters"] = r["parameters"]
    return doc


def _feature(r: Row) -> dict:
    return _named(r, encodingType=r["encoding_type"], feature=r["feature"])


PROPERTIES: dict[str, Callable[[Row], dict]] = {
    "Thing": _thing,
    "Location": _location,
    "HistoricalLocation": _historical_location,
    "Datastream": _datastream,
    "Sensor": _sensor,
    "ObservedProperty": _observed_property,
    "Observation": _observation,
    "FeatureOfInterest": _feature,
}


class Serializer:
    """Entity JSON for one request (its link base)."""

    def __init__(self, links: Links):
        self.links = links

    def entity(self, row: Row, info: EntityInfo, query: Query) -> dict:
        return self.entities([row], info, query)[0]

    def entities(self, rows: list[Row], info: EntityInfo, query: Query) -> list[dict]:
        """The JSON of `rows`; what `$select` keeps is worked out once for all of them."""
        selected = {path.segments[0] for path in query.select}
        if "@iot.id" in selected:
            selected.add("id")
        with_id = not selected or "id" in selected
        navigation = [name for name in info.relations if not selected or name in selected]
        properties_of = PROPERTIES[info.name]
        null_result_time = "resultTime" in selected and info.name == "Observation"
        prefix = f"{self.links.base}{info.plural}("
        docs = []
        for row in rows:
            self_link = f"{prefix}{row['id']})"
            doc: dict[str, Any] = (
                {"@iot.selfLink": self_link, "@iot.id": row["id"]} if with_id else {}
            )
            properties = properties_of(row)
            if selected:
                properties = {key: value for key, value in properties.items() if key in selected}
                if null_result_time:
                    properties.setdefault("resultTime", None)
            doc.update(properties)
            for name in navigation:
                doc[name + "@iot.navigationLink"] = f"{self_link}/{name}"
            expanded = row.get(EXPANDED)
            if expanded:
                self._expanded(doc, expanded, self_link, info, query)
            docs.append(doc)
        return docs

    def _expanded(
        self, doc: dict, expanded: dict, self_link: str, info: EntityInfo, query: Query
    ) -> None:
        for item in query.expand:
            value = expanded[item.navigation]
            target = ENTITIES[info.relations[item.navigation].target]
            if isinstance(value, Page):
                if value.count is not None:
                    doc[f"{item.navigation}@iot.count"] = value.count
                doc[item.navigation] = self.entities(value.rows, target, item.options)
                if value.more:
                    doc[f"{item.navigation}@iot.nextLink"] = (
                        f"{self_link}/{item.navigation}?$top={value.query.top}"
                        f"&$skip={value.query.skip + value.query.top}"
                    )
            elif value is not None:
                doc[item.navigation] = self.entity(value, target, item.options)

    def collection(self, page: Page, info: EntityInfo) -> dict:
        doc: dict[str, Any] = {}
        if page.count is not None:
            doc["@iot.count"] = page.count
        if page.query.result_format == "dataArray":
            doc["value"] = self.data_array(page)
        else:
            doc["value"] = self.entities(page.rows, info, page.query)
        if page.more:
            doc["@iot.nextLink"] = self.links.next_page(page.query.skip, page.query.top)
        return doc

    def data_array(self, page: Page) -> list[dict]:
        """`$resultFormat=dataArray` (§14.3): Observations grouped per Datastream."""
        components = [
            "@iot.id" if path.segments[0] in ("id", "@iot.id") else path.segments[0]
            for path in page.query.select
        ] or ["id", "phenomenonTime", "resultTime", "result"]
        components = ["id" if name == "@iot.id" else name for name in components]
        groups: dict[int, list] = {}
        for row in page.rows:
            doc = _observation(row)
            doc["id"] = row["id"]
            doc["Datastream"] = row["datastream_id"]
            doc["FeatureOfInterest"] = row["feature_of_interest_id"]
            groups.setdefault(row["datastream_id"], []).append(
                [doc.get(name) for name in components]
            )
        return [
            {
                "Datastream@iot.navigationLink": self.links.entity("Datastreams", datastream_id),
                "components": components,
                "dataArray@iot.count": len(values),
                "dataArray": values,
            }
            for datastream_id, values in groups.items()
        ]

"""Things, datastreams and observations for the tests of the sensor pages and API.

Observations are written straight to the tables here (test set-up, not the code under test):
the pages only read them.
"""

from __future__ import annotations

import datetime as dt

from django.utils import timezone

from kotacerdas.core.models import Role
from kotacerdas.core.tests.factories import AgencyFactory, UserFactory
from kotacerdas.sensing.models import (
    Datastream,
    DatastreamLatest,
    FeatureOfInterest,
    Location,
    Observation,
    ObservedProperty,
    Sensor,
    Thing,
    ThingKind,
)


def operator(**kwargs):
    return UserFactory(roles=[Role.SENSOR_OPERATOR.value], **kwargs)


def officer(agency, **kwargs):
    return UserFactory(roles=[Role.AGENCY_OFFICER.value], agency=agency, **kwargs)


def make_thing(
    name: str,
    *,
    kind: str = ThingKind.RIVER_GAUGE,
    agency=None,
    lat: float | None = -6.30,
    lon: float | None = 106.97,
    is_demo: bool = False,
) -> Thing:
    thing = Thing.objects.create(name=name, kind=kind, agency=agency, is_demo=is_demo)
    if lat is not None:
        location = Location.objects.create(
            name=f"Lokasi {name}",
            location={"type": "Point", "coordinates": [lon, lat]},
            lat=lat,
            lon=lon,
        )
        location.things.add(thing)
    return thing


def make_stream(
    thing: Thing,
    name: str = "Tinggi muka air",
    *,
    symbol: str = "cm",
    interval: dt.timedelta | None = dt.timedelta(minutes=10),
) -> Datastream:
    sensor, _ = Sensor.objects.get_or_create(
        name="Sensor uji", defaults={"encoding_type": "text/plain", "metadata": "uji"}
    )
    prop, _ = ObservedProperty.objects.get_or_create(
        name=name, defaults={"definition": f"https://example.org/{name}"}
    )
    return Datastream.objects.create(
        name=f"{name} {thing.name}",
        observation_type="http://www.opengis.net/def/observationType/OGC-OM/2.0/OM_Measurement",
        unit_of_measurement={"name": symbol, "symbol": symbol, "definition": ""},
        thing=thing,
        sensor=sensor,
        observed_property=prop,
        expected_interval=interval,
    )


def add_observations(
    stream: Datastream, values: list[float], *, end: dt.datetime | None = None, step=None
) -> list[Observation]:
    """`values` at `step` intervals ending at `end` (now), and the latest row."""
    end = end or timezone.now()
    step = step or dt.timedelta(minutes=10)
    foi, _ = FeatureOfInterest.objects.get_or_create(
        name=f"FOI {stream.thing_id}",
        defaults={"feature": {"type": "Point", "coordinates": [106.97, -6.3]}},
    )
    start = end - step * (len(values) - 1)
    rows = [
        Observation(
            datastream=stream,
            feature_of_interest=foi,
            phenomenon_time=start + step * index,
            result_number=value,
            received_at=start + step * index + dt.timedelta(seconds=2),
        )
        for index, value in enumerate(values)
    ]
    Observation.objects.bulk_create(rows)
    if rows:
        last = rows[-1]
        DatastreamLatest.objects.update_or_create(
            datastream=stream,
            defaults={
                "phenomenon_time": last.phenomenon_time,
                "result_number": last.result_number,
                "received_at": last.received_at,
                "lag_seconds": 2.0,
                "observation_count": len(rows),
            },
        )
    return rows


def agency(**kwargs):
    return AgencyFactory(**kwargs)

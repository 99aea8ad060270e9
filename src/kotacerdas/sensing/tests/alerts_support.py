"""Helpers of the alert ladder and watchdog tests (`test_alerts_*.py`, `test_watchdog_*.py`):
a gauge Thing with its Datastream attached to the seeded ladders, and storing values through
the real `observations_store` (which calls `alerts_on_observations` in its transaction)."""

from __future__ import annotations

import datetime as dt

import pytest

from kotacerdas.core.models import Role
from kotacerdas.core.tests.factories import UserFactory
from kotacerdas.sensing.models import (
    AlertLadder,
    AlertLevel,
    Datastream,
    FloodGauge,
    FloodPlace,
    Location,
    ObservedProperty,
    Sensor,
    Thing,
    ThresholdSet,
)
from kotacerdas.sensing.services import alerts
from kotacerdas.sensing.services.alerts_config import ladder_attach
from kotacerdas.sensing.services.alerts_reference import load_alert_reference
from kotacerdas.sensing.services.observations import ObservationIn, observations_store
from kotacerdas.sensing.services.observations_parse import OM

T0 = dt.datetime(2026, 12, 7, 8, 0, tzinfo=dt.UTC)
TEN_MINUTES = dt.timedelta(minutes=10)
UNITS = {
    "cm": {"name": "sentimeter", "symbol": "cm", "definition": "ucum:cm"},
    "m": {"name": "meter", "symbol": "m", "definition": "ucum:m"},
    "m3/s": {"name": "meter kubik per detik", "symbol": "m3/s", "definition": "ucum:m3/s"},
}


def minutes(n: float) -> dt.timedelta:
    return dt.timedelta(minutes=n)


def operator():
    return UserFactory(roles=[Role.SENSOR_OPERATOR.value])


def ensure_reference() -> None:
    """The data migration's rows, again if a transactional test of another module flushed them
    (idempotent: the loader the migration runs)."""
    load_alert_reference(FloodGauge, AlertLadder, ThresholdSet, AlertLevel, FloodPlace)


@pytest.fixture
def alerts_fresh():
    """Reference rows present, and no watched-datastream set cached from another test."""
    ensure_reference()
    alerts.watched_invalidate()
    yield
    alerts.watched_invalidate()


def gauge_stream(
    pos_id: str | None = "p2c",
    *,
    unit: str = "cm",
    agency=None,
    interval: dt.timedelta | None = None,
    name: str = "Pos P2C",
) -> Datastream:
    """A Thing with a Location and one Datastream; attached to the ladders of `pos_id`."""
    ensure_reference()
    thing = Thing.objects.create(name=name, description="pos pantau", agency=agency)
    location = Location.objects.create(
        name=f"Lokasi {name}",
        location={"type": "Point", "coordinates": [106.99, -6.23]},
        lat=-6.23,
        lon=106.99,
    )
    location.things.add(thing)
    stream = Datastream.objects.create(
        name=f"TMA {name}",
        observation_type=OM + "OM_Measurement",
        unit_of_measurement=UNITS[unit],
        thing=thing,
        sensor=Sensor.objects.create(name="AWLR", encoding_type="text/plain", metadata="-"),
        observed_property=ObservedProperty.objects.create(name="TMA", definition="urn:tma"),
        expected_interval=interval,
    )
    if pos_id:
        ladder_attach(datastream=stream, pos_id=pos_id)
    return stream


def store(stream: Datastream, *points: tuple[dt.datetime, float]) -> list[int]:
    """Store (time, value) points in one call, as any ingestion path does."""
    return observations_store(
        actor="system",
        items=[
            ObservationIn(datastream_id=stream.pk, phenomenon_time=moment, result=value)
            for moment, value in points
        ],
        source="test",
    )


def series(stream: Datastream, values: list[float], *, start=T0, step=TEN_MINUTES) -> None:
    """Store values one call each, `step` apart, as a gauge reporting live would."""
    for index, value in enumerate(values):
        store(stream, (start + step * index, value))


def ladder(stream: Datastream, scheme: str = "KP2C") -> AlertLadder:
    return AlertLadder.objects.get(datastream=stream, scheme=scheme)

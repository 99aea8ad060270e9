"""What the simulator publishes at a moment or over a period: observations and vehicle fixes.

Each kind has its own reporting grid (gauges and devices every 5 minutes, vehicles every 30
seconds by default): `batch_between(scenario, start, end)` gives everything due in
(start, end], `batch_at(scenario, now)` the newest report of every kind at `now` (one tick).
Observation times are the grid times, so the same moment always gives the same observation
(a repeated run is deduplicated by the platform).
"""

from __future__ import annotations

import datetime as dt
import math
from collections.abc import Sequence
from dataclasses import dataclass, field

from . import catalog, devices, river, vehicles

UTC = dt.UTC


@dataclass(frozen=True)
class Scenario:
    seed: int = 1
    kinds: tuple[str, ...] = catalog.KINDS
    speed: float = 1.0  # time factor of the weather and the rivers (see river.river_series)
    origin: dt.datetime | None = None
    extra_events: tuple[river.RainEvent, ...] = ()
    gauge_every: int = 300  # seconds
    device_every: int = 300
    vehicle_every: int = 30


@dataclass(frozen=True)
class Reading:
    datastream_key: str
    time: dt.datetime
    result: float | int | bool


@dataclass(frozen=True)
class VehicleFix:
    thing_key: str
    time: dt.datetime
    lat: float
    lon: float
    speed_kmh: float


@dataclass
class Batch:
    readings: list[Reading] = field(default_factory=list)
    fixes: list[VehicleFix] = field(default_factory=list)

    def __len__(self) -> int:
        return len(self.readings) + len(self.fixes)


def _grid(start: float, end: float, every: int) -> list[dt.datetime]:
    """Grid times in (start, end]."""
    first = math.floor(start / every) * every + every
    return [dt.datetime.fromtimestamp(t, UTC) for t in range(int(first), int(end) + 1, every)]


def _river(scenario: Scenario, times: Sequence[dt.datetime], batch: Batch) -> None:
    if not times:
        return
    values = river.river_series(
        scenario.seed,
        times,
        extra_events=scenario.extra_events,
        speed=scenario.speed,
        origin=scenario.origin,
    )
    for gauge in river.GAUGES:
        key = f"{gauge.key}:{gauge.quantity}"
        batch.readings += [
            Reading(key, moment, float(value))
            for moment, value in zip(times, values[gauge.key], strict=True)
        ]


def _devices(scenario: Scenario, times: Sequence[dt.datetime], batch: Batch) -> None:
    for moment in times:
        for device in devices.devices(scenario.seed):
            beat = devices.heartbeat(device, scenario.seed, moment)
            if beat is None:
                continue
            for name, value in beat.items():
                batch.readings.append(Reading(f"{device.key}:{name}", moment, value))


def _vehicles(scenario: Scenario, times: Sequence[dt.datetime], batch: Batch) -> None:
    for moment in times:
        for index, vehicle in enumerate(vehicles.VEHICLES):
            fix = vehicles.position(index, scenario.seed, moment.timestamp())
            batch.fixes.append(VehicleFix(vehicle.key, moment, fix.lat, fix.lon, fix.speed_kmh))
            batch.readings.append(Reading(f"{vehicle.key}:speed", moment, fix.speed_kmh))


def _batch(scenario: Scenario, grids: dict[str, list[dt.datetime]]) -> Batch:
    batch = Batch()
    if "river" in scenario.kinds:
        _river(scenario, grids["river"], batch)
    if "devices" in scenario.kinds:
        _devices(scenario, grids["devices"], batch)
    if "vehicles" in scenario.kinds:
        _vehicles(scenario, grids["vehicles"], batch)
    return batch


def _every(scenario: Scenario) -> dict[str, int]:
    return {
        "river": scenario.gauge_every,
        "devices": scenario.device_every,
        "vehicles": scenario.vehicle_every,
    }


def batch_between(scenario: Scenario, start: dt.datetime, end: dt.datetime) -> Batch:
    """Everything due in (start, end], in time order per kind."""
    s, e = start.timestamp(), end.timestamp()
    return _batch(scenario, {kind: _grid(s, e, every) for kind, every in _every(scenario).items()})


def batch_at(scenario: Scenario, now: dt.datetime) -> Batch:
    """The newest report of every kind at `now` (what `simulate --once` publishes)."""
    t = now.timestamp()
    return _batch(
        scenario,
        {kind: _grid(t - every, t, every) for kind, every in _every(scenario).items()},
    )

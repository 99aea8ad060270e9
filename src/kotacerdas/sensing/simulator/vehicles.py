"""20 vehicles moving inside Kota Bekasi: garbage trucks, ambulances and URC cars.

Each vehicle's day is an itinerary drawn from (seed, vehicle, local day): from its base it
drives straight legs to random places 1-6 km away (each leg kept inside the city outline),
stops there for a while (a truck collecting rubbish, an ambulance at a patient, a URC car at an
incident), and returns to base at the end of its shift; outside the shift it stands at base.
Trucks work 05-14 WIB; ambulances and URC cars are on call round the clock (back at base
by 23 WIB, so that no drive crosses midnight, where the next itinerary starts).
Speeds are city speeds (15-50 km/h); one ambulance now and then drives a leg at 75-95 km/h,
above the 60 km/h limit, so overspeed detection has something to find. Positions carry a few
metres of GPS jitter. `position(vehicle, seed, t)` is a pure function of time.
"""

from __future__ import annotations

import bisect
import datetime as dt
from dataclasses import dataclass
from functools import lru_cache

import numpy as np

from . import geo, noise

LOCAL_OFFSET_S = 7 * 3600
SPEED_LIMIT_KMH = 60


@dataclass(frozen=True)
class Vehicle:
    key: str
    name: str
    vehicle_type: str  # sensing.models.VehicleType values
    agency: str  # short name of the Perangkat Daerah running it
    plate: str
    base: tuple[float, float]
    shift: tuple[float, float]  # local hours
    speed_kmh: tuple[float, float]
    dwell_min: tuple[float, float]
    hop_km: tuple[float, float]
    speeder: bool = False


# Bases (approximate): TPA Sumur Batu (Bantargebang) for the rubbish trucks, RSUD
# dr. Chasbullah Abdulmadjid (Bekasi Selatan) for the ambulances, the Damkar and BPBD offices on
# Jl. Ir. H. Juanda (Bekasi Timur) for the URC cars.
_DEPOT = (-6.3440, 106.9950)
_RSUD = (-6.2476, 106.9925)
_DAMKAR = (-6.2356, 107.0052)


# (key, name, type, agency, plate, count, base, shift h, speed km/h, dwell min, hop km)
_GROUPS = (
    ("truk", "Contoh Truk Sampah", "garbage_truck", "DLH", (9100, "KBS"), 10, _DEPOT,
     (5.0, 14.0), (15.0, 35.0), (3.0, 12.0), (1.0, 4.0)),
    ("ambulans", "Contoh Ambulans", "ambulance", "Dinkes", (1190, "KBA"), 5, _RSUD,
     (0.0, 23.0), (30.0, 50.0), (10.0, 40.0), (2.0, 6.0)),
    ("urc", "Contoh Kendaraan URC", "urc", "Damkar", (1130, "KBU"), 5, _DAMKAR,
     (0.0, 23.0), (25.0, 45.0), (15.0, 60.0), (1.5, 6.0)),
)  # fmt: skip


def _fleet() -> tuple[Vehicle, ...]:
    fleet = []
    for prefix, label, kind, agency, plate, count, base, shift, speed, dwell, hop in _GROUPS:
        for i in range(count):
            fleet.append(
                Vehicle(
                    key=f"{prefix}-{i + 1:02d}",
                    name=f"{label} {i + 1:02d}",
                    vehicle_type=kind,
                    agency=agency,
                    plate=f"B {plate[0] + i} {plate[1]}",
                    base=base,
                    shift=shift,
                    speed_kmh=speed,
                    dwell_min=dwell,
                    hop_km=hop,
                    speeder=kind == "ambulance" and i == 0,  # the one that speeds now and then
                )
            )
    return tuple(fleet)


VEHICLES: tuple[Vehicle, ...] = _fleet()
VEHICLE_KEYS = tuple(v.key for v in VEHICLES)


@dataclass(frozen=True)
class Fix:
    lat: float
    lon: float
    speed_kmh: float
    moving: bool


@dataclass(frozen=True)
class _Leg:
    start: float  # epoch seconds when the vehicle leaves `origin`
    arrive: float  # when it reaches `target`; it then stands there until the next leg's start
    origin: tuple[float, float]
    target: tuple[float, float]
    speed_kmh: float


def _next_target(
    rng: np.random.Generator, here: tuple[float, float], hop_km: tuple[float, float]
) -> tuple[float, float]:
    for _attempt in range(50):
        distance = rng.uniform(*hop_km) * 1000
        bearing = rng.uniform(0, 2 * np.pi)
        lat = here[0] + distance * np.cos(bearing) / geo.METRES_PER_DEGREE
        lon = here[1] + distance * np.sin(bearing) / (
            geo.METRES_PER_DEGREE * np.cos(np.radians(here[0]))
        )
        target = (round(float(lat), 6), round(float(lon), 6))
        if geo.segment_inside(here, target):
            return target
    return geo.random_point(rng) if geo.segment_inside(here, _centre()) else _centre()


@lru_cache(maxsize=1)
def _centre() -> tuple[float, float]:
    point = geo.city().representative_point()
    return round(point.y, 6), round(point.x, 6)


@lru_cache(maxsize=64)
def _base(vehicle_index: int) -> tuple[float, float]:
    return geo.snap_inside(*VEHICLES[vehicle_index].base)


def _leg(start: float, origin, target, speed_kmh: float) -> _Leg:
    seconds = geo.distance_m(origin, target) / (speed_kmh / 3.6)
    return _Leg(start, start + seconds, origin, target, speed_kmh)


def _route(rng: np.random.Generator, a, b) -> list[tuple[float, float]]:
    """Waypoints from `a` to `b` that keep every straight piece inside the city."""
    if geo.segment_inside(a, b):
        return [b]
    for _attempt in range(60):
        via = geo.random_point(rng)
        if geo.segment_inside(a, via) and geo.segment_inside(via, b):
            return [via, b]
    centre = _centre()
    return [centre, b]


@lru_cache(maxsize=256)
def itinerary(vehicle_index: int, seed: int, day: int) -> tuple[_Leg, ...]:
    """The legs of one vehicle on local day `day` (days since 1970-01-01 WIB)."""
    vehicle = VEHICLES[vehicle_index]
    rng = np.random.default_rng([seed & 0xFFFFFFFF, vehicle_index, day, 0x76656869])
    midnight = day * 86400 - LOCAL_OFFSET_S
    base = _base(vehicle_index)
    t = midnight + vehicle.shift[0] * 3600 + rng.uniform(0, 1800)
    end = midnight + vehicle.shift[1] * 3600
    here = base
    legs: list[_Leg] = []

    def drive(start: float, points, speed: float) -> list[_Leg]:
        out, origin = [], here
        for point in points:
            out.append(_leg(start, origin, point, speed))
            start, origin = out[-1].arrive, point
        return out

    while True:
        target = _next_target(rng, here, vehicle.hop_km)
        speed = rng.uniform(*vehicle.speed_kmh)
        if vehicle.speeder and rng.random() < 0.15:
            speed = rng.uniform(75.0, 95.0)
        out = drive(t, [target], float(speed))
        back = _leg(out[-1].arrive, target, base, float(vehicle.speed_kmh[1]))
        if back.arrive + 1800 > end:  # time to go home (with room for a detour)
            break
        legs += out
        here = target
        t = out[-1].arrive + rng.uniform(*vehicle.dwell_min) * 60
    if here != base:
        legs += drive(t, _route(rng, here, base), float(rng.uniform(*vehicle.speed_kmh)))
    return tuple(legs)


def position(vehicle_index: int, seed: int, moment: dt.datetime | float) -> Fix:
    """Where vehicle `vehicle_index` is at `moment`, with its speed."""
    t = moment if isinstance(moment, float | int) else moment.timestamp()
    day = int((t + LOCAL_OFFSET_S) // 86400)
    legs = itinerary(vehicle_index, seed, day)
    index = bisect.bisect_right(legs, t, key=lambda leg: leg.start) - 1
    if index < 0:
        # before the shift: at base (where yesterday's last leg ended)
        lat, lon = _base(vehicle_index)
        speed, moving = 0.0, False
    else:
        leg = legs[index]
        if t >= leg.arrive:
            (lat, lon), speed, moving = leg.target, 0.0, False
        else:
            share = (t - leg.start) / (leg.arrive - leg.start)
            lat = leg.origin[0] + (leg.target[0] - leg.origin[0]) * share
            lon = leg.origin[1] + (leg.target[1] - leg.origin[1]) * share
            speed, moving = leg.speed_kmh, True
    tick = int(t)
    stream = noise.stream_id(VEHICLES[vehicle_index].key)
    jitter = 4.0 / geo.METRES_PER_DEGREE  # about 4 m
    lat += noise.normal1(seed, stream, tick) * jitter
    lon += noise.normal1(seed, stream ^ 0xABCD, tick) * jitter
    if moving:
        speed = max(0.0, speed + noise.normal1(seed, stream ^ 0x1234, tick) * 2.0)
    return Fix(round(lat, 6), round(lon, 6), round(speed, 1), moving)

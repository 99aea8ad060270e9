"""Vehicles and GPS fixes for the tracking tests (`test_tracking_*.py`)."""

from __future__ import annotations

import datetime as dt

from kotacerdas.sensing.models import Thing, ThingKind, VehicleProfile
from kotacerdas.sensing.services.tracking import tracking_on_location

T0 = dt.datetime(2026, 3, 2, 8, 0, tzinfo=dt.UTC)
# Kelurahan Durenjaya (Kecamatan Bekasi Timur); driving north along this meridian crosses into
# Kecamatan Bekasi Utara between latitude -6.2237 and -6.2232 (checked against the boundaries).
LON = 107.0231
LAT_BEKASI_TIMUR = -6.2362
LAT_BEKASI_UTARA = -6.2182
STEP_LAT = 0.0036  # about 400 m
STEP_KM = 0.40030  # haversine of one step (asserted in test_tracking_math)


def make_vehicle(*, name="Truk Sampah B 9001 XYZ", agency=None, **profile) -> Thing:
    thing = Thing.objects.create(name=name, kind=ThingKind.VEHICLE, agency=agency)
    if profile:
        VehicleProfile.objects.create(thing=thing, **profile)
    return thing


def at(minutes: float) -> dt.datetime:
    return T0 + dt.timedelta(minutes=minutes)


def fix(thing, minutes: float, lat: float, lon: float = LON, speed=None) -> None:
    tracking_on_location(thing=thing, time=at(minutes), lat=lat, lon=lon, speed_kmh=speed)


def drive_north(
    thing,
    *,
    start_minute: float,
    steps: int,
    every_minutes: float = 0.5,
    lat: float = LAT_BEKASI_TIMUR,
) -> float:
    """Fixes every `every_minutes` moving one STEP_LAT north; returns the last latitude."""
    for i in range(steps + 1):
        fix(thing, start_minute + i * every_minutes, lat + i * STEP_LAT)
    return lat + steps * STEP_LAT

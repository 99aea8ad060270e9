"""Heartbeats of 200 public devices: 120 WiFi access points and 80 CCTV cameras.

Every 5 minutes a device reports whether it is up, and how many clients are connected (WiFi)
and the bandwidth it uses (Mbps). Clients follow the day (few at night, a peak in the
evening); CCTV streams use 2-4 Mbps. A device is down now and then for an hour (it reports
"offline" through its controller, with no clients and no traffic), and a few flaky devices go
silent every day for some hours: they report nothing at all, which the watchdog must notice.
Everything is a pure function of (seed, device, time).
"""

from __future__ import annotations

import datetime as dt
import math
from dataclasses import dataclass
from functools import lru_cache

import numpy as np

from . import geo, noise

LOCAL_OFFSET_S = 7 * 3600
WIFI_COUNT = 120
CCTV_COUNT = 80
FLAKY_COUNT = 6


@dataclass(frozen=True)
class Device:
    key: str
    name: str
    kind: str  # "wifi" | "cctv"
    lat: float
    lon: float
    kecamatan: str
    capacity: int  # WiFi: clients at the evening peak; CCTV: stream Mbps x 10
    flaky: bool


@lru_cache(maxsize=8)
def devices(seed: int = 0) -> tuple[Device, ...]:
    """The 200 devices, placed at random inside the city (the layout depends on the seed)."""
    rng = np.random.default_rng([seed & 0xFFFFFFFF, 0x64657669])
    flaky = set(rng.choice(WIFI_COUNT + CCTV_COUNT, size=FLAKY_COUNT, replace=False).tolist())
    out = []
    for index in range(WIFI_COUNT + CCTV_COUNT):
        lat, lon = geo.random_point(rng)
        kecamatan = geo.kecamatan_of(lat, lon)
        if index < WIFI_COUNT:
            number, kind, label = index + 1, "wifi", "Contoh WiFi Publik"
            capacity = int(rng.integers(20, 90))
        else:
            number, kind, label = index - WIFI_COUNT + 1, "cctv", "Contoh CCTV"
            capacity = int(rng.integers(20, 41))
        out.append(
            Device(
                key=f"{kind}-{number:03d}",
                name=f"{label} {number:03d} ({kecamatan})"
                if kecamatan
                else f"{label} {number:03d}",
                kind=kind,
                lat=lat,
                lon=lon,
                kecamatan=kecamatan,
                capacity=capacity,
                flaky=index in flaky,
            )
        )
    return tuple(out)


def _silent(device: Device, seed: int, t: float) -> bool:
    """Flaky devices go silent once a day, at a random hour, for 1-5 hours."""
    if not device.flaky:
        return False
    stream = noise.stream_id(device.key)
    local = t + LOCAL_OFFSET_S
    for day in (int(local // 86400) - 1, int(local // 86400)):
        start = day * 86400 + noise.uniform1(seed, stream, day) * 86400
        length = 3600 * (1 + 4 * noise.uniform1(seed, stream ^ 0x51, day))
        if start <= local < start + length:
            return True
    return False


def _down(device: Device, seed: int, t: float) -> bool:
    """About 1 % of device-hours are an outage the controller reports."""
    hour = int(t // 3600)
    return noise.uniform1(seed, noise.stream_id(device.key) ^ 0xD0, hour) < 0.01


def _daily_profile(local_hour: float) -> float:
    """Share of peak WiFi use by local hour: ~5 % at 3 a.m., a lunch bump, a peak at 20:00."""
    night = 0.05
    lunch = 0.35 * math.exp(-(((local_hour - 12.5) / 1.5) ** 2))
    evening = 0.95 * math.exp(-(((local_hour - 20.0) / 2.5) ** 2))
    daytime = 0.3 * math.exp(-(((local_hour - 15.0) / 4.0) ** 2))
    return min(1.0, night + lunch + evening + daytime)


def heartbeat(device: Device, seed: int, moment: dt.datetime | float) -> dict | None:
    """{"status": bool, "clients": int (WiFi only), "bandwidth": Mbps} at `moment`, or None
    when the device is silent (reports nothing)."""
    t = moment if isinstance(moment, float | int) else moment.timestamp()
    if _silent(device, seed, t):
        return None
    if _down(device, seed, t):
        values = {"status": False, "bandwidth": 0.0}
        if device.kind == "wifi":
            values["clients"] = 0
        return values
    tick = int(t // 60)
    stream = noise.stream_id(device.key)
    wiggle = noise.normal1(seed, stream, tick)
    if device.kind == "cctv":
        mbps = device.capacity / 10 * (1 + 0.08 * wiggle)
        return {"status": True, "bandwidth": round(max(0.5, mbps), 2)}
    local_hour = ((t + LOCAL_OFFSET_S) % 86400) / 3600
    mean = device.capacity * _daily_profile(local_hour)
    clients = max(0, round(mean + math.sqrt(max(mean, 1.0)) * wiggle))
    mbps = min(100.0, clients * 0.6 + 0.3 + abs(noise.normal1(seed, stream ^ 0xB, tick)) * 0.5)
    return {"status": True, "clients": int(clients), "bandwidth": round(mbps, 2)}

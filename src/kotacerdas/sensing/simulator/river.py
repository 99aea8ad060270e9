"""The Kali Bekasi system through rain events: rain, Cileungsi, Cikeas, P2C, Bendung Bekasi.

A small lumped model, believable rather than calibrated: rain over the Cileungsi and Cikeas
catchments (Kabupaten Bogor) runs off through a gamma unit hydrograph into each river; the two
meet at P2C (Pertemuan Cileungsi-Cikeas, Jatiasih) after a travel time of about 2.5 h and 2 h;
Bendung Bekasi (Margahayu) sees P2C's flow an hour later. Water levels come from the flows by
power-law rating curves chosen so that a heavy afternoon storm takes P2C through the KP2C ladder
(Normal <= 350 cm, Siaga 3 351-450, Siaga 2 451-550, Siaga 1 > 550) and Cileungsi past its
"Siaga 1" of about 350 cm (sources in ../data or /work/shared/data/bekasi/pos_pantau_tma.csv),
plus a small diurnal swing and sensor noise.

Everything is a pure function of (seed, time): the rain events of a day are drawn from a
generator seeded by (seed, day), and noise comes from `noise.py`, so any window can be computed
on its own and gives the same values as any other window covering the same minutes.
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Iterable, Sequence
from dataclasses import dataclass

import numpy as np

from . import noise

STEP_S = 60  # internal grid: one minute
MEMORY_H = 48  # rain older than this no longer moves the rivers (in this model)
LOCAL_OFFSET_S = 7 * 3600  # WIB, for "afternoon storms" and the diurnal swing
UTC = dt.UTC


@dataclass(frozen=True)
class Gauge:
    """One simulated station. `pos_id` matches pos_pantau_tma.csv where the station is there."""

    key: str
    pos_id: str
    name: str
    lat: float
    lon: float
    quantity: str  # "water_level" | "discharge" | "rainfall"
    unit: str
    noise_sd: float


GAUGES: tuple[Gauge, ...] = (
    Gauge("rain_cileungsi", "", "Penakar Hujan Hulu Cileungsi",
          -6.4667, 106.9589, "rainfall", "mm/h", 0.0),
    Gauge("rain_cikeas", "", "Penakar Hujan Hulu Cikeas",
          -6.5030, 106.8951, "rainfall", "mm/h", 0.0),
    Gauge("cileungsi", "cileungsi_hulu", "Pos Hulu Cileungsi",
          -6.3958, 106.9680, "water_level", "cm", 1.5),
    Gauge("cikeas", "cikeas_hulu", "Pos Hulu Cikeas",
          -6.4205, 106.9240, "water_level", "cm", 1.5),
    Gauge("p2c", "p2c", "Pos P2C (Pertemuan Cileungsi-Cikeas)",
          -6.3093, 106.9573, "water_level", "cm", 1.5),
    Gauge("bendung", "bendung_bekasi", "Bendung Bekasi",
          -6.2437, 107.0075, "discharge", "m3/s", 2.0),
)  # fmt: skip
GAUGE_KEYS = tuple(g.key for g in GAUGES)


@dataclass(frozen=True)
class RainEvent:
    """A storm: triangular rain rate over `duration_h`, peaking at `peak_mm_h` mid-way."""

    start: dt.datetime
    duration_h: float
    peak_mm_h: float
    cileungsi: float = 1.0  # share of the peak over each catchment
    cikeas: float = 1.0


# Catchments: (area km², runoff coefficient, time to peak h, base flow m³/s)
_CILEUNGSI = (260.0, 0.45, 1.5, 15.0)
_CIKEAS = (110.0, 0.45, 1.0, 10.0)
_LAG_CILEUNGSI_P2C_H = 2.5
_LAG_CIKEAS_P2C_H = 2.0
_LAG_P2C_BENDUNG_H = 1.0
_DIURNAL_CM = 3.0


def _rating(key: str, flow: np.ndarray) -> np.ndarray:
    """Stage (cm) from flow (m³/s): h = h0 + a * Q^0.6 per station."""
    h0, a = {"cileungsi": (0.0, 12.5), "cikeas": (63.5, 14.2), "p2c": (143.0, 11.2)}[key]
    return h0 + a * np.power(np.maximum(flow, 0.0), 0.6)


def _epoch(moment: dt.datetime) -> float:
    if moment.tzinfo is None:
        raise ValueError("time without a zone")
    return moment.timestamp()


def daily_events(seed: int, day: int) -> list[RainEvent]:
    """The storms of local day `day` (days since 1970-01-01 WIB): none on most days.

    About one day in four has an afternoon storm (13-20 WIB, rarely at night); its peak rate is
    lognormal around 14 mm/h, so a few storms a month are heavy enough to flood.
    """
    rng = np.random.default_rng([seed & 0xFFFFFFFF, day, 0x7261696E])
    if rng.random() >= 0.25:
        return []
    hour = rng.uniform(13, 20) if rng.random() < 0.8 else rng.uniform(0, 24)
    start = dt.datetime.fromtimestamp(day * 86400 - LOCAL_OFFSET_S + hour * 3600, UTC)
    return [
        RainEvent(
            start=start,
            duration_h=float(rng.uniform(1.0, 4.0)),
            peak_mm_h=float(min(rng.lognormal(np.log(14.0), 0.6), 90.0)),
            cileungsi=float(rng.uniform(0.5, 1.3)),
            cikeas=float(rng.uniform(0.5, 1.3)),
        )
    ]


def demo_event(start: dt.datetime) -> RainEvent:
    """A storm heavy enough to take P2C through Siaga 3, 2 and 1 (peak about 620 cm)."""
    return RainEvent(start=start, duration_h=3.0, peak_mm_h=22.0, cileungsi=1.1, cikeas=1.0)


def _unit_hydrograph(tp_h: float, shape: float = 3.0) -> np.ndarray:
    """Gamma-shaped unit hydrograph on the minute grid, peak at `tp_h`, summing to 1."""
    t = np.arange(0, MEMORY_H * 3600, STEP_S, dtype=float) / 3600.0
    scale = tp_h / (shape - 1.0)
    uh = np.power(t, shape - 1.0) * np.exp(-t / scale)
    return uh / uh.sum()


def _rain_grid(events: Iterable[RainEvent], grid: np.ndarray, share: str) -> np.ndarray:
    rate = np.zeros_like(grid, dtype=float)
    for event in events:
        t0 = _epoch(event.start)
        half = event.duration_h * 3600 / 2
        x = (grid - t0) / half  # 0 .. 2 over the storm
        tri = np.clip(1.0 - np.abs(x - 1.0), 0.0, None)
        rate += tri * event.peak_mm_h * getattr(event, share)
    return rate


def _shift(series: np.ndarray, hours: float) -> np.ndarray:
    """The series delayed by `hours` and smoothed over 30 min (channel routing)."""
    steps = round(hours * 3600 / STEP_S)
    shifted = np.concatenate([np.full(steps, series[0]), series[: len(series) - steps]])
    window = np.ones(30) / 30
    padded = np.concatenate([np.full(29, shifted[0]), shifted])
    return np.convolve(padded, window, mode="valid")


def _runoff(rain_mm_h: np.ndarray, catchment: tuple[float, float, float, float]) -> np.ndarray:
    area_km2, coefficient, tp_h, base = catchment
    inflow = rain_mm_h / 1000.0 / 3600.0 * area_km2 * 1e6 * coefficient  # m³/s
    quick = np.convolve(inflow, _unit_hydrograph(tp_h))[: len(inflow)]
    return base + quick


def river_series(
    seed: int,
    times: Sequence[dt.datetime] | np.ndarray,
    *,
    extra_events: Sequence[RainEvent] = (),
    speed: float = 1.0,
    origin: dt.datetime | None = None,
    with_noise: bool = True,
) -> dict[str, np.ndarray]:
    """Values of every gauge at `times` (aware datetimes, or epoch seconds).

    `speed` > 1 runs the weather and the rivers faster than the clock from `origin` on (the
    scenario time is origin + speed * (t - origin)), so that a storm that takes a day plays in
    an hour of a demo; the observations still carry the real time `t`.
    Noise is keyed to the real minute, so repeated runs publish identical observations.
    """
    wall = np.array([t if isinstance(t, float | int) else _epoch(t) for t in times], dtype=float)
    if wall.size == 0:
        return {key: np.zeros(0) for key in GAUGE_KEYS}
    scenario = wall.copy()
    if speed != 1.0:
        if origin is None:
            raise ValueError("speed needs an origin")
        o = _epoch(origin)
        scenario = o + speed * (wall - o)
    start = np.floor(scenario.min() / STEP_S) * STEP_S - MEMORY_H * 3600
    end = np.ceil(scenario.max() / STEP_S) * STEP_S
    grid = np.arange(start, end + STEP_S, STEP_S, dtype=float)
    first_day = int((start + LOCAL_OFFSET_S) // 86400) - 1
    last_day = int((end + LOCAL_OFFSET_S) // 86400)
    events = [e for day in range(first_day, last_day + 1) for e in daily_events(seed, day)]
    events += list(extra_events)

    rain_cil = _rain_grid(events, grid, "cileungsi")
    rain_cik = _rain_grid(events, grid, "cikeas")
    q_cil = _runoff(rain_cil, _CILEUNGSI)
    q_cik = _runoff(rain_cik, _CIKEAS)
    q_p2c = _shift(q_cil, _LAG_CILEUNGSI_P2C_H) + _shift(q_cik, _LAG_CIKEAS_P2C_H)
    q_bendung = _shift(q_p2c, _LAG_P2C_BENDUNG_H) + 5.0
    local_hour = ((grid + LOCAL_OFFSET_S) % 86400) / 3600.0
    diurnal = _DIURNAL_CM * np.sin(2 * np.pi * (local_hour - 9.0) / 24.0)
    on_grid = {
        "rain_cileungsi": rain_cil,
        "rain_cikeas": rain_cik,
        "cileungsi": _rating("cileungsi", q_cil) + diurnal,
        "cikeas": _rating("cikeas", q_cik) + diurnal,
        "p2c": _rating("p2c", q_p2c) + diurnal,
        "bendung": q_bendung,
    }
    ticks = np.floor(wall / STEP_S).astype(np.int64)
    result = {}
    for gauge in GAUGES:
        values = np.interp(scenario, grid, on_grid[gauge.key])
        if with_noise and gauge.noise_sd:
            values = values + gauge.noise_sd * noise.normal(seed, noise.stream_id(gauge.key), ticks)
        if gauge.quantity == "rainfall":
            values = np.round(values / 0.2) * 0.2  # tipping bucket of 0.2 mm
        result[gauge.key] = np.round(np.maximum(values, 0.0), 1)
    return result


def time_grid(start: dt.datetime, end: dt.datetime, step: dt.timedelta) -> list[dt.datetime]:
    """Times from `start` (rounded up to a multiple of `step` since the epoch) to `end`."""
    step_s = step.total_seconds()
    first = np.ceil(_epoch(start) / step_s) * step_s
    stamps = np.arange(first, _epoch(end) + 1e-6, step_s)
    return [dt.datetime.fromtimestamp(float(s), UTC) for s in stamps]

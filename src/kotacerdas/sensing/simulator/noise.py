"""Counter-based noise: the same (seed, stream, tick) always gives the same number.

The simulator's generators are functions of time, not of how they were called: a live tick
and a backfill of the same minute publish the same value (so a repeated run deduplicates),
and no generator keeps state between calls. A splitmix64 hash of the counter replaces a
stateful random generator.
"""

from __future__ import annotations

import math
import zlib

import numpy as np

_MASK = np.uint64(0xFFFFFFFFFFFFFFFF)


def stream_id(name: str) -> int:
    """A stable 32-bit number for a stream name (Python's hash() changes per process)."""
    return zlib.crc32(name.encode())


def _splitmix64(x: np.ndarray) -> np.ndarray:
    with np.errstate(over="ignore"):
        z = (x + np.uint64(0x9E3779B97F4A7C15)) & _MASK
        z = ((z ^ (z >> np.uint64(30))) * np.uint64(0xBF58476D1CE4E5B9)) & _MASK
        z = ((z ^ (z >> np.uint64(27))) * np.uint64(0x94D049BB133111EB)) & _MASK
        return z ^ (z >> np.uint64(31))


def uniform(seed: int, stream: int, ticks) -> np.ndarray:
    """Uniform numbers in (0, 1), one per tick (an int or an array of ints)."""
    ticks = np.atleast_1d(np.asarray(ticks, dtype=np.int64)).astype(np.uint64)
    with np.errstate(over="ignore"):
        key = (np.uint64(seed & 0xFFFFFFFF) << np.uint64(32)) ^ np.uint64(stream & 0xFFFFFFFF)
        mixed = _splitmix64(_splitmix64(ticks ^ _splitmix64(np.array([key]))[0]))
    return ((mixed >> np.uint64(11)).astype(np.float64) + 0.5) / float(1 << 53)


def normal(seed: int, stream: int, ticks) -> np.ndarray:
    """Standard normal numbers, one per tick (Box-Muller on two independent uniforms)."""
    u1 = uniform(seed, stream, ticks)
    u2 = uniform(seed, stream ^ 0x5BD1E995, ticks)
    return np.sqrt(-2.0 * np.log(u1)) * np.cos(2.0 * np.pi * u2)


def _mix(x: int) -> int:
    x = (x + 0x9E3779B97F4A7C15) & 0xFFFFFFFFFFFFFFFF
    x = ((x ^ (x >> 30)) * 0xBF58476D1CE4E5B9) & 0xFFFFFFFFFFFFFFFF
    x = ((x ^ (x >> 27)) * 0x94D049BB133111EB) & 0xFFFFFFFFFFFFFFFF
    return x ^ (x >> 31)


def uniform1(seed: int, stream: int, tick: int) -> float:
    """One uniform number in (0, 1) in pure Python (the array version costs more per call)."""
    key = ((seed & 0xFFFFFFFF) << 32) ^ (stream & 0xFFFFFFFF)
    return ((_mix(_mix(tick ^ _mix(key))) >> 11) + 0.5) / float(1 << 53)


def normal1(seed: int, stream: int, tick: int) -> float:
    """One standard normal number (same scheme as `normal`, not the same values)."""
    u1, u2 = uniform1(seed, stream, tick), uniform1(seed, stream ^ 0x5BD1E995, tick)
    return math.sqrt(-2.0 * math.log(u1)) * math.cos(2.0 * math.pi * u2)

"""The simulator's loop: one tick, a backfill of past days, or live publishing until stopped."""

from __future__ import annotations

import datetime as dt
import logging
import threading
import time
from collections.abc import Callable

from . import ticks
from .setup import Ids
from .transport import SimulatorError

logger = logging.getLogger("kotacerdas.simulator")
BACKFILL_CHUNK = dt.timedelta(hours=6)
MAX_BACKLOG = dt.timedelta(hours=1)  # live: after a longer outage, skip ahead


def utcnow() -> dt.datetime:
    return dt.datetime.now(dt.UTC)


class Runner:
    def __init__(
        self,
        scenario: ticks.Scenario,
        ids: Ids,
        transport,
        *,
        write: Callable[[str], None] = print,
        clock: Callable[[], dt.datetime] = utcnow,
    ) -> None:
        self.scenario = scenario
        self.ids = ids
        self.transport = transport
        self.write = write
        self.clock = clock
        self.sent = 0
        self.moved = 0

    def publish(self, batch: ticks.Batch, *, positions: bool = True) -> tuple[int, int]:
        readings = [
            (self.ids.datastreams[r.datastream_key], r.time, r.result)
            for r in batch.readings
            if r.datastream_key in self.ids.datastreams
        ]
        fixes = [
            (self.ids.things[f.thing_key], f.time, f.lat, f.lon)
            for f in batch.fixes
            if f.thing_key in self.ids.things
        ]
        # positions first: a vehicle's speed observation takes its place from its Location
        moved = self.transport.move(fixes) if fixes and positions else 0
        refused = getattr(self.transport, "refused", 0)
        sent = self.transport.send(readings) if readings else 0
        if getattr(self.transport, "refused", 0) > refused:
            self.write(
                f"ditolak platform: {self.transport.refused - refused} observasi (tidak diulang)"
            )
        self.sent += sent
        self.moved += moved
        return sent, moved

    def once(self) -> tuple[int, int]:
        return self.publish(ticks.batch_at(self.scenario, self.clock()))

    def backfill(self, days: float) -> int:
        """Observations of the past `days` days (vehicle positions are not backfilled: the
        SensorThings API records a Thing's Location when it is received)."""
        end = self.clock()
        start = end - dt.timedelta(days=days)
        total = 0
        while start < end:
            stop = min(start + BACKFILL_CHUNK, end)
            sent, _moved = self.publish(
                ticks.batch_between(self.scenario, start, stop), positions=False
            )
            total += sent
            self.write(f"  {stop.isoformat()}: {total} observasi")
            start = stop
        return total

    def live(self, stop: threading.Event, *, tick: float = 10.0, duration: float | None = None):
        """Publish what falls due every `tick` seconds until `stop` is set or `duration` ends."""
        began = time.monotonic()
        last = self.clock()
        try:
            self.once()
        except SimulatorError as exc:  # the next ticks publish what is due since `last`
            self.write(f"gagal mengirim, dicoba lagi: {exc}")
        while not stop.wait(tick):
            if duration is not None and time.monotonic() - began >= duration:
                break
            now = self.clock()
            if now - last > MAX_BACKLOG:
                last = now - MAX_BACKLOG
            try:
                sent, moved = self.publish(ticks.batch_between(self.scenario, last, now))
            except SimulatorError as exc:
                logger.warning("simulator publish failed", extra={"error": str(exc)})
                self.write(f"gagal mengirim, dicoba lagi: {exc}")
                continue  # the same window again at the next tick
            last = now
            if sent or moved:
                logger.info("simulator tick", extra={"observations": sent, "positions": moved})

"""Demo data of the sensors ("Contoh"), loaded by `kotacerdas seed_demo` / `make run` (core's
demo loader finds this module). DEMO ONLY: every Thing is `is_demo=True`.

- `things`: the simulator's catalog (part E) created through the entity service: the Kali
  Bekasi gauges (rain over Cileungsi and Cikeas, water levels at Hulu Cileungsi, Hulu Cikeas
  and P2C, discharge at Bendung Bekasi) with their flood ladders, 20 vehicles, 120 public WiFi
  points and 80 CCTV cameras, each handed to its Perangkat Daerah;
- `history`: a month of 10-minute river data with one flood at P2C, a day of hourly device
  heartbeats (four devices offline), GPS fixes of the vehicles (trips to replay).

Observations go through the observation store (in batches), fixes through
`thing_location_set`. Idempotent: a second run creates nothing.
"""

from __future__ import annotations

import datetime as dt
import time

from django.utils import timezone
from django.utils.translation import gettext as _

HISTORY = dt.timedelta(days=30)


def load(stdout=None, *, now: dt.datetime | None = None, history: dt.timedelta = HISTORY) -> dict:
    from kotacerdas.sensing.demo import history as parts
    from kotacerdas.sensing.demo import things
    from kotacerdas.sensing.demo.common import Context, agency_ids

    started = time.perf_counter()
    ctx = Context(now=now or timezone.now(), history=history)
    ctx.agencies = agency_ids()
    begun = time.perf_counter()
    ids = things.load(ctx)
    ctx.timings["things"] = round(time.perf_counter() - begun, 1)
    for part in (parts.rivers, parts.devices, parts.fleet):
        begun = time.perf_counter()
        part(ctx, ids)
        ctx.timings[part.__name__] = round(time.perf_counter() - begun, 1)
    if stdout is not None:
        message = _(
            "Sensor contoh: %(things)d perangkat, %(observations)d observasi, %(fixes)d posisi "
            "GPS dibuat (%(seconds).1f dtk)."
        )
        stdout.write(
            message
            % {
                "things": ctx.summary.get("things", 0),
                "observations": ctx.summary.get("observations", 0),
                "fixes": ctx.summary.get("fixes", 0),
                "seconds": time.perf_counter() - started,
            }
            + "\n"
        )
    return {**ctx.summary, "seconds": ctx.timings}

"""The demo's history from the simulator's generators (part E, `simulator.ticks`), written
through the observation store and, for vehicles, `thing_location_set` (so part F makes the
trips a replay shows). DEMO ONLY.

- gauges and rain: every 10 minutes over the whole history (a month), with one storm nine days
  ago heavy enough to take P2C through Siaga 3, 2 and 1;
- WiFi and CCTV heartbeats (status, clients, bandwidth): hourly over the last day, four
  devices silent for the last two days (offline: no data at all in the demo);
- vehicles: a replayable two hours of the last shift for four of them (a fix every 3 minutes),
  the current position of the others. Each fix goes through the entity service and the
  tracker (tens of milliseconds on SQLite), which is what keeps these numbers small.
"""

from __future__ import annotations

import datetime as dt

from django.db import transaction

from kotacerdas.sensing.demo.common import ACTOR, Context, history_store
from kotacerdas.sensing.demo.things import SEED
from kotacerdas.sensing.models import Datastream, Thing
from kotacerdas.sensing.services.entities import thing_location_set
from kotacerdas.sensing.services.observations import ObservationIn
from kotacerdas.sensing.simulator import river, ticks, vehicles
from kotacerdas.sensing.simulator.setup import Ids

FLOOD_DAYS_AGO = 9
DEVICE_HISTORY = dt.timedelta(days=1)
RETIRED = ("wifi-007", "wifi-042", "cctv-013", "cctv-061")  # silent for the last two days
RETIRED_SINCE = dt.timedelta(days=2)
REPLAYED = ("truk-01", "truk-02", "ambulans-01", "urc-01")
FIX_EVERY = dt.timedelta(minutes=3)
WINDOW = dt.timedelta(hours=2)
WIB = dt.timezone(dt.timedelta(hours=7))


def flood_event(now: dt.datetime) -> river.RainEvent:
    day = (now - dt.timedelta(days=FLOOD_DAYS_AGO)).astimezone(WIB)
    return river.demo_event(day.replace(hour=14, minute=0, second=0, microsecond=0))


def _fresh(ids: Ids, prefixes: tuple[str, ...]) -> set[str]:
    """Datastream keys of the given kinds that have no observation yet (idempotence)."""
    keys = {key: pk for key, pk in ids.datastreams.items() if key.startswith(prefixes)}
    with_data = set(
        Datastream.objects.filter(pk__in=keys.values(), latest__isnull=False).values_list(
            "pk", flat=True
        )
    )
    return {key for key, pk in keys.items() if pk not in with_data}


def _store(ctx: Context, ids: Ids, readings, fresh: set[str], *, cut=None) -> None:
    items = [
        ObservationIn(
            datastream_id=ids.datastreams[r.datastream_key],
            phenomenon_time=r.time,
            result=r.result,
        )
        for r in readings
        if r.datastream_key in fresh and (cut is None or cut(r))
    ]
    history_store(items, ctx=ctx)


def rivers(ctx: Context, ids: Ids) -> None:
    gauges = tuple(f"{g.key}:" for g in river.GAUGES)
    fresh = _fresh(ids, gauges)
    if not fresh:
        return
    scenario = ticks.Scenario(
        seed=SEED, kinds=("river",), gauge_every=600, extra_events=(flood_event(ctx.now),)
    )
    batch = ticks.batch_between(scenario, ctx.now - ctx.history, ctx.now)
    _store(ctx, ids, batch.readings, fresh)


def devices(ctx: Context, ids: Ids) -> None:
    fresh = _fresh(ids, ("wifi-", "cctv-"))
    if not fresh:
        return
    scenario = ticks.Scenario(seed=SEED, kinds=("devices",), device_every=3600)
    start = ctx.now - min(DEVICE_HISTORY, ctx.history)
    batch = ticks.batch_between(scenario, start, ctx.now)
    # and the newest 5-minute beat, as the simulator would have sent it just now
    batch.readings += ticks.batch_at(
        ticks.Scenario(seed=SEED, kinds=("devices",)), ctx.now
    ).readings
    silent_from = ctx.now - RETIRED_SINCE

    def reported(reading) -> bool:
        return not (reading.datastream_key.startswith(RETIRED) and reading.time > silent_from)

    _store(ctx, ids, batch.readings, fresh, cut=reported)


def _window(vehicle: vehicles.Vehicle, now: dt.datetime) -> tuple[dt.datetime, dt.datetime]:
    """Two hours from an hour after the start of the vehicle's most recent shift."""
    local = now.astimezone(WIB)
    start = local.replace(hour=0, minute=0, second=0, microsecond=0) + dt.timedelta(
        hours=vehicle.shift[0] + 1
    )
    while start + WINDOW > local:
        start -= dt.timedelta(days=1)
    return start.astimezone(dt.UTC), (start + WINDOW).astimezone(dt.UTC)


def fleet(ctx: Context, ids: Ids) -> None:
    """GPS fixes through `thing_location_set`, and the speed of each fix as an observation."""
    things = Thing.objects.in_bulk([ids.things[v.key] for v in vehicles.VEHICLES])
    speeds: list[ObservationIn] = []
    for index, vehicle in enumerate(vehicles.VEHICLES):
        thing = things[ids.things[vehicle.key]]
        if thing.locations.exists():  # positioned by an earlier run (or the simulator)
            continue
        start, end = _window(vehicle, ctx.now)
        if vehicle.key not in REPLAYED:
            start = end
        moment = start
        with transaction.atomic():
            while moment <= end:
                fix = vehicles.position(index, SEED, moment)
                thing_location_set(
                    actor=ACTOR,
                    thing=thing,
                    location={"type": "Point", "coordinates": [fix.lon, fix.lat]},
                    time=moment,
                )
                ctx.count("fixes")
                speeds.append(
                    ObservationIn(
                        datastream_id=ids.datastreams[f"{vehicle.key}:speed"],
                        phenomenon_time=moment,
                        result=fix.speed_kmh,
                    )
                )
                moment += FIX_EVERY
    history_store(speeds, ctx=ctx)

"""GPS tracking (issue #7 item 5): how fast fixes are processed and trips replayed.

- fixes: 20 vehicles driving through Bekasi (the 12 kecamatan geofences and 20 drawn ones
  active), one transaction per fix as `thing_location_set` runs it: `tracking_on_location`
  alone, and the whole `thing_location_set` (Location + HistoricalLocation + tracking);
  fixes per second and queries per fix.
- replay: `trip_track` of a 10,000-point trip with BENCH_TRACKING_POINTS track points in the
  table (default 1,000,000), p50/p95 of 50 runs; `trip_list` of a vehicle.
- map: `vehicle_list` over 200 vehicles (time, queries); `tracking_check_offline` putting
  200 vehicles offline at once.

Figures are printed, never asserted. Runs on its own:
`DATABASE_URL=postgresql://... .venv/bin/python -m bench.bench_sensing_tracking`.
"""

from __future__ import annotations

import contextlib
import datetime as dt
import math
import os
import random
import statistics
import time

T0 = dt.datetime(2026, 3, 2, 6, 0, tzinfo=dt.UTC)
VEHICLES = 20
FIXES_EACH = 100
TABLE_POINTS = int(os.environ.get("BENCH_TRACKING_POINTS", "1000000"))
TRIP_POINTS = 10_000


def _square(lat: float, lon: float, half: float) -> dict:
    ring = [
        [lon - half, lat - half],
        [lon + half, lat - half],
        [lon + half, lat + half],
        [lon - half, lat + half],
        [lon - half, lat - half],
    ]
    return {"type": "Polygon", "coordinates": [ring]}


def _routes(rng: random.Random) -> list[list[tuple[float, float]]]:
    """A random walk per vehicle inside Bekasi, ~400 m a fix, with some stops."""
    routes = []
    for _ in range(VEHICLES):
        lat, lon = rng.uniform(-6.33, -6.20), rng.uniform(106.94, 107.02)
        heading = rng.uniform(0, 6.28)
        route = []
        for _ in range(FIXES_EACH):
            if rng.random() > 0.15:  # else it stands still
                heading += rng.uniform(-0.5, 0.5)
                lat += 0.0036 * math.sin(heading)
                lon += 0.0036 * math.cos(heading)
            route.append((lat, lon))
        routes.append(route)
    return routes


class QueryCount:
    """Counts the statements sent (CaptureQueriesContext keeps only the last 9,000)."""

    def __init__(self):
        from django.db import connection

        self.connection, self.count = connection, 0

    def __call__(self, execute, sql, params, many, context):
        self.count += 1
        return execute(sql, params, many, context)

    def __enter__(self):
        self._wrapper = self.connection.execute_wrapper(self)
        self._wrapper.__enter__()
        return self

    def __exit__(self, *exc):
        return self._wrapper.__exit__(*exc)


def _fixes(send, *, one_transaction: bool = False) -> tuple[float, int]:
    """Every vehicle's fixes in time order, one transaction each (or all in one: the cost
    without a commit, i.e. without waiting for the WAL flush, per fix)."""
    from django.db import transaction

    rng = random.Random(7)
    routes = _routes(rng)
    started = time.perf_counter()
    with (
        QueryCount() as counted,
        transaction.atomic() if one_transaction else contextlib.nullcontext(),
    ):
        for step in range(FIXES_EACH):
            at = T0 + dt.timedelta(seconds=30 * step)
            for vehicle, route in enumerate(routes):
                lat, lon = route[step]
                with transaction.atomic():
                    send(vehicle, at, lat, lon)
    return time.perf_counter() - started, counted.count


def bench_sensing_tracking() -> None:
    from django.db import connection

    from kotacerdas.core.tests.factories import AdminFactory
    from kotacerdas.sensing.models import Thing, ThingKind, TrackPoint, Trip
    from kotacerdas.sensing.selectors.tracking import trip_list, trip_track, vehicle_list
    from kotacerdas.sensing.services.entities import thing_location_set
    from kotacerdas.sensing.services.tracking import tracking_check_offline, tracking_on_location
    from kotacerdas.sensing.services.tracking_admin import geofence_create

    print(f"GPS tracking ({connection.vendor})")
    admin = AdminFactory()
    rng = random.Random(3)
    for i in range(20):
        geofence_create(
            actor=admin,
            name=f"Zona {i}",
            geometry=_square(rng.uniform(-6.33, -6.20), rng.uniform(106.94, 107.02), 0.01),
        )
    n = VEHICLES * FIXES_EACH

    def things(prefix):
        return [
            Thing.objects.create(name=f"{prefix} {i}", kind=ThingKind.VEHICLE)
            for i in range(VEHICLES)
        ]

    fleet = things("Truk A")
    seconds, queries = _fixes(
        lambda v, at, lat, lon: tracking_on_location(thing=fleet[v], time=at, lat=lat, lon=lon)
    )
    print(
        f"  tracking_on_location         {n:>6} fixes {seconds:7.2f} s {n / seconds:9,.0f} fixes/s"
        f"  {queries / n:5.1f} queries/fix"
    )
    fleet = things("Truk Z")
    seconds, queries = _fixes(
        lambda v, at, lat, lon: tracking_on_location(thing=fleet[v], time=at, lat=lat, lon=lon),
        one_transaction=True,
    )
    print(
        f"    same, all in one transaction {n:>6} fixes {seconds:7.2f} s"
        f" {n / seconds:9,.0f} fixes/s  {queries / n:5.1f} queries/fix"
    )
    trips = Trip.objects.filter(thing__in=fleet)
    print(
        f"    -> {trips.count()} trips, {TrackPoint.objects.filter(trip__in=trips).count()} points"
    )
    fleet = things("Truk B")
    point = {"type": "Point", "coordinates": [0, 0]}

    def via_location_set(v, at, lat, lon):
        point["coordinates"] = [lon, lat]
        thing_location_set(actor="system", thing=fleet[v], location=dict(point), time=at)

    seconds, queries = _fixes(via_location_set)
    print(
        f"  thing_location_set (all)     {n:>6} fixes {seconds:7.2f} s {n / seconds:9,.0f} fixes/s"
        f"  {queries / n:5.1f} queries/fix"
    )

    # replay with a big table
    vehicle = Thing.objects.create(name="Truk replay", kind=ThingKind.VEHICLE)
    others = Thing.objects.create(name="Truk lain", kind=ThingKind.VEHICLE)
    started = time.perf_counter()
    trip_ids = []
    remaining = TABLE_POINTS
    k = 0
    while remaining > 0:
        size = min(TRIP_POINTS, remaining)
        owner = vehicle if k % 10 == 0 else others
        start = T0 + dt.timedelta(days=k)
        trip = Trip.objects.create(
            thing=owner,
            started_at=start,
            ended_at=start + dt.timedelta(seconds=5 * size),
            start_lat=-6.24,
            start_lon=107.0,
            end_lat=-6.24,
            end_lon=107.0,
            last_point_at=start + dt.timedelta(seconds=5 * size),
            points_count=size,
        )
        trip_ids.append(trip.pk)
        # inserted in shuffled time order so the replay cannot lean on insertion order
        order = list(range(size))
        rng.shuffle(order)
        TrackPoint.objects.bulk_create(
            [
                TrackPoint(
                    trip=trip,
                    time=start + dt.timedelta(seconds=5 * j),
                    lat=-6.24 + j * 1e-5,
                    lon=107.0,
                    speed_kmh=30.0,
                )
                for j in order
            ],
            batch_size=5000,
        )
        remaining -= size
        k += 1
    if connection.vendor == "postgresql":
        with connection.cursor() as cursor:
            cursor.execute("ANALYZE sensing_trackpoint")
    print(
        f"  loaded {TABLE_POINTS:,} track points in {len(trip_ids)} trips "
        f"({time.perf_counter() - started:.1f} s)"
    )
    target = Trip.objects.get(pk=trip_ids[len(trip_ids) // 2])
    timings = []
    for _ in range(50):
        started = time.perf_counter()
        points = trip_track(target)
        timings.append(time.perf_counter() - started)
    timings.sort()
    print(
        f"  trip_track ({len(points):,} points)"
        f"      p50 {statistics.median(timings) * 1000:7.1f} ms"
        f"  p95 {timings[int(len(timings) * 0.95) - 1] * 1000:7.1f} ms"
    )
    if connection.vendor == "postgresql":
        query = TrackPoint.objects.filter(trip_id=target.pk).order_by("time")
        sql, params = query.values_list("lat", "lon", "time", "speed_kmh").query.sql_with_params()
        with connection.cursor() as cursor:
            cursor.execute("EXPLAIN (ANALYZE, FORMAT JSON) " + sql, params)
            plan = cursor.fetchone()[0][0]
        node = plan["Plan"]
        while node.get("Plans") and "Index" not in node["Node Type"]:
            node = node["Plans"][0]
        print(
            f"    in PostgreSQL: {plan['Execution Time']:.1f} ms, "
            f"{node['Node Type']} {node.get('Index Name', '')}"
        )
    with QueryCount() as counted:
        started = time.perf_counter()
        listed = trip_list(user=admin, vehicle=vehicle)
        seconds = time.perf_counter() - started
    print(
        f"  trip_list ({len(listed)} trips)              {seconds * 1000:7.1f} ms"
        f"  {counted.count} queries"
    )

    # the map and the offline check
    extra = [
        Thing(name=f"Truk C {i}", kind=ThingKind.VEHICLE) for i in range(200 - 3 * VEHICLES - 2)
    ]
    Thing.objects.bulk_create(extra)
    with QueryCount() as counted:
        started = time.perf_counter()
        rows = vehicle_list(user=admin)
        seconds = time.perf_counter() - started
    print(
        f"  vehicle_list ({len(rows)} vehicles)        {seconds * 1000:7.1f} ms"
        f"  {counted.count} queries"
    )
    started = time.perf_counter()
    offline = tracking_check_offline(now=T0 + dt.timedelta(days=1))
    seconds = time.perf_counter() - started
    print(f"  tracking_check_offline ({offline} went offline) {seconds * 1000:7.1f} ms")


if __name__ == "__main__":
    from bench.standalone import run_alone

    raise SystemExit(run_alone(bench_sensing_tracking))

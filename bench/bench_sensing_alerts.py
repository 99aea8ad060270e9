"""Flood alert ladders and the watchdog (issue #7 items 3-4): what alert evaluation costs the
ingestion path, and how the periodic jobs and console reads scale.

- store: `observations_store` one observation per call (as MQTT ingestion of one message) to a
  datastream no ladder watches, and to the P2C datastream watched by two ladders (KP2C with a
  rate-of-rise rule, BPBD), a river going up and down through every level: calls/s, queries
  per call, and the extra time per call that evaluation adds;
- `alerts_on_observations` on a 1,000-observation batch of unwatched datastreams (the cached
  set lookup only), and a 1,000-value backfill of the watched gauge in one call;
- `watchdog_run` over BENCH_ALERTS_STREAMS datastreams (default 2,000) with an expected
  interval, a tenth of them silent (first run raises, second run finds nothing to do);
- `ingestion_lag` over the newest 10,000 observations; `alarm_list` of every open alarm.

Figures are printed, never asserted. Runs on its own:
`DATABASE_URL=postgresql://... .venv/bin/python -m bench.bench_sensing_alerts`.
"""

from __future__ import annotations

import datetime as dt
import math
import os
import time

T0 = dt.datetime(2026, 2, 11, 6, 0, tzinfo=dt.UTC)
CALLS = 400  # two passes of the river through every level
STREAMS = int(os.environ.get("BENCH_ALERTS_STREAMS", "2000"))


def _river(step: int) -> float:
    """Up to ~640 cm and back, every 200 steps (crosses every KP2C bound and the margins)."""
    return 400 + 240 * math.sin(step * 2 * math.pi / 200)


def _calls(stream, values, start) -> tuple[float, int]:
    from django.db import connection

    from kotacerdas.sensing.services.observations import ObservationIn, observations_store

    queries = 0

    def count(execute, sql, params, many, context):
        nonlocal queries
        queries += 1
        return execute(sql, params, many, context)

    started = time.perf_counter()
    with connection.execute_wrapper(count):
        for index, value in enumerate(values):
            observations_store(
                actor="system",
                items=[
                    ObservationIn(
                        datastream_id=stream.pk,
                        phenomenon_time=start + dt.timedelta(minutes=5 * index),
                        result=value,
                    )
                ],
                source="bench",
            )
    return time.perf_counter() - started, queries


def bench_sensing_alerts() -> None:
    from django.db import connection
    from django.test.utils import CaptureQueriesContext
    from django.utils import timezone

    from kotacerdas.sensing.models import (
        Alarm,
        Datastream,
        DatastreamLatest,
        FeatureOfInterest,
        Observation,
    )
    from kotacerdas.sensing.selectors.alerts import alarm_list, ingestion_lag
    from kotacerdas.sensing.services.alerts import alerts_on_observations, watched_datastreams
    from kotacerdas.sensing.services.watchdog import watchdog_run
    from kotacerdas.sensing.tests.alerts_support import gauge_stream, operator

    print(f"Flood alert ladders and watchdog ({connection.vendor})")
    plain = gauge_stream(None, name="Tanpa tangga")
    p2c = gauge_stream("p2c", name="P2C")
    values = [_river(i) for i in range(CALLS)]
    seconds_plain, queries_plain = _calls(plain, values, T0)
    seconds_p2c, queries_p2c = _calls(p2c, values, T0)
    print(
        f"  store, unwatched datastream   {CALLS:>6} calls {seconds_plain:7.2f} s"
        f" {CALLS / seconds_plain:8,.0f} calls/s {queries_plain / CALLS:5.1f} queries/call"
    )
    print(
        f"  store, P2C (2 ladders)        {CALLS:>6} calls {seconds_p2c:7.2f} s"
        f" {CALLS / seconds_p2c:8,.0f} calls/s {queries_p2c / CALLS:5.1f} queries/call"
    )
    extra = (seconds_p2c - seconds_plain) / CALLS * 1000
    alarms = Alarm.objects.filter(ladder__datastream=p2c)
    print(
        f"    -> evaluation adds {extra:.2f} ms a call; {alarms.count()} alarms raised "
        f"(one per episode), {alarms.filter(state='cleared').count()} cleared"
    )

    observations = list(Observation.objects.filter(datastream=plain)[:1000])
    watched_datastreams()
    started = time.perf_counter()
    with CaptureQueriesContext(connection) as captured:
        alerts_on_observations(observations)
    print(
        f"  alerts_on_observations, 1,000 unwatched "
        f"{(time.perf_counter() - started) * 1e6:8.0f} us"
        f"  {len(captured.captured_queries)} queries"
    )
    feature = FeatureOfInterest.objects.create(name="bench", feature={"type": "Point"})
    later = T0 + dt.timedelta(days=30)
    backfill = Observation.objects.bulk_create(
        Observation(
            datastream=p2c,
            feature_of_interest=feature,
            phenomenon_time=later + dt.timedelta(minutes=5 * i),
            result_number=_river(i),
        )
        for i in range(1000)
    )
    started = time.perf_counter()
    with CaptureQueriesContext(connection) as captured:
        alerts_on_observations(backfill)
    print(
        f"  alerts_on_observations, 1,000 values of P2C in one call "
        f"{(time.perf_counter() - started) * 1000:7.1f} ms"
        f"  {len(captured.captured_queries)} queries"
    )

    template = Datastream.objects.get(pk=plain.pk)
    now = timezone.now()
    streams = []
    for i in range(STREAMS):
        template.pk = None
        template.name = f"WiFi {i}"
        template.expected_interval = dt.timedelta(minutes=5)
        streams.append(Datastream(**{
            f.attname: getattr(template, f.attname)
            for f in Datastream._meta.concrete_fields if f.attname != "id"
        }))  # fmt: skip
    streams = Datastream.objects.bulk_create(streams)
    DatastreamLatest.objects.bulk_create(
        DatastreamLatest(
            datastream=stream,
            phenomenon_time=now - dt.timedelta(minutes=30 if i % 10 == 0 else 1),
            received_at=now - dt.timedelta(minutes=30 if i % 10 == 0 else 1),
        )
        for i, stream in enumerate(streams)
    )
    for label in ("first", "second"):
        started = time.perf_counter()
        with CaptureQueriesContext(connection) as captured:
            result = watchdog_run(now=now)
        print(
            f"  watchdog_run ({label}) {result.checked:>6} streams {result.raised:>4} raised"
            f" {(time.perf_counter() - started) * 1000:8.1f} ms"
            f"  {len(captured.captured_queries)} queries"
        )

    started = time.perf_counter()
    lag = ingestion_lag(now=timezone.now())
    print(
        f"  ingestion_lag (newest {lag.count:,} observations) "
        f"{(time.perf_counter() - started) * 1000:7.1f} ms"
    )
    viewer = operator()
    with CaptureQueriesContext(connection) as captured:
        started = time.perf_counter()
        rows = alarm_list(actor=viewer, status="open", limit=1000)
        seconds = time.perf_counter() - started
    print(
        f"  alarm_list ({len(rows)} open alarms)        {seconds * 1000:7.1f} ms"
        f"  {len(captured.captured_queries)} queries"
    )


if __name__ == "__main__":
    from bench.standalone import run_alone

    raise SystemExit(run_alone(bench_sensing_alerts))

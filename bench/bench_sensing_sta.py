"""SensorThings API reads on a big table (issue #7): `GET /sta/v1.1/Datastreams(<id>)/Observations
?$top=1000&$orderby=phenomenonTime desc` with 10 million observations in the table.

The table is filled with one `INSERT ... SELECT` over `generate_series` (PostgreSQL; a recursive
CTE on SQLite), spread over BENCH_STA_DATASTREAMS datastreams, then analysed. Measured:
- through the real server (gunicorn gthread, the same as bench_open311), one keep-alive client
  asking for a random datastream's newest 1,000 observations BENCH_STA_REQUESTS times:
  latency at the client p50/p95/p99 (includes HTTP and JSON transfer of ~230 kB);
- in-process (Django test client, no network) the same request: p50/p95;
- the page query alone (EXPLAIN ANALYZE on PostgreSQL: it must be an index scan on
  `sensing_obs_ds_time`).
Target: p95 at most 50 ms. Prints figures; asserts nothing. Runs inside `python -m bench`, or:

    export DATABASE_URL=postgresql://postgres@127.0.0.1:5432/kc_stahttp
    .venv/bin/python -m bench.bench_sensing_sta

Knobs: BENCH_STA_ROWS (10,000,000 on PostgreSQL, 1,000,000 on SQLite), BENCH_STA_DATASTREAMS
(200), BENCH_STA_REQUESTS (300).
"""

from __future__ import annotations

import http.client
import os
import random
import statistics
import tempfile
import time
from pathlib import Path

TARGET_P95_MS = 50.0
DATASTREAMS = int(os.environ.get("BENCH_STA_DATASTREAMS") or 200)
REQUESTS = int(os.environ.get("BENCH_STA_REQUESTS") or 300)
QUERY = "$top=1000&$orderby=phenomenonTime%20desc"


def _rows() -> int:
    from django.db import connection

    default = 10_000_000 if connection.vendor == "postgresql" else 1_000_000
    return int(os.environ.get("BENCH_STA_ROWS") or default)


def _fill(rows: int) -> list[int]:
    """DATASTREAMS datastreams sharing `rows` observations, one a minute each; their ids."""
    from django.db import connection, transaction

    from kotacerdas.sensing.models import (
        Datastream,
        FeatureOfInterest,
        Observation,
        ObservedProperty,
        Sensor,
        Thing,
    )

    thing = Thing.objects.create(name="Bench", description="bench")
    sensor = Sensor.objects.create(
        name="Bench", description="", encoding_type="text/plain", metadata="-"
    )
    level = ObservedProperty.objects.create(name="TMA", definition="bench", description="")
    feature = FeatureOfInterest.objects.create(
        name="Bench", description="", feature={"type": "Point", "coordinates": [107.0, -6.2]}
    )
    ids = [
        Datastream.objects.create(
            name=f"TMA {i}", description="", thing=thing, sensor=sensor, observed_property=level,
            observation_type="http://www.opengis.net/def/observationType/OGC-OM/2.0/OM_Measurement",
            unit_of_measurement={"name": "centimetre", "symbol": "cm", "definition": "ucum:cm"},
        ).pk
        for i in range(DATASTREAMS)
    ]  # fmt: skip
    per_stream = rows // DATASTREAMS
    table = Observation._meta.db_table
    started = time.perf_counter()
    chunk = 20
    for first in range(0, len(ids), chunk):
        group = ids[first : first + chunk]
        with transaction.atomic(), connection.cursor() as cursor:
            if connection.vendor == "postgresql":
                cursor.execute(
                    f"INSERT INTO {table} (datastream_id, feature_of_interest_id, phenomenon_time,"
                    " result_number, received_at)"
                    " SELECT ds, %s, TIMESTAMPTZ '2025-01-01 00:00Z' + g * INTERVAL '1 minute',"
                    " round((200 + 300 * random())::numeric, 1)::float8, now()"
                    " FROM unnest(%s::bigint[]) AS ds CROSS JOIN generate_series(1, %s) AS g",
                    [feature.pk, group, per_stream],
                )
            else:
                for ds in group:
                    cursor.execute(
                        f"INSERT INTO {table} (datastream_id, feature_of_interest_id,"
                        " phenomenon_time, result_number, received_at)"
                        " WITH RECURSIVE g(n) AS (SELECT 1 UNION ALL SELECT n + 1 FROM g"
                        " WHERE n < %s) SELECT %s, %s,"
                        " strftime('%%Y-%%m-%%d %%H:%%M:%%f', '2025-01-01', n || ' minutes'),"
                        " 200 + abs(random() %% 3000) / 10.0, '2026-01-01 00:00:00' FROM g",
                        [per_stream, ds, feature.pk],
                    )
        done = min(first + chunk, len(ids)) * per_stream
        print(f"  filled {done:>12,} rows  {time.perf_counter() - started:7.1f} s", flush=True)
    with connection.cursor() as cursor:
        cursor.execute(f"ANALYZE {table}")
    return ids


def _percentiles(samples: list[float]) -> str:
    ordered = sorted(samples)

    def at(q: float) -> float:
        return ordered[min(len(ordered) - 1, int(q * len(ordered)))] * 1000

    return (
        f"p50 {statistics.median(ordered) * 1000:6.1f} ms  p95 {at(0.95):6.1f} ms"
        f"  p99 {at(0.99):6.1f} ms  (n={len(ordered)})"
    )


def _explain(datastream_id: int) -> None:
    from django.db import connection

    from kotacerdas.sensing.selectors.sta import entity_page
    from kotacerdas.sensing.sta.paths import parse_path
    from kotacerdas.sensing.sta.query import parse_query_string

    if connection.vendor != "postgresql":
        return
    from django.test.utils import CaptureQueriesContext

    query = parse_query_string(QUERY.replace("%20", " "))
    with CaptureQueriesContext(connection) as captured:
        steps = parse_path(f"Datastreams({datastream_id})/Observations").steps
        entity_page(steps=steps, query=query)
    sql = captured.captured_queries[-1]["sql"]
    with connection.cursor() as cursor:
        cursor.execute("EXPLAIN (ANALYZE, BUFFERS) " + sql)
        plan = [row[0] for row in cursor.fetchall()]
    print("  page query plan:")
    for line in plan:
        print("    " + line)


def bench_sensing_sta() -> None:
    from django.db import connection
    from django.test import Client

    from bench.bench_open311 import WORKERS, _free_port, _start_server

    rows = _rows()
    print(
        f"SensorThings API: Datastreams(<id>)/Observations?{QUERY.replace('%20', ' ')}"
        f" ({connection.vendor}, {rows:,} observations over {DATASTREAMS} datastreams)"
    )
    ids = _fill(rows)
    rng = random.Random(7)
    path = "/sta/v1.1/Datastreams({})/Observations?" + QUERY

    client = Client(HTTP_HOST="localhost")
    in_process, cpu = [], []
    for _ in range(min(REQUESTS, 200)):
        started, started_cpu = time.perf_counter(), time.process_time()
        response = client.get(path.format(rng.choice(ids)))
        in_process.append(time.perf_counter() - started)
        cpu.append(time.process_time() - started_cpu)
        if response.status_code != 200:
            print(f"  ERROR {response.status_code} {response.content[:200]!r}")
            break
    print(f"  in-process (Django test client)       {_percentiles(in_process)}")
    print(f"  in-process CPU time of this process   {_percentiles(cpu)}")
    print(f"  load average while measuring: {os.getloadavg()[0]:.1f} on {os.cpu_count()} CPUs")

    workdir = Path(tempfile.mkdtemp(prefix="bench-sta-"))
    port = _free_port()
    server = _start_server(port, workdir)
    try:
        conn = http.client.HTTPConnection("127.0.0.1", port, timeout=30)
        for _ in range(20):  # warm every worker's imports and connections
            conn.request("GET", path.format(rng.choice(ids)))
            conn.getresponse().read()
        samples, sizes = [], []
        for _ in range(REQUESTS):
            started = time.perf_counter()
            conn.request("GET", path.format(rng.choice(ids)))
            response = conn.getresponse()
            body = response.read()
            samples.append(time.perf_counter() - started)
            sizes.append(len(body))
            if response.status != 200:
                print(f"  ERROR {response.status} {body[:200]!r}")
                break
        conn.close()
    finally:
        server.terminate()
        server.wait(timeout=30)
    p95 = sorted(samples)[int(0.95 * len(samples))] * 1000
    print(f"  real server (gunicorn, {WORKERS} workers) {_percentiles(samples)}")
    print(
        f"  response size {statistics.mean(sizes) / 1024:.0f} kB; target p95 <= {TARGET_P95_MS:.0f}"
        f" ms: {'met' if p95 <= TARGET_P95_MS else 'NOT met'}"
    )
    _explain(ids[0])


if __name__ == "__main__":
    from bench.standalone import run_alone

    raise SystemExit(run_alone(bench_sensing_sta))

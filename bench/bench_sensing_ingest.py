"""MQTT ingestion into PostgreSQL (issue #7, speed and reliability), on a Mosquitto process of the
bench's own started with deploy/mosquitto/kotacerdas.conf.

(a) one observation per message on `v1.1/Datastreams(<id>)/Observations`: N messages queued in
    the broker for an offline persistent session, then drained (shared subscriptions both):
    first by a bare paho subscriber that only counts QoS-1 messages, then by a real
    `kotacerdas ingest` process storing into PostgreSQL with alert ladders attached (alert
    evaluation on) and publishing back; both rates and their ratio (target >= 0.5).
(b) batched: gateway `dataArray` messages of 1,000 rows over MQTT through the same worker, and
    `observations_store` called as HTTP CreateObservations does (JSON document parsed, rows
    read, stored); target >= 50,000 observations/s.
(c) no loss: a real worker, PostgreSQL behind a TCP proxy cut for 30 s, the broker restarted
    and the worker restarted once while N are published: exactly N stored?

Knobs: BENCH_INGEST_MESSAGES (a, default 400,000), BENCH_INGEST_GATEWAY_ROWS (b, 300,000),
BENCH_INGEST_NOLOSS (c, 20,000), BENCH_INGEST_OUTAGE (c, 30 s). PostgreSQL only.
Run: DATABASE_URL=postgresql://... python -m bench.bench_sensing_ingest
"""

from __future__ import annotations

import datetime as dt
import json
import os
import sys
import tempfile
import threading
import time
from pathlib import Path
from urllib.parse import urlsplit, urlunsplit

MESSAGES = int(os.environ.get("BENCH_INGEST_MESSAGES", 400_000))
GATEWAY_ROWS = int(os.environ.get("BENCH_INGEST_GATEWAY_ROWS", 300_000))
NOLOSS = int(os.environ.get("BENCH_INGEST_NOLOSS", 20_000))
OUTAGE = float(os.environ.get("BENCH_INGEST_OUTAGE", 30))
DATASTREAMS = 50


def _database_url(port: int | None = None) -> str:
    from django.db import connection

    parts = urlsplit(os.environ["DATABASE_URL"])
    netloc = parts.netloc if port is None else f"{parts.username or 'postgres'}@127.0.0.1:{port}"
    return urlunsplit(parts._replace(netloc=netloc, path="/" + connection.settings_dict["NAME"]))


def _stored() -> int:
    from django.db.models import Sum

    from kotacerdas.sensing.models import DatastreamLatest

    return DatastreamLatest.objects.aggregate(n=Sum("observation_count"))["n"] or 0


def _network() -> tuple[list[int], int]:
    """DATASTREAMS gauges (each its Thing and Location); alert ladders attached to as many as
    there are reference gauges. Returns (datastream ids, datastreams with a ladder)."""
    from kotacerdas.sensing.models import FloodGauge
    from kotacerdas.sensing.services.alerts_config import ladder_attach
    from kotacerdas.sensing.tests.ingest_helpers import make_datastream, make_thing

    ids, watched = [], 0
    gauges = list(FloodGauge.objects.order_by("pk").values_list("pos_id", flat=True))
    for number in range(DATASTREAMS):
        ds = make_datastream(make_thing(f"Bench {number}"), name=f"TMA {number}")
        ids.append(ds.pk)
        if number < len(gauges):
            try:
                ladder_attach(datastream=ds, pos_id=gauges[number])
                watched += 1
            except Exception:  # a gauge whose ladders are in another unit (m3/s)
                pass
    return ids, watched


def _queue(broker_url: str, messages: list[tuple[str, bytes]]) -> float:
    """Publish `messages` (QoS 1, every PUBACK awaited); seconds taken."""
    from kotacerdas.sensing.tests.ingest_helpers import Publisher

    publisher = Publisher(broker_url)
    started = time.perf_counter()
    for start in range(0, len(messages), 20_000):
        publisher.burst(messages[start : start + 20_000], timeout=600)
    seconds = time.perf_counter() - started
    publisher.close()
    return seconds


def _session_drop(broker_url: str, client_id: str) -> None:
    """End a persistent session (so that it stops queueing messages)."""
    import paho.mqtt.client as mqtt

    from kotacerdas.sensing.mqtt.broker import broker_from_url

    broker = broker_from_url(broker_url)
    client = mqtt.Client(
        mqtt.CallbackAPIVersion.VERSION2, client_id=client_id, protocol=mqtt.MQTTv5
    )
    client.connect(broker.host, broker.port, clean_start=True)
    client.loop_start()
    time.sleep(0.5)
    client.disconnect()
    client.loop_stop()


def _bare_drain(broker_url: str, total: int) -> float:
    """A bare paho subscriber (auto QoS-1 acks, counts only) drains its queued session."""
    import paho.mqtt.client as mqtt
    from paho.mqtt.packettypes import PacketTypes
    from paho.mqtt.properties import Properties

    from kotacerdas.sensing.mqtt.broker import broker_from_url
    from kotacerdas.sensing.mqtt.ingest import RECEIVE_MAXIMUM, SESSION_EXPIRY

    broker = broker_from_url(broker_url)
    count = 0
    first: list[float] = []
    done = threading.Event()

    def on_message(client, userdata, msg):
        nonlocal count
        if not first:
            first.append(time.perf_counter())
        count += 1
        if count >= total:
            done.set()

    client = mqtt.Client(
        mqtt.CallbackAPIVersion.VERSION2, client_id="bench-bare", protocol=mqtt.MQTTv5
    )
    client.on_message = on_message
    properties = Properties(PacketTypes.CONNECT)
    properties.SessionExpiryInterval = SESSION_EXPIRY
    properties.ReceiveMaximum = RECEIVE_MAXIMUM
    client.connect(broker.host, broker.port, clean_start=False, properties=properties)
    client.loop_start()
    done.wait(timeout=3600)
    ended = time.perf_counter()
    client.disconnect()
    client.loop_stop()
    return (count - 1) / (ended - first[0]) if first and count > 1 else 0.0


def _worker_drain(
    broker, work_dir: Path, expected: int, label: str, *, publish_back: bool = True
) -> tuple[float, float, str]:
    """A real `kotacerdas ingest` drains its queued session into PostgreSQL: (observations/s,
    seconds from the moment the worker is up (its "Mendengarkan" line, printed when Django is
    loaded and it connects) until the last is stored, its final stats line)."""
    from kotacerdas.sensing.tests.ingest_helpers import process_stop, worker_process

    before = _stored()
    log = work_dir / f"ingest-{label}.log"
    worker = worker_process(
        broker_url=broker.url,
        database_url=_database_url(),
        client_id="bench-ingest",
        log=log,
        var_dir=work_dir,
    )
    up_at = None
    deadline = time.monotonic() + 3600
    try:
        while time.monotonic() < deadline:
            if up_at is None and "Mendengarkan" in log.read_text():
                up_at = time.perf_counter()
            if _stored() - before >= expected:
                break
            if worker.poll() is not None:
                raise RuntimeError(log.read_text()[-3000:])
            time.sleep(0.05)  # polling interval of the measurement
        ended = time.perf_counter()
    finally:
        process_stop(worker)
    stats = [line for line in log.read_text().splitlines() if line.startswith("Berhenti")]
    seconds = ended - (up_at or ended)
    return expected / seconds if seconds else 0.0, seconds, (stats or ["?"])[-1]


def section_a(broker, work_dir: Path, ids: list[int], watched: int) -> None:
    from kotacerdas.sensing.tests.ingest_helpers import observation_messages, session_create

    print(
        f"(a) {MESSAGES:,} messages, one observation each, {len(ids)} datastreams "
        f"({watched} with alert ladders), shared subscriptions"
    )
    messages = observation_messages(ids, 0, MESSAGES)
    session_create(broker.url, "bench-bare", group="bare")
    seconds = _queue(broker.url, messages)
    print(f"  publisher (paho, QoS 1) queued them at {MESSAGES / seconds:>10,.0f} msg/s")
    bare = _bare_drain(broker.url, MESSAGES)
    _session_drop(broker.url, "bench-bare")
    print(f"  bare paho subscriber (counts, QoS-1 acks)   {bare:>10,.0f} msg/s")
    session_create(broker.url, "bench-ingest")
    _queue(broker.url, messages)
    rate, seconds, stats = _worker_drain(broker, work_dir, MESSAGES, "a")
    print(
        f"  kotacerdas ingest -> PostgreSQL             {rate:>10,.0f} obs/s over {seconds:.0f} s"
    )
    print(f"  ratio ingest / bare                          {rate / bare:>10.2f}   (target >= 0.5)")
    print(f"  worker: {stats}")
    _session_drop(broker.url, "bench-ingest")
    # The same again without publishing back (MQTT_URL unset, broker by --url): what the echo
    # of every stored observation costs the worker. New messages, so nothing is a duplicate.
    session_create(broker.url, "bench-ingest")
    _queue(broker.url, observation_messages(ids, MESSAGES, 2 * MESSAGES))
    rate, seconds, stats = _worker_drain(broker, work_dir, MESSAGES, "a2", publish_back=False)
    print(
        f"  the same without publishing back            {rate:>10,.0f} obs/s over {seconds:.0f} s"
        f"  (ratio {rate / bare:.2f})"
    )
    _session_drop(broker.url, "bench-ingest")


def _create_observations_doc(ids: list[int], start: int, rows: int) -> list[dict]:
    """A CreateObservations document of `rows` rows spread over the datastreams."""
    base = dt.datetime(2026, 1, 1, tzinfo=dt.UTC)
    per = rows // len(ids)
    return [
        {
            "Datastream": {"@iot.id": ds},
            "components": ["phenomenonTime", "result"],
            "dataArray": [
                [(base + dt.timedelta(seconds=start + n)).isoformat(), float(n % 700)]
                for n in range(per)
            ],
        }
        for ds in ids
    ]


def section_b(broker, work_dir: Path, ids: list[int]) -> None:
    from kotacerdas.sensing.services.observations import (
        observations_in_from_data_array,
        observations_store,
    )
    from kotacerdas.sensing.tests.ingest_helpers import session_create

    stream_ids = ids[:10]
    print(f"(b) batched ingestion, {GATEWAY_ROWS:,} observations each way")
    messages = []
    for number in range(GATEWAY_ROWS // 1000):
        doc = {
            "batchId": f"b{number}",
            "data": _create_observations_doc(stream_ids, 10_000_000 + number * 100, 1000),
        }
        messages.append((f"kotacerdas/gateways/gw{number % 8}/dataArray", json.dumps(doc).encode()))
    session_create(broker.url, "bench-ingest")
    _queue(broker.url, messages)
    rate, seconds, stats = _worker_drain(broker, work_dir, len(messages) * 1000, "b")
    print(
        f"  gateway dataArray over MQTT (1,000 rows a message) {rate:>10,.0f} obs/s"
        f" over {seconds:.1f} s"
    )
    print(f"  worker: {stats}")
    _session_drop(broker.url, "bench-ingest")
    rows_per_call = 10_000
    calls = max(1, GATEWAY_ROWS // rows_per_call)
    bodies = [
        json.dumps(
            _create_observations_doc(stream_ids, 50_000_000 + c * 1000, rows_per_call)
        ).encode()
        for c in range(calls)
    ]
    started = time.perf_counter()
    stored = 0
    for body in bodies:
        rows = observations_in_from_data_array(json.loads(body), datastream_types={})
        stored += len(
            observations_store(actor="system", items=[item for item, _error in rows], source="http")
        )
    seconds = time.perf_counter() - started
    print(
        f"  CreateObservations path (parse + store, {rows_per_call:,} rows a call) "
        f"{stored / seconds:>10,.0f} obs/s over {seconds:.1f} s"
    )


def section_c(work_dir: Path, ids: list[int]) -> None:
    from django.db import connection

    from kotacerdas.sensing.tests.ingest_helpers import MosquittoProcess, TcpProxy, no_loss_scenario

    print(
        f"(c) no loss: {NOLOSS:,} observations, database cut for {OUTAGE:.0f} s, broker and worker "
        "restarted once"
    )
    before = _stored()
    settings_dict = connection.settings_dict
    proxy = TcpProxy((settings_dict["HOST"] or "127.0.0.1", int(settings_dict["PORT"] or 5432)))
    broker = MosquittoProcess(work_dir / "broker-c")
    broker.start()
    try:
        timings = no_loss_scenario(
            broker=broker,
            proxy=proxy,
            database_url=_database_url(proxy.port),
            datastream_ids=ids,
            total=NOLOSS,
            outage_seconds=OUTAGE,
            work_dir=work_dir,
            stored=lambda: _stored() - before,
            timeout=900,
            first=2 * MESSAGES,  # past section (a)'s messages, which are stored already
        )
    finally:
        broker.stop()
        proxy.close()
    stored = _stored() - before
    print(
        f"  outage {timings['outage_s']:.1f} s, caught up {timings['catch_up_s']:.1f} s after the "
        f"database came back, whole run {timings['total_s']:.1f} s"
    )
    print(f"  stored {stored:,} of {NOLOSS:,}: {'exactly N' if stored == NOLOSS else 'MISMATCH'}")


def bench_sensing_ingest() -> None:
    import faulthandler
    import signal

    from django.db import connection

    from kotacerdas.sensing.tests.ingest_helpers import MosquittoProcess, mosquitto_available

    faulthandler.register(signal.SIGUSR1)  # `kill -USR1 <pid>`: where a long run is
    print("sensing ingestion (MQTT -> PostgreSQL), bench/bench_sensing_ingest.py")
    if connection.vendor != "postgresql" or not mosquitto_available():
        print("  skipped: needs PostgreSQL (DATABASE_URL) and /usr/sbin/mosquitto")
        return
    print(f"  machine: {os.cpu_count()} cores, load average {os.getloadavg()[0]:.1f} at start")
    work_dir = Path(tempfile.mkdtemp(prefix="bench-ingest-"))
    ids, watched = _network()
    broker = MosquittoProcess(work_dir / "broker")
    broker.start()
    try:
        if MESSAGES:
            section_a(broker, work_dir, ids, watched)
        if GATEWAY_ROWS:
            section_b(broker, work_dir, ids)
    finally:
        broker.stop()
    if NOLOSS:
        section_c(work_dir, ids)
    print(f"  load average {os.getloadavg()[0]:.1f} at the end")
    sys.stdout.flush()


if __name__ == "__main__":
    from bench.standalone import run_alone

    raise SystemExit(run_alone(bench_sensing_ingest))

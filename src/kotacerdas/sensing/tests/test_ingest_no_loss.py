"""No loss, no duplicates: a real `kotacerdas ingest` process, a Mosquitto of the test's own
with the recommended configuration, PostgreSQL behind a TCP proxy that the test cuts.

Publish N observations while the database is unreachable for OUTAGE_SECONDS (the benchmark
uses 30 s), the broker is restarted once and the worker is restarted once; afterwards exactly
N are stored, each once, and nothing is dead-lettered."""

from __future__ import annotations

import os
from urllib.parse import urlsplit, urlunsplit

import pytest
from django.db import connection

from conftest import require_service
from kotacerdas.sensing.models import DeadLetter, Observation

from .ingest_helpers import (
    MosquittoProcess,
    TcpProxy,
    make_datastream,
    make_thing,
    mosquitto_available,
    no_loss_scenario,
)

pytestmark = pytest.mark.django_db(transaction=True)
TOTAL = int(os.environ.get("NOLOSS_TOTAL", 2000))
OUTAGE_SECONDS = 8


def test_no_loss_through_database_outage_broker_restart_and_worker_restart(postgres_only, tmp_path):
    require_service("Mosquitto", "127.0.0.1", 1883)
    if not mosquitto_available():
        pytest.fail("no mosquitto binary")
    settings_dict = connection.settings_dict
    proxy = TcpProxy((settings_dict["HOST"] or "127.0.0.1", int(settings_dict["PORT"] or 5432)))
    parts = urlsplit(os.environ["DATABASE_URL"])
    database_url = urlunsplit(
        parts._replace(
            netloc=f"{parts.username or 'postgres'}@127.0.0.1:{proxy.port}",
            path="/" + settings_dict["NAME"],
        )
    )
    datastreams = [make_datastream(make_thing(f"Pos {i}"), name=f"TMA {i}") for i in range(4)]
    broker = MosquittoProcess(tmp_path / "broker")
    broker.start()
    try:
        timings = no_loss_scenario(
            broker=broker,
            proxy=proxy,
            database_url=database_url,
            datastream_ids=[ds.pk for ds in datastreams],
            total=TOTAL,
            outage_seconds=OUTAGE_SECONDS,
            work_dir=tmp_path,
            stored=Observation.objects.count,
        )
    finally:
        broker.stop()
        proxy.close()
    assert timings["outage_s"] >= OUTAGE_SECONDS
    assert Observation.objects.count() == TOTAL
    assert sorted(Observation.objects.values_list("result_number", flat=True)) == [
        float(n) for n in range(TOTAL)
    ]
    assert DeadLetter.objects.count() == 0

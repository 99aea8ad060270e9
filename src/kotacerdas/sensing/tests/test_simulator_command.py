"""`kotacerdas simulate` against the real platform: HTTP to a live server, MQTT to Mosquitto."""

import datetime as dt
import io
import json
import threading
import time

import paho.mqtt.client as mqtt
import pytest
from django.core.management import call_command
from django.core.management.base import CommandError

from conftest import require_service
from kotacerdas.core.models import ApiToken, Role
from kotacerdas.core.services.tokens import token_create
from kotacerdas.core.tests.factories import UserFactory
from kotacerdas.sensing.models import (
    AlertLadder,
    Datastream,
    HistoricalLocation,
    Observation,
    Thing,
)
from kotacerdas.sensing.simulator import catalog, river

from .alerts_support import alerts_fresh  # noqa: F401  (fixture)

MQTT_HOST, MQTT_PORT = "127.0.0.1", 1883


@pytest.fixture
def operator(db):
    return UserFactory(username="operator.sensor", roles=[Role.SENSOR_OPERATOR.value])


def simulate(*args):
    out = io.StringIO()
    call_command("simulate", *args, stdout=out, stderr=io.StringIO())
    return out.getvalue()


def p2c_expected(moment: dt.datetime) -> float:
    grid = moment.replace(minute=moment.minute - moment.minute % 5, second=0, microsecond=0)
    return grid, float(river.river_series(1, [grid])["p2c"][0])


def test_http_once_sets_up_things_and_posts_observations_and_positions(live_server, operator):
    _token, raw = token_create(actor="cli", user=operator, name="uji")
    before = dt.datetime.now(dt.UTC)
    text = simulate(
        "--http", live_server.url, "--token", raw, "--mqtt", "none", "--once",
        "--kinds", "river,vehicles",
    )  # fmt: skip
    assert "26 Things, 26 Datastreams (26 new)" in text
    assert "Terkirim lewat http: 26 observasi, 20 posisi kendaraan." in text
    p2c = Datastream.objects.get(properties__simulator_key="p2c:water_level")
    assert p2c.thing.name == "Contoh Pos P2C (Pertemuan Cileungsi-Cikeas)"
    assert p2c.thing.kind == "river_gauge" and p2c.thing.properties["pos_id"] == "p2c"
    stored = Observation.objects.get(datastream=p2c)
    grid, value = p2c_expected(before)
    if stored.phenomenon_time != grid:  # the clock passed a 5-minute mark during the run
        grid, value = p2c_expected(stored.phenomenon_time)
    assert (stored.phenomenon_time, stored.result_number) == (grid, value)
    vehicles = Thing.objects.filter(kind="vehicle")
    assert vehicles.count() == 20
    # one HistoricalLocation when created at base, one for the fix
    assert HistoricalLocation.objects.filter(thing__in=vehicles).count() == 40
    assert all(v.locations.count() == 1 for v in vehicles)

    # A second run finds everything and creates nothing twice.
    text = simulate(
        "--http", live_server.url, "--token", raw, "--mqtt", "none", "--once", "--kinds", "river",
    )  # fmt: skip
    assert "26 Things, 26 Datastreams (0 new)" in text
    assert Thing.objects.count() == 26
    assert Observation.objects.filter(datastream=p2c).count() in {1, 2}  # 2 across a 5-min mark


def test_http_backfill_posts_the_history_once(live_server, operator):
    _token, raw = token_create(actor="cli", user=operator, name="uji")
    args = ("--http", live_server.url, "--token", raw, "--mqtt", "none", "--kinds", "river")
    simulate(*args, "--backfill", "0.5")
    p2c = Datastream.objects.get(properties__simulator_key="p2c:water_level")
    count = Observation.objects.filter(datastream=p2c).count()
    assert count in {144, 145}  # 12 h every 5 minutes
    simulate(*args, "--backfill", "0.5")
    assert Observation.objects.filter(datastream=p2c).count() - count <= 1  # deduplicated


def test_token_user_gets_a_token_for_the_run_only(live_server, operator):
    simulate(
        "--http", live_server.url, "--token-user", operator.username, "--mqtt", "none",
        "--once", "--kinds", "river",
    )  # fmt: skip
    token = ApiToken.objects.get(user=operator)
    assert token.revoked_at is not None
    assert Observation.objects.count() == 6


def test_http_refusals_are_clear_errors_and_write_nothing(live_server, operator):
    with pytest.raises(CommandError, match="401"):
        simulate("--http", live_server.url, "--token", "kc_salah_token", "--mqtt", "none", "--once")
    with pytest.raises(CommandError, match="--http BASE_URL atau --mqtt"):
        simulate("--mqtt", "none", "--once")
    with pytest.raises(CommandError, match="--setup"):
        simulate("--mqtt", f"mqtt://{MQTT_HOST}:{MQTT_PORT}", "--once")
    with pytest.raises(CommandError, match="tidak dikenal: kapal"):
        simulate("--http", live_server.url, "--kinds", "river,kapal", "--once")
    with pytest.raises(CommandError, match="tidak ada atau tidak aktif"):
        simulate("--http", live_server.url, "--token-user", "hantu", "--once")
    assert not Thing.objects.exists() and not Observation.objects.exists()


def listener(topic_filter: str, received: list):
    subscribed = threading.Event()
    client = mqtt.Client(mqtt.CallbackAPIVersion.VERSION2, protocol=mqtt.MQTTv311)
    client.on_connect = lambda c, u, f, rc, p: c.subscribe(topic_filter, qos=1)
    client.on_subscribe = lambda *a: subscribed.set()
    client.on_message = lambda c, u, m: received.append((m.topic, json.loads(m.payload)))
    client.connect(MQTT_HOST, MQTT_PORT)
    client.loop_start()
    assert subscribed.wait(10)
    return client


@pytest.mark.django_db(transaction=True)
@pytest.mark.usefixtures("alerts_fresh")
def test_mqtt_once_publishes_sta_observations_on_the_datastream_topics():
    require_service("Mosquitto", MQTT_HOST, MQTT_PORT)
    received: list[tuple[str, dict]] = []
    client = listener("v1.1/+/Observations", received)
    try:
        text = simulate(
            "--setup", "--mqtt", f"mqtt://{MQTT_HOST}:{MQTT_PORT}", "--once",
            "--kinds", "river,devices",
        )  # fmt: skip
        assert "Terkirim lewat mqtt" in text
        ids = dict(
            Datastream.objects.filter(properties__simulator=catalog.SIMULATOR).values_list(
                "properties__simulator_key", "pk"
            )
        )
        assert len(ids) == 6 + 120 * 3 + 80 * 2
        assert Thing.objects.filter(is_demo=False, name__startswith="Contoh").count() == 206
        # --setup also points the flood ladders of the gauges at the simulated datastreams
        watched = dict(AlertLadder.objects.values_list("gauge__pos_id", "datastream_id"))
        assert watched["p2c"] == ids["p2c:water_level"]
        assert watched["bendung_bekasi"] == ids["bendung:discharge"]
        topic = f"v1.1/Datastreams({ids['p2c:water_level']})/Observations"
        deadline = time.monotonic() + 15
        while not any(t == topic for t, _p in received):
            assert time.monotonic() < deadline, "no message on the P2C topic"
            time.sleep(0.05)
    finally:
        client.loop_stop()
        client.disconnect()
    payload = next(p for t, p in received if t == topic)
    moment = dt.datetime.fromisoformat(payload["phenomenonTime"])
    assert set(payload) == {"phenomenonTime", "result"}
    assert payload["result"] == float(river.river_series(1, [moment])["p2c"][0])
    wifi = f"v1.1/Datastreams({ids['wifi-001:status']})/Observations"
    deadline = time.monotonic() + 15
    while not any(t == wifi for t, _p in received) and time.monotonic() < deadline:
        time.sleep(0.05)
    statuses = [p["result"] for t, p in received if t == wifi]
    assert statuses and all(isinstance(s, bool) for s in statuses)


def test_serve_simulate_runs_the_simulator_against_itself(monkeypatch):
    from kotacerdas.core.management.commands.serve import simulator_command

    monkeypatch.delenv("KOTACERDAS_SIMULATOR_USER", raising=False)
    command = simulator_command("0.0.0.0", 8123)
    assert command[-9:] == [
        "simulate", "--http", "http://127.0.0.1:8123", "--token-user", "admin",
        "--setup", "--speed", "20", "--demo-event",
    ]  # fmt: skip
    monkeypatch.setenv("KOTACERDAS_SIMULATOR_USER", "operator.sensor")
    assert "operator.sensor" in simulator_command("::1", 8123)
    assert "http://[::1]:8123" in simulator_command("::1", 8123)


@pytest.mark.django_db(transaction=True)
@pytest.mark.usefixtures("alerts_fresh")
def test_mqtt_gateway_publishes_one_data_array_batch():
    require_service("Mosquitto", MQTT_HOST, MQTT_PORT)
    received: list[tuple[str, dict]] = []
    gateway = f"simulator-uji-{time.monotonic_ns()}"
    client = listener(f"kotacerdas/gateways/{gateway}/dataArray", received)
    try:
        simulate(
            "--setup", "--mqtt", f"mqtt://{MQTT_HOST}:{MQTT_PORT}", "--gateway", gateway,
            "--once", "--kinds", "river",
        )  # fmt: skip
        deadline = time.monotonic() + 15
        while not received:
            assert time.monotonic() < deadline, "no gateway batch"
            time.sleep(0.05)
    finally:
        client.loop_stop()
        client.disconnect()
    [(_topic, payload)] = received
    assert set(payload) == {"batchId", "data"} and len(payload["batchId"]) == 32
    ids = set(Datastream.objects.values_list("pk", flat=True))
    assert {doc["Datastream"]["@iot.id"] for doc in payload["data"]} == ids
    assert all(doc["components"] == ["phenomenonTime", "result"] for doc in payload["data"])
    assert sum(len(doc["dataArray"]) for doc in payload["data"]) == 6

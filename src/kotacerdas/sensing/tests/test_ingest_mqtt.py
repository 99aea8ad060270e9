"""MQTT ingestion against a real Mosquitto of the test's own (deploy/mosquitto/kotacerdas.conf):
end to end, dead letters, redelivery, gateway batches, publishing back."""

from __future__ import annotations

import json
import threading

import paho.mqtt.client as mqtt
import pytest
from django.db import connection

from conftest import require_service, services_required
from kotacerdas.sensing.models import DatastreamLatest, DeadLetter, GatewayBatch, Observation
from kotacerdas.sensing.mqtt.ingest import IngestWorker

from .ingest_helpers import MosquittoProcess, make_datastream, mosquitto_available, wait_for

pytestmark = pytest.mark.django_db(transaction=True)


@pytest.fixture
def broker(tmp_path):
    if not mosquitto_available():
        require_service("Mosquitto", "127.0.0.1", 1883)  # skips, or fails in CI
        if services_required():  # CI: a test that cannot start its own broker fails
            pytest.fail("no mosquitto binary, and KOTACERDAS_REQUIRE_SERVICES is set")
        pytest.skip("no mosquitto binary")
    process = MosquittoProcess(tmp_path / "broker")
    process.start()
    yield process
    process.stop()


class RunningWorker:
    def __init__(self, url: str, client_id: str = "test-ingest", **options) -> None:
        self.worker = IngestWorker(url, client_id=client_id, **options)
        self.thread = threading.Thread(target=self.worker.run, daemon=True)
        self.thread.start()
        wait_for(self.worker.subscribed.is_set, timeout=20, what="the worker to subscribe")

    def stop(self) -> None:
        self.worker.stop()
        self.thread.join(timeout=20)
        assert not self.thread.is_alive()


@pytest.fixture
def worker(broker):
    running = RunningWorker(broker.url)
    yield running
    running.stop()


def publisher(broker: MosquittoProcess) -> mqtt.Client:
    client = mqtt.Client(mqtt.CallbackAPIVersion.VERSION2, protocol=mqtt.MQTTv5)
    client.connect("127.0.0.1", broker.port)
    client.loop_start()
    return client


def publish(client: mqtt.Client, topic: str, payload) -> None:
    body = payload if isinstance(payload, bytes) else json.dumps(payload).encode()
    client.publish(topic, body, qos=1).wait_for_publish(timeout=10)


def obs(minute: int, result=100.0) -> dict:
    return {"phenomenonTime": f"2026-12-07T08:{minute:02d}:00Z", "result": result}


def test_end_to_end_both_sta_topics(broker, worker):
    ds = make_datastream()
    client = publisher(broker)
    publish(client, f"v1.1/Datastreams({ds.pk})/Observations", obs(0, 310))
    publish(client, "v1.1/Observations", obs(1, 320) | {"Datastream": {"@iot.id": ds.pk}})
    wait_for(lambda: Observation.objects.count() == 2, what="two observations")
    assert sorted(Observation.objects.values_list("result_number", flat=True)) == [310.0, 320.0]
    assert DatastreamLatest.objects.get(datastream=ds).result_number == 320.0
    assert DeadLetter.objects.count() == 0
    client.disconnect()


def test_bad_messages_become_dead_letters_and_the_worker_goes_on(broker, worker):
    ds = make_datastream()
    topic = f"v1.1/Datastreams({ds.pk})/Observations"
    client = publisher(broker)
    bad = [
        (topic, b"{not json", "JSON"),
        (topic, obs(0, "tinggi"), "OM_Measurement"),
        (topic, {"phenomenonTime": "2026-12-07T08:00:00", "result": 1}, "zona waktu"),
        ("v1.1/Datastreams(987654)/Observations", obs(0), "987654"),
        ("v1.1/Observations", obs(0), "Datastream"),
        (topic, b'{"phenomenonTime": "2026-12-07T08:00:00Z", "result": NaN}', "JSON"),
        (topic, b"x" * (1024 * 1024 + 1), "terlalu besar"),
        (topic, b" " * (10 * 1024 * 1024), "terlalu besar"),
        ("kotacerdas/gateways/g1/dataArray", {"data": []}, "batchId"),
    ]
    for message_topic, payload, _reason in bad:
        publish(client, message_topic, payload)
    publish(client, topic, obs(5, 123))
    wait_for(
        lambda: Observation.objects.count() == 1 and DeadLetter.objects.count() == len(bad),
        what="the good message and every dead letter",
    )
    letters = list(DeadLetter.objects.order_by("id"))
    for letter, (message_topic, payload, reason) in zip(letters, bad, strict=True):
        assert letter.topic == message_topic
        assert reason in letter.reason
        assert letter.payload_size == len(
            payload if isinstance(payload, bytes) else json.dumps(payload)
        )
        assert len(letter.payload) <= 4000
    assert Observation.objects.get().result_number == 123.0
    assert worker.thread.is_alive()
    client.disconnect()


def test_the_same_observation_twice_is_stored_once(broker, worker):
    ds = make_datastream()
    client = publisher(broker)
    for _ in range(3):
        publish(client, f"v1.1/Datastreams({ds.pk})/Observations", obs(0, 200))
    publish(client, f"v1.1/Datastreams({ds.pk})/Observations", obs(1, 201))
    wait_for(lambda: Observation.objects.filter(result_number=201).exists(), what="the last one")
    assert Observation.objects.count() == 2
    assert DatastreamLatest.objects.get(datastream=ds).observation_count == 2
    client.disconnect()


def test_messages_committed_but_not_acknowledged_are_redelivered_without_duplicates(broker):
    ds = make_datastream()
    first = RunningWorker(broker.url, client_id="redeliver")
    first.worker.client.ack = lambda mid, qos: None  # commits, then "dies" before acknowledging
    client = publisher(broker)
    for minute in range(5):
        publish(client, f"v1.1/Datastreams({ds.pk})/Observations", obs(minute, minute))
    wait_for(lambda: Observation.objects.count() == 5, what="five observations")
    first.stop()
    second = RunningWorker(broker.url, client_id="redeliver")  # the same persistent session
    wait_for(lambda: second.worker.stats["messages"] >= 5, what="the redelivered messages")
    assert Observation.objects.count() == 5
    publish(client, f"v1.1/Datastreams({ds.pk})/Observations", obs(9, 9))
    wait_for(lambda: Observation.objects.count() == 6, what="a new one after the redelivery")
    second.stop()
    client.disconnect()


def test_gateway_batch_is_stored_once_and_bad_rows_are_dead_lettered(broker, worker):
    ds = make_datastream()
    other = make_datastream(kind="OM_TruthObservation", name="pompa")
    batch = {
        "batchId": "b-17",
        "data": [
            {
                "Datastream": {"@iot.id": ds.pk},
                "components": ["phenomenonTime", "result"],
                "dataArray": [
                    ["2026-12-07T08:00:00Z", 1],
                    ["2026-12-07T08:01:00Z", 2],
                    ["2026-12-07T08:02:00", 3],
                ],
            },
            {
                "Datastream": {"@iot.id": other.pk},
                "components": ["phenomenonTime", "result"],
                "dataArray": [["2026-12-07T08:00:00Z", True], ["2026-12-07T08:01:00Z", 5]],
            },
        ],
    }
    client = publisher(broker)
    publish(client, "kotacerdas/gateways/rumah-pompa-1/dataArray", batch)
    wait_for(lambda: DeadLetter.objects.exists(), what="the bad rows' dead letter")
    assert Observation.objects.count() == 3
    letter = DeadLetter.objects.get()
    assert letter.source == DeadLetter.Source.GATEWAY
    assert "[0][2]" in letter.reason and "[1][1]" in letter.reason
    assert GatewayBatch.objects.get().observation_count == 3
    # The same batch again (a gateway retrying), with an extra row: nothing new is stored.
    batch["data"][0]["dataArray"].append(["2026-12-07T08:05:00Z", 9])
    publish(client, "kotacerdas/gateways/rumah-pompa-1/dataArray", batch)
    publish(client, f"v1.1/Datastreams({ds.pk})/Observations", obs(30, 30))
    wait_for(lambda: Observation.objects.filter(result_number=30).exists(), what="the marker")
    assert Observation.objects.count() == 4 and GatewayBatch.objects.count() == 1
    # Another gateway may use the same batch id.
    batch["batchId"] = "b-17"
    publish(client, "kotacerdas/gateways/rumah-pompa-2/dataArray", batch)
    wait_for(lambda: GatewayBatch.objects.count() == 2, what="the second gateway's batch")
    wait_for(lambda: Observation.objects.count() == 5, what="its one new row")
    client.disconnect()


def test_new_observations_are_published_back_and_the_worker_skips_its_own(broker, worker, settings):
    from kotacerdas.sensing.mqtt.publish import publishers_close
    from kotacerdas.sensing.services.observations import (
        observation_in_from_json,
        observations_store,
    )

    settings.MQTT_URL = broker.url
    ds = make_datastream()
    received: list[dict] = []
    subscriber = mqtt.Client(mqtt.CallbackAPIVersion.VERSION2, protocol=mqtt.MQTTv5)
    subscriber.on_message = lambda client, userdata, msg: received.append(
        {"topic": msg.topic, "doc": json.loads(msg.payload)}
    )
    subscriber.connect("127.0.0.1", broker.port)
    subscriber.subscribe(f"v1.1/Datastreams({ds.pk})/Observations", qos=1)
    subscriber.loop_start()
    wait_for(subscriber.is_connected, what="the subscriber")
    try:
        item = observation_in_from_json(obs(7, 77.5), datastream_id=ds.pk)
        [pk] = observations_store(actor="system", items=[item], source="http")
        got = wait_for(lambda: received, what="the published observation")
        assert got[0]["topic"] == f"v1.1/Datastreams({ds.pk})/Observations"
        assert got[0]["doc"]["@iot.id"] == pk
        assert got[0]["doc"]["result"] == 77.5
        assert got[0]["doc"]["phenomenonTime"] == "2026-12-07T08:07:00Z"
        wait_for(lambda: worker.worker.stats["echo"] >= 1, what="the worker to skip the echo")
        assert Observation.objects.count() == 1 and DeadLetter.objects.count() == 0
    finally:
        subscriber.disconnect()
        subscriber.loop_stop()
        publishers_close()
        connection.close()


def test_ingest_command_refuses_to_start_without_a_broker(settings):
    from django.core.management import CommandError, call_command

    settings.MQTT_URL = ""
    with pytest.raises(CommandError, match="MQTT_URL"):
        call_command("ingest")
    with pytest.raises(CommandError, match="mqtt://"):
        call_command("ingest", "--url", "http://example.org")

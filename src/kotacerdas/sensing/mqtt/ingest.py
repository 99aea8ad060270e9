"""The MQTT ingestion worker behind `kotacerdas ingest` (Pasal 24(4): sensor data reaches the
Command Center).

- MQTT 5, a fixed client id and a persistent session (clean_start false, session expiry of a
  week): what arrives while the worker or the broker is down waits in the broker.
- Shared subscriptions (`$share/<group>/...`), so several workers split the load.
- Messages are acknowledged by hand, only after the batch holding them is committed. A batch
  closes at `batch_size` messages or `batch_wait` seconds after its first one.
- A message that cannot be stored (not JSON, wrong result type, time without zone, unknown
  Datastream, too large...) becomes a `DeadLetter` with its reason and is acknowledged.
- While the database is unreachable the batch is retried with a growing pause and nothing is
  acknowledged, so the broker keeps (and after a reconnect redelivers) the messages; the dedup
  key makes a redelivered message a no-op.
- Messages the platform published itself (user property `kotacerdas-origin`) are acknowledged
  and skipped.
"""

from __future__ import annotations

import logging
import queue
import threading
import time
from dataclasses import dataclass

import paho.mqtt.client as mqtt
from django.db import DatabaseError, IntegrityError, connection, transaction
from paho.mqtt.packettypes import PacketTypes
from paho.mqtt.properties import Properties
from paho.mqtt.subscribeoptions import SubscribeOptions

from kotacerdas.sensing.errors import SensingError
from kotacerdas.sensing.models import DeadLetter, GatewayBatch
from kotacerdas.sensing.services.observations import observations_store

from .broker import ORIGIN_PROPERTY, broker_from_url, configure
from .messages import DatastreamTypes, Work, message_work, work_check

log = logging.getLogger(__name__)
ACTOR = "system"
SESSION_EXPIRY = 7 * 24 * 3600
RECEIVE_MAXIMUM = 5000  # unacknowledged messages the broker may send: above a batch
DEAD_LETTER_PAYLOAD_CHARS = 4000


TOPICS = (
    "v1.1/+/Observations",  # v1.1/Datastreams(<id>)/Observations
    "v1.1/Observations",
    "kotacerdas/gateways/+/dataArray",
)


def subscriptions(group: str | None) -> list[str]:
    """The topic filters of a worker: shared in `group`, or its own (`group` None).

    Mosquitto 2.0 does not restore shared subscriptions, nor the messages queued for them,
    when it restarts; a worker with its own (exclusive) subscriptions loses nothing then.
    """
    return [f"$share/{group}/{topic}" if group else topic for topic in TOPICS]


@dataclass(slots=True)
class Message:
    generation: int
    mid: int
    qos: int
    topic: str
    payload: bytes


class IngestWorker:
    """Run with `run()` until `stop()`; `stats` counts what it did."""

    def __init__(
        self,
        url: str,
        *,
        client_id: str,
        group: str | None = "kotacerdas",
        batch_size: int = 2000,
        batch_wait: float = 0.1,
    ) -> None:
        self.broker = broker_from_url(url)
        self.client_id = client_id
        self.group = group
        self.batch_size = batch_size
        self.batch_wait = batch_wait
        self.inbox: queue.Queue[Message] = queue.Queue()
        self.generation = 0
        self.subscribed = threading.Event()
        self.stopping = threading.Event()
        self.types = DatastreamTypes()
        self.stats = {"messages": 0, "stored": 0, "dead": 0, "echo": 0, "batches": 0,
                      "db_retries": 0, "connects": 0}  # fmt: skip
        self.client = self._client()

    def _client(self) -> mqtt.Client:
        client = mqtt.Client(
            mqtt.CallbackAPIVersion.VERSION2,
            client_id=self.client_id,
            protocol=mqtt.MQTTv5,
            manual_ack=True,
        )
        configure(client, self.broker)
        client.reconnect_delay_set(min_delay=1, max_delay=10)
        client.on_connect = self._on_connect
        client.on_disconnect = self._on_disconnect
        client.on_message = self._on_message
        return client

    # --- paho's network thread -------------------------------------------------------------
    def _on_connect(self, client, userdata, flags, reason_code, properties) -> None:
        if reason_code.is_failure:
            log.warning("mqtt connect refused: %s", reason_code)
            return
        self.stats["connects"] += 1
        options = SubscribeOptions(qos=1)
        client.subscribe([(topic, options) for topic in subscriptions(self.group)])
        log.info("mqtt connected (session present: %s)", flags.session_present)

    def _on_disconnect(self, client, userdata, flags, reason_code, properties) -> None:
        # Messages of the old connection are not acknowledged any more: the broker redelivers
        # them on the resumed session (under the same or another packet id).
        self.generation += 1
        self.subscribed.clear()
        log.warning("mqtt disconnected: %s", reason_code)

    def _on_subscribe(self, client, userdata, mid, reason_codes, properties) -> None:
        self.subscribed.set()

    def _on_message(self, client, userdata, msg) -> None:
        props = getattr(msg, "properties", None)
        if props is not None and ORIGIN_PROPERTY in (getattr(props, "UserProperty", None) or ()):
            self.stats["echo"] += 1
            client.ack(msg.mid, msg.qos)
            return
        self.inbox.put(Message(self.generation, msg.mid, msg.qos, msg.topic, msg.payload))

    # --- the worker thread -----------------------------------------------------------------
    def start_network(self) -> None:
        properties = Properties(PacketTypes.CONNECT)
        properties.SessionExpiryInterval = SESSION_EXPIRY
        properties.ReceiveMaximum = RECEIVE_MAXIMUM
        self.client.on_subscribe = self._on_subscribe
        self.client.connect_async(
            self.broker.host, self.broker.port, keepalive=30, clean_start=False,
            properties=properties,
        )  # fmt: skip
        self.client.loop_start()

    def stop(self) -> None:
        self.stopping.set()

    def run(self) -> None:
        """Ingest until `stop()`; then finish the batch at hand and disconnect."""
        self.start_network()
        try:
            while not self.stopping.is_set():
                batch = self._collect()
                if batch:
                    self._process(batch)
        finally:
            self.client.disconnect()
            self.client.loop_stop()
            connection.close()

    def _collect(self) -> list[Message]:
        try:
            first = self.inbox.get(timeout=0.2)
        except queue.Empty:
            return []
        batch = [first]
        deadline = time.monotonic() + self.batch_wait
        while len(batch) < self.batch_size:
            remaining = deadline - time.monotonic()
            try:
                batch.append(
                    self.inbox.get(timeout=remaining) if remaining > 0 else self.inbox.get_nowait()
                )
            except queue.Empty:
                break
        return batch

    def _process(self, batch: list[Message]) -> None:
        works = [message_work(message.topic, message.payload) for message in batch]
        pause = 0.2
        while True:
            try:
                self._store(works)
                break
            except (DatabaseError, SensingError) as error:
                if self.stopping.is_set():
                    return  # not acknowledged: the broker redelivers them to the next worker
                if isinstance(error, SensingError) or not _is_outage(error):
                    log.exception("batch refused, storing message by message")
                    self._store_one_by_one(works)
                    break
                self.stats["db_retries"] += 1
                log.warning("database unavailable (%s), retrying in %.1f s", error, pause)
                connection.close()
                self.stopping.wait(pause)
                pause = min(pause * 2, 5.0)
        self.stats["messages"] += len(batch)
        self.stats["batches"] += 1
        generation = self.generation
        for message in batch:
            if message.generation == generation and message.qos > 0:
                self.client.ack(message.mid, message.qos)

    def _store(self, works: list[Work]) -> None:
        with transaction.atomic():
            work_check(works, self.types)
            for work in works:
                if work.gateway and not _gateway_claim(work):
                    work.items, work.labels = (
                        [],
                        [],
                    )  # a batch already stored: acknowledged, nothing to do
            items = [item for work in works for item in work.items]
            observations_store(actor=ACTOR, items=items, source="mqtt")
            dead = [_dead_letter(work, "; ".join(work.errors)) for work in works if work.errors]
            DeadLetter.objects.bulk_create(dead)
        self.stats["stored"] += len(items)
        self.stats["dead"] += len(dead)

    def _store_one_by_one(self, works: list[Work]) -> None:
        """After a batch was refused (a Datastream deleted meanwhile, a Thing without a
        Location...), each message alone: those that fail become dead letters."""
        for work in works:
            try:
                self._store([work])
            except SensingError as error:
                with transaction.atomic():
                    DeadLetter.objects.create(**_dead_fields(work, error.message))
                self.stats["dead"] += 1
            except DatabaseError as error:
                if _is_outage(error):
                    raise
                connection.close()
                with transaction.atomic():
                    DeadLetter.objects.create(**_dead_fields(work, str(error)[:500]))
                self.stats["dead"] += 1


def _is_outage(error: DatabaseError) -> bool:
    """A lost or refused connection (retry), not a refused statement (dead letter)."""
    from django.db import InterfaceError, OperationalError

    if isinstance(error, InterfaceError) or connection.connection is None:
        return True
    if isinstance(error, OperationalError):
        return True
    try:
        return not connection.is_usable()
    except Exception:
        return True


def _gateway_claim(work: Work) -> bool:
    gateway, batch_id = work.gateway
    if GatewayBatch.objects.filter(gateway=gateway, batch_id=batch_id).exists():
        return False
    try:
        with transaction.atomic():
            GatewayBatch.objects.create(
                gateway=gateway, batch_id=batch_id, observation_count=len(work.items)
            )
    except IntegrityError:
        return False  # another worker stored it at the same moment
    return True


def _dead_fields(work: Work, reason: str) -> dict:
    return {
        "source": DeadLetter.Source.GATEWAY if work.gateway else DeadLetter.Source.MQTT,
        "topic": work.topic[:500],
        "payload": work.payload[:DEAD_LETTER_PAYLOAD_CHARS]
        .decode("utf-8", "replace")
        .replace("\x00", "\ufffd"),
        "payload_size": len(work.payload),
        "reason": reason[:4000],
    }


def _dead_letter(work: Work, reason: str) -> DeadLetter:
    return DeadLetter(**_dead_fields(work, reason))

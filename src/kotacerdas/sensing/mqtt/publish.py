"""Publishing new Observations on their SensorThings topics, for subscribers (dashboards, the
Command Center, other systems).

One long-lived connection per process (MQTT 5, QoS 1), created on first use and run by paho's
own network thread: `observations_publish` only queues the messages and returns. While the broker
is unreachable paho keeps up to `QUEUE_LIMIT` messages and sends them on reconnect; past that,
messages are dropped with a warning (publishing back is a notification; the database holds
the data).
"""

from __future__ import annotations

import datetime as dt
import json
import logging
import os
import threading
from collections.abc import Iterable

import paho.mqtt.client as mqtt
from django.conf import settings
from paho.mqtt.packettypes import PacketTypes
from paho.mqtt.properties import Properties

from kotacerdas.sensing.models import Observation

from .broker import ORIGIN_PROPERTY, STA_VERSION, broker_from_url, configure, datastream_topic

log = logging.getLogger(__name__)
QUEUE_LIMIT = 100_000
INFLIGHT = 1000


def _time(moment: dt.datetime | None) -> str | None:
    if moment is None:
        return None
    return moment.astimezone(dt.UTC).isoformat().replace("+00:00", "Z")


def observation_message(observation: Observation) -> dict:
    """The SensorThings JSON of a new Observation, as published on its topic."""
    if observation.result_number is not None:
        result = observation.result_number
        if result.is_integer() and abs(result) < 2**53:
            result = int(result)
    elif observation.result_string is not None:
        result = observation.result_string
    else:
        result = observation.result_json
    start, end = observation.phenomenon_time, observation.phenomenon_time_end
    doc = {
        "@iot.id": observation.pk,
        "phenomenonTime": _time(start) if end is None else f"{_time(start)}/{_time(end)}",
        "resultTime": _time(observation.result_time),
        "result": result,
    }
    if settings.SITE_URL:
        base = f"{settings.SITE_URL}/sta/{STA_VERSION}"
        doc["@iot.selfLink"] = f"{base}/Observations({observation.pk})"
        doc["Datastream@iot.navigationLink"] = f"{base}/Observations({observation.pk})/Datastream"
    if observation.result_quality is not None:
        doc["resultQuality"] = observation.result_quality
    if observation.valid_time_start is not None:
        doc["validTime"] = (
            f"{_time(observation.valid_time_start)}/{_time(observation.valid_time_end)}"
        )
    if observation.parameters is not None:
        doc["parameters"] = observation.parameters
    return doc


class Publisher:
    """A paho client connected in the background, reconnecting by itself."""

    def __init__(self, url: str) -> None:
        broker = broker_from_url(url)
        self.client = mqtt.Client(
            mqtt.CallbackAPIVersion.VERSION2,
            client_id=f"kotacerdas-publish-{os.getpid()}-{id(self):x}",
            protocol=mqtt.MQTTv5,
        )
        configure(self.client, broker)
        self.client.max_queued_messages_set(QUEUE_LIMIT)
        self.client.max_inflight_messages_set(INFLIGHT)
        self.client.reconnect_delay_set(min_delay=1, max_delay=30)
        self.properties = Properties(PacketTypes.PUBLISH)
        self.properties.UserProperty = [ORIGIN_PROPERTY]
        self.client.connect_async(broker.host, broker.port, keepalive=30)
        self.client.loop_start()
        self.dropped = 0

    def publish(self, topic: str, payload: bytes) -> None:
        info = self.client.publish(topic, payload, qos=1, properties=self.properties)
        if info.rc == mqtt.MQTT_ERR_QUEUE_SIZE:
            self.dropped += 1
            if self.dropped % 1000 == 1:
                log.warning("mqtt publish queue full, %s messages dropped", self.dropped)

    def close(self) -> None:
        self.client.disconnect()
        self.client.loop_stop()


_lock = threading.Lock()
_publishers: dict[tuple[int, str], Publisher] = {}


def publisher() -> Publisher | None:
    """This process's publisher for `MQTT_URL` (None when no broker is configured)."""
    url = settings.MQTT_URL
    if not url:
        return None
    key = (os.getpid(), url)  # a forked process makes its own connection
    found = _publishers.get(key)
    if found is None:
        with _lock:
            found = _publishers.get(key)
            if found is None:
                found = _publishers[key] = Publisher(url)
    return found


def publishers_close() -> None:
    with _lock:
        for found in _publishers.values():
            found.close()
        _publishers.clear()


def observations_publish(observations: Iterable[Observation]) -> None:
    """Queue each Observation's JSON on `v1.1/Datastreams(<id>)/Observations` (QoS 1)."""
    target = publisher()
    if target is None:
        return
    for observation in observations:
        payload = json.dumps(observation_message(observation), ensure_ascii=False).encode()
        try:
            target.publish(datastream_topic(observation.datastream_id), payload)
        except Exception:  # never let a notification break the caller after its commit
            log.exception("mqtt publish failed")

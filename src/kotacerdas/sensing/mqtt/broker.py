"""The broker named by `MQTT_URL` (`mqtt://user:password@host:1883`, `mqtts://` for TLS), and
the SensorThings MQTT topics."""

from __future__ import annotations

import re
from dataclasses import dataclass
from urllib.parse import unquote, urlsplit

STA_VERSION = "v1.1"
# What the platform publishes itself carries this MQTT 5 user property, so that ingestion
# workers (subscribed to the same topics) recognise it without parsing and do not store it again.
ORIGIN_PROPERTY = ("kotacerdas-origin", "server")
_DATASTREAM_TOPIC = re.compile(r"^v1\.[01]/Datastreams\((\d+)\)/Observations$")
_GATEWAY_TOPIC = re.compile(r"^kotacerdas/gateways/([A-Za-z0-9_.:-]{1,100})/dataArray$")


@dataclass(frozen=True)
class Broker:
    host: str
    port: int
    username: str | None = None
    password: str | None = None
    tls: bool = False


def broker_from_url(url: str) -> Broker:
    parts = urlsplit(url)
    if parts.scheme not in {"mqtt", "mqtts", "tcp", "ssl"} or not parts.hostname:
        raise ValueError(f"MQTT_URL must look like mqtt://host:1883, not {url!r}")
    tls = parts.scheme in {"mqtts", "ssl"}
    return Broker(
        host=parts.hostname,
        port=parts.port or (8883 if tls else 1883),
        username=unquote(parts.username) if parts.username else None,
        password=unquote(parts.password) if parts.password else None,
        tls=tls,
    )


def datastream_topic(datastream_id: int) -> str:
    return f"{STA_VERSION}/Datastreams({datastream_id})/Observations"


def observations_topic() -> str:
    return f"{STA_VERSION}/Observations"


def gateway_topic(gateway: str) -> str:
    return f"kotacerdas/gateways/{gateway}/dataArray"


def topic_datastream_id(topic: str) -> int | None:
    """The datastream id of `v1.1/Datastreams(<id>)/Observations`, else None."""
    match = _DATASTREAM_TOPIC.match(topic)
    return int(match.group(1)) if match else None


def topic_gateway(topic: str) -> str | None:
    match = _GATEWAY_TOPIC.match(topic)
    return match.group(1) if match else None


def configure(client, broker: Broker) -> None:
    """Credentials and TLS of `broker` on a paho client."""
    if broker.username is not None:
        client.username_pw_set(broker.username, broker.password)
    if broker.tls:
        client.tls_set()

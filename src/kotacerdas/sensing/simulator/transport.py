"""How the simulator talks to the platform: only its public interfaces, like any device would.

- `StaHttp`: the SensorThings REST API (`/sta/v1.1/`) with an API token (urllib, no Django);
- `HttpTransport`: observations by `POST CreateObservations` (dataArray, in chunks), vehicle
  positions by `PATCH Things(<id>)` with the new Location (the server records the
  HistoricalLocation and tracking hears of it);
- `MqttTransport`: one STA Observation per message on `v1.1/Datastreams(<id>)/Observations`
  (QoS 1), or with `gateway=` a dataArray batch on `kotacerdas/gateways/<name>/dataArray`.
"""

from __future__ import annotations

import datetime as dt
import hashlib
import json
import urllib.error
import urllib.parse
import urllib.request
from collections import defaultdict
from collections.abc import Iterable, Sequence
from typing import Any

CHUNK = 5000
GEOJSON = "application/geo+json"


class SimulatorError(Exception):
    """The platform or the broker refused or could not be reached."""

    def __init__(self, message: str, *, status: int | None = None) -> None:
        super().__init__(message)
        self.status = status


def iso(moment: dt.datetime) -> str:
    return moment.astimezone(dt.UTC).isoformat().replace("+00:00", "Z")


class StaHttp:
    """A tiny SensorThings HTTP client: JSON in, JSON out, Bearer token."""

    def __init__(self, base_url: str, token: str | None, *, timeout: float = 60.0) -> None:
        base = base_url.rstrip("/")
        if not base.endswith("/sta/v1.1"):
            base += "/sta/v1.1"
        self.base = base
        self.token = token
        self.timeout = timeout

    def request(self, method: str, path: str, body: Any = None) -> tuple[int, dict, Any]:
        url = path if path.startswith("http") else f"{self.base}/{path.lstrip('/')}"
        data = None if body is None else json.dumps(body).encode()
        request = urllib.request.Request(url, data=data, method=method)
        request.add_header("Accept", "application/json")
        if data is not None:
            request.add_header("Content-Type", "application/json")
        if self.token:
            request.add_header("Authorization", f"Bearer {self.token}")
        try:
            with urllib.request.urlopen(request, timeout=self.timeout) as response:
                raw = response.read()
                return response.status, dict(response.headers), json.loads(raw) if raw else None
        except urllib.error.HTTPError as exc:
            detail = exc.read().decode(errors="replace")[:500]
            raise SimulatorError(
                f"{method} {url}: HTTP {exc.code} {detail}", status=exc.code
            ) from exc
        except (urllib.error.URLError, OSError) as exc:
            raise SimulatorError(f"{method} {url}: {exc}") from exc

    def get_all(self, path: str, params: dict[str, str]) -> list[dict]:
        """Every entity of a collection, following @iot.nextLink."""
        url = f"{self.base}/{path}?{urllib.parse.urlencode(params, quote_via=urllib.parse.quote)}"
        rows: list[dict] = []
        while url:
            _status, _headers, doc = self.request("GET", url)
            rows += doc.get("value", [])
            url = doc.get("@iot.nextLink")
        return rows


def data_arrays(readings: Iterable[tuple[int, dt.datetime, Any]]) -> list[dict]:
    """CreateObservations documents (one per Datastream) for (datastream id, time, result)."""
    by_stream: dict[int, list] = defaultdict(list)
    for datastream_id, moment, result in readings:
        by_stream[datastream_id].append([iso(moment), result])
    return [
        {
            "Datastream": {"@iot.id": datastream_id},
            "components": ["phenomenonTime", "result"],
            "dataArray": rows,
        }
        for datastream_id, rows in by_stream.items()
    ]


def _chunks(items: Sequence, size: int) -> Iterable[Sequence]:
    for start in range(0, len(items), size):
        yield items[start : start + size]


class HttpTransport:
    name = "http"

    def __init__(self, client: StaHttp) -> None:
        self.client = client
        self.refused = 0  # rows the platform answered with an error (not sent again)

    def send(self, readings: Sequence[tuple[int, dt.datetime, Any]]) -> int:
        """Rows stored (or already there); refused rows are counted in `refused`. Raises
        SimulatorError only when the platform could not be reached or failed as a whole."""
        stored = 0
        for chunk in _chunks(readings, CHUNK):
            _status, _headers, answer = self.client.request(
                "POST", "CreateObservations", data_arrays(chunk)
            )
            ok = sum(1 for row in answer or [] if str(row).startswith("http"))
            stored += ok
            self.refused += len(chunk) - ok
        return stored

    def move(self, fixes: Sequence[tuple[int, dt.datetime, float, float]]) -> int:
        moved = 0
        for thing_id, _moment, lat, lon in fixes:
            location = {
                "name": "Posisi GPS",
                "description": "Posisi GPS kendaraan",
                "encodingType": GEOJSON,
                "location": {"type": "Point", "coordinates": [lon, lat]},
            }
            try:
                self.client.request("PATCH", f"Things({thing_id})", {"Locations": [location]})
            except SimulatorError as exc:
                if exc.status is None or exc.status >= 500:
                    raise
                self.refused += 1  # refused (4xx): not sent again
                continue
            moved += 1
        return moved

    def close(self) -> None:
        pass


class MqttTransport:
    name = "mqtt"

    def __init__(self, url: str, *, gateway: str | None = None, client_id: str = "") -> None:
        import paho.mqtt.client as mqtt

        from kotacerdas.sensing.mqtt.broker import broker_from_url, configure

        try:
            broker = broker_from_url(url)
        except ValueError as exc:
            raise SimulatorError(str(exc)) from exc
        self.gateway = gateway
        self.client = mqtt.Client(
            mqtt.CallbackAPIVersion.VERSION2,
            client_id=client_id
            or f"kotacerdas-simulator-{hashlib.sha1(url.encode()).hexdigest()[:6]}",
            protocol=mqtt.MQTTv311,
        )
        self.client.max_inflight_messages_set(200)
        self.client.max_queued_messages_set(0)
        configure(self.client, broker)
        try:
            self.client.connect(broker.host, broker.port, keepalive=30)
        except OSError as exc:
            raise SimulatorError(f"MQTT {broker.host}:{broker.port}: {exc}") from exc
        self.client.loop_start()

    def _publish(self, topic: str, payload: dict) -> Any:
        info = self.client.publish(topic, json.dumps(payload), qos=1)
        if info.rc != 0:
            raise SimulatorError(f"MQTT publish on {topic} failed (rc={info.rc})")
        return info

    def send(self, readings: Sequence[tuple[int, dt.datetime, Any]]) -> int:
        from kotacerdas.sensing.mqtt.broker import datastream_topic, gateway_topic

        pending = []
        if self.gateway:
            for chunk in _chunks(readings, CHUNK):
                doc = data_arrays(chunk)
                batch_id = hashlib.sha256(json.dumps(doc).encode()).hexdigest()[:32]
                pending.append(
                    self._publish(gateway_topic(self.gateway), {"batchId": batch_id, "data": doc})
                )
        else:
            for datastream_id, moment, result in readings:
                pending.append(
                    self._publish(
                        datastream_topic(datastream_id),
                        {"phenomenonTime": iso(moment), "result": result},
                    )
                )
        for info in pending:
            info.wait_for_publish(timeout=30)
            if not info.is_published():
                raise SimulatorError("MQTT broker did not acknowledge in 30 s")
        return len(readings)

    def move(self, fixes) -> int:
        return 0  # positions are a Thing's Location: only the HTTP API records them

    def close(self) -> None:
        self.client.loop_stop()
        self.client.disconnect()


class Combined:
    """Observations through one transport, vehicle positions through another (HTTP)."""

    def __init__(self, observations, positions) -> None:
        self.observations, self.positions = observations, positions
        self.name = f"{observations.name}+{positions.name}"

    def send(self, readings) -> int:
        return self.observations.send(readings)

    def move(self, fixes) -> int:
        return self.positions.move(fixes)

    def close(self) -> None:
        self.observations.close()
        self.positions.close()

"""Helpers of the observation-store and MQTT ingestion tests: a small sensor network, and a
Mosquitto broker process of the test's own started with the recommended configuration."""

from __future__ import annotations

import contextlib
import datetime as dt
import getpass
import os
import shutil
import socket
import subprocess
import threading
import time
from collections.abc import Callable
from pathlib import Path

from kotacerdas.sensing.models import Datastream, Location, ObservedProperty, Sensor, Thing
from kotacerdas.sensing.services.observations_parse import OM

REPO = Path(__file__).resolve().parents[4]
BROKER_CONF = REPO / "deploy" / "mosquitto" / "kotacerdas.conf"
MOSQUITTO = "/usr/sbin/mosquitto"
T0 = dt.datetime(2026, 12, 7, 8, 0, tzinfo=dt.UTC)


def make_thing(name: str = "Pos P2C", *, lat: float = -6.2362, lon: float = 107.0231) -> Thing:
    thing = Thing.objects.create(name=name, description="pos pantau")
    location = Location.objects.create(
        name=f"Lokasi {name}",
        location={"type": "Point", "coordinates": [lon, lat]},
        lat=lat,
        lon=lon,
    )
    location.things.add(thing)
    return thing


def make_datastream(
    thing: Thing | None = None, *, kind: str = "OM_Measurement", name: str = "TMA"
) -> Datastream:
    thing = thing or make_thing()
    sensor = Sensor.objects.create(name="AWLR", encoding_type="text/plain", metadata="-")
    prop = ObservedProperty.objects.create(name="Tinggi muka air", definition="urn:tma")
    return Datastream.objects.create(
        name=name,
        observation_type=OM + kind,
        unit_of_measurement={"name": "centimetre", "symbol": "cm", "definition": "ucum:cm"},
        thing=thing,
        sensor=sensor,
        observed_property=prop,
    )


def free_port() -> int:
    with socket.socket() as sock:
        sock.bind(("127.0.0.1", 0))
        return sock.getsockname()[1]


def wait_for(predicate: Callable[[], object], *, timeout: float = 30.0, what: str = "condition"):
    """Poll `predicate` until it returns something true; fail after `timeout` seconds.
    (An in-memory SQLite shared between threads answers "table is locked" while the worker
    writes: that is a "not yet".)"""
    from django.db import OperationalError

    deadline = time.monotonic() + timeout
    while True:
        try:
            value = predicate()
        except OperationalError:
            value = None
        if value:
            return value
        if time.monotonic() > deadline:
            raise AssertionError(f"timed out after {timeout} s waiting for {what}")
        time.sleep(0.02)


class MosquittoProcess:
    """`/usr/sbin/mosquitto` on a free port with deploy/mosquitto/kotacerdas.conf (its
    persistence in `directory`), restartable on the same port and store."""

    def __init__(self, directory: Path) -> None:
        self.directory = directory
        self.port = free_port()
        self.process: subprocess.Popen | None = None
        directory.mkdir(parents=True, exist_ok=True)
        conf = BROKER_CONF.read_text()
        # The recommended file, with this test's port and store instead of the system ones.
        lines = [
            line
            for line in conf.splitlines()
            if not line.startswith(("listener", "persistence_location", "log_dest", "pid_file"))
        ]
        lines += [
            f"listener {self.port} 127.0.0.1",
            f"persistence_location {directory}/",
            "log_dest stderr",
            "autosave_interval 1",
            # Started as root, mosquitto would drop to user "mosquitto" and not write its store.
            f"user {getpass.getuser()}",
        ]
        self.conf = directory / "mosquitto.conf"
        self.conf.write_text("\n".join(lines) + "\n")

    @property
    def url(self) -> str:
        return f"mqtt://127.0.0.1:{self.port}"

    def start(self) -> None:
        log = open(self.directory / "mosquitto.log", "ab")  # noqa: SIM115 - kept by the process
        self.process = subprocess.Popen([MOSQUITTO, "-c", str(self.conf)], stdout=log, stderr=log)
        wait_for(self._accepts, timeout=15, what="mosquitto to listen")

    def _accepts(self) -> bool:
        try:
            with socket.create_connection(("127.0.0.1", self.port), timeout=0.5):
                return True
        except OSError:
            return False

    def stop(self) -> None:
        if self.process and self.process.poll() is None:
            self.process.terminate()  # SIGTERM: mosquitto saves its store
            self.process.wait(timeout=15)
        self.process = None

    def restart(self) -> None:
        self.stop()
        self.start()


def mosquitto_available() -> bool:
    return os.path.exists(MOSQUITTO) or shutil.which("mosquitto") is not None


class TcpProxy:
    """A TCP relay to `upstream` that a test can cut (every connection dropped, new ones
    closed at once) and restore: a database outage as the worker sees it."""

    def __init__(self, upstream: tuple[str, int]) -> None:
        self.upstream = upstream
        self.listener = socket.create_server(("127.0.0.1", 0))
        self.port = self.listener.getsockname()[1]
        self.open = threading.Event()
        self.open.set()
        self.closed = threading.Event()
        self.sockets: set[socket.socket] = set()
        self.lock = threading.Lock()
        threading.Thread(target=self._accept, daemon=True).start()

    def _accept(self) -> None:
        while not self.closed.is_set():
            try:
                client, _ = self.listener.accept()
            except OSError:
                return
            if not self.open.is_set():
                client.close()
                continue
            try:
                server = socket.create_connection(self.upstream, timeout=5)
            except OSError:
                client.close()
                continue
            server.settimeout(None)  # the 5 s were for connecting; an idle session stays open
            with self.lock:
                self.sockets |= {client, server}
            threading.Thread(target=self._pump, args=(client, server), daemon=True).start()
            threading.Thread(target=self._pump, args=(server, client), daemon=True).start()

    def _pump(self, source: socket.socket, target: socket.socket) -> None:
        try:
            while chunk := source.recv(65536):
                target.sendall(chunk)
        except OSError:
            pass
        finally:
            for sock in (source, target):
                with contextlib.suppress(OSError):
                    sock.shutdown(socket.SHUT_RDWR)
                sock.close()

    def cut(self) -> None:
        self.open.clear()
        with self.lock:
            for sock in self.sockets:
                with contextlib.suppress(OSError):
                    sock.shutdown(socket.SHUT_RDWR)
            self.sockets.clear()

    def restore(self) -> None:
        self.open.set()

    def close(self) -> None:
        self.closed.set()
        self.cut()
        self.listener.close()


def session_create(broker_url: str, client_id: str, group: str | None = "kotacerdas") -> None:
    """Open the persistent session of worker `client_id` with its subscriptions, as a worker
    that ran once would have left it: from now on the broker queues its messages."""
    import paho.mqtt.client as mqtt
    from paho.mqtt.packettypes import PacketTypes
    from paho.mqtt.properties import Properties

    from kotacerdas.sensing.mqtt.broker import broker_from_url
    from kotacerdas.sensing.mqtt.ingest import SESSION_EXPIRY, subscriptions

    broker = broker_from_url(broker_url)
    client = mqtt.Client(
        mqtt.CallbackAPIVersion.VERSION2, client_id=client_id, protocol=mqtt.MQTTv5
    )
    subscribed = threading.Event()
    client.on_subscribe = lambda *args: subscribed.set()
    properties = Properties(PacketTypes.CONNECT)
    properties.SessionExpiryInterval = SESSION_EXPIRY
    client.connect(broker.host, broker.port, clean_start=False, properties=properties)
    client.loop_start()
    client.subscribe([(topic, 1) for topic in subscriptions(group)])
    wait_for(subscribed.is_set, timeout=10, what="the session's subscriptions")
    client.disconnect()
    client.loop_stop()


class Publisher:
    """A QoS-1 publisher that waits until the broker has every message of a burst."""

    def __init__(self, broker_url: str) -> None:
        import paho.mqtt.client as mqtt

        from kotacerdas.sensing.mqtt.broker import broker_from_url

        broker = broker_from_url(broker_url)
        self.client = mqtt.Client(mqtt.CallbackAPIVersion.VERSION2, protocol=mqtt.MQTTv5)
        self.client.max_inflight_messages_set(1000)
        self.client.reconnect_delay_set(min_delay=0.2, max_delay=1)
        self.client.connect(broker.host, broker.port)
        self.client.loop_start()
        wait_for(self.client.is_connected, timeout=10, what="the publisher to connect")

    def burst(self, messages: list[tuple[str, bytes]], timeout: float = 120) -> None:
        wait_for(self.client.is_connected, timeout=30, what="the publisher to (re)connect")
        infos = [self.client.publish(topic, payload, qos=1) for topic, payload in messages]
        for info in infos:
            info.wait_for_publish(timeout=timeout)

    def close(self) -> None:
        self.client.disconnect()
        self.client.loop_stop()


def worker_process(
    *,
    broker_url: str,
    database_url: str,
    client_id: str,
    log: Path,
    var_dir: Path,
    exclusive: bool = False,
    publish_back: bool = True,
):
    """A real `kotacerdas ingest` process (without `publish_back`, MQTT_URL is unset and the
    broker given by --url: observations are not published back)."""
    import sys

    env = {k: v for k, v in os.environ.items() if not k.startswith(("KOTACERDAS_", "DATABASE_URL"))}
    env |= {
        "DATABASE_URL": database_url,
        "MQTT_URL": broker_url if publish_back else "",
        "KOTACERDAS_DEBUG": "1",
        "KOTACERDAS_VAR_DIR": str(var_dir),
        "KOTACERDAS_AUDIT_CHECKPOINT_EVERY": "0",
        "KOTACERDAS_LOG_LEVEL": "INFO",
        "PYTHONUNBUFFERED": "1",
    }
    output = log.open("ab")
    return subprocess.Popen(
        [
            sys.executable,
            "-m",
            "kotacerdas.cli",
            "ingest",
            "--client-id",
            client_id,
            *(["--exclusive"] if exclusive else []),
            *([] if publish_back else ["--url", broker_url]),
        ],
        cwd=REPO,
        env=env,
        stdout=output,
        stderr=subprocess.STDOUT,
    )


def process_stop(process: subprocess.Popen) -> None:
    if process.poll() is None:
        process.terminate()
        try:
            process.wait(timeout=30)
        except subprocess.TimeoutExpired:
            process.kill()
            process.wait()


def observation_messages(
    datastream_ids: list[int], start: int, stop: int
) -> list[tuple[str, bytes]]:
    """Messages `start`..`stop`-1, each one Observation on its Datastream's STA topic."""
    import json

    messages = []
    for number in range(start, stop):
        datastream_id = datastream_ids[number % len(datastream_ids)]
        moment = (T0 + dt.timedelta(seconds=number)).isoformat().replace("+00:00", "Z")
        body = json.dumps({"phenomenonTime": moment, "result": number}).encode()
        messages.append((f"v1.1/Datastreams({datastream_id})/Observations", body))
    return messages


def no_loss_scenario(
    *,
    broker: MosquittoProcess,
    proxy: TcpProxy,
    database_url: str,
    datastream_ids: list[int],
    total: int,
    outage_seconds: float,
    work_dir: Path,
    stored: Callable[[], int],
    timeout: float = float(os.environ.get("NOLOSS_TIMEOUT", 300)),
    first: int = 0,
) -> dict[str, float]:
    """Publish `total` observations in four bursts while a real `kotacerdas ingest` process
    (database through `proxy`) stores them: burst 1 normally; the database cut; burst 2; the
    broker restarted; burst 3; the worker restarted; the database back after `outage_seconds`;
    burst 4. Returns timings; the caller checks that exactly `total` are stored. `first`: the
    number of the first message (`observation_messages`), past any stored before, which
    would be duplicates and not stored again."""
    client_id = "kotacerdas-noloss"
    # Exclusive subscriptions: Mosquitto 2.0 forgets shared ones when it restarts.
    session_create(broker.url, client_id, group=None)
    log = work_dir / "ingest.log"
    options = {
        "broker_url": broker.url,
        "database_url": database_url,
        "client_id": client_id,
        "log": log,
        "var_dir": work_dir,
        "exclusive": True,
    }
    worker = worker_process(**options)
    publisher = Publisher(broker.url)
    quarter = total // 4
    bounds = [first + n for n in (0, quarter, 2 * quarter, 3 * quarter, total)]
    timings: dict[str, float] = {}
    try:
        started = time.monotonic()
        publisher.burst(observation_messages(datastream_ids, bounds[0], bounds[1]))
        wait_for(lambda: stored() >= quarter, timeout=timeout, what="burst 1 stored")
        proxy.cut()
        cut_at = time.monotonic()
        publisher.burst(observation_messages(datastream_ids, bounds[1], bounds[2]))
        broker.restart()
        publisher.burst(observation_messages(datastream_ids, bounds[2], bounds[3]))
        process_stop(worker)
        worker = worker_process(**options)
        # The outage lasts `outage_seconds` from the cut: a simulated outage, not a race.
        time.sleep(max(0.0, cut_at + outage_seconds - time.monotonic()))
        proxy.restore()
        timings["outage_s"] = time.monotonic() - cut_at
        publisher.burst(observation_messages(datastream_ids, bounds[3], bounds[4]))
        restored_at = time.monotonic()
        wait_for(lambda: stored() >= total, timeout=timeout, what=f"all {total} stored")
        timings["catch_up_s"] = time.monotonic() - restored_at
        timings["total_s"] = time.monotonic() - started
        assert worker.poll() is None, log.read_text()
    except AssertionError as error:
        raise AssertionError(f"{error}\n--- ingest log ---\n{log.read_text()[-4000:]}") from None
    finally:
        publisher.close()
        process_stop(worker)
    return timings

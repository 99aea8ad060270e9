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

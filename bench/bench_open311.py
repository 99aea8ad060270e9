"""Open311 under load (issue #5): 50 concurrent clients against the real server (gunicorn),
each repeating `POST requests.json` then `GET requests/<id>.json` for about 20 seconds.

Prints throughput and p50/p95/p99 latency per endpoint beside the target (p95 at most
100 ms); asserts nothing. Runs inside `python -m bench` (whose main() sets up a throw-away
database), or on its own:

    export DATABASE_URL=postgresql://postgres@127.0.0.1:5432/cmp_o311
    .venv/bin/python -m bench.bench_open311

Knobs (environment): BENCH_OPEN311_CLIENTS (50), BENCH_OPEN311_SECONDS (20),
BENCH_OPEN311_WORKERS (gunicorn processes, default 2 x CPUs + 1), BENCH_OPEN311_THREADS (4).
"""

from __future__ import annotations

import http.client
import json
import os
import random
import socket
import subprocess
import sys
import tempfile
import threading
import time
import urllib.parse
from pathlib import Path

TARGET_P95_MS = 100.0
CLIENTS = int(os.environ.get("BENCH_OPEN311_CLIENTS") or 50)
SECONDS = float(os.environ.get("BENCH_OPEN311_SECONDS") or 20)
WORKERS = int(os.environ.get("BENCH_OPEN311_WORKERS") or 2 * (os.cpu_count() or 1) + 1)
THREADS = int(os.environ.get("BENCH_OPEN311_THREADS") or 4)
SERVICE_CODE = "bench-jalan-rusak"


def _free_port() -> int:
    with socket.socket() as probe:
        probe.bind(("127.0.0.1", 0))
        return probe.getsockname()[1]


def _database_url() -> str:
    """The URL of the (throw-away) database this process uses, for the server process."""
    from django.db import connection

    settings = connection.settings_dict
    if connection.vendor == "sqlite":
        return f"sqlite:///{settings['NAME']}"
    user = urllib.parse.quote(settings.get("USER") or "")
    password = settings.get("PASSWORD") or ""
    credentials = f"{user}:{urllib.parse.quote(password)}@" if password else f"{user}@"
    host = settings.get("HOST") or "127.0.0.1"
    port = settings.get("PORT") or 5432
    return f"postgresql://{credentials}{host}:{port}/{settings['NAME']}"


def _prepare() -> tuple[str, list[tuple[float, float]]]:
    """A category, an API token, and points inside Kota Bekasi (kelurahan centroids)."""
    from kotacerdas.complaints.models import Category
    from kotacerdas.core.models import Agency, Region, RegionLevel, User
    from kotacerdas.core.services.tokens import token_create

    agency = Agency.objects.order_by("pk").first()
    Category.objects.update_or_create(
        code=SERVICE_CODE,
        defaults={
            "name": "Jalan rusak (bench)",
            "group": "Infrastruktur",
            "default_agency": agency,
        },
    )
    user, _created = User.objects.get_or_create(
        username="bench-open311", defaults={"email": "bench-open311@contoh.bekasikota.go.id"}
    )
    _token, raw = token_create(actor="cli", user=user, name="bench open311")
    points = list(
        Region.objects.filter(level=RegionLevel.KELURAHAN, centroid_lat__isnull=False).values_list(
            "centroid_lat", "centroid_lng"
        )
    )
    return raw, points or [(-6.2362, 107.0231)]


def _start_server(port: int, workdir: Path) -> subprocess.Popen:
    env = dict(os.environ, DATABASE_URL=_database_url(), KOTACERDAS_TESTING="1")
    env.setdefault("KOTACERDAS_VAR_DIR", str(workdir))
    command = [
        sys.executable, "-m", "gunicorn", "kotacerdas.wsgi:application",
        "--bind", f"127.0.0.1:{port}",
        "--workers", str(WORKERS),
        "--worker-class", "gthread", "--threads", str(THREADS),
        "--keep-alive", "30",
        "--no-control-socket",
    ]  # fmt: skip
    log = open(workdir / "gunicorn.log", "wb")  # noqa: SIM115  (closed with the process)
    server = subprocess.Popen(command, env=env, stdout=log, stderr=log, start_new_session=True)
    deadline = time.monotonic() + 60
    while time.monotonic() < deadline:
        if server.poll() is not None:
            raise RuntimeError(f"gunicorn exited; see {workdir / 'gunicorn.log'}")
        try:
            connection = http.client.HTTPConnection("127.0.0.1", port, timeout=5)
            connection.request("GET", "/open311/v2/services.json")
            if connection.getresponse().status == 200:
                connection.close()
                return server
        except OSError:
            time.sleep(0.2)
    server.terminate()
    raise RuntimeError("gunicorn did not answer within 60 s")


def _client(port, api_key, points, stop, samples, errors, seed) -> None:
    rng = random.Random(seed)
    connection = http.client.HTTPConnection("127.0.0.1", port, timeout=30)
    headers = {"Content-Type": "application/x-www-form-urlencoded"}
    while not stop.is_set():
        lat, lng = rng.choice(points)
        body = urllib.parse.urlencode(
            {
                "api_key": api_key,
                "service_code": SERVICE_CODE,
                "lat": f"{lat:.6f}",
                "long": f"{lng:.6f}",
                "description": f"Jalan berlubang di dekat titik {rng.randrange(10**6)} (bench).",
                "first_name": "Bench",
                "email": "bench@contoh.id",
            }
        )
        try:
            started = time.perf_counter()
            connection.request("POST", "/open311/v2/requests.json", body, headers)
            response = connection.getresponse()
            payload = response.read()
            samples["POST requests.json"].append(time.perf_counter() - started)
            if response.status != 200:
                errors.append(f"POST {response.status} {payload[:200]!r}")
                continue
            request_id = json.loads(payload)[0]["service_request_id"]
            started = time.perf_counter()
            connection.request("GET", f"/open311/v2/requests/{urllib.parse.quote(request_id)}.json")
            response = connection.getresponse()
            payload = response.read()
            samples["GET requests/<id>.json"].append(time.perf_counter() - started)
            if response.status != 200:
                errors.append(f"GET {response.status} {payload[:200]!r}")
        except (OSError, http.client.HTTPException) as exc:
            errors.append(f"{type(exc).__name__}: {exc}")
            connection.close()
            connection = http.client.HTTPConnection("127.0.0.1", port, timeout=30)
    connection.close()


def _percentile(sorted_values: list[float], share: float) -> float:
    index = min(len(sorted_values) - 1, max(0, round(share * len(sorted_values)) - 1))
    return sorted_values[index]


def bench_open311() -> None:
    from django.db import connection

    print(
        f"Open311 POST requests + GET requests/<id> — {CLIENTS} concurrent clients, "
        f"{SECONDS:g} s, gunicorn gthread {WORKERS} workers x {THREADS} threads, "
        f"{connection.vendor}"
    )
    api_key, points = _prepare()
    workdir = Path(tempfile.mkdtemp(prefix="kotacerdas-bench-open311-"))
    port = _free_port()
    server = _start_server(port, workdir)
    try:
        # Warm every worker (imports, connections) before measuring.
        warm = {"POST requests.json": [], "GET requests/<id>.json": []}
        warm_stop = threading.Event()
        warmers = [
            threading.Thread(target=_client, args=(port, api_key, points, warm_stop, warm, [], i))
            for i in range(min(CLIENTS, WORKERS * THREADS))
        ]
        for thread in warmers:
            thread.start()
        time.sleep(2)
        warm_stop.set()
        for thread in warmers:
            thread.join()

        samples = {"POST requests.json": [], "GET requests/<id>.json": []}
        errors: list[str] = []
        stop = threading.Event()
        clients = [
            threading.Thread(
                target=_client, args=(port, api_key, points, stop, samples, errors, 1000 + i)
            )
            for i in range(CLIENTS)
        ]
        started = time.perf_counter()
        for thread in clients:
            thread.start()
        time.sleep(SECONDS)
        stop.set()
        for thread in clients:
            thread.join()
        elapsed = time.perf_counter() - started
    finally:
        server.terminate()
        try:
            server.wait(timeout=30)
        except subprocess.TimeoutExpired:
            server.kill()
    print(
        f"  {'endpoint':<26} {'requests':>9} {'req/s':>8} {'p50 ms':>8} {'p95 ms':>8}"
        f" {'p99 ms':>8} {'target p95':>11}"
    )
    for name, values in samples.items():
        if not values:
            print(f"  {name:<26} no successful request")
            continue
        ordered = sorted(values)
        p50, p95, p99 = (_percentile(ordered, share) * 1000 for share in (0.50, 0.95, 0.99))
        verdict = "met" if p95 <= TARGET_P95_MS else "missed"
        print(
            f"  {name:<26} {len(values):>9} {len(values) / elapsed:>8.1f} {p50:>8.1f} {p95:>8.1f}"
            f" {p99:>8.1f} {f'<= {TARGET_P95_MS:g} ({verdict})':>11}"
        )
    pairs = min(len(values) for values in samples.values())
    print(f"  POST+GET pairs per second: {pairs / elapsed:.1f}; errors: {len(errors)}")
    for line in errors[:5]:
        print(f"    {line}")


if __name__ == "__main__":
    from bench.__main__ import WORKDIR  # noqa: F401  (sets the throw-away database settings)

    os.environ.setdefault("DJANGO_SETTINGS_MODULE", "kotacerdas.settings")
    import django

    django.setup()
    from django.test.utils import setup_databases, teardown_databases

    old_config = setup_databases(verbosity=0, interactive=False)
    try:
        bench_open311()
    finally:
        from django.db import connections

        connections.close_all()
        teardown_databases(old_config, verbosity=0)

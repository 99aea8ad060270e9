"""Shared pytest fixtures. Services a test needs: skip with a reason on a laptop, fail in CI."""

from __future__ import annotations

import os
import socket

import pytest


def services_required() -> bool:
    return os.environ.get("KOTACERDAS_REQUIRE_SERVICES", "") in {"1", "true", "yes"}


def require_service(name: str, host: str, port: int) -> None:
    try:
        with socket.create_connection((host, port), timeout=2):
            return
    except OSError as exc:
        message = f"{name} is not reachable at {host}:{port} ({exc})"
        if services_required():
            pytest.fail(message + " and KOTACERDAS_REQUIRE_SERVICES is set")
        pytest.skip(message)


def is_postgres() -> bool:
    return os.environ.get("DATABASE_URL", "").startswith(("postgres://", "postgresql://"))


@pytest.fixture
def postgres_only():
    """Tests of PostgreSQL behaviour (row locks across connections) run in the PostgreSQL pass."""
    if not is_postgres():
        pytest.skip("runs in the PostgreSQL pass (DATABASE_URL=postgresql://...)")


@pytest.fixture(autouse=True)
def fresh_search_index():
    """No test finds an in-memory search index another test built (opendata/search_index.py:
    a transactional test's flush leaves the catalogue version where it was)."""
    from kotacerdas.opendata.selectors import search_index

    search_index.forget()
    yield
    search_index.forget()


@pytest.fixture(autouse=True)
def default_language():
    """Each test starts in the default language: a request in English (LocaleMiddleware
    activates it and leaves it active in the thread) does not leak into the next test's
    direct service calls."""
    from django.utils import translation

    translation.deactivate()
    yield
    translation.deactivate()


@pytest.fixture(scope="session", autouse=True)
def serial_live_server_on_sqlite():
    """On SQLite the live server (browser tests) answers one request at a time.

    Django shares the test's in-memory SQLite connection with the live server; its threaded
    server then runs concurrent requests (a page's parallel fetches) on that one connection,
    which can deadlock (seen: two request threads waiting in sqlite3 forever). Django's
    plain WSGIServer closes each connection after its response, so the browser's requests
    queue instead. On PostgreSQL every thread has its own connection: unchanged."""
    if is_postgres():
        yield
        return
    from django.core.servers.basehttp import WSGIServer
    from django.test.testcases import LiveServerThread

    class SerialWSGIServer(WSGIServer):
        def __init__(self, *args, connections_override=None, **kwargs):
            super().__init__(*args, **kwargs)  # the server thread installs the overrides

    original = LiveServerThread.server_class
    LiveServerThread.server_class = SerialWSGIServer
    yield
    LiveServerThread.server_class = original

import datetime as dt
import socket

import pytest
from django.db import OperationalError
from django.db.migrations.recorder import MigrationRecorder
from django.utils import timezone
from django_tasks_db.models import DBTaskResult

from kotacerdas.core.selectors import health
from kotacerdas.core.tasks import audit_checkpoint_task

pytestmark = pytest.mark.django_db


def test_healthz_answers_without_touching_the_database(client, django_assert_num_queries):
    with django_assert_num_queries(0):
        response = client.get("/healthz")
    assert response.status_code == 200
    assert response["Content-Type"] == "application/json"
    assert response.json() == {"status": "ok"}
    assert "no-cache" in response["Cache-Control"]


def test_health_endpoints_accept_only_get(client):
    assert client.post("/healthz").status_code == 405
    assert client.post("/readyz").status_code == 405


def test_readyz_is_200_json_when_everything_is_ready(client):
    response = client.get("/readyz")
    assert response.status_code == 200
    body = response.json()
    assert body["status"] == "ok"
    assert set(body["checks"]) == {"database", "migrations", "task_queue"}
    assert all(check["ok"] for check in body["checks"].values())
    assert body["checks"]["migrations"]["pending"] == 0
    assert body["checks"]["task_queue"]["waiting"] == 0


def test_readyz_is_503_naming_migrations_when_one_is_pending(client):
    # Forget that the latest core migration was applied: it becomes pending.
    latest = MigrationRecorder.Migration.objects.filter(app="core").order_by("-id").first()
    latest.delete()
    response = client.get("/readyz")
    assert response.status_code == 503
    body = response.json()
    assert body["status"] == "unavailable"
    assert body["checks"]["migrations"] == {"ok": False, "pending": 1}
    assert body["checks"]["database"]["ok"] is True


def test_readyz_is_503_naming_the_task_queue_when_a_task_waits_too_long(client, settings):
    settings.TASK_QUEUE_STUCK_AFTER_SECONDS = 600
    audit_checkpoint_task.enqueue()
    assert client.get("/readyz").status_code == 200  # waiting a moment is normal
    DBTaskResult.objects.update(enqueued_at=timezone.now() - dt.timedelta(minutes=11))
    response = client.get("/readyz")
    assert response.status_code == 503
    queue = response.json()["checks"]["task_queue"]
    assert queue["ok"] is False
    assert queue["waiting"] == 1
    assert queue["oldest_waiting_since"] is not None


def test_readyz_is_503_naming_the_database_when_it_fails(client, monkeypatch):
    class BrokenConnection:
        vendor = "broken"

        def cursor(self):
            raise OperationalError("could not connect to server")

    monkeypatch.setattr(health, "connection", BrokenConnection())
    response = client.get("/readyz")
    assert response.status_code == 503
    assert response.json()["checks"] == {"database": {"ok": False, "error": "OperationalError"}}


def test_readyz_checks_the_broker_when_one_is_configured(client, settings):
    with socket.socket() as listener:
        listener.bind(("127.0.0.1", 0))
        listener.listen()
        port = listener.getsockname()[1]
        settings.MQTT_URL = f"mqtt://127.0.0.1:{port}"
        response = client.get("/readyz")
        assert response.status_code == 200
        assert response.json()["checks"]["broker"] == {"ok": True}
    # The listener is closed now: nothing answers on that port.
    response = client.get("/readyz")
    assert response.status_code == 503
    assert response.json()["checks"]["broker"]["ok"] is False

"""Readiness checks used by /readyz."""

from __future__ import annotations

import datetime as dt
import socket
from typing import Any
from urllib.parse import urlparse

from django.conf import settings
from django.db import connection
from django.db.migrations.executor import MigrationExecutor
from django.utils import timezone


def check_database() -> dict[str, Any]:
    try:
        with connection.cursor() as cursor:
            cursor.execute("SELECT 1")
            cursor.fetchone()
    except Exception as exc:  # any driver error means "not ready"
        return {"ok": False, "error": exc.__class__.__name__}
    return {"ok": True, "vendor": connection.vendor}


def check_migrations() -> dict[str, Any]:
    try:
        executor = MigrationExecutor(connection)
        plan = executor.migration_plan(executor.loader.graph.leaf_nodes())
    except Exception as exc:
        return {"ok": False, "error": exc.__class__.__name__}
    return {"ok": not plan, "pending": len(plan)}


def check_task_queue() -> dict[str, Any]:
    """Stuck = a task ready to run has waited longer than TASK_QUEUE_STUCK_AFTER_SECONDS."""
    from django_tasks_db.models import DBTaskResult

    limit = timezone.now() - dt.timedelta(seconds=settings.TASK_QUEUE_STUCK_AFTER_SECONDS)
    try:
        ready = DBTaskResult.objects.ready()
        waiting = ready.count()
        oldest = ready.order_by("enqueued_at").values_list("enqueued_at", flat=True).first()
    except Exception as exc:
        return {"ok": False, "error": exc.__class__.__name__}
    stuck = oldest is not None and oldest < limit
    return {
        "ok": not stuck,
        "waiting": waiting,
        "oldest_waiting_since": oldest.isoformat() if oldest else None,
    }


def check_broker() -> dict[str, Any]:
    url = urlparse(settings.MQTT_URL)
    port = url.port or (8883 if url.scheme in {"mqtts", "ssl"} else 1883)
    try:
        with socket.create_connection((url.hostname or "127.0.0.1", port), timeout=2):
            pass
    except OSError as exc:
        return {"ok": False, "error": exc.__class__.__name__}
    return {"ok": True}


def readiness_checks() -> dict[str, dict[str, Any]]:
    checks = {"database": check_database()}
    if checks["database"]["ok"]:
        checks["migrations"] = check_migrations()
        checks["task_queue"] = check_task_queue()
    if settings.MQTT_URL:
        checks["broker"] = check_broker()
    return checks

"""Two schedulers running the watchdog at the same moment on PostgreSQL raise one stale alarm
per silent datastream (the DatastreamLatest row lock and the open-episode constraint)."""

import pytest
from django.db import connection

from kotacerdas.complaints.tests.threads import run_together
from kotacerdas.core.models import AuditEvent
from kotacerdas.sensing.models import Alarm, AlarmEpisode, AlarmKind, DatastreamLatest
from kotacerdas.sensing.services.watchdog import watchdog_run

from .alerts_support import T0, TEN_MINUTES, alerts_fresh, gauge_stream, minutes, store  # noqa: F401 (fixture)

pytestmark = [
    pytest.mark.skipif(connection.vendor != "postgresql", reason="runs in the PostgreSQL pass"),
    pytest.mark.django_db(transaction=True, serialized_rollback=True),
    pytest.mark.usefixtures("alerts_fresh"),
]


def test_concurrent_watchdog_runs_raise_one_alarm_per_silent_datastream(postgres_only):
    streams = [gauge_stream(None, interval=TEN_MINUTES, name=f"Sensor {i}") for i in range(3)]
    for stream in streams:
        store(stream, (T0, 1.0))
    DatastreamLatest.objects.update(received_at=T0)

    results, errors = run_together(*(lambda: watchdog_run(now=T0 + minutes(30)) for _ in range(4)))
    assert errors == []
    assert sum(result.raised for result in results) == 3
    assert Alarm.objects.filter(kind=AlarmKind.STALE).count() == 3
    assert AlarmEpisode.objects.filter(kind=AlarmKind.STALE, closed_at__isnull=True).count() == 3
    assert AuditEvent.objects.filter(action="sensing.alarm.raise").count() == 3

"""Once per episode under concurrent writes, on PostgreSQL with real threads and connections:
several ingestion batches crossing Siaga at the same moment raise one alarm; the partial unique
constraint alone (without the ladder lock) still lets only one writer open the episode."""

import pytest
from django.db import connection, transaction

from kotacerdas.complaints.tests.threads import run_together
from kotacerdas.core.models import AuditEvent
from kotacerdas.sensing.models import Alarm, AlarmEpisode, AlarmEvent, AlarmKind, AlertLadder
from kotacerdas.sensing.services import alerts

from .alerts_support import (
    T0,
    alerts_fresh,  # noqa: F401 (fixture)
    gauge_stream,
    ladder,
    minutes,
    store,
)

# Skipped before any database is set up on SQLite (a transactional test that only skips in a
# fixture would still flush the test database for the tests after it).
pytestmark = [
    pytest.mark.skipif(connection.vendor != "postgresql", reason="runs in the PostgreSQL pass"),
    pytest.mark.django_db(transaction=True, serialized_rollback=True),
    pytest.mark.usefixtures("alerts_fresh"),
]

WRITERS = 8


def test_concurrent_batches_crossing_siaga_raise_one_alarm(postgres_only):
    stream = gauge_stream()

    def writer(index):
        # each thread stores its own observation: 455 + index cm, all at nearly the same time
        return lambda: store(stream, (T0 + minutes(index), 455 + index))

    results, errors = run_together(*(writer(i) for i in range(WRITERS)))
    assert errors == [] and len(results) == WRITERS
    kp2c = ladder(stream)
    assert AlarmEpisode.objects.filter(ladder=kp2c).count() == 1
    assert Alarm.objects.filter(ladder=kp2c).count() == 1
    alarm = Alarm.objects.get(ladder=kp2c)
    assert AlarmEvent.objects.filter(alarm=alarm, kind="raised").count() == 1
    assert AuditEvent.objects.filter(action="sensing.alarm.raise").count() == 1
    assert alarm.level.name == "Siaga 2"
    assert kp2c.current_value >= 455


def test_open_episode_constraint_without_the_ladder_lock(postgres_only):
    stream = gauge_stream()
    kp2c = AlertLadder.objects.get(datastream=stream, scheme="KP2C")

    def opener():
        with transaction.atomic():
            episode, created = alerts._episode_open(
                kind=AlarmKind.FLOOD, datastream_id=stream.pk, ladder=kp2c, at=T0
            )
            return episode.pk, created

    results, errors = run_together(*(opener for _ in range(WRITERS)))
    assert errors == []
    assert len({pk for pk, _ in results}) == 1
    assert [created for _, created in results].count(True) == 1
    assert AlarmEpisode.objects.filter(ladder=kp2c, closed_at__isnull=True).count() == 1

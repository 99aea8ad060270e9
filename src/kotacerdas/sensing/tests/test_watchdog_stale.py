"""Stale-sensor watchdog: a datastream silent for more than twice its expected interval raises
one stale alarm per episode and is marked stale; data coming back clears it (on the next
observation, or on the next watchdog run); the scheduler runs it."""

import datetime as dt

import pytest
from django.core.management import call_command

from kotacerdas.core.management.commands.scheduler import JOBS
from kotacerdas.core.models import AuditEvent
from kotacerdas.sensing.models import Alarm, AlarmKind, AlarmState, DatastreamLatest
from kotacerdas.sensing.services.alerts import alarm_clear
from kotacerdas.sensing.services.watchdog import watchdog_run

from .alerts_support import (
    T0,
    TEN_MINUTES,
    alerts_fresh,  # noqa: F401 (fixture)
    gauge_stream,
    minutes,
    operator,
    store,
)

pytestmark = [pytest.mark.django_db, pytest.mark.usefixtures("alerts_fresh")]


def silent_stream(interval=TEN_MINUTES, **kwargs):
    stream = gauge_stream(None, interval=interval, name="Penakar hujan", **kwargs)
    store(stream, (T0, 12.0))
    # the observation was received now; make its reception match its time (a live sensor)
    DatastreamLatest.objects.filter(datastream=stream).update(received_at=T0)
    return stream


def test_silence_beyond_twice_the_interval_raises_one_stale_alarm():
    stream = silent_stream()
    assert watchdog_run(now=T0 + minutes(20)).raised == 0  # exactly 2x: not yet
    result = watchdog_run(now=T0 + minutes(21))
    assert (result.raised, result.cleared) == (1, 0)
    alarm = Alarm.objects.get()
    assert (alarm.kind, alarm.state, alarm.datastream_id) == ("stale", "active", stream.pk)
    assert alarm.started_time == T0
    latest = DatastreamLatest.objects.get(datastream=stream)
    assert latest.stale_since == T0 + minutes(21)
    assert watchdog_run(now=T0 + minutes(60)).raised == 0  # same episode
    assert Alarm.objects.count() == 1
    assert AuditEvent.objects.filter(action="sensing.alarm.raise").count() == 1


def test_the_next_observation_clears_the_stale_alarm():
    stream = silent_stream()
    watchdog_run(now=T0 + minutes(30))
    store(stream, (T0 + minutes(31), 13.0))
    alarm = Alarm.objects.get()
    assert alarm.state == AlarmState.CLEARED
    assert alarm.episode.closed_at is not None
    assert DatastreamLatest.objects.get(datastream=stream).stale_since is None
    assert alarm.events.last().note == "Data kembali masuk."
    # a new silence is a new episode
    DatastreamLatest.objects.filter(datastream=stream).update(received_at=T0 + minutes(31))
    assert watchdog_run(now=T0 + minutes(60)).raised == 1
    assert Alarm.objects.filter(kind=AlarmKind.STALE).count() == 2


def test_the_watchdog_clears_when_data_came_back_another_way():
    stream = silent_stream()
    watchdog_run(now=T0 + minutes(30))
    DatastreamLatest.objects.filter(datastream=stream).update(
        phenomenon_time=T0 + minutes(35), received_at=T0 + minutes(35)
    )
    result = watchdog_run(now=T0 + minutes(36))
    assert (result.raised, result.cleared) == (0, 1)
    assert Alarm.objects.get().state == AlarmState.CLEARED
    assert DatastreamLatest.objects.get(datastream=stream).stale_since is None


def test_late_delivery_counts_as_a_sign_of_life_and_unwatched_streams_are_ignored():
    stream = silent_stream()
    # an old reading delivered now: the sensor (or its gateway) is talking
    DatastreamLatest.objects.filter(datastream=stream).update(received_at=T0 + minutes(50))
    assert watchdog_run(now=T0 + minutes(55)).raised == 0
    unwatched = gauge_stream(None, name="Tanpa jadwal")
    store(unwatched, (T0 - dt.timedelta(days=3), 1.0))
    assert watchdog_run(now=T0 + minutes(55)).checked == 1
    assert Alarm.objects.count() == 0


def test_stale_factor_is_configurable(settings):
    settings.SENSING_STALE_FACTOR = 3
    silent_stream()
    assert watchdog_run(now=T0 + minutes(29)).raised == 0
    assert watchdog_run(now=T0 + minutes(31)).raised == 1


def test_manual_clear_of_a_stale_alarm_keeps_the_episode_until_data_returns():
    stream = silent_stream()
    watchdog_run(now=T0 + minutes(30))
    alarm = alarm_clear(actor=operator(), alarm=Alarm.objects.get(), note="Sensor dicabut")
    assert alarm.state == AlarmState.CLEARED and alarm.episode.closed_at is None
    assert watchdog_run(now=T0 + minutes(90)).raised == 0
    assert Alarm.objects.count() == 1
    store(stream, (T0 + minutes(95), 1.0))
    alarm.episode.refresh_from_db()
    assert alarm.episode.closed_at is not None


def test_command_and_scheduler_jobs(capsys):
    silent_stream()
    call_command("sensing_alerts", "watchdog", "--now", (T0 + minutes(30)).isoformat())
    assert "1 alarm baru" in capsys.readouterr().out
    call_command("sensing_alerts", "escalate", "--now", (T0 + dt.timedelta(days=1)).isoformat())
    assert "Eskalasi: 1 alarm" in capsys.readouterr().out  # stale: 60 min by default
    commands = {(job.command, job.args) for job in JOBS}
    assert ("sensing_alerts", ("watchdog",)) in commands
    assert ("sensing_alerts", ("escalate",)) in commands

"""`--now ISO` of the periodic commands: one parser (core/management/moments.py) for all."""

from __future__ import annotations

import datetime as dt

import pytest
from django.core.management import call_command
from django.core.management.base import CommandError

from kotacerdas.core.management.moments import parse_now


def test_parse_now_keeps_zones_and_gives_naive_times_the_projects():
    assert parse_now(None) is None and parse_now("") is None
    aware = parse_now("2026-03-02T08:00:00+07:00")
    assert aware == dt.datetime(2026, 3, 2, 1, 0, tzinfo=dt.UTC)
    naive = parse_now("2026-03-02T08:00:00")
    assert naive.utcoffset() == dt.timedelta(hours=7)  # Asia/Jakarta


@pytest.mark.django_db
@pytest.mark.parametrize(
    "command",
    [
        ["complaints_sla", "sweep"],
        ["sensing_alerts", "watchdog"],
        ["sensing_alerts", "escalate"],
        ["tracking", "check-offline"],
        ["forecast", "run"],
    ],
)
def test_every_periodic_command_refuses_a_now_that_is_not_a_time(command):
    with pytest.raises(CommandError, match="--now harus berupa waktu ISO 8601"):
        call_command(*command, "--now", "kemarin")

"""The stale-sensor watchdog (issue #7 item 3: a silent sensor raises a "stale" alarm).

`watchdog_run(now=None)`, run by `kotacerdas sensing_alerts watchdog` from the scheduler: every
Datastream with an `expected_interval` whose last sign of life (the later of the latest
observation's phenomenonTime and its reception) is older than `SENSING_STALE_FACTOR` (2) times
the interval opens a stale episode and raises its alarm (once per episode, the same machinery as
the flood alarms) and sets `DatastreamLatest.stale_since`; a stale datastream whose data came
back is closed here too (ingestion closes it already on the next observation). A datastream
that never reported is not judged (nothing says since when it should have).
"""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass

from django.conf import settings
from django.db import transaction
from django.utils import timezone

from kotacerdas.sensing.models import AlarmEpisode, AlarmKind, DatastreamLatest

from .alerts import stale_close, stale_open


@dataclass(frozen=True)
class WatchdogResult:
    checked: int
    raised: int
    cleared: int


def stale_factor() -> float:
    return float(getattr(settings, "SENSING_STALE_FACTOR", 2.0))


def last_seen(phenomenon_time: dt.datetime | None, received_at: dt.datetime | None):
    moments = [moment for moment in (phenomenon_time, received_at) if moment is not None]
    return max(moments) if moments else None


def watchdog_run(*, now: dt.datetime | None = None) -> WatchdogResult:
    """One pass over the watched datastreams; idempotent. Each datastream in its own transaction,
    its DatastreamLatest row locked (an observation being stored for it finishes first)."""
    now = now or timezone.now()
    factor = stale_factor()
    rows = DatastreamLatest.objects.filter(datastream__expected_interval__isnull=False).values_list(
        "datastream_id", "datastream__expected_interval", "phenomenon_time", "received_at"
    )
    open_stale = set(
        AlarmEpisode.objects.filter(kind=AlarmKind.STALE, closed_at__isnull=True).values_list(
            "datastream_id", flat=True
        )
    )
    checked = raised = cleared = 0
    for datastream_id, interval, phenomenon_time, received_at in rows:
        checked += 1
        seen = last_seen(phenomenon_time, received_at)
        if seen is None:
            continue
        silent = now - seen > interval * factor
        if silent == (datastream_id in open_stale):
            continue
        with transaction.atomic():
            latest = (
                DatastreamLatest.objects.select_for_update()
                .filter(datastream_id=datastream_id)
                .values_list("phenomenon_time", "received_at")
                .first()
            )
            seen = last_seen(*latest) if latest else None
            if seen is None:
                continue
            if now - seen > interval * factor:
                raised += stale_open(datastream_id=datastream_id, last_seen=seen, now=now)
            else:
                cleared += stale_close(datastream_id=datastream_id, now=now)
    return WatchdogResult(checked=checked, raised=raised, cleared=cleared)

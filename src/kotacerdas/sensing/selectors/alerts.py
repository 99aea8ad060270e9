"""Reads of the alarm console, the flood ladders and the ingestion health (issue #7 items 3-4).

Scope: administrators, sensor operators and the read-all roles see every alarm; an agency
officer sees the alarms of their agency's devices; anybody else sees none.

- `alarm_list(actor=, status=)`: active / acknowledged / open / recent alarms, each with gauge,
  level, value, since when, and the places at risk downstream with their estimated arrival time.
- `alarm_get(actor=, alarm_id=)` and `alarm_events(alarm=)`: one alarm and its trail.
- `ladder_overview(actor=)`: per gauge, each ladder with its levels in force and current level.
- `ingestion_lag(...)`, `datastream_health(...)`: ingestion lag (latest per datastream, p50/p95
  over the last hour) and stale datastreams.
"""

from __future__ import annotations

import datetime as dt
import math
from dataclasses import dataclass, field
from typing import Any

from django.db.models import Q, QuerySet
from django.utils import timezone

from kotacerdas.core.models import Role
from kotacerdas.core.permissions import agency_scope_ids, has_role
from kotacerdas.sensing.errors import EntityNotFound
from kotacerdas.sensing.models import (
    Alarm,
    AlarmEvent,
    AlarmKind,
    AlarmState,
    AlertLadder,
    AlertLevel,
    DatastreamLatest,
    FloodGauge,
    FloodPlace,
    Observation,
    ThresholdSet,
)
from kotacerdas.sensing.services.alerts import threshold_set_at

OPEN_STATES = (AlarmState.ACTIVE, AlarmState.ACKNOWLEDGED)
STATUSES = ("active", "acknowledged", "open", "cleared", "recent")


def _scope_q(actor: Any, path: str) -> Q | None:
    """None: no restriction; else the Q a queryset must match (Q(pk__in=[]) for nobody)."""
    if actor is None or not getattr(actor, "is_authenticated", False):
        return Q(pk__in=[])
    if has_role(actor, Role.SENSOR_OPERATOR):
        return None
    scope = agency_scope_ids(actor)
    if scope is None:
        return None
    return Q(**{f"{path}__in": scope})


def alarms_visible(actor: Any) -> QuerySet[Alarm]:
    alarms = Alarm.objects.all()
    q = _scope_q(actor, "datastream__thing__agency_id")
    return alarms if q is None else alarms.filter(q)


@dataclass(frozen=True)
class PlaceRisk:
    name: str
    kecamatan: str
    kelurahan: str
    arrival_lag: dt.timedelta
    eta: dt.datetime
    at_risk_from: float | None


@dataclass
class AlarmRow:
    alarm: Alarm
    kind: str
    state: str
    where: str
    scheme: str
    level: str
    value: float | None
    unit: str
    since: dt.datetime
    raised_at: dt.datetime
    escalated: bool
    places: list[PlaceRisk] = field(default_factory=list)


def _reached_at(alarm: Alarm, value: float) -> dt.datetime | None:
    """When, in this episode, the gauge first reached `value` (one indexed range query)."""
    factor = alarm.ladder.datastream_factor or 1.0
    moment = (
        Observation.objects.filter(
            datastream_id=alarm.datastream_id,
            phenomenon_time__gte=alarm.started_time,
            result_number__gte=value / factor,
        )
        .order_by("phenomenon_time")
        .values_list("phenomenon_time", flat=True)
        .first()
    )
    return moment


def places_at_risk(alarm: Alarm, places: list[FloodPlace] | None = None) -> list[PlaceRisk]:
    """The places downstream of the alarm's gauge, each with its ETA: the moment the gauge
    reached the place's `at_risk_from` value (or the start of the episode) plus its arrival lag.
    A place whose `at_risk_from` the gauge has not reached in this episode is not listed."""
    if alarm.kind != AlarmKind.FLOOD or not alarm.ladder_id:
        return []
    if places is None:
        places = list(FloodPlace.objects.filter(gauge_id=alarm.ladder.gauge_id))
    reached: dict[float, dt.datetime | None] = {}
    risks = []
    for place in places:
        start = alarm.started_time
        if place.at_risk_from is not None:
            if alarm.peak_value is None or alarm.peak_value < place.at_risk_from:
                continue
            if place.at_risk_from not in reached:
                reached[place.at_risk_from] = _reached_at(alarm, place.at_risk_from)
            start = reached[place.at_risk_from] or alarm.started_time
        risks.append(
            PlaceRisk(
                name=place.name,
                kecamatan=place.kecamatan,
                kelurahan=place.kelurahan,
                arrival_lag=place.arrival_lag,
                eta=start + place.arrival_lag,
                at_risk_from=place.at_risk_from,
            )
        )
    return sorted(risks, key=lambda risk: (risk.eta, risk.name))


def alarm_list(
    *, actor: Any, status: str = "open", limit: int = 100, since: dt.datetime | None = None
) -> list[AlarmRow]:
    """Alarms for the console, newest first. `status`: active, acknowledged, open (both),
    cleared, recent (everything raised since `since`, default the last 7 days)."""
    if status not in STATUSES:
        status = "open"
    alarms = alarms_visible(actor).select_related(
        "ladder__gauge", "level", "datastream__thing", "threshold_set"
    )
    if status == "open":
        alarms = alarms.filter(state__in=OPEN_STATES)
    elif status == "recent":
        alarms = alarms.filter(raised_at__gte=since or timezone.now() - dt.timedelta(days=7))
    else:
        alarms = alarms.filter(state=status)
    alarms = list(alarms.order_by("-active_since", "-pk")[: max(1, min(limit, 1000))])
    gauges = {alarm.ladder.gauge_id for alarm in alarms if alarm.ladder_id}
    places: dict[int, list[FloodPlace]] = {gauge: [] for gauge in gauges}
    for place in FloodPlace.objects.filter(gauge_id__in=gauges):
        places[place.gauge_id].append(place)
    rows = []
    for alarm in alarms:
        ladder = alarm.ladder
        rows.append(
            AlarmRow(
                alarm=alarm,
                kind=alarm.kind,
                state=alarm.state,
                where=ladder.gauge.name if ladder else alarm.datastream.thing.name,
                scheme=ladder.scheme if ladder else "",
                level=alarm.level.name if alarm.level_id else "",
                value=alarm.value,
                unit=ladder.unit if ladder else "",
                since=alarm.active_since,
                raised_at=alarm.raised_at,
                escalated=alarm.escalated_at is not None,
                places=places_at_risk(alarm, places.get(ladder.gauge_id, []))
                if ladder and alarm.state != AlarmState.CLEARED
                else [],
            )
        )
    return rows


def alarm_get(*, actor: Any, alarm_id: int) -> Alarm:
    alarm = (
        alarms_visible(actor)
        .select_related(
            "ladder__gauge", "level", "peak_level", "datastream__thing", "threshold_set"
        )
        .filter(pk=alarm_id)
        .first()
    )
    if alarm is None:
        raise EntityNotFound(f"Alarm({alarm_id})")
    return alarm


def alarm_events(*, alarm: Alarm) -> list[AlarmEvent]:
    return list(AlarmEvent.objects.filter(alarm=alarm).order_by("at", "pk"))


@dataclass
class LadderRow:
    ladder: AlertLadder
    threshold_set: ThresholdSet | None
    levels: list[AlertLevel]
    current_level: AlertLevel | None
    open_alarm: Alarm | None


@dataclass
class GaugeRow:
    gauge: FloodGauge
    ladders: list[LadderRow]


def ladder_overview(*, actor: Any = None, now: dt.datetime | None = None) -> list[GaugeRow]:
    """Every gauge with its ladders: the levels in force now, the current level and value,
    the open alarm. Reference data, readable by anyone; open alarms only within scope."""
    now = now or timezone.now()
    ladders = list(
        AlertLadder.objects.select_related("gauge", "datastream", "current_level").order_by(
            "gauge_id", "pk"
        )
    )
    sets = list(ThresholdSet.objects.filter(ladder__in=ladders).order_by("-version"))
    levels: dict[int, list[AlertLevel]] = {ts.pk: [] for ts in sets}
    for level in AlertLevel.objects.filter(threshold_set__in=sets).order_by("order"):
        levels[level.threshold_set_id].append(level)
    versions: dict[int, list] = {ladder.pk: [] for ladder in ladders}
    for ts in sets:
        versions[ts.ladder_id].append((ts, levels[ts.pk]))
    open_alarms = {
        alarm.ladder_id: alarm
        for alarm in alarms_visible(actor)
        .filter(kind=AlarmKind.FLOOD, state__in=OPEN_STATES)
        .select_related("level")
    }
    gauges: dict[int, GaugeRow] = {}
    for ladder in ladders:
        in_force = threshold_set_at(versions[ladder.pk], now)
        row = LadderRow(
            ladder=ladder,
            threshold_set=in_force[0] if in_force else None,
            levels=in_force[1] if in_force else [],
            current_level=ladder.current_level,
            open_alarm=open_alarms.get(ladder.pk),
        )
        gauges.setdefault(ladder.gauge_id, GaugeRow(gauge=ladder.gauge, ladders=[])).ladders.append(
            row
        )
    return list(gauges.values())


# --- ingestion health ---------------------------------------------------------------------------


def percentile(values: list[float], share: float) -> float | None:
    """Linear interpolation between closest ranks (as numpy's default)."""
    if not values:
        return None
    ordered = sorted(values)
    position = (len(ordered) - 1) * share
    low, high = math.floor(position), math.ceil(position)
    return ordered[low] + (ordered[high] - ordered[low]) * (position - low)


@dataclass(frozen=True)
class LagStats:
    count: int
    p50: float | None
    p95: float | None
    max: float | None
    window: dt.timedelta


def ingestion_lag(
    *,
    now: dt.datetime | None = None,
    window: dt.timedelta = dt.timedelta(hours=1),
    datastream_id: int | None = None,
    sample: int = 10_000,
) -> LagStats:
    """Ingestion lag (received_at - phenomenonTime, seconds) of the observations received in the
    last `window`: of one datastream (a range of its index on phenomenonTime), or of all, read
    from the newest `sample` observations by id (a bounded scan of the primary key index, ids
    grow with reception; no index on received_at is needed and no hour of rows is scanned)."""
    now = now or timezone.now()
    start = now - window
    if datastream_id is not None:
        rows = Observation.objects.filter(
            datastream_id=datastream_id, phenomenon_time__gte=start - window
        ).order_by("-phenomenon_time")
    else:
        rows = Observation.objects.order_by("-pk")
    pairs = [
        (received, phenomenon)
        for received, phenomenon in rows.values_list("received_at", "phenomenon_time")[:sample]
        if start <= received <= now
    ]
    lags = [(received - phenomenon).total_seconds() for received, phenomenon in pairs]
    return LagStats(
        count=len(lags),
        p50=percentile(lags, 0.5),
        p95=percentile(lags, 0.95),
        max=max(lags) if lags else None,
        window=window,
    )


def datastream_health(*, actor: Any = None, stale_only: bool = False) -> QuerySet:
    """Latest value, ingestion lag and stale mark per datastream (DatastreamLatest rows)."""
    rows = DatastreamLatest.objects.select_related("datastream__thing").order_by("datastream_id")
    q = _scope_q(actor, "datastream__thing__agency_id") if actor is not None else None
    if q is not None:
        rows = rows.filter(q)
    if stale_only:
        rows = rows.filter(stale_since__isnull=False)
    return rows

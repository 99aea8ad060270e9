"""Flood alert ladders and alarms (issue #7 item 4; Pasal 5(d) and 24(4): the sensors feed the
city's management, the Command Center watches them).

- `alerts_on_observations(observations)`: called by `observations_store` inside its transaction
  for every stored batch. Cheap when no ladder watches the batch's datastreams (a per-process set
  of watched datastream ids, reloaded every `SENSING_WATCH_CACHE_SECONDS` (30 s) and at once
  when this process changes a ladder). For a watched datastream it locks each ladder row
  (`select_for_update`, so concurrent batches are evaluated one after the other), evaluates
  the new values in phenomenonTime order (hysteresis, rate of rise, the threshold version in
  force at that time) and opens, updates or closes the ladder's episode. A value older than the
  ladder's last evaluated one (a backfill) does not move the ladder. Observations of a silent
  datastream close its "stale" episode (see `services/watchdog.py`).
- Episodes: one open per ladder (flood) or per datastream (stale), enforced by partial unique
  constraints, opened with `get_or_create`; the alarm is created only by the writer that created
  the episode, so an episode raises at most one alarm even under concurrent writes.
- Lifecycle: `alarm_acknowledge`, `alarm_clear` (manual clear only where allowed), and
  `alarms_escalate_due` (run by `kotacerdas sensing_alerts escalate` from the scheduler).
  A flood alarm whose level rises again after acknowledgement (or after a manual clear, in the
  same episode) becomes active again and needs a new acknowledgement.
Configuration of ladders, threshold versions and places: `services/alerts_config.py`.
"""

from __future__ import annotations

import bisect
import datetime as dt
import threading
import time
from collections import defaultdict
from collections.abc import Iterable
from dataclasses import dataclass
from typing import Any

from django.conf import settings
from django.db import transaction
from django.utils import timezone
from django.utils.translation import gettext as _

from kotacerdas.core.audit.chain import SYSTEM_ACTOR, audit_record
from kotacerdas.core.models import NotificationLevel, Role, User
from kotacerdas.sensing.errors import Conflict
from kotacerdas.sensing.models import (
    Alarm,
    AlarmEpisode,
    AlarmEvent,
    AlarmEventKind,
    AlarmKind,
    AlarmState,
    AlarmTrigger,
    AlertLadder,
    AlertLevel,
    DatastreamLatest,
    Observation,
    ThresholdSet,
)
from kotacerdas.sensing.permissions import require_sensing_writer

# A rate-of-rise episode stays open while the rise is at least this share of the threshold.
RISE_CLEAR_FRACTION = 0.5


# --- which datastreams are watched (cached per process) -------------------------------------


@dataclass(frozen=True)
class _Watched:
    ladders: frozenset[int]  # datastream ids watched by an active ladder
    stale: frozenset[int]  # datastream ids with an open stale episode
    loaded: float


_watched: _Watched | None = None
_watched_lock = threading.Lock()


def _watched_load() -> _Watched:
    ladders = AlertLadder.objects.filter(is_active=True, datastream__isnull=False).values_list(
        "datastream_id", flat=True
    )
    stale = AlarmEpisode.objects.filter(kind=AlarmKind.STALE, closed_at__isnull=True).values_list(
        "datastream_id", flat=True
    )
    return _Watched(frozenset(ladders), frozenset(stale), time.monotonic())


def watched_datastreams() -> _Watched:
    """The datastream ids the alert evaluation must look at (cached, see the module docstring)."""
    global _watched
    current = _watched
    ttl = getattr(settings, "SENSING_WATCH_CACHE_SECONDS", 30)
    if current is None or time.monotonic() - current.loaded > ttl:
        with _watched_lock:
            current = _watched_load()
            _watched = current
    return current


def watched_invalidate() -> None:
    """Forget the cached set now and again after commit (a ladder or episode changed)."""
    global _watched
    _watched = None
    _versions.clear()

    def forget() -> None:
        global _watched
        _watched = None
        _versions.clear()

    transaction.on_commit(forget)


# --- levels -------------------------------------------------------------------------------------


def level_for(levels: list[AlertLevel], value: float) -> AlertLevel | None:
    """The level `value` falls in (levels lowest first); None below the lowest.

    A value enters a level when it is above the previous level's upper bound (KP2C P2C: 350 is
    Normal, 350.5 and 351 Siaga 3), or at/above its own lower bound when the previous level
    has no upper bound (Bendung Bekasi: 200 m³/s is Siap).
    """
    found = None
    previous_upper = None
    for level in levels:
        if previous_upper is not None:
            enters = value > previous_upper
        elif level.lower is not None:
            enters = value >= level.lower
        else:
            enters = True
        if not enters:
            break
        found = level
        previous_upper = level.upper
    return found


def _order(level: AlertLevel | None) -> int:
    return -1 if level is None else level.order


def level_with_hysteresis(
    levels: list[AlertLevel], current: AlertLevel | None, value: float, margin: float
) -> AlertLevel | None:
    """Up at once; down only as far as `value + margin` allows (a level is left only when the
    value is below its entry bound minus the margin), so a value wavering around a bound does
    not flap between two levels."""
    raw = level_for(levels, value)
    if current is None or current.threshold_set_id != (raw or levels[0]).threshold_set_id:
        return raw
    if _order(raw) >= current.order:
        return raw
    held = level_for(levels, value + margin)
    return held if _order(held) < current.order else current


def _alarming(level: AlertLevel | None) -> bool:
    return level is not None and level.raises_alarm


# --- evaluation ----------------------------------------------------------------------------------


Versions = list[tuple[ThresholdSet, list[AlertLevel]]]
_versions: dict[int, tuple[float, Versions]] = {}


def _threshold_sets(ladder_ids: list[int]) -> dict[int, Versions]:
    """Each ladder's versions, newest first, each with its levels lowest first; cached per
    process like the watched set (threshold versions change rarely, never in place)."""
    ttl = getattr(settings, "SENSING_WATCH_CACHE_SECONDS", 30)
    now = time.monotonic()
    found = {pk: hit[1] for pk in ladder_ids if (hit := _versions.get(pk)) and now - hit[0] <= ttl}
    missing = [pk for pk in ladder_ids if pk not in found]
    if missing:
        sets = list(ThresholdSet.objects.filter(ladder_id__in=missing).order_by("-version"))
        levels: dict[int, list[AlertLevel]] = defaultdict(list)
        for level in AlertLevel.objects.filter(threshold_set__in=sets).order_by("order"):
            levels[level.threshold_set_id].append(level)
        loaded: dict[int, Versions] = {pk: [] for pk in missing}
        for ts in sets:
            if levels[ts.pk]:
                loaded[ts.ladder_id].append((ts, levels[ts.pk]))
        for pk, versions in loaded.items():
            _versions[pk] = (now, versions)
        found.update(loaded)
    return found


def threshold_set_at(
    versions: list[tuple[ThresholdSet, list[AlertLevel]]], moment: dt.datetime
) -> tuple[ThresholdSet, list[AlertLevel]] | None:
    """The version in force at `moment`: the highest version already effective; before the
    first version took effect, the first version."""
    for ts, levels in versions:
        if ts.effective_from <= moment:
            return ts, levels
    return versions[-1] if versions else None


def alerts_on_observations(observations: Iterable[Observation]) -> None:
    """Evaluate the ladders and stale episodes of the datastreams of newly stored observations.

    Called inside the caller's transaction (`observations_store`), after the rows are stored.
    """
    watched = watched_datastreams()
    if not watched.ladders and not watched.stale:
        return
    by_stream: dict[int, list[Observation]] = defaultdict(list)
    for observation in observations:
        if (
            observation.datastream_id in watched.ladders
            or observation.datastream_id in watched.stale
        ):
            by_stream[observation.datastream_id].append(observation)
    if not by_stream:
        return
    with transaction.atomic():  # the caller's transaction; a savepoint if called outside one
        for datastream_id in sorted(by_stream):  # one lock order for every writer
            items = by_stream[datastream_id]
            if datastream_id in watched.stale:
                _stale_close(datastream_id, when=timezone.now(), note=_("Data kembali masuk."))
            if datastream_id in watched.ladders:
                _datastream_evaluate(datastream_id, items)


def _datastream_evaluate(datastream_id: int, items: list[Observation]) -> None:
    """Lock the datastream's ladders (in id order), then evaluate each: ~3 queries a ladder
    (lock shared, open episodes shared, the rise window if it has a rate rule, the state)."""
    ladders = list(
        AlertLadder.objects.select_for_update()
        .filter(datastream_id=datastream_id, is_active=True)
        .order_by("pk")
    )
    if not ladders:
        return
    versions = _threshold_sets([ladder.pk for ladder in ladders])
    episodes = {
        episode.ladder_id: episode
        for episode in AlarmEpisode.objects.select_related("alarm").filter(
            ladder__in=ladders, kind=AlarmKind.FLOOD, closed_at__isnull=True
        )
    }
    for ladder in ladders:
        if versions.get(ladder.pk):
            _ladder_evaluate(ladder, items, versions[ladder.pk], episodes.get(ladder.pk))


@dataclass
class _Reading:
    time: dt.datetime
    value: float


def _history(
    ladder: AlertLadder, readings: list[_Reading]
) -> tuple[list[dt.datetime], list[float]]:
    """Stored values of the ladder's datastream over the rise window before the new readings
    (one indexed range query), merged with the readings, by time."""
    start = readings[0].time - ladder.rise_window
    rows = Observation.objects.filter(
        datastream_id=ladder.datastream_id,
        phenomenon_time__gte=start,
        phenomenon_time__lte=readings[-1].time,
        result_number__isnull=False,
    ).values_list("phenomenon_time", "result_number")
    points = {(moment, number * ladder.datastream_factor) for moment, number in rows}
    points.update((reading.time, reading.value) for reading in readings)
    ordered = sorted(points)
    return [moment for moment, _ in ordered], [value for _, value in ordered]


def _rise(ladder: AlertLadder, times: list[dt.datetime], values: list[float], reading: _Reading):
    """How far the value rose within the rise window up to `reading` (from the window's minimum)."""
    first = bisect.bisect_left(times, reading.time - ladder.rise_window)
    last = bisect.bisect_right(times, reading.time)
    window = values[first:last]
    return reading.value - min(window) if window else 0.0


def _ladder_evaluate(
    ladder: AlertLadder,
    items: list[Observation],
    versions: Versions,
    episode: AlarmEpisode | None,
) -> None:
    readings = sorted(
        (
            _Reading(o.phenomenon_time, o.result_number * ladder.datastream_factor)
            for o in items
            if o.result_number is not None
            and (ladder.current_time is None or o.phenomenon_time > ladder.current_time)
        ),
        key=lambda reading: reading.time,
    )
    if not readings:
        return
    times, values = _history(ladder, readings) if ladder.rise_threshold else ([], [])
    current = next(
        (lv for _ts, lvs in versions for lv in lvs if lv.pk == ladder.current_level_id), None
    )
    alarm = getattr(episode, "alarm", None) if episode else None
    unsaved: set[str] = set()  # alarm fields changed in memory, written once
    rise = None
    for reading in readings:
        ts, levels = threshold_set_at(versions, reading.time)
        new_level = level_with_hysteresis(levels, current, reading.value, ladder.hysteresis_margin)
        rise = _rise(ladder, times, values, reading) if ladder.rise_threshold else None
        fast = rise is not None and rise >= ladder.rise_threshold
        still_fast = rise is not None and rise >= ladder.rise_threshold * RISE_CLEAR_FRACTION
        if episode is None and (_alarming(new_level) or fast):
            trigger = AlarmTrigger.LEVEL if _alarming(new_level) else AlarmTrigger.RATE_OF_RISE
            episode, alarm = _flood_raise(ladder, ts, new_level, reading, rise, trigger)
        elif episode is not None:
            ending = not _alarming(new_level) and not still_fast
            if alarm is not None:
                unsaved |= _flood_update(alarm, current, new_level, reading, rise, ending=ending)
            if ending:
                if alarm is not None and unsaved:
                    alarm.save(update_fields=sorted(unsaved))
                unsaved = set()
                _episode_close(episode, alarm, when=timezone.now(), value=reading.value)
                episode = alarm = None
        current = new_level
    if alarm is not None and unsaved:
        alarm.save(update_fields=sorted(unsaved))
    last = readings[-1]
    ladder.current_level = current
    ladder.current_value = last.value
    ladder.current_time = last.time
    ladder.current_rise = rise
    AlertLadder.objects.filter(pk=ladder.pk).update(
        current_level=current,
        current_value=last.value,
        current_time=last.time,
        current_rise=rise,
    )


def _event(alarm: Alarm, kind: str, *, actor: Any = None, at=None, note: str = "") -> AlarmEvent:
    user = actor if isinstance(actor, User) else None
    return AlarmEvent.objects.create(
        alarm=alarm,
        kind=kind,
        at=at or timezone.now(),
        actor=user,
        actor_repr=user.get_username() if user else (actor or SYSTEM_ACTOR),
        level_name=alarm.level.name if alarm.level_id else "",
        value=alarm.value,
        note=note,
    )


def _audit(alarm: Alarm, action: str, *, actor: Any = None, **changes: Any) -> None:
    audit_record(
        actor=actor or SYSTEM_ACTOR,
        action=f"sensing.alarm.{action}",
        obj=alarm,
        changes={
            "kind": alarm.kind,
            "state": alarm.state,
            "level": alarm.level.name if alarm.level_id else None,
            "value": alarm.value,
        }
        | changes,
    )


def _episode_open(
    *, kind: str, datastream_id: int, ladder: AlertLadder | None, at: dt.datetime
) -> tuple[AlarmEpisode, bool]:
    """The open episode of the ladder (or silent datastream), created if none is open.

    The partial unique constraint makes a concurrent second insert fail; `get_or_create` then
    returns the row the other writer committed, with created=False.
    """
    key = {"ladder": ladder} if kind == AlarmKind.FLOOD else {"datastream_id": datastream_id}
    return AlarmEpisode.objects.get_or_create(
        kind=kind,
        closed_at__isnull=True,
        **key,
        defaults={"datastream_id": datastream_id, "opened_at": at},
    )


def _flood_raise(
    ladder: AlertLadder,
    ts: ThresholdSet,
    level: AlertLevel | None,
    reading: _Reading,
    rise: float | None,
    trigger: str,
) -> tuple[AlarmEpisode, Alarm | None]:
    now = timezone.now()
    episode, created = _episode_open(
        kind=AlarmKind.FLOOD, datastream_id=ladder.datastream_id, ladder=ladder, at=now
    )
    if not created:
        return episode, Alarm.objects.filter(episode=episode).first()
    alarm = Alarm.objects.create(
        episode=episode,
        kind=AlarmKind.FLOOD,
        trigger=trigger,
        ladder=ladder,
        datastream_id=ladder.datastream_id,
        threshold_set=ts,
        level=level,
        peak_level=level,
        value=reading.value,
        peak_value=reading.value,
        rise=rise,
        value_time=reading.time,
        started_time=reading.time,
        raised_at=now,
        active_since=now,
    )
    note = ""
    if trigger == AlarmTrigger.RATE_OF_RISE:
        note = _("Naik %(rise)s %(unit)s dalam %(minutes)s menit.") % {
            "rise": f"{rise:g}",
            "unit": ladder.unit,
            "minutes": int(ladder.rise_window.total_seconds() // 60),
        }
    _event(alarm, AlarmEventKind.RAISED, at=now, note=note)
    _audit(
        alarm,
        "raise",
        ladder=ladder.pk,
        trigger=trigger,
        threshold_version=ts.version,
        rise=rise,
        time=reading.time,
    )
    return episode, alarm


def _flood_update(
    alarm: Alarm,
    previous: AlertLevel | None,
    level: AlertLevel | None,
    reading: _Reading,
    rise: float | None,
    *,
    ending: bool = False,
) -> set[str]:
    """Follow the value in memory (the caller writes the returned fields once); a level change
    is an event unless the episode ends with this value (the clearing event has the level)."""
    alarm.value, alarm.value_time, alarm.rise = reading.value, reading.time, rise
    fields = ["value", "value_time", "rise"]
    if alarm.peak_value is None or reading.value > alarm.peak_value:
        alarm.peak_value = reading.value
        fields.append("peak_value")
    if _order(level) > _order(alarm.peak_level):
        alarm.peak_level = level
        fields.append("peak_level")
    changed = (level.pk if level else None) != alarm.level_id
    if changed:
        alarm.level = level
        fields.append("level")
    rises_again = (
        changed
        and _alarming(level)
        and (_order(level) > _order(previous) or alarm.state == AlarmState.CLEARED)
        and alarm.state != AlarmState.ACTIVE
    )
    if rises_again:
        now = timezone.now()
        alarm.state, alarm.active_since, alarm.escalated_at = AlarmState.ACTIVE, now, None
        alarm.cleared_at = alarm.cleared_by = None
        fields += ["state", "active_since", "escalated_at", "cleared_at", "cleared_by"]
    if rises_again:
        _event(alarm, AlarmEventKind.REACTIVATED)
        _audit(alarm, "reactivate", time=reading.time)
    elif changed and not ending:
        _event(alarm, AlarmEventKind.LEVEL_CHANGED)
        _audit(
            alarm,
            "level_change",
            level_from=previous.name if previous else None,
            time=reading.time,
        )
    return set(fields)


def ladder_episode_close(*, ladder: AlertLadder, note: str) -> bool:
    """Close the ladder's open flood episode (the ladder is switched off); its alarm clears."""
    episode = (
        AlarmEpisode.objects.select_for_update()
        .filter(ladder=ladder, kind=AlarmKind.FLOOD, closed_at__isnull=True)
        .first()
    )
    if episode is None:
        return False
    _episode_close(
        episode, Alarm.objects.filter(episode=episode).first(), when=timezone.now(), note=note
    )
    return True


def _episode_close(
    episode: AlarmEpisode,
    alarm: Alarm | None,
    *,
    when: dt.datetime,
    value: float | None = None,
    note: str = "",
) -> None:
    """End the episode; its alarm is cleared automatically unless a person already cleared it."""
    episode.closed_at = when
    episode.save(update_fields=["closed_at"])
    if alarm is None or alarm.state == AlarmState.CLEARED:
        return
    alarm.state, alarm.cleared_at = AlarmState.CLEARED, when
    if value is not None:
        alarm.value = value
    alarm.save(update_fields=["state", "cleared_at", "value"])
    _event(alarm, AlarmEventKind.CLEARED, at=when, note=note or _("Kondisi kembali normal."))
    _audit(alarm, "clear", automatic=True)


# --- stale episodes (opened by the watchdog) ------------------------------------------------------


def stale_open(*, datastream_id: int, last_seen: dt.datetime | None, now: dt.datetime) -> bool:
    """Open the stale episode and raise its alarm (once per episode); True if raised now."""
    episode, created = _episode_open(
        kind=AlarmKind.STALE, datastream_id=datastream_id, ladder=None, at=now
    )
    if not created:
        return False
    alarm = Alarm.objects.create(
        episode=episode,
        kind=AlarmKind.STALE,
        trigger=AlarmTrigger.STALE,
        datastream_id=datastream_id,
        value_time=last_seen,
        started_time=last_seen or now,
        raised_at=now,
        active_since=now,
    )
    DatastreamLatest.objects.filter(datastream_id=datastream_id).update(stale_since=now)
    _event(
        alarm,
        AlarmEventKind.RAISED,
        at=now,
        note=_("Tidak ada data sejak %(time)s.")
        % {"time": last_seen.isoformat() if last_seen else "-"},
    )
    _audit(alarm, "raise", trigger=AlarmTrigger.STALE, last_seen=last_seen)
    watched_invalidate()
    return True


def _stale_close(datastream_id: int, *, when: dt.datetime, note: str) -> bool:
    episode = (
        AlarmEpisode.objects.select_for_update()
        .filter(kind=AlarmKind.STALE, datastream_id=datastream_id, closed_at__isnull=True)
        .first()
    )
    DatastreamLatest.objects.filter(datastream_id=datastream_id, stale_since__isnull=False).update(
        stale_since=None
    )
    if episode is None:
        return False
    _episode_close(episode, Alarm.objects.filter(episode=episode).first(), when=when, note=note)
    watched_invalidate()
    return True


def stale_close(*, datastream_id: int, now: dt.datetime) -> bool:
    """Close the stale episode of a datastream whose data came back (watchdog path)."""
    return _stale_close(datastream_id, when=now, note=_("Data kembali masuk."))


# --- lifecycle by people and by the clock ---------------------------------------------------------


def _alarm_locked(alarm: Alarm) -> Alarm:
    return (
        Alarm.objects.select_for_update(of=("self",))
        .select_related("datastream__thing", "level")
        .get(pk=alarm.pk)
    )


@transaction.atomic
def alarm_acknowledge(*, actor: Any, alarm: Alarm, note: str = "") -> Alarm:
    """An operator takes charge of an active alarm (Pasal 24(4): the Command Center responds)."""
    alarm = _alarm_locked(alarm)
    require_sensing_writer(actor, alarm.datastream.thing)
    if alarm.state != AlarmState.ACTIVE:
        raise Conflict(_("Alarm ini sudah ditanggapi atau sudah selesai."), field="state")
    now = timezone.now()
    alarm.state, alarm.acknowledged_at = AlarmState.ACKNOWLEDGED, now
    alarm.acknowledged_by = actor if isinstance(actor, User) else None
    alarm.save(update_fields=["state", "acknowledged_at", "acknowledged_by"])
    _event(alarm, AlarmEventKind.ACKNOWLEDGED, actor=actor, at=now, note=note.strip())
    _audit(alarm, "acknowledge", actor=actor, note=note.strip())
    return alarm


@transaction.atomic
def alarm_clear(*, actor: Any, alarm: Alarm, note: str = "") -> Alarm:
    """Clear an alarm by hand, where allowed.

    - stale alarm: always (e.g. a sensor taken out of service); its episode stays open until
      data comes back, so the silence raises no second alarm;
    - flood alarm: only when the ladder's current level raises no alarm (the value is back
      below Siaga and only hysteresis or a rate-of-rise rule holds the episode open). If the
      level rises again in the same episode, the alarm becomes active again.
    Otherwise `Conflict`. A note is required.
    """
    alarm = _alarm_locked(alarm)
    require_sensing_writer(actor, alarm.datastream.thing)
    if alarm.state == AlarmState.CLEARED:
        raise Conflict(_("Alarm ini sudah selesai."), field="state")
    note = note.strip()
    if not note:
        raise Conflict(_("Tuliskan alasan menutup alarm."), field="note")
    if alarm.kind == AlarmKind.FLOOD and alarm.ladder_id:
        ladder = AlertLadder.objects.select_related("current_level").get(pk=alarm.ladder_id)
        if ladder.is_active and _alarming(ladder.current_level):
            raise Conflict(
                _("Alarm tidak dapat ditutup: status pos masih %(level)s.")
                % {"level": ladder.current_level.name},
                field="state",
            )
    now = timezone.now()
    alarm.state, alarm.cleared_at = AlarmState.CLEARED, now
    alarm.cleared_by = actor if isinstance(actor, User) else None
    alarm.save(update_fields=["state", "cleared_at", "cleared_by"])
    _event(alarm, AlarmEventKind.CLEARED, actor=actor, at=now, note=note)
    _audit(alarm, "clear", actor=actor, automatic=False, note=note)
    return alarm


def _escalate_after(alarm: Alarm) -> dt.timedelta:
    if alarm.ladder_id:
        return alarm.ladder.escalate_after
    minutes = getattr(settings, "SENSING_STALE_ESCALATE_AFTER_MINUTES", 60)
    return dt.timedelta(minutes=minutes)


def _escalation_recipients(alarm: Alarm) -> list[User]:
    users = User.objects.filter(is_active=True)
    chosen = [
        user
        for user in users.filter(roles__isnull=False)
        if set(user.roles or []) & {Role.ADMINISTRATOR, Role.SENSOR_OPERATOR}
        or (
            Role.AGENCY_OFFICER in (user.roles or [])
            and user.agency_id is not None
            and user.agency_id == alarm.datastream.thing.agency_id
        )
    ]
    return chosen


def alarms_escalate_due(*, now: dt.datetime | None = None) -> int:
    """Escalate every active alarm not acknowledged within its ladder's `escalate_after`
    (stale alarms: `SENSING_STALE_ESCALATE_AFTER_MINUTES`, 60): once per activation, with an
    event, an audit record and an in-app notification to the sensor operators, administrators
    and the officers of the device's agency. Returns how many were escalated. Idempotent."""
    from kotacerdas.core.services.notifications import notify

    now = now or timezone.now()
    due = Alarm.objects.filter(state=AlarmState.ACTIVE, escalated_at__isnull=True).select_related(
        "ladder"
    )
    count = 0
    for candidate in due:
        if candidate.active_since + _escalate_after(candidate) > now:
            continue
        with transaction.atomic():
            alarm = (
                Alarm.objects.select_for_update(of=("self",), skip_locked=True)
                .select_related("ladder__gauge", "datastream__thing", "level")
                .filter(pk=candidate.pk, state=AlarmState.ACTIVE, escalated_at__isnull=True)
                .first()
            )
            if alarm is None:
                continue
            alarm.escalated_at = now
            alarm.escalation_count += 1
            alarm.save(update_fields=["escalated_at", "escalation_count"])
            _event(alarm, AlarmEventKind.ESCALATED, at=now)
            _audit(alarm, "escalate", escalation=alarm.escalation_count)
            where = alarm.ladder.gauge.name if alarm.ladder_id else alarm.datastream.thing.name
            notify(
                users=_escalation_recipients(alarm),
                event_key=f"sensing.alarm.{alarm.pk}.escalated.{alarm.escalation_count}",
                title=_("Alarm belum ditanggapi: %(where)s") % {"where": where},
                body=_("%(kind)s %(level)s sejak %(since)s belum ditanggapi.")
                % {
                    "kind": alarm.get_kind_display(),
                    "level": alarm.level.name if alarm.level_id else "",
                    "since": timezone.localtime(alarm.active_since).strftime("%d-%m-%Y %H:%M"),
                },
                level=NotificationLevel.DANGER,
                email=True,
            )
            count += 1
    return count

"""Alarm lifecycle: active -> acknowledged -> cleared, manual clear only where allowed,
reactivation when the level rises again, escalation when not acknowledged in time; each step
in the alarm's trail and the audit chain; refused actions change nothing."""

import pytest

from kotacerdas.core.models import AuditEvent, Notification
from kotacerdas.core.tests.factories import AgencyFactory, OfficerFactory, UserFactory
from kotacerdas.sensing.errors import Conflict, PermissionDenied
from kotacerdas.sensing.models import Alarm, AlarmState, AlertLadder
from kotacerdas.sensing.selectors.alerts import alarm_events, alarm_get, alarm_list
from kotacerdas.sensing.services.alerts import (
    alarm_acknowledge,
    alarm_clear,
    alarms_escalate_due,
)
from kotacerdas.sensing.services.alerts_config import ladder_configure

from .alerts_support import (
    T0,
    alerts_fresh,  # noqa: F401 (fixture)
    gauge_stream,
    ladder,
    minutes,
    operator,
    series,
    store,
)

pytestmark = [pytest.mark.django_db, pytest.mark.usefixtures("alerts_fresh")]


def raised(value=460, **kwargs):
    stream = gauge_stream(**kwargs)
    store(stream, (T0, value))
    return stream, Alarm.objects.get()


def test_acknowledge_records_who_and_refuses_twice():
    _stream, alarm = raised()
    person = operator()
    alarm = alarm_acknowledge(actor=person, alarm=alarm, note="Tim URC menuju lokasi")
    assert (alarm.state, alarm.acknowledged_by) == (AlarmState.ACKNOWLEDGED, person)
    event = alarm.events.get(kind="acknowledged")
    assert (event.actor, event.note, event.level_name) == (
        person,
        "Tim URC menuju lokasi",
        "Siaga 2",
    )
    audit = AuditEvent.objects.get(action="sensing.alarm.acknowledge")
    assert (audit.actor_id, audit.object_id) == (person.pk, str(alarm.pk))
    with pytest.raises(Conflict):
        alarm_acknowledge(actor=person, alarm=alarm)
    assert AuditEvent.objects.filter(action="sensing.alarm.acknowledge").count() == 1


def test_only_operators_or_the_devices_agency_may_acknowledge():
    agency = AgencyFactory()
    _stream, alarm = raised(agency=agency)
    for outsider in (UserFactory(roles=[]), OfficerFactory(agency=AgencyFactory())):
        with pytest.raises(PermissionDenied):
            alarm_acknowledge(actor=outsider, alarm=alarm)
    alarm.refresh_from_db()
    assert alarm.state == AlarmState.ACTIVE
    assert not alarm.events.filter(kind="acknowledged").exists()
    assert not AuditEvent.objects.filter(action="sensing.alarm.acknowledge").exists()
    alarm_acknowledge(actor=OfficerFactory(agency=agency), alarm=alarm)
    assert Alarm.objects.get().state == AlarmState.ACKNOWLEDGED


def test_a_higher_level_after_acknowledgement_makes_the_alarm_active_again():
    stream, alarm = raised(460)
    alarm_acknowledge(actor=operator(), alarm=alarm)
    store(stream, (T0 + minutes(10), 470))  # same level: stays acknowledged
    assert Alarm.objects.get().state == AlarmState.ACKNOWLEDGED
    store(stream, (T0 + minutes(20), 560))
    alarm = Alarm.objects.get()
    assert (alarm.state, alarm.level.name) == (AlarmState.ACTIVE, "Siaga 1")
    assert alarm.events.last().kind == "reactivated"
    assert AuditEvent.objects.filter(action="sensing.alarm.reactivate").count() == 1


def test_manual_clear_refused_while_the_level_raises_an_alarm():
    stream, alarm = raised(460)
    with pytest.raises(Conflict) as refused:
        alarm_clear(actor=operator(), alarm=alarm, note="sensor rusak")
    assert "Siaga 2" in refused.value.message
    store(stream, (T0 + minutes(10), 345))  # Normal by value, Siaga 3 by hysteresis
    with pytest.raises(Conflict):
        alarm_clear(actor=operator(), alarm=alarm, note="sensor rusak")
    assert Alarm.objects.get().state == AlarmState.ACTIVE
    assert not AuditEvent.objects.filter(action="sensing.alarm.clear").exists()


def test_manual_clear_of_a_rate_of_rise_alarm_and_no_second_alarm_in_the_episode():
    stream = gauge_stream()
    series(stream, [200, 230, 260])
    alarm = Alarm.objects.get()
    with pytest.raises(Conflict):  # a note is required
        alarm_clear(actor=operator(), alarm=alarm, note="  ")
    person = operator()
    alarm = alarm_clear(actor=person, alarm=alarm, note="Pintu air dibuka, kenaikan wajar")
    assert (alarm.state, alarm.cleared_by) == (AlarmState.CLEARED, person)
    assert alarm.episode.closed_at is None  # the rise goes on: the episode stays open
    store(stream, (T0 + minutes(30), 290))
    assert Alarm.objects.count() == 1
    assert Alarm.objects.get().state == AlarmState.CLEARED
    store(stream, (T0 + minutes(40), 360))  # Siaga 3 in the same episode: active again
    alarm = Alarm.objects.get()
    assert (alarm.state, alarm.level.name) == (AlarmState.ACTIVE, "Siaga 3")
    audit = AuditEvent.objects.get(action="sensing.alarm.clear")
    assert audit.changes["automatic"] is False and audit.actor_id == person.pk
    assert alarm_acknowledge(actor=person, alarm=alarm).state == AlarmState.ACKNOWLEDGED


def test_full_lifecycle_trail():
    stream, alarm = raised(460)
    alarm_acknowledge(actor=operator(), alarm=alarm)
    series(stream, [430, 330], start=T0 + minutes(10))
    alarm = Alarm.objects.get()
    assert alarm.state == AlarmState.CLEARED and alarm.cleared_by is None
    kinds = [event.kind for event in alarm_events(alarm=alarm)]
    assert kinds == ["raised", "acknowledged", "level_changed", "cleared"]
    assert [row.alarm.pk for row in alarm_list(actor=operator(), status="cleared")] == [alarm.pk]
    assert alarm_list(actor=operator(), status="open") == []
    assert [e.action for e in AuditEvent.objects.filter(action__startswith="sensing.alarm.")] == [
        "sensing.alarm.raise",
        "sensing.alarm.acknowledge",
        "sensing.alarm.level_change",
        "sensing.alarm.clear",
    ]


def test_escalation_when_not_acknowledged_in_time():
    stream, alarm = raised(460)
    on_duty = operator()
    assert ladder(stream).escalate_after == minutes(15)
    start = alarm.active_since
    assert alarms_escalate_due(now=start + minutes(14)) == 0
    assert alarms_escalate_due(now=start + minutes(16)) == 1
    alarm.refresh_from_db()
    assert (alarm.escalated_at, alarm.escalation_count) == (start + minutes(16), 1)
    assert alarm.events.last().kind == "escalated"
    assert (
        Notification.objects.filter(user=on_duty, event_key__startswith="sensing.alarm.").count()
        == 1
    )
    assert alarms_escalate_due(now=start + minutes(60)) == 0  # once per activation
    assert AuditEvent.objects.filter(action="sensing.alarm.escalate").count() == 1


def test_acknowledged_alarms_do_not_escalate_and_the_delay_is_configurable():
    stream, alarm = raised(460)
    ladder_configure(actor=operator(), ladder=ladder(stream), escalate_after=minutes(5))
    alarm_acknowledge(actor=operator(), alarm=alarm)
    assert alarms_escalate_due(now=alarm.active_since + minutes(30)) == 0
    other = gauge_stream("bendung_bekasi", unit="m3/s", name="Bendung")
    store(other, (T0, 450))
    awas = Alarm.objects.get(ladder__gauge__pos_id="bendung_bekasi")
    assert alarms_escalate_due(now=awas.active_since + minutes(16)) == 1


def test_alarm_list_is_scoped_by_agency():
    agency = AgencyFactory()
    raised(agency=agency)
    assert len(alarm_list(actor=OfficerFactory(agency=agency))) == 1
    assert alarm_list(actor=OfficerFactory(agency=AgencyFactory())) == []
    assert alarm_list(actor=None) == []
    alarm = Alarm.objects.get()
    from kotacerdas.sensing.errors import EntityNotFound

    with pytest.raises(EntityNotFound):
        alarm_get(actor=OfficerFactory(agency=AgencyFactory()), alarm_id=alarm.pk)
    assert alarm_get(actor=operator(), alarm_id=alarm.pk) == alarm


def test_switching_a_ladder_off_ends_its_episode():
    stream, alarm = raised(460)
    for each in AlertLadder.objects.filter(datastream=stream):
        ladder_configure(actor=operator(), ladder=each, is_active=False)
    alarm.refresh_from_db()
    assert alarm.state == AlarmState.CLEARED
    assert alarm.episode.closed_at is not None
    assert alarm.events.last().note == "Tangga siaga dinonaktifkan."
    store(stream, (T0 + minutes(10), 600))
    assert Alarm.objects.count() == 1
    assert AuditEvent.objects.filter(action="sensing.ladder.configure").count() == 2

"""Flood alert ladder: the KP2C boundaries at P2C, hysteresis, rate of rise, versioned
thresholds, discharge ladders, units, backfills, places downstream with their ETA."""

import datetime as dt

import pytest

from kotacerdas.core.models import AuditEvent
from kotacerdas.sensing.errors import EntityNotFound, InvalidEntity
from kotacerdas.sensing.models import (
    Alarm,
    AlarmEpisode,
    AlarmEvent,
    AlarmState,
    AlarmTrigger,
    AlertLadder,
    AlertLevel,
    FloodPlace,
    Observation,
)
from kotacerdas.sensing.selectors.alerts import alarm_list, ladder_overview, places_at_risk
from kotacerdas.sensing.services import alerts
from kotacerdas.sensing.services.alerts import level_for
from kotacerdas.sensing.services.alerts_config import (
    ladder_attach,
    ladder_configure,
    threshold_set_create,
)

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


def test_reference_ladders_loaded_with_their_sources():
    kp2c = AlertLadder.objects.get(gauge__pos_id="p2c", scheme="KP2C")
    levels = list(AlertLevel.objects.filter(threshold_set__ladder=kp2c).order_by("order"))
    assert [(lv.name, lv.lower, lv.upper) for lv in levels] == [
        ("Normal", None, 350.0),
        ("Siaga 3", 351.0, 450.0),
        ("Siaga 2", 451.0, 550.0),
        ("Siaga 1", 551.0, None),
    ]
    assert kp2c.versions.get().source_url.startswith("https://beritafakta.id/")
    bendung = AlertLadder.objects.get(gauge__pos_id="bendung_bekasi")
    assert bendung.unit == "m3/s"
    assert AlertLadder.objects.filter(gauge__pos_id="p2c").count() == 2
    assert FloodPlace.objects.filter(gauge__pos_id="p2c").count() == 19


@pytest.mark.parametrize(
    ("value", "expected"),
    [
        (0, "Normal"),
        (350, "Normal"),
        (350.5, "Siaga 3"),
        (351, "Siaga 3"),
        (450, "Siaga 3"),
        (451, "Siaga 2"),
        (550, "Siaga 2"),
        (551, "Siaga 1"),
        (875, "Siaga 1"),
    ],
)
def test_kp2c_boundaries(value, expected):
    kp2c = AlertLadder.objects.get(gauge__pos_id="p2c", scheme="KP2C")
    levels = list(AlertLevel.objects.filter(threshold_set__ladder=kp2c).order_by("order"))
    assert level_for(levels, value).name == expected


@pytest.mark.parametrize(
    ("value", "level", "alarm"),
    [
        (350, "Normal", False),
        (351, "Siaga 3", True),
        (451, "Siaga 2", True),
        (551, "Siaga 1", True),
    ],
)
def test_kp2c_boundary_through_the_store(value, level, alarm):
    stream = gauge_stream()
    store(stream, (T0, value))
    kp2c = ladder(stream)
    assert kp2c.current_level.name == level
    assert kp2c.current_value == value
    alarms = Alarm.objects.filter(ladder=kp2c)
    assert alarms.count() == (1 if alarm else 0)
    if alarm:
        assert alarms.get().level.name == level
        assert alarms.get().trigger == AlarmTrigger.LEVEL


def test_oscillation_around_a_bound_raises_once_and_clears_below_the_margin():
    stream = gauge_stream()
    series(stream, [345, 352, 348, 353, 341, 355, 349])
    kp2c = ladder(stream)
    assert kp2c.current_level.name == "Siaga 3"  # 349 > 350 - 10: still Siaga 3
    assert Alarm.objects.filter(ladder=kp2c).count() == 1
    alarm = Alarm.objects.get(ladder=kp2c)
    assert alarm.state == AlarmState.ACTIVE
    assert list(alarm.events.values_list("kind", flat=True)) == ["raised"]
    store(stream, (T0 + minutes(70), 339.9))  # below 350 - 10: episode over
    alarm.refresh_from_db()
    assert alarm.state == AlarmState.CLEARED
    assert alarm.episode.closed_at is not None
    assert ladder(stream).current_level.name == "Normal"
    store(stream, (T0 + minutes(80), 352))  # a new episode, a new alarm
    assert Alarm.objects.filter(ladder=kp2c).count() == 2
    assert AlarmEpisode.objects.filter(ladder=kp2c, closed_at__isnull=True).count() == 1
    assert AuditEvent.objects.filter(action="sensing.alarm.raise").count() == 2
    assert AuditEvent.objects.filter(action="sensing.alarm.clear").count() == 1


def test_levels_go_up_at_once_and_down_with_hysteresis_in_one_episode():
    stream = gauge_stream()
    series(stream, [360, 455, 560, 545, 535, 445, 455])
    alarm = Alarm.objects.get(ladder=ladder(stream))
    kinds = list(alarm.events.values_list("kind", "level_name"))
    # 545 stays Siaga 1 (> 550 - 10); 535 is Siaga 2; 445 stays Siaga 2 (> 450 - 10)
    assert kinds == [
        ("raised", "Siaga 3"),
        ("level_changed", "Siaga 2"),
        ("level_changed", "Siaga 1"),
        ("level_changed", "Siaga 2"),
    ]
    alarm.refresh_from_db()
    assert (alarm.level.name, alarm.peak_level.name, alarm.peak_value) == (
        "Siaga 2",
        "Siaga 1",
        560,
    )
    assert alarm.value == 455


def test_rate_of_rise_raises_below_siaga_and_clears_when_the_rise_stops():
    stream = gauge_stream()
    series(stream, [200, 230, 250])  # +50 cm in 20 min: at the threshold (50 per 30 min)
    alarm = Alarm.objects.get(ladder=ladder(stream))
    assert alarm.trigger == AlarmTrigger.RATE_OF_RISE
    assert alarm.level.name == "Normal"
    assert alarm.rise == 50
    assert "Naik 50 cm dalam 30 menit" in alarm.events.get().note
    store(stream, (T0 + minutes(30), 270))  # still rising: same episode
    store(stream, (T0 + minutes(60), 272))  # rise over the window 2 cm < 25: over
    alarm.refresh_from_db()
    assert alarm.state == AlarmState.CLEARED
    assert Alarm.objects.count() == 1


def test_rise_below_the_threshold_raises_nothing():
    stream = gauge_stream()
    series(stream, [200, 220, 240, 249])  # 49 cm in the 30-minute window
    assert Alarm.objects.count() == 0
    assert ladder(stream).current_rise == 49


def test_a_batch_is_evaluated_in_time_order_and_backfill_does_not_move_the_ladder():
    stream = gauge_stream()
    store(stream, (T0 + minutes(20), 470), (T0, 340), (T0 + minutes(10), 400))
    alarm = Alarm.objects.get()
    assert [e.level_name for e in alarm.events.all()] == ["Siaga 3", "Siaga 2"]
    store(stream, (T0 - minutes(60), 100))  # an old value arriving late
    kp2c = ladder(stream)
    assert (kp2c.current_value, kp2c.current_level.name) == (470, "Siaga 2")
    assert kp2c.current_time == T0 + minutes(20)


def test_new_threshold_version_applies_from_its_date_and_old_alarms_keep_theirs():
    stream = gauge_stream()
    kp2c = ladder(stream)
    store(stream, (T0, 380))
    first = Alarm.objects.get()
    assert first.threshold_set.version == 1
    v2 = threshold_set_create(
        actor=operator(),
        ladder=kp2c,
        levels=[
            {"name": "Normal", "upper": 400, "raises_alarm": False},
            {"name": "Siaga 3", "lower": 401, "upper": 500},
            {"name": "Siaga 2", "lower": 501, "upper": 600},
            {"name": "Siaga 1", "lower": 601},
        ],
        effective_from=T0 + minutes(30),
        source_url="https://contoh.bekasikota.go.id/skala-baru",
    )
    assert v2.version == 2
    store(stream, (T0 + minutes(10), 390))  # v1 still in force: Siaga 3
    assert ladder(stream).current_level.threshold_set.version == 1
    store(stream, (T0 + minutes(40), 390))  # v2: Normal, the episode ends
    first.refresh_from_db()
    assert first.state == AlarmState.CLEARED
    assert first.threshold_set.version == 1
    store(stream, (T0 + minutes(50), 505))
    second = Alarm.objects.exclude(pk=first.pk).get()
    assert (second.threshold_set.version, second.level.name) == (2, "Siaga 2")
    assert AuditEvent.objects.filter(action="sensing.threshold_set.create").count() == 1


def test_threshold_versions_refuse_bad_levels():
    kp2c = AlertLadder.objects.get(gauge__pos_id="p2c", scheme="KP2C")
    for levels in (
        [],
        [{"name": "", "upper": 5}],
        [{"name": "A", "lower": 500}, {"name": "B", "lower": 400}],
        [{"name": "A", "lower": 10, "upper": 5}],
        [{"name": "A", "lower": "banyak"}],
    ):
        with pytest.raises(InvalidEntity):
            threshold_set_create(actor=operator(), ladder=kp2c, levels=levels)
    assert kp2c.versions.count() == 1


def test_bendung_bekasi_ladder_by_discharge():
    stream = gauge_stream("bendung_bekasi", unit="m3/s", name="Bendung Bekasi")
    series(stream, [150, 200, 310, 420])
    alarm = Alarm.objects.get()
    assert [e.level_name for e in alarm.events.all()] == ["Siap", "Siaga", "Awas"]
    assert ladder(stream, "Operator Bendung Bekasi (Seksi Saluran Tarum Barat)").unit == "m3/s"


def test_attach_matches_units_and_converts_metres():
    stream = gauge_stream("p2c", unit="m")
    assert AlertLadder.objects.filter(datastream=stream).count() == 2  # KP2C and BPBD, in cm
    store(stream, (T0, 4.6))
    assert ladder(stream).current_value == pytest.approx(460)
    assert Alarm.objects.get().level.name == "Siaga 2"
    discharge = gauge_stream(None, unit="m3/s", name="Debit")
    with pytest.raises(InvalidEntity):
        ladder_attach(datastream=discharge, pos_id="p2c")
    with pytest.raises(EntityNotFound):
        ladder_attach(datastream=discharge, pos_id="tidak-ada")
    assert not AlertLadder.objects.filter(datastream=discharge).exists()


def test_attach_needs_an_operator_and_is_audited():
    from kotacerdas.core.tests.factories import OfficerFactory
    from kotacerdas.sensing.errors import PermissionDenied

    stream = gauge_stream(None)
    with pytest.raises(PermissionDenied):
        ladder_attach(datastream=stream, pos_id="p2c", actor=OfficerFactory())
    assert not AlertLadder.objects.filter(datastream=stream).exists()
    ladder_attach(datastream=stream, pos_id="p2c", actor=operator())
    assert AuditEvent.objects.filter(action="sensing.ladder.attach").count() == 1
    stream.thing.refresh_from_db()
    assert stream.thing.kind == "river_gauge"


def test_unwatched_datastreams_cost_no_query(django_assert_num_queries):
    gauge_stream()
    other = gauge_stream(None, name="Sensor lain")
    store(other, (T0, 999))
    observations = list(Observation.objects.filter(datastream=other))
    alerts.watched_datastreams()  # warm
    with django_assert_num_queries(0):
        alerts.alerts_on_observations(observations)
    assert Alarm.objects.count() == 0


def test_places_downstream_with_eta():
    stream = gauge_stream()
    series(stream, [360, 440, 460])  # Siaga 3 at T0, 451+ reached at T0+20
    alarm = Alarm.objects.get()
    risks = {risk.name: risk for risk in places_at_risk(alarm)}
    assert risks["Perumahan Pondok Gede Permai (PGP)"].eta == T0
    assert risks["Perum Kemang Pratama"].eta == T0 + dt.timedelta(hours=2, minutes=30)
    assert risks["Kampung Lengkak"].eta == T0 + minutes(20) + dt.timedelta(hours=2, minutes=30)
    assert risks["Kampung Lebak"].eta == T0 + minutes(20) + dt.timedelta(hours=2, minutes=30)
    assert len(risks) == 19
    rows = alarm_list(actor=operator())
    assert [row.where for row in rows] == ["P2C (Pertemuan Cileungsi-Cikeas)"]
    assert rows[0].level == "Siaga 2" and rows[0].unit == "cm" and len(rows[0].places) == 19


def test_places_at_risk_from_a_value_not_reached_are_not_listed():
    stream = gauge_stream()
    store(stream, (T0, 400))
    names = {risk.name for risk in places_at_risk(Alarm.objects.get())}
    assert "Kampung Lengkak" not in names and "Kampung Lebak" not in names
    assert "Perum Delta" in names and len(names) == 15


def test_ladder_overview_shows_current_levels():
    stream = gauge_stream()
    store(stream, (T0, 470))
    gauges = {row.gauge.pos_id: row for row in ladder_overview(actor=operator())}
    assert set(gauges) == {"p2c", "cileungsi_hulu", "cikeas_hulu", "cibongas", "bendung_bekasi"}
    p2c = {row.ladder.scheme: row for row in gauges["p2c"].ladders}
    assert p2c["KP2C"].current_level.name == "Siaga 2"
    assert p2c["KP2C"].open_alarm is not None
    assert [lv.name for lv in p2c["KP2C"].levels] == ["Normal", "Siaga 3", "Siaga 2", "Siaga 1"]
    assert p2c["BPBD Kota Bekasi"].current_level is None  # below 700: under the BPBD ladder
    assert p2c["BPBD Kota Bekasi"].open_alarm is None


def test_inactive_ladder_is_not_evaluated():
    stream = gauge_stream()
    for each in AlertLadder.objects.filter(datastream=stream):
        ladder_configure(actor=operator(), ladder=each, is_active=False)
    store(stream, (T0, 600))
    assert Alarm.objects.count() == 0
    assert AlarmEvent.objects.count() == 0


def test_a_watched_gauge_costs_a_few_queries_per_batch(django_assert_max_num_queries):
    from kotacerdas.sensing.models import FeatureOfInterest

    stream = gauge_stream()  # two ladders: KP2C with a rate rule, BPBD
    store(stream, (T0, 300))
    feature = FeatureOfInterest.objects.create(name="titik", feature={"type": "Point"})
    later = Observation.objects.bulk_create(
        Observation(
            datastream=stream,
            feature_of_interest=feature,
            phenomenon_time=T0 + minutes(5 * (i + 1)),
            result_number=300.0 + i,
        )
        for i in range(50)
    )
    # savepoint, lock, episodes, rise window, one state update per ladder, release
    with django_assert_max_num_queries(7):
        alerts.alerts_on_observations(later)
    assert ladder(stream).current_value == 349

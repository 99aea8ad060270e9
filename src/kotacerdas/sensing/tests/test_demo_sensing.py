"""The sensing demo ("Contoh"): gauges with ladders and history including a flood at P2C,
200 WiFi/CCTV devices, 20 vehicles with trips; everything marked demo; a second run adds
nothing."""

from __future__ import annotations

import datetime as dt

import pytest
from django.utils import timezone

from kotacerdas.sensing import demo
from kotacerdas.sensing.models import (
    Alarm,
    AlertLadder,
    HistoricalLocation,
    Observation,
    Thing,
    ThingKind,
    Trip,
)
from kotacerdas.sensing.services import alerts

from .alerts_support import ensure_reference

pytestmark = pytest.mark.django_db


@pytest.fixture(autouse=True)
def fresh_watch_cache():
    ensure_reference()  # flushed by a transactional test that ran before, if any
    alerts.watched_invalidate()
    yield
    alerts.watched_invalidate()


def counts() -> dict:
    return {
        "things": Thing.objects.count(),
        "observations": Observation.objects.count(),
        "fixes": HistoricalLocation.objects.count(),
        "trips": Trip.objects.count(),
        "alarms": Alarm.objects.count(),
    }


def test_demo_loads_marked_data_once():
    now = timezone.now()
    # Ten days of history hold the flood of nine days ago and keep the test short.
    summary = demo.load(now=now, history=dt.timedelta(days=10))
    kinds = dict.fromkeys(ThingKind.values, 0)
    for kind in Thing.objects.values_list("kind", flat=True):
        kinds[kind] += 1
    assert kinds["vehicle"] == 20
    assert kinds["wifi"] + kinds["cctv"] == 200
    assert kinds["river_gauge"] == 4 and kinds["rain_gauge"] == 2
    assert not Thing.objects.filter(is_demo=False).exists()
    assert all("Contoh" in name for name in Thing.objects.values_list("name", flat=True))
    assert summary["observations"] == Observation.objects.count()
    # The P2C water level went through the KP2C ladder during the flood: an alarm at Siaga 1.
    p2c = AlertLadder.objects.get(gauge__pos_id="p2c", scheme="KP2C")
    assert p2c.datastream is not None
    assert Alarm.objects.filter(ladder=p2c, peak_level__name="Siaga 1").exists()
    assert Trip.objects.exists()
    before = counts()
    again = demo.load(now=now + dt.timedelta(minutes=5), history=dt.timedelta(days=10))
    assert counts() == before
    assert again.get("things", 0) == again.get("observations", 0) == 0


def test_demo_is_found_by_the_core_loader():
    from importlib.util import find_spec

    assert find_spec("kotacerdas.sensing.demo") is not None
    assert callable(demo.load)

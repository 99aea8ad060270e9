"""The sensor pages in a real browser (issue #7 item 8): the sensor map with its markers and
popups, a datastream chart with a range switch, the alarm console where an operator acknowledges
a P2C flood alarm through the confirmation page, and the replay of a vehicle's trip."""

from __future__ import annotations

import datetime as dt

import pytest
from django.utils import timezone

from kotacerdas.sensing.models import Alarm, AlarmState, ThingKind, Trip
from kotacerdas.sensing.services import alerts
from kotacerdas.sensing.tests.alerts_support import gauge_stream, operator, store
from kotacerdas.sensing.tests.pages_factories import add_observations, make_stream, make_thing
from kotacerdas.sensing.tests.tracking_factories import drive_north, make_vehicle
from tests.browser.conftest import axe_violations
from tests.browser.test_shell import sign_in

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]


def make_sensors() -> dict:
    """P2C rising through Siaga 3 and 2 over the last two hours, a WiFi point, a truck's trip."""
    alerts.watched_invalidate()
    stream = gauge_stream(name="Pos P2C Uji", interval=dt.timedelta(minutes=10))
    now = timezone.now().replace(second=0, microsecond=0)
    levels = [300, 320, 340, 360, 380, 400, 420, 440, 460, 470, 480, 490]
    store(stream, *[(now - dt.timedelta(minutes=10 * (len(levels) - 1 - i)), float(v))
                    for i, v in enumerate(levels)])  # fmt: skip
    wifi = make_thing("WiFi Alun-alun Uji", kind=ThingKind.WIFI, lat=-6.2383, lon=106.9756)
    add_observations(make_stream(wifi, "Jumlah klien", symbol="klien"), [12.0, 30.0])
    truck = make_vehicle(name="Truk Sampah Uji")
    drive_north(truck, start_minute=0, steps=12)
    return {"stream": stream, "alarm": Alarm.objects.get(state=AlarmState.ACTIVE), "truck": truck}


def test_sensor_pages_in_the_browser(page, live_server, screenshot):
    page.set_default_timeout(45_000)  # a loaded CI machine: the first pages are slow
    user = operator()
    sign_in(page, user)
    sensors = make_sensors()

    # The map: the kecamatan boundaries and one marker per located device, with a popup.
    page.goto("/sensor/peta/")
    page.wait_for_selector("#peta-sensor[data-loaded='2']")
    page.wait_for_selector("#peta-sensor path.leaflet-interactive.sensor-marker")
    assert page.locator("path.sensor-marker").count() == 2
    page.locator("path.sensor-marker").first.click(force=True)
    popup = page.locator(".leaflet-popup-content")
    popup.wait_for()
    assert "Buka rincian" in popup.inner_text()
    assert "2 perangkat tampil di peta" in page.get_by_test_id("map-count").inner_text()
    screenshot(page, "peta")
    assert axe_violations(page) == []

    # The datastream chart: 24 hours by default, then 7 days; the ladder beside it.
    page.goto(f"/sensor/aliran/{sensors['stream'].pk}/")
    page.wait_for_selector("#grafik-aliran[data-points='12']")
    assert page.get_by_test_id("ladder-current").inner_text() == "Siaga 2"
    page.get_by_role("link", name="7 hari").click()
    page.wait_for_url("**rentang=7h")
    page.wait_for_selector("#grafik-aliran[data-points='12']")
    assert "12 observasi" in page.get_by_test_id("series-summary").inner_text()
    screenshot(page, "grafik")
    assert axe_violations(page) == []

    # The alarm console: acknowledge the active alarm through its confirmation page.
    page.goto("/sensor/alarm/")
    row = page.locator(f"tr[data-alarm='{sensors['alarm'].pk}']")
    assert "Siaga 2" in row.inner_text()
    assert "aktif" in row.inner_text()
    screenshot(page, "alarm")
    assert axe_violations(page) == []
    row.get_by_role("link", name="Tanggapi").click()
    page.get_by_label("Catatan (tidak wajib)").fill("Tim URC menuju PGP")
    page.get_by_role("button", name="Ya, tanggapi alarm").click()
    page.wait_for_url("**/sensor/alarm/")
    assert page.get_by_text("Alarm ditanggapi").is_visible()
    alarm = Alarm.objects.get(pk=sensors["alarm"].pk)
    assert (alarm.state, alarm.acknowledged_by_id) == (AlarmState.ACKNOWLEDGED, user.pk)
    assert "ditanggapi" in page.locator(f"tr[data-alarm='{alarm.pk}']").inner_text()
    assert (
        page.locator(f"tr[data-alarm='{alarm.pk}']").get_by_role("link", name="Tanggapi").count()
        == 0
    )

    # The vehicle map: choose the truck, replay its trip to the end.
    trip = Trip.objects.get()
    page.goto("/sensor/kendaraan/")
    page.get_by_role("link", name="Truk Sampah Uji").click()
    page.get_by_role("link", name="Putar ulang").click()
    page.wait_for_selector(f"#peta-kendaraan[data-trip='{trip.pk}']")
    assert page.locator("path.trip-track").count() == 1
    page.get_by_role("button", name="Putar").click()
    assert page.get_by_role("button", name="Jeda").is_visible()
    page.wait_for_selector("#peta-kendaraan[data-replay-done='1']", timeout=30_000)
    last = trip.points_count - 1
    assert page.locator("#peta-kendaraan").get_attribute("data-replay-index") == str(last)
    assert "km" in page.get_by_test_id("trip-summary").inner_text()
    screenshot(page, "kendaraan")
    assert axe_violations(page) == []
    assert page.js_errors == []

"""The alarm console: open/active/acknowledged/cleared lists with places at risk, the ladder
with its current level, polling fragment, the acknowledge flow with its confirmation page,
scoping and bad parameters; the ladder on the datastream page."""

from __future__ import annotations

import pytest

from kotacerdas.core.models import AuditEvent
from kotacerdas.core.tests.factories import AgencyFactory, OfficerFactory
from kotacerdas.sensing.models import Alarm, AlarmState
from kotacerdas.sensing.services import alerts

from .alerts_support import T0, gauge_stream, minutes, operator, store

pytestmark = pytest.mark.django_db


@pytest.fixture(autouse=True)
def fresh_watch_cache():
    alerts.watched_invalidate()
    yield
    alerts.watched_invalidate()


@pytest.fixture
def flood():
    """P2C rising to 480 cm (KP2C Siaga 2): one active alarm."""
    agency = AgencyFactory(name="BPBD Uji")
    stream = gauge_stream(agency=agency)
    store(stream, (T0, 300.0), (T0 + minutes(10), 400.0), (T0 + minutes(20), 480.0))
    return {"stream": stream, "agency": agency, "alarm": Alarm.objects.get(state="active")}


def test_console_lists_open_alarms_with_places_and_ladder(client, flood):
    client.force_login(operator())
    response = client.get("/sensor/alarm/")
    assert response.status_code == 200
    [row] = response.context["rows"]
    assert row.alarm == flood["alarm"]
    assert row.level == "Siaga 2"
    assert row.places  # places downstream of P2C with an ETA
    body = response.content.decode()
    assert "Tanggapi" in body
    assert 'data-testid="ladder-current">Siaga 2<' in body
    assert response.context["gauges"]


@pytest.mark.parametrize("status", ["active", "acknowledged", "cleared", "recent", "open", "xyz"])
def test_console_tabs_and_unknown_status(client, flood, status):
    client.force_login(operator())
    response = client.get(f"/sensor/alarm/?status={status}")
    assert response.status_code == 200
    expected = 0 if status in {"acknowledged", "cleared"} else 1
    assert len(response.context["rows"]) == expected
    if status == "xyz":
        assert response.context["status"] == "open"


def test_console_polling_fragment(client, flood):
    client.force_login(operator())
    body = client.get("/sensor/alarm/?status=active", HTTP_HX_REQUEST="true").content.decode()
    assert body.lstrip().startswith('<div id="daftar-alarm"')
    assert 'hx-trigger="every 10s"' in body and "status=active" in body


def test_acknowledge_through_confirmation(client, flood):
    alarm = flood["alarm"]
    person = operator()
    client.force_login(person)
    url = f"/sensor/alarm/{alarm.pk}/tanggapi/"
    confirm = client.get(url)
    assert confirm.status_code == 200
    assert "Ya, tanggapi alarm" in confirm.content.decode()
    alarm.refresh_from_db()
    assert alarm.state == AlarmState.ACTIVE  # the GET changed nothing
    response = client.post(url, {"catatan": "Tim menuju PGP"}, follow=True)
    assert response.redirect_chain[-1][0] == "/sensor/alarm/"
    assert "Alarm ditanggapi" in response.content.decode()
    alarm.refresh_from_db()
    assert (alarm.state, alarm.acknowledged_by) == (AlarmState.ACKNOWLEDGED, person)
    assert alarm.events.get(kind="acknowledged").note == "Tim menuju PGP"
    # A second acknowledgement is refused with a clear message, nothing written.
    again = client.post(url, follow=True)
    assert "sudah ditanggapi" in again.content.decode()
    assert AuditEvent.objects.filter(action="sensing.alarm.acknowledge").count() == 1


def test_officer_of_another_agency_sees_no_alarm_and_cannot_acknowledge(client, flood):
    client.force_login(OfficerFactory(agency=AgencyFactory(name="Dinas Lain")))
    assert client.get("/sensor/alarm/").context["rows"] == []
    url = f"/sensor/alarm/{flood['alarm'].pk}/tanggapi/"
    assert client.get(url).status_code == 404
    assert client.post(url).status_code == 404
    flood["alarm"].refresh_from_db()
    assert flood["alarm"].state == AlarmState.ACTIVE


def test_officer_of_the_gauge_agency_may_acknowledge(client, flood):
    client.force_login(OfficerFactory(agency=flood["agency"]))
    client.post(f"/sensor/alarm/{flood['alarm'].pk}/tanggapi/")
    flood["alarm"].refresh_from_db()
    assert flood["alarm"].state == AlarmState.ACKNOWLEDGED


def test_unknown_alarm_is_404(client, db):
    client.force_login(operator())
    assert client.get("/sensor/alarm/999999/tanggapi/").status_code == 404


def test_datastream_page_shows_the_ladder_with_current_level(client, flood):
    client.force_login(operator())
    response = client.get(f"/sensor/aliran/{flood['stream'].pk}/?rentang=30h")
    ladder = response.context["ladder"]
    assert ladder["scheme"] == "KP2C"
    assert [s["label"] for s in ladder["steps"] if s["is_current"]] == ["Siaga 2"]
    assert 'id="data-tangga"' in response.content.decode()


def test_forecast_with_its_heldout_error_next_to_the_chart_and_the_console(client, flood):
    from kotacerdas.sensing.forecasting.arx import P2C_SPEC
    from kotacerdas.sensing.models import Forecast, ForecastModel

    stream = flood["stream"]
    model = ForecastModel.objects.create(
        name="p2c-arx",
        version=3,
        target_datastream=stream,
        spec=P2C_SPEC.as_dict(),
        horizons={"1": {"mae": 12.5, "rmse": 15.0, "persistence_mae": 20.0,
                        "persistence_rmse": 25.0, "n_test": 400}},
        training_start=T0 - minutes(60 * 24 * 20),
        training_end=T0 - minutes(60 * 24 * 5),
        evaluation_start=T0 - minutes(60 * 24 * 5),
        evaluation_end=T0,
    )  # fmt: skip
    Forecast.objects.create(
        model=model,
        target_datastream=stream,
        issued_at=T0 + minutes(20),
        horizon_minutes=60,
        target_time=T0 + minutes(80),
        predicted=530.0,
    )
    client.force_login(operator())
    page = client.get(f"/sensor/aliran/{stream.pk}/?rentang=30h")
    body = page.content.decode()
    assert 'data-testid="forecast"' in body
    assert "versi 3" in body and "± 12,5" in body  # the held-out MAE of the 1-hour horizon
    assert page.context["forecast_json"][0]["value"] == 530.0
    console = client.get("/sensor/alarm/").content.decode()
    assert 'data-testid="forecast"' in console

"""/api/v1/sensing/: latest values, series, lag, alarms and acknowledge, vehicles and trip
tracks; token and session authentication, scoping, clear errors, the OpenAPI schema."""

from __future__ import annotations

import datetime as dt

import pytest
from django.utils import timezone

from kotacerdas.core.services.tokens import token_create
from kotacerdas.core.tests.factories import AgencyFactory, OfficerFactory, UserFactory
from kotacerdas.sensing.models import Alarm, AlarmState, ThingKind, Trip
from kotacerdas.sensing.services import alerts

from .alerts_support import T0, gauge_stream, minutes, store
from .pages_factories import add_observations, make_stream, make_thing, operator
from .tracking_factories import drive_north, make_vehicle

pytestmark = pytest.mark.django_db
API = "/api/v1/sensing"


@pytest.fixture(autouse=True)
def fresh_watch_cache():
    alerts.watched_invalidate()
    yield
    alerts.watched_invalidate()


def bearer(user) -> dict:
    _token, raw = token_create(actor=user, user=user, name="uji")
    return {"HTTP_AUTHORIZATION": f"Token {raw}"}


@pytest.fixture
def gauge():
    thing = make_thing("Pos API", agency=AgencyFactory(name="BPBD API"))
    stream = make_stream(thing)
    add_observations(stream, [10.0, 20.0, 30.0])
    return stream


def test_things_with_latest_values_by_token(client, gauge):
    make_thing("WiFi API", kind=ThingKind.WIFI)
    user = operator()
    response = client.get(f"{API}/things?kind=river_gauge", **bearer(user))
    assert response.status_code == 200
    body = response.json()
    assert body["count"] == 1
    [item] = body["items"]
    assert item["name"] == "Pos API" and item["status"] == "ok"
    assert (item["lat"], item["lon"]) == (-6.30, 106.97)
    assert item["datastreams"][0]["value"] == 30.0


def test_anonymous_and_roleless_users_are_refused(client, gauge):
    assert client.get(f"{API}/things").status_code == 401
    response = client.get(f"{API}/things", **bearer(UserFactory(roles=[])))
    assert response.status_code == 403
    assert response.json()["error"]["code"] == "permission_denied"


def test_latest_and_series(client, gauge):
    client.force_login(operator())
    latest = client.get(f"{API}/datastreams/{gauge.pk}/latest").json()
    assert latest["value"] == 30.0 and latest["unit"] == "cm"
    series = client.get(f"{API}/datastreams/{gauge.pk}/series?range=1h").json()
    assert [p["avg"] for p in series["points"]] == [10.0, 20.0, 30.0]
    assert series["bucketed"] is False


def test_series_downsampled_with_max_points(client, gauge):
    add_observations(
        gauge, [float(i) for i in range(100)], end=timezone.now() - dt.timedelta(hours=1)
    )
    client.force_login(operator())
    body = client.get(f"{API}/datastreams/{gauge.pk}/series?range=24h&max_points=10").json()
    assert body["bucketed"] is True
    assert len(body["points"]) <= 11
    assert sum(p["n"] for p in body["points"]) == body["observation_count"] == 103


@pytest.mark.parametrize(
    ("query", "status", "text"),
    [
        ("range=abad", 400, "Rentang waktu tidak dikenal"),
        ("range=custom&start=kemarin", 400, "Isi tanggal awal"),
        ("max_points=5", 422, "tidak valid"),
    ],
)
def test_series_bad_parameters(client, gauge, query, status, text):
    client.force_login(operator())
    response = client.get(f"{API}/datastreams/{gauge.pk}/series?{query}")
    assert response.status_code == status
    assert text in response.json()["error"]["message"]


def test_scoping_hides_other_agencies(client, gauge):
    client.force_login(OfficerFactory(agency=AgencyFactory(name="Dinas Lain API")))
    assert client.get(f"{API}/things").json()["count"] == 0
    response = client.get(f"{API}/datastreams/{gauge.pk}/latest")
    assert response.status_code == 404
    assert response.json()["error"]["code"] == "not_found"


def test_lag(client, gauge):
    client.force_login(operator())
    assert client.get(f"{API}/lag").json()["count"] == 1


def test_alarms_and_acknowledge(client):
    stream = gauge_stream()
    store(stream, (T0, 300.0), (T0 + minutes(10), 480.0))
    alarm = Alarm.objects.get()
    user = operator()
    headers = bearer(user)
    [row] = client.get(f"{API}/alarms?status=active", **headers).json()
    assert (row["id"], row["level"], row["datastream_id"]) == (alarm.pk, "Siaga 2", stream.pk)
    assert row["places"]
    assert client.get(f"{API}/alarms?status=nonsense", **headers).status_code == 400
    url = f"{API}/alarms/{alarm.pk}/acknowledge"
    done = client.post(url, {"note": "ditangani"}, content_type="application/json", **headers)
    assert done.status_code == 200
    assert done.json()["state"] == AlarmState.ACKNOWLEDGED
    again = client.post(url, {}, content_type="application/json", **headers)
    assert again.status_code == 409
    assert "sudah ditanggapi" in again.json()["error"]["message"]
    missing = client.post(
        f"{API}/alarms/999999/acknowledge", {}, content_type="application/json", **headers
    )
    assert missing.status_code == 404


def test_acknowledge_refused_outside_scope_changes_nothing(client):
    stream = gauge_stream(agency=AgencyFactory(name="BPBD Lingkup"))
    store(stream, (T0, 480.0))
    alarm = Alarm.objects.get()
    headers = bearer(OfficerFactory(agency=AgencyFactory(name="Dinas Luar")))
    response = client.post(
        f"{API}/alarms/{alarm.pk}/acknowledge", {}, content_type="application/json", **headers
    )
    assert response.status_code == 404
    alarm.refresh_from_db()
    assert alarm.state == AlarmState.ACTIVE


def test_vehicles_trips_and_track(client):
    truck = make_vehicle(name="Truk API")
    drive_north(truck, start_minute=0, steps=5)
    trip = Trip.objects.get()
    client.force_login(operator())
    [vehicle] = client.get(f"{API}/vehicles").json()
    assert vehicle["name"] == "Truk API" and vehicle["lat"] is not None
    [listed] = client.get(f"{API}/vehicles/{truck.pk}/trips").json()
    assert listed["id"] == trip.pk
    track = client.get(f"{API}/trips/{trip.pk}/track").json()
    assert len(track["points"]) == trip.points_count
    assert client.get(f"{API}/trips/999999/track").status_code == 404
    assert client.get(f"{API}/vehicles/999999/trips").status_code == 404


def test_endpoints_are_in_the_openapi_schema(client):
    paths = client.get("/api/v1/openapi.json").json()["paths"]
    for path in [
        "/things",
        "/datastreams/{datastream_id}/latest",
        "/datastreams/{datastream_id}/series",
        "/lag",
        "/alarms",
        "/alarms/{alarm_id}/acknowledge",
        "/vehicles",
        "/vehicles/{thing_id}/trips",
        "/trips/{trip_id}/track",
    ]:
        assert f"{API}{path}" in paths, path

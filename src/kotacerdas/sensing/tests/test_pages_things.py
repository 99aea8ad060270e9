"""The sensor list, its CSV, the map features and a Thing's page: filters, pagination, status,
agency scoping, bad parameters."""

from __future__ import annotations

import csv
import datetime as dt
import io

import pytest
from django.utils import timezone

from kotacerdas.core.tests.factories import UserFactory
from kotacerdas.sensing.models import DatastreamLatest, ThingKind
from kotacerdas.sensing.selectors import pages as selectors

from .pages_factories import add_observations, agency, make_stream, make_thing, officer, operator

pytestmark = pytest.mark.django_db


@pytest.fixture
def world():
    """Two agencies; a fresh gauge, a late rain gauge, a silent WiFi point."""
    bpbd, diskominfo = agency(name="BPBD Uji"), agency(name="Diskominfo Uji")
    now = timezone.now()
    gauge = make_thing("Pos P2C Uji", agency=bpbd)
    add_observations(make_stream(gauge), [300, 310, 320], end=now)
    rain = make_thing("Penakar Uji", kind=ThingKind.RAIN_GAUGE, agency=bpbd)
    add_observations(
        make_stream(rain, "Curah hujan", symbol="mm"), [1.0, 2.0], end=now - dt.timedelta(hours=2)
    )
    wifi = make_thing("WiFi Alun-alun", kind=ThingKind.WIFI, agency=diskominfo)
    make_stream(wifi, "Jumlah klien", symbol="klien", interval=dt.timedelta(hours=1))
    return {"bpbd": bpbd, "diskominfo": diskominfo, "gauge": gauge, "rain": rain, "wifi": wifi}


def names(response) -> list[str]:
    return [row["thing"].name for row in response.context["rows"]]


def test_list_shows_every_thing_with_status_and_latest_value(client, world):
    client.force_login(operator())
    response = client.get("/sensor/")
    assert response.status_code == 200
    assert names(response) == ["Penakar Uji", "Pos P2C Uji", "WiFi Alun-alun"]
    statuses = {row["thing"].name: row["status"] for row in response.context["rows"]}
    assert statuses == {"Pos P2C Uji": "ok", "Penakar Uji": "stale", "WiFi Alun-alun": "offline"}
    assert response.context["counts"] == {"ok": 1, "stale": 1, "offline": 1}
    assert "320" in response.content.decode()
    assert response.context["lag"]["count"] == 1  # only the gauge received in 15 minutes


@pytest.mark.parametrize(
    ("query", "expected"),
    [
        ("jenis=rain_gauge", ["Penakar Uji"]),
        ("status=ok", ["Pos P2C Uji"]),
        ("status=stale", ["Penakar Uji"]),
        ("status=offline", ["WiFi Alun-alun"]),
        ("q=wifi", ["WiFi Alun-alun"]),
        # Unknown values are ignored, never a 500.
        (
            "jenis=roket&status=meledak&pd=abc&halaman=xyz",
            ["Penakar Uji", "Pos P2C Uji", "WiFi Alun-alun"],
        ),
    ],
)
def test_list_filters(client, world, query, expected):
    client.force_login(operator())
    response = client.get(f"/sensor/?{query}")
    assert response.status_code == 200
    assert names(response) == expected


def test_list_filters_by_agency(client, world):
    client.force_login(operator())
    response = client.get(f"/sensor/?pd={world['diskominfo'].pk}")
    assert names(response) == ["WiFi Alun-alun"]


def test_list_paginates(client, db):
    for number in range(30):
        make_thing(f"Kamera {number:02d}", kind=ThingKind.CCTV, lat=None)
    client.force_login(operator())
    first = client.get("/sensor/")
    second = client.get("/sensor/?halaman=2")
    assert len(first.context["rows"]) == 25
    assert names(second) == [f"Kamera {n:02d}" for n in range(25, 30)]
    assert "Halaman 1 dari 2" in first.content.decode()


def test_list_htmx_refresh_is_the_results_fragment(client, world):
    client.force_login(operator())
    response = client.get("/sensor/?jenis=wifi", HTTP_HX_REQUEST="true")
    body = response.content.decode()
    assert body.lstrip().startswith('<div id="hasil"')
    assert 'hx-trigger="every 10s"' in body
    assert "jenis=wifi" in body  # the poll keeps the filters
    assert "<html" not in body


def test_officer_sees_only_own_agency(client, world):
    client.force_login(officer(world["diskominfo"]))
    assert names(client.get("/sensor/")) == ["WiFi Alun-alun"]
    assert client.get(f"/sensor/perangkat/{world['gauge'].pk}/").status_code == 404
    stream = world["gauge"].datastreams.get()
    assert client.get(f"/sensor/aliran/{stream.pk}/").status_code == 404
    features = client.get("/sensor/peta.geojson").json()["features"]
    assert [f["properties"]["name"] for f in features] == ["WiFi Alun-alun"]
    export = client.get("/sensor/unduh.csv").content.decode("utf-8-sig")
    assert "Pos P2C Uji" not in export and "WiFi Alun-alun" in export


@pytest.mark.parametrize(
    "url", ["/sensor/", "/sensor/peta/", "/sensor/unduh.csv", "/sensor/peta.geojson"]
)
def test_users_without_a_sensing_role_are_refused(client, world, url):
    assert client.get(url).status_code == 302  # to the sign-in page
    client.force_login(UserFactory(roles=[]))
    assert client.get(url).status_code == 403


def test_csv_export_one_line_per_datastream(client, world):
    client.force_login(operator())
    response = client.get("/sensor/unduh.csv?jenis=river_gauge")
    assert response["Content-Type"].startswith("text/csv")
    rows = list(csv.reader(io.StringIO(response.content.decode("utf-8-sig"))))
    assert rows[0][:3] == ["ID perangkat", "Nama perangkat", "Jenis"]
    assert len(rows) == 2
    assert rows[1][1] == "Pos P2C Uji"
    assert rows[1][6] == "320.0"
    assert rows[1][7] == "cm"


def test_map_page_and_features(client, world):
    make_thing("Tanpa posisi", lat=None)
    client.force_login(operator())
    page = client.get("/sensor/peta/")
    assert page.status_code == 200
    assert "peta-sensor" in page.content.decode()
    collection = client.get("/sensor/peta.geojson?jenis=river_gauge").json()
    [feature] = collection["features"]
    assert feature["geometry"] == {"type": "Point", "coordinates": [106.97, -6.30]}
    props = feature["properties"]
    assert props["status"] == "ok"
    assert props["latest"][0]["value"] == 320.0
    assert props["latest"][0]["unit"] == "cm"


def test_thing_detail_and_its_polled_fragment(client, world):
    client.force_login(operator())
    url = f"/sensor/perangkat/{world['gauge'].pk}/"
    page = client.get(url)
    assert page.status_code == 200
    assert "Tinggi muka air Pos P2C Uji" in page.content.decode()
    fragment = client.get(url, HTTP_HX_REQUEST="true").content.decode()
    assert fragment.lstrip().startswith('<div id="nilai-terakhir"')
    assert "320" in fragment
    assert client.get("/sensor/perangkat/999999/").status_code == 404


def test_stale_flag_of_the_watchdog_counts(world):
    stream = world["gauge"].datastreams.get()
    DatastreamLatest.objects.filter(datastream=stream).update(stale_since=timezone.now())
    rows = selectors.thing_list(
        actor=operator(), filters=selectors.ThingFilters(status=selectors.STATUS_STALE)
    )
    assert [thing.name for thing in rows] == ["Penakar Uji", "Pos P2C Uji"]

"""The vehicle map: positions, a vehicle's trips, the replay JSON, scoping, bad parameters."""

from __future__ import annotations

import pytest

from kotacerdas.core.tests.factories import AgencyFactory, OfficerFactory
from kotacerdas.sensing.models import Trip

from .pages_factories import operator
from .tracking_factories import drive_north, make_vehicle

pytestmark = pytest.mark.django_db


@pytest.fixture
def fleet():
    dlh = AgencyFactory(name="DLH Uji")
    truck = make_vehicle(name="Truk Sampah Uji", agency=dlh)
    drive_north(truck, start_minute=0, steps=8)
    ambulance = make_vehicle(name="Ambulans Uji", agency=AgencyFactory(name="Dinkes Uji"))
    return {"dlh": dlh, "truck": truck, "ambulance": ambulance, "trip": Trip.objects.get()}


def test_vehicle_map_lists_vehicles_and_positions(client, fleet):
    client.force_login(operator())
    response = client.get("/sensor/kendaraan/")
    assert response.status_code == 200
    assert [v.name for v in response.context["vehicles"]] == ["Ambulans Uji", "Truk Sampah Uji"]
    positions = client.get("/sensor/kendaraan/posisi.json").json()["vehicles"]
    truck = next(v for v in positions if v["name"] == "Truk Sampah Uji")
    assert truck["lat"] == pytest.approx(-6.2362 + 8 * 0.0036)


def test_vehicle_trips_and_replay(client, fleet):
    client.force_login(operator())
    trip = fleet["trip"]
    response = client.get(f"/sensor/kendaraan/?kendaraan={fleet['truck'].pk}&perjalanan={trip.pk}")
    assert response.status_code == 200
    assert response.context["trips"] == [trip]
    body = response.content.decode()
    assert f'data-trip-url="/sensor/kendaraan/perjalanan/{trip.pk}.json"' in body
    assert 'id="putar-ulang"' in body
    replay = client.get(f"/sensor/kendaraan/perjalanan/{trip.pk}.json").json()
    assert replay["trip"]["id"] == trip.pk
    latitudes = [point[0] for point in replay["points"]]
    assert latitudes == sorted(latitudes) and len(latitudes) == trip.points_count


@pytest.mark.parametrize(
    "query", ["kendaraan=abc", "kendaraan=999999", "perjalanan=-1", "kendaraan=1e99"]
)
def test_bad_parameters_answer_400_with_a_message(client, fleet, query):
    client.force_login(operator())
    response = client.get(f"/sensor/kendaraan/?{query}")
    assert response.status_code == 400
    assert response.context["error"]


def test_officer_sees_only_own_agency_vehicles_and_trips(client, fleet):
    client.force_login(OfficerFactory(agency=AgencyFactory(name="Dinkes Lain")))
    assert client.get("/sensor/kendaraan/").context["vehicles"] == []
    assert client.get(f"/sensor/kendaraan/perjalanan/{fleet['trip'].pk}.json").status_code == 404
    client.force_login(OfficerFactory(agency=fleet["dlh"]))
    assert [v.name for v in client.get("/sensor/kendaraan/").context["vehicles"]] == [
        "Truk Sampah Uji"
    ]
    assert client.get(f"/sensor/kendaraan/perjalanan/{fleet['trip'].pk}.json").status_code == 200

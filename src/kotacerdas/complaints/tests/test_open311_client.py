"""An unmodified Open311 client against the running server: the `georeport` package (PyPI)
for services, service definitions and requests in JSON and XML; a plain form POST for
creating a request (georeport has no create call), as apps do."""

import xml.etree.ElementTree as ET

import pytest
import requests

from kotacerdas.complaints.tests.factories import (
    BEKASI_TIMUR_POINT,
    CategoryAttributeFactory,
    CategoryFactory,
)
from kotacerdas.core.services.tokens import token_create
from kotacerdas.core.tests.factories import UserFactory

georeport = pytest.importorskip("georeport")

# The server thread needs committed rows.
pytestmark = pytest.mark.django_db(transaction=True)


@pytest.fixture(autouse=True)
def regions():
    """The kelurahan boundaries of the data migration, loaded again: an earlier transactional
    test of the run may have emptied the tables (the loader is idempotent)."""
    from kotacerdas.core import geo, reference_data
    from kotacerdas.core.models import Agency, AgencyName, Organisation, Region

    reference_data.load_regions(Region)
    reference_data.load_agencies(Agency, AgencyName, Region, Organisation)
    geo.clear_cache()


@pytest.fixture
def service():
    category = CategoryFactory(code="jalan-rusak", name="Jalan rusak", keywords="jalan, lubang")
    CategoryAttributeFactory(
        category=category,
        code="ukuran",
        description="Ukuran lubang",
        datatype="singlevaluelist",
        required=True,
        values=[{"key": "kecil", "name": "Kecil"}, {"key": "besar", "name": "Besar"}],
    )
    return category


@pytest.fixture
def api_key():
    return token_create(actor="cli", user=UserFactory(), name="aplikasi")[1]


def create(root: str, api_key: str, fmt: str) -> str:
    lat, lng = BEKASI_TIMUR_POINT
    response = requests.post(
        f"{root}/requests.{fmt}",
        data={
            "api_key": api_key,
            "service_code": "jalan-rusak",
            "lat": lat,
            "long": lng,
            "description": "Lubang besar di jalan depan pasar.",
            "first_name": "Rina",
            "email": "rina@contoh.id",
            "attribute[ukuran]": "besar",
        },
        timeout=10,
        allow_redirects=False,
    )
    assert response.status_code == 200, response.text
    if fmt == "json":
        return response.json()[0]["service_request_id"]
    return ET.fromstring(response.content).find("request").findtext("service_request_id")


@pytest.mark.parametrize("fmt", ["json", "xml"])
def test_georeport_client_lists_services_creates_and_reads_a_request(
    live_server, service, api_key, fmt
):
    root = f"{live_server.url}/open311/v2"
    client = georeport.GeoReport(root, api_key=api_key, output_format=fmt)

    services = client.get_service_list()
    if isinstance(services, dict):  # xmltodict gives a dict for a single <service>
        services = [services]
    assert [s["service_code"] for s in services] == ["jalan-rusak"]

    definition = client.get_service_definition("jalan-rusak")
    attributes = definition["attributes"]
    attribute = attributes[0] if fmt == "json" else attributes["attribute"]
    assert attribute["code"] == "ukuran"

    request_id = create(root, api_key, fmt)
    request = client.get_service_request(request_id)
    assert request["service_request_id"] == request_id
    assert request["status"] == "open"
    assert request["service_code"] == "jalan-rusak"
    assert request["requested_datetime"].endswith("+07:00")
    assert "Rina" not in str(request) and "rina@contoh.id" not in str(request)

    listed = client.get_service_requests(service_request_id=request_id, status="open")
    if isinstance(listed, dict):
        listed = [listed]
    assert [r["service_request_id"] for r in listed] == [request_id]


def test_georeport_client_sees_404_as_an_http_error(live_server, service):
    client = georeport.GeoReport(f"{live_server.url}/open311/v2")
    with pytest.raises(requests.HTTPError) as raised:
        client.get_service_request("ADU-2026-999999")
    assert raised.value.response.status_code == 404
    assert raised.value.response.json()[0]["code"] == 404

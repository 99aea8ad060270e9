"""Open311 GeoReport v2 reads: discovery, services, service definitions, requests (filters,
one-element lists, +07:00 dates, open/closed from the lifecycle), tokens; both formats;
no personal data anywhere."""

import datetime as dt
import re
import xml.etree.ElementTree as ET

import pytest
from django.utils import timezone

from kotacerdas.complaints.models import Case, CaseOutcome, CaseState, Privacy
from kotacerdas.complaints.tests.factories import (
    CaseFactory,
    CategoryAttributeFactory,
    CategoryFactory,
)

pytestmark = pytest.mark.django_db

BASE = "/open311/v2/"
W3C_JAKARTA = re.compile(r"^\d{4}-\d\d-\d\dT\d\d:\d\d:\d\d\+07:00$")
REQUEST_FIELDS = [
    "service_request_id",
    "status",
    "status_notes",
    "service_name",
    "service_code",
    "description",
    "agency_responsible",
    "service_notice",
    "requested_datetime",
    "updated_datetime",
    "expected_datetime",
    "address",
    "address_id",
    "zipcode",
    "lat",
    "long",
    "media_url",
]


def get(client, path):
    response = client.get(BASE + path)
    fmt = path.split("?")[0].rsplit(".", 1)[-1]
    expected = "application/json" if fmt == "json" else "text/xml"
    assert response["Content-Type"] == f"{expected}; charset=utf-8"
    if fmt == "xml":
        assert response.content.startswith(b'<?xml version="1.0" encoding="utf-8"?>')
        return response, ET.fromstring(response.content)
    return response, response.json()


def xml_errors(root):
    assert root.tag == "errors"
    return [(e.findtext("code"), e.findtext("description")) for e in root.findall("error")]


# --- discovery and services


def test_discovery_json_names_the_endpoint_and_both_formats(client):
    response, body = get(client, "discovery.json")
    assert response.status_code == 200
    (endpoint,) = body["endpoints"]
    assert endpoint["specification"] == "http://wiki.open311.org/GeoReport_v2"
    assert endpoint["url"] == "http://testserver/open311/v2"
    assert endpoint["formats"] == ["text/xml", "application/json"]
    assert {"changeset", "contact", "key_service"} <= set(body)


def test_discovery_xml(client):
    _response, root = get(client, "discovery.xml")
    assert root.tag == "discovery"
    formats = [f.text for f in root.find("endpoints").find("endpoint").find("formats")]
    assert formats == ["text/xml", "application/json"]
    assert "1500444" in root.findtext("contact")


def test_services_json_lists_active_categories_with_the_metadata_flag(client):
    with_attributes = CategoryFactory(code="jalan-rusak", name="Jalan rusak", keywords="jalan")
    CategoryAttributeFactory(category=with_attributes, code="ukuran")
    CategoryFactory(code="sampah", name="Sampah", group="Kebersihan")
    CategoryFactory(code="lama", name="Kategori lama", is_active=False)
    response, body = get(client, "services.json")
    assert response.status_code == 200
    by_code = {service["service_code"]: service for service in body}
    assert set(by_code) == {"jalan-rusak", "sampah"}
    assert by_code["jalan-rusak"] == {
        "service_code": "jalan-rusak",
        "service_name": "Jalan rusak",
        "description": "",
        "metadata": True,
        "type": "realtime",
        "keywords": "jalan",
        "group": "Infrastruktur",
    }
    assert by_code["sampah"]["metadata"] is False


def test_services_xml(client):
    CategoryFactory(code="sampah", name="Sampah", group="Kebersihan")
    _response, root = get(client, "services.xml")
    assert root.tag == "services"
    (service,) = root.findall("service")
    assert [child.tag for child in service] == [
        "service_code",
        "service_name",
        "description",
        "metadata",
        "type",
        "keywords",
        "group",
    ]
    assert service.findtext("metadata") == "false"
    assert service.findtext("type") == "realtime"


def test_service_definition_in_both_formats(client):
    category = CategoryFactory(code="jalan-rusak")
    CategoryAttributeFactory(
        category=category,
        code="ukuran",
        description="Ukuran lubang",
        datatype="singlevaluelist",
        required=True,
        order=1,
        values=[{"key": "kecil", "name": "Kecil"}, {"key": "besar", "name": "Besar"}],
    )
    CategoryAttributeFactory(category=category, code="catatan", datatype="text", order=2)
    _response, body = get(client, "services/jalan-rusak.json")
    assert body["service_code"] == "jalan-rusak"
    first, second = body["attributes"]
    assert first == {
        "variable": True,
        "code": "ukuran",
        "datatype": "singlevaluelist",
        "required": True,
        "datatype_description": None,
        "order": 1,
        "description": "Ukuran lubang",
        "values": [{"key": "kecil", "name": "Kecil"}, {"key": "besar", "name": "Besar"}],
    }
    assert second["code"] == "catatan" and second["values"] == []
    _response, root = get(client, "services/jalan-rusak.xml")
    assert root.tag == "service_definition"
    attribute = root.find("attributes").findall("attribute")[0]
    assert attribute.findtext("required") == "true"
    values = attribute.find("values").findall("value")
    assert [(v.findtext("key"), v.findtext("name")) for v in values] == [
        ("kecil", "Kecil"),
        ("besar", "Besar"),
    ]


@pytest.mark.parametrize("fmt", ["json", "xml"])
def test_unknown_service_is_a_404_error_list(client, fmt):
    CategoryFactory(code="lama", is_active=False)
    for code in ("tidak-ada", "lama"):
        response, body = get(client, f"services/{code}.{fmt}")
        assert response.status_code == 404
        errors = xml_errors(body) if fmt == "xml" else [(e["code"], e["description"]) for e in body]
        assert errors == [(404 if fmt == "json" else "404", f"service_code tidak dikenal: {code}")]


# --- requests


@pytest.fixture
def cases():
    now = timezone.now()
    road = CategoryFactory(code="jalan-rusak", name="Jalan rusak")
    rubbish = CategoryFactory(code="sampah", name="Sampah")
    open_case = CaseFactory(
        category=road,
        tracking_number="ADU-2026-000001",
        received_at=now - dt.timedelta(days=2),
        address="Jl. Juanda",
        sla_due_at=now + dt.timedelta(days=3),
        outer_due_at=now + dt.timedelta(days=58),
        open311_token="token-satu",
    )
    closed_case = CaseFactory(
        category=rubbish,
        tracking_number="ADU-2026-000002",
        received_at=now - dt.timedelta(days=10),
        state=CaseState.CLOSED,
        outcome=CaseOutcome.CONFIRMED,
        closed_at=now - dt.timedelta(days=1),
    )
    old_case = CaseFactory(
        category=road,
        tracking_number="ADU-2026-000003",
        received_at=now - dt.timedelta(days=120),
    )
    return open_case, closed_case, old_case


def ids_json(body):
    return [item["service_request_id"] for item in body]


def test_get_requests_defaults_to_the_last_90_days_newest_first(client, cases):
    response, body = get(client, "requests.json")
    assert response.status_code == 200
    assert ids_json(body) == ["ADU-2026-000001", "ADU-2026-000002"]
    assert list(body[0]) == REQUEST_FIELDS


def test_get_requests_xml(client, cases):
    _response, root = get(client, "requests.xml")
    assert root.tag == "service_requests"
    requests = root.findall("request")
    assert [r.findtext("service_request_id") for r in requests] == [
        "ADU-2026-000001",
        "ADU-2026-000002",
    ]
    assert [child.tag for child in requests[0]] == REQUEST_FIELDS


def test_get_requests_filters(client, cases):
    def ids(query):
        response, body = get(client, "requests.json?" + query)
        assert response.status_code == 200, body
        return ids_json(body)

    assert ids("status=open") == ["ADU-2026-000001"]
    assert ids("status=closed") == ["ADU-2026-000002"]
    assert ids("status=open,closed") == ["ADU-2026-000001", "ADU-2026-000002"]
    assert ids("service_code=sampah") == ["ADU-2026-000002"]
    assert ids("service_code=sampah,jalan-rusak") == ["ADU-2026-000001", "ADU-2026-000002"]
    # service_request_id overrides every other filter, the 90-day window included.
    assert ids("service_request_id=ADU-2026-000003,ADU-2026-000002&status=open") == [
        "ADU-2026-000002",
        "ADU-2026-000003",
    ]
    today = timezone.localdate()
    start = (today - dt.timedelta(days=130)).isoformat()
    end = (today - dt.timedelta(days=60)).isoformat()
    assert ids(f"start_date={start}T00:00:00%2B07:00&end_date={end}T00:00:00Z") == [
        "ADU-2026-000003"
    ]
    assert ids(f"start_date={(today - dt.timedelta(days=5)).isoformat()}") == ["ADU-2026-000001"]


@pytest.mark.parametrize("fmt", ["json", "xml"])
@pytest.mark.parametrize(
    "query",
    [
        "status=pending",
        "start_date=kemarin",
        "end_date=2026-13-01",
        "start_date=2026-01-01T00:00:00Z&end_date=2026-06-01T00:00:00Z",
        "start_date=2026-06-01T00:00:00Z&end_date=2026-05-01T00:00:00Z",
    ],
)
def test_bad_request_filters_are_400_error_lists(client, cases, fmt, query):
    response, body = get(client, f"requests.{fmt}?{query}")
    assert response.status_code == 400
    if fmt == "xml":
        assert [code for code, _ in xml_errors(body)] == ["400"]
    else:
        assert [item["code"] for item in body] == [400]


def test_get_requests_returns_at_most_1000(client):
    category = CategoryFactory(code="banyak")
    now = timezone.now()
    Case.objects.bulk_create(
        Case(
            tracking_number=f"ADU-2026-{n:06d}",
            channel="web",
            case_type="pengaduan",
            category=category,
            title="t",
            description="d",
            received_at=now - dt.timedelta(minutes=n),
        )
        for n in range(1, 1003)
    )
    _response, body = get(client, "requests.json")
    assert len(body) == 1000
    assert body[0]["service_request_id"] == "ADU-2026-000001"


@pytest.mark.parametrize("fmt", ["json", "xml"])
def test_one_request_is_a_one_element_list(client, cases, fmt):
    open_case = cases[0]
    response, body = get(client, f"requests/{open_case.tracking_number}.{fmt}")
    assert response.status_code == 200
    if fmt == "json":
        assert isinstance(body, list) and len(body) == 1
        item = body[0]
    else:
        assert body.tag == "service_requests"
        (request,) = body.findall("request")
        item = {child.tag: child.text for child in request}
    assert item["service_request_id"] == "ADU-2026-000001"
    assert item["status"] == "open"
    assert item["status_notes"] == "Diterima"
    assert item["service_code"] == "jalan-rusak"
    assert item["service_name"] == "Jalan rusak"
    assert item["agency_responsible"] == open_case.category.default_agency.name
    assert item["address"] == "Jl. Juanda"
    for name in ("requested_datetime", "updated_datetime", "expected_datetime"):
        assert W3C_JAKARTA.match(item[name]), (name, item[name])
    assert dt.datetime.fromisoformat(item["expected_datetime"]) == open_case.sla_due_at.replace(
        microsecond=0
    )
    assert float(item["lat"]) == pytest.approx(open_case.lat)
    assert float(item["long"]) == pytest.approx(open_case.lng)


def test_closed_lifecycle_is_closed_with_the_outcome_in_status_notes(client, cases):
    _response, body = get(client, "requests/ADU-2026-000002.json")
    (item,) = body
    assert item["status"] == "closed"
    assert item["status_notes"] == "Ditutup — Selesai, dikonfirmasi pelapor"
    assert item["expected_datetime"] is None


def test_every_open_state_is_open_and_overdue_shows_in_the_notes(client, cases):
    open_case = cases[0]
    for state in (
        CaseState.VERIFIED,
        CaseState.DISPATCHED,
        CaseState.IN_PROGRESS,
        CaseState.RESOLVED,
    ):
        Case.objects.filter(pk=open_case.pk).update(state=state, is_overdue=True)
        (item,) = get(client, "requests/ADU-2026-000001.json")[1]
        assert item["status"] == "open"
        assert item["status_notes"] == f"{CaseState(state).label} — melewati batas waktu"


def test_expected_datetime_falls_back_to_the_outer_limit(client, cases):
    open_case = cases[0]
    Case.objects.filter(pk=open_case.pk).update(sla_due_at=None)
    (item,) = get(client, "requests/ADU-2026-000001.json")[1]
    assert dt.datetime.fromisoformat(item["expected_datetime"]) == open_case.outer_due_at.replace(
        microsecond=0
    )


@pytest.mark.parametrize("fmt", ["json", "xml"])
def test_unknown_request_and_token_are_404_error_lists(client, cases, fmt):
    for path in (f"requests/ADU-2026-999999.{fmt}", f"tokens/tidak-ada.{fmt}"):
        response, body = get(client, path)
        assert response.status_code == 404
        if fmt == "xml":
            assert [code for code, _ in xml_errors(body)] == ["404"]
        else:
            assert [item["code"] for item in body] == [404]


@pytest.mark.parametrize("fmt", ["json", "xml"])
def test_token_gives_the_request_id_as_a_one_element_list(client, cases, fmt):
    response, body = get(client, f"tokens/token-satu.{fmt}")
    assert response.status_code == 200
    if fmt == "json":
        assert body == [{"service_request_id": "ADU-2026-000001", "token": "token-satu"}]
    else:
        (request,) = body.findall("request")
        assert request.findtext("service_request_id") == "ADU-2026-000001"
        assert request.findtext("token") == "token-satu"


# --- privacy


def test_no_personal_data_in_any_response(client, cases):
    CaseFactory(
        category=cases[0].category,
        tracking_number="ADU-2026-000010",
        privacy=Privacy.CONFIDENTIAL,
        description="Isi rahasia tentang tetangga saya.",
    )
    for path in (
        "requests.json",
        "requests.xml",
        "requests/ADU-2026-000001.json",
        "requests/ADU-2026-000010.xml",
        "tokens/token-satu.json",
    ):
        content = client.get(BASE + path).content
        for secret in (b"Budi", b"Santoso", b"081234567890", b"budi@contoh.id"):
            assert secret not in content, (path, secret)
        assert b"Isi rahasia" not in content, path


def test_a_confidential_case_shows_no_content_address_or_point(client, cases):
    from kotacerdas.core import geo

    kecamatan, kelurahan = geo.locate_point(cases[0].lat, cases[0].lng)
    CaseFactory(
        category=cases[0].category,
        tracking_number="ADU-2026-000011",
        privacy=Privacy.CONFIDENTIAL,
        description="Isi rahasia.",
        address="Rumah No. 7",
        kecamatan=kecamatan,
        kelurahan=kelurahan,
    )
    (item,) = get(client, "requests/ADU-2026-000011.json")[1]
    assert "dirahasiakan" in item["description"]
    assert (item["address"], item["lat"], item["long"]) == ("", None, None)
    assert item["address_id"] == kecamatan.code


def test_a_public_case_gives_its_kelurahan_code_as_address_id(client, cases):
    from kotacerdas.core import geo

    kecamatan, kelurahan = geo.locate_point(cases[0].lat, cases[0].lng)
    Case.objects.filter(pk=cases[0].pk).update(kecamatan=kecamatan, kelurahan=kelurahan)
    (item,) = get(client, "requests/ADU-2026-000001.json")[1]
    assert item["address_id"] == kelurahan.code


def test_xml_survives_control_characters_in_a_description(client, cases):
    Case.objects.filter(pk=cases[0].pk).update(description="Lubang\x0b besar\x1f sekali")
    response, root = get(client, "requests/ADU-2026-000001.xml")
    assert response.status_code == 200
    assert "besar" in root.find("request").findtext("description")


# --- routing


def test_paths_without_an_extension_are_404_not_redirects(client):
    for path in ("services", "requests", "discovery", "requests/ADU-2026-000001"):
        assert client.get(BASE + path).status_code == 404
        assert client.post(BASE + path).status_code == 404


def test_a_wrong_method_is_405_with_the_error_list(client):
    response = client.post(BASE + "services.json")
    assert response.status_code == 405
    assert response.json()[0]["code"] == 405

"""Open311 POST requests: a case from an app, and every bad input refused with the error list
while writing nothing."""

import xml.etree.ElementTree as ET

import pytest

from kotacerdas.complaints.models import Case, CaseEvent, Channel
from kotacerdas.complaints.tests.factories import (
    BEKASI_TIMUR_POINT,
    JAKARTA_POINT,
    CategoryAttributeFactory,
    CategoryFactory,
)
from kotacerdas.core.models import AuditEvent
from kotacerdas.core.services.tokens import token_create, token_revoke
from kotacerdas.core.tests.factories import UserFactory

pytestmark = pytest.mark.django_db

URL = "/open311/v2/requests.{}"
LAT, LNG = BEKASI_TIMUR_POINT


@pytest.fixture
def api_key():
    _token, raw = token_create(actor="cli", user=UserFactory(), name="aplikasi uji")
    return raw


@pytest.fixture
def category():
    category = CategoryFactory(code="jalan-rusak", name="Jalan rusak")
    CategoryAttributeFactory(
        category=category,
        code="ukuran",
        description="Ukuran lubang",
        datatype="singlevaluelist",
        values=[{"key": "kecil", "name": "Kecil"}, {"key": "besar", "name": "Besar"}],
    )
    CategoryAttributeFactory(
        category=category,
        code="dampak",
        description="Dampak",
        datatype="multivaluelist",
        values=[{"key": "macet", "name": "Macet"}, {"key": "bahaya", "name": "Bahaya"}],
    )
    return category


def form(key, **overrides):
    data = {
        "api_key": key,
        "service_code": "jalan-rusak",
        "lat": str(LAT),
        "long": str(LNG),
        "description": "Lubang besar di Jl. Ir. H. Juanda, dekat halte.",
        "first_name": "Siti",
        "last_name": "Aminah",
        "email": "siti@contoh.id",
        "phone": "081299990000",
        "device_id": "perangkat-1",
        "attribute[ukuran]": "besar",
        "attribute[dampak][]": ["macet", "bahaya"],
    }
    data.update(overrides)
    return {key: value for key, value in data.items() if value is not None}


def counts():
    return Case.objects.count(), CaseEvent.objects.count(), AuditEvent.objects.count()


def test_post_json_creates_one_open311_case_and_answers_a_one_element_list(
    client, api_key, category
):
    response = client.post(URL.format("json"), form(api_key))
    assert response.status_code == 200
    assert response["Content-Type"] == "application/json; charset=utf-8"
    body = response.json()
    assert isinstance(body, list) and len(body) == 1
    case = Case.objects.get()
    assert body[0]["service_request_id"] == case.tracking_number
    assert body[0]["account_id"] is None
    tokens = client.get(f"/open311/v2/tokens/{body[0]['token']}.json")
    assert tokens.json() == [
        {"service_request_id": case.tracking_number, "token": body[0]["token"]}
    ]
    assert "hari kerja" in body[0]["service_notice"]
    assert list(body[0]) == ["service_request_id", "service_notice", "account_id", "token"]
    assert case.channel == Channel.OPEN311
    assert case.category == category
    assert case.attributes == {"ukuran": "besar", "dampak": ["macet", "bahaya"]}
    assert case.reporter_name == "Siti Aminah"
    assert case.reporter_email == "siti@contoh.id"
    assert case.kecamatan.name == "Bekasi Timur"
    assert AuditEvent.objects.filter(action="create", object_id=str(case.pk)).exists()
    # No personal data in the answer.
    assert b"Siti" not in response.content and b"0812" not in response.content


def test_post_xml_answers_service_requests_request(client, api_key, category):
    response = client.post(URL.format("xml"), form(api_key))
    assert response.status_code == 200
    assert response["Content-Type"] == "text/xml; charset=utf-8"
    assert response.content.startswith(b'<?xml version="1.0" encoding="utf-8"?>')
    root = ET.fromstring(response.content)
    assert root.tag == "service_requests"
    (request,) = root.findall("request")
    assert request.findtext("service_request_id") == Case.objects.get().tracking_number
    assert request.find("account_id") is not None and request.findtext("account_id") == ""


def test_post_with_address_id_of_a_kelurahan_locates_the_case(client, api_key, category):
    from kotacerdas.core.models import Region

    kelurahan = Region.objects.filter(level="kelurahan").order_by("code").first()
    data = form(api_key, lat=None, long=None, address_id=kelurahan.code)
    response = client.post(URL.format("json"), data)
    assert response.status_code == 200, response.content
    case = Case.objects.get()
    assert case.kelurahan == kelurahan and case.kecamatan == kelurahan.parent


def test_post_with_only_an_address_string_is_accepted(client, api_key, category):
    data = form(api_key, lat=None, long=None, address_string="Jl. Ahmad Yani No. 1, Bekasi")
    response = client.post(URL.format("json"), data)
    assert response.status_code == 200, response.content
    assert Case.objects.get().address == "Jl. Ahmad Yani No. 1, Bekasi"


def test_post_keeps_the_media_url_and_get_returns_it(client, api_key, category):
    url = "https://contoh.id/foto/lubang.jpg"
    response = client.post(URL.format("json"), form(api_key, media_url=url))
    assert response.status_code == 200
    request_id = response.json()[0]["service_request_id"]
    assert client.get(f"/open311/v2/requests/{request_id}.json").json()[0]["media_url"] == url
    assert AuditEvent.objects.filter(action="open311.media_url").count() == 1


def test_post_is_not_subject_to_csrf(api_key, category):
    from django.test import Client

    strict = Client(enforce_csrf_checks=True)
    assert strict.post(URL.format("json"), form(api_key)).status_code == 200


def errors_of(response, fmt):
    if fmt == "json":
        body = response.json()
        assert isinstance(body, list) and body
        assert all(set(item) == {"code", "description"} for item in body)
        return [(item["code"], item["description"]) for item in body]
    assert response["Content-Type"] == "text/xml; charset=utf-8"
    root = ET.fromstring(response.content)
    assert root.tag == "errors"
    return [(int(e.findtext("code")), e.findtext("description")) for e in root.findall("error")]


BAD_INPUTS = [
    # (overrides, status, a word of the description)
    ({"api_key": None}, 403, "api_key"),
    ({"api_key": "kc_000000000000_salah"}, 403, "api_key"),
    ({"api_key": "bukan-token"}, 403, "api_key"),
    ({"lat": None, "long": None}, 400, "Lokasi"),
    ({"long": None}, 400, "lat dan long"),
    ({"service_code": "tidak-ada"}, 400, "service_code"),
    ({"service_code": None}, 400, "service_code"),
    ({"lat": "abc"}, 400, "lat"),
    ({"long": "200"}, 400, "long"),
    ({"lat": "nan"}, 400, "lat"),
    ({"description": "x" * 10_000}, 400, "description: Uraian terlalu panjang"),
    ({"description": ""}, 400, "description"),
    ({"attribute[warna]": "merah"}, 400, "attribute: Atribut tidak dikenal"),
    ({"attribute[ukuran]": "raksasa"}, 400, "attribute"),
    ({"lat": str(JAKARTA_POINT[0]), "long": str(JAKARTA_POINT[1])}, 400, "luar Kota Bekasi"),
    ({"lat": None, "long": None, "address_id": "31.71.01"}, 400, "address_id"),
    ({"email": "bukan surel"}, 400, "email"),
    ({"media_url": "javascript:alert(1)"}, 400, "media_url"),
    ({"description": "Lubang\x00 besar"}, 400, "description berisi karakter NUL"),
]


@pytest.mark.parametrize("fmt", ["json", "xml"])
@pytest.mark.parametrize(("overrides", "status", "word"), BAD_INPUTS)
def test_bad_input_is_refused_with_the_error_list_and_writes_nothing(
    client, api_key, category, fmt, overrides, status, word
):
    before = counts()
    response = client.post(URL.format(fmt), form(api_key, **overrides))
    assert response.status_code == status, response.content
    errors = errors_of(response, fmt)
    assert all(code == status for code, _description in errors)
    assert any(word in description for _code, description in errors), errors
    assert counts() == before


def test_a_revoked_api_key_is_refused(client, api_key, category):
    from kotacerdas.core.models import ApiToken

    token = ApiToken.objects.get()
    token_revoke(actor="cli", token=token)
    before = counts()
    assert client.post(URL.format("json"), form(api_key)).status_code == 403
    assert counts() == before


def test_an_inactive_category_is_refused_as_unknown(client, api_key, category):
    category.is_active = False
    category.save()
    response = client.post(URL.format("json"), form(api_key))
    assert response.status_code == 400
    assert Case.objects.count() == 0


def test_several_problems_come_back_as_several_errors(client, api_key, category):
    response = client.post(
        URL.format("json"),
        form(api_key, description="", **{"attribute[warna]": "merah"}),
    )
    assert response.status_code == 400
    assert len(response.json()) >= 2


def test_a_forged_or_altered_token_is_404(client, api_key, category):
    token = client.post(URL.format("json"), form(api_key)).json()[0]["token"]
    tracking_number, signature = token.split(":")
    assert (
        client.get(f"/open311/v2/tokens/{tracking_number}:x{signature[1:]}.json").status_code == 404
    )
    other = tracking_number[:-1] + "9"
    assert client.get(f"/open311/v2/tokens/{other}:{signature}.json").status_code == 404

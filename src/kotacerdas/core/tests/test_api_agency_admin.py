"""POST /api/v1/agencies, /agencies/{code}/merge, /agencies/{code}/retire: admins only."""

import datetime as dt
import json

import pytest
from django.utils import timezone

from kotacerdas.core.models import Agency, AgencyName, AuditEvent, Organisation
from kotacerdas.core.services.agencies import agency_retire
from kotacerdas.core.services.tokens import token_create
from kotacerdas.core.tests.factories import (
    AdminFactory,
    AgencyFactory,
    ExecutiveFactory,
    OfficerFactory,
)

pytestmark = pytest.mark.django_db


def _world():
    return (
        list(Agency.objects.order_by("pk").values()),
        list(AgencyName.objects.order_by("pk").values()),
        list(Organisation.objects.order_by("pk").values("pk", "name", "is_active")),
        AuditEvent.objects.count(),
    )


def _token_header(user):
    _token, raw = token_create(actor=user, user=user, name="uji")
    return {"HTTP_AUTHORIZATION": f"Token {raw}"}


def _post(client, path, body, **extra):
    if not isinstance(body, str):
        body = json.dumps(body)
    return client.post(f"/api/v1/agencies{path}", body, content_type="application/json", **extra)


@pytest.fixture
def admin_headers():
    return _token_header(AdminFactory())


def _error(response):
    error = response.json()["error"]
    assert set(error) >= {"code", "message"}
    return error


NEW = {
    "code": "dis-baru",
    "name": "Dinas Ekonomi Kreatif",
    "short_name": "Disekraf",
    "type": "dinas",
}


# --- create ---------------------------------------------------------------------------------


def test_create_by_admin_returns_201_with_history(client, admin_headers):
    response = _post(
        client, "", {**NEW, "region": "32.75.01", "is_walidata": True}, **admin_headers
    )
    assert response.status_code == 201
    data = response.json()
    assert (data["code"], data["name"], data["short_name"], data["type"]) == (
        "DIS-BARU",
        "Dinas Ekonomi Kreatif",
        "Disekraf",
        "dinas",
    )
    assert data["region"] == "32.75.01"
    assert data["is_walidata"] is True
    assert [n["name"] for n in data["names"]] == ["Dinas Ekonomi Kreatif"]
    assert data["names"][0]["valid_from"] == timezone.localdate().isoformat()
    assert Agency.objects.filter(code="DIS-BARU", is_active=True).count() == 1
    assert list(
        AuditEvent.objects.exclude(action="token.create")
        .order_by("seq")
        .values_list("action", flat=True)
    ) == [
        "create",
        "create",
    ]


def test_create_with_valid_from(client, admin_headers):
    response = _post(client, "", {**NEW, "valid_from": "2024-01-02"}, **admin_headers)
    assert response.status_code == 201
    assert response.json()["names"][0]["valid_from"] == "2024-01-02"


def test_create_by_verified_session_admin(client, settings):
    settings.KOTACERDAS_2FA_REQUIRED_ROLES = []
    client.force_login(AdminFactory())
    assert _post(client, "", NEW).status_code == 201


def test_create_by_admin_session_without_totp_is_401_and_writes_nothing(client):
    client.force_login(AdminFactory())
    before = _world()
    response = _post(client, "", NEW)
    assert response.status_code == 401
    assert _error(response)["code"] == "not_authenticated"
    assert _world() == before


@pytest.mark.parametrize("factory", [OfficerFactory, ExecutiveFactory])
def test_create_by_non_admin_is_403_and_writes_nothing(client, factory):
    headers = _token_header(factory())
    before = _world()
    response = _post(client, "", NEW, **headers)
    assert response.status_code == 403
    assert _error(response) == {
        "code": "permission_denied",
        "message": "Hanya administrator yang boleh melakukan ini.",
    }
    assert _world() == before


def test_create_anonymous_is_401(client):
    before = _world()
    assert _post(client, "", NEW).status_code == 401
    assert _world() == before


@pytest.mark.parametrize(
    ("body", "field", "detail"),
    [
        ({**NEW, "code": "dishub"}, "code", ["Kode DISHUB sudah dipakai."]),
        ({**NEW, "region": "99.99"}, "region", ["Wilayah tidak ditemukan."]),
        ({**NEW, "email": "bukan surel"}, "email", ["Masukkan alamat email yang valid."]),
    ],
)
def test_create_rejected_by_rules_is_422_and_writes_nothing(
    client, admin_headers, body, field, detail
):
    before = _world()
    response = _post(client, "", body, **admin_headers)
    assert response.status_code == 422
    error = _error(response)
    assert error["code"] == "validation_error"
    assert error["details"] == {field: detail}
    assert _world() == before


@pytest.mark.parametrize(
    ("body", "loc", "kind"),
    [
        ({**NEW, "code": "DIS BARU"}, "code", "string_pattern_mismatch"),
        ({**NEW, "code": "x" * 41}, "code", "string_too_long"),
        ({**NEW, "name": ""}, "name", "string_too_short"),
        ({**NEW, "type": "kementerian"}, "type", "enum"),
        ({**NEW, "is_active": False}, "is_active", "extra_forbidden"),
        ({k: v for k, v in NEW.items() if k != "short_name"}, "short_name", "missing"),
    ],
)
def test_create_malformed_payload_is_422_and_writes_nothing(client, admin_headers, body, loc, kind):
    before = _world()
    response = _post(client, "", body, **admin_headers)
    assert response.status_code == 422
    error = _error(response)
    assert error["message"] == "Data yang dikirim tidak valid."
    assert error["details"][0]["loc"][-1] == loc
    assert error["details"][0]["type"] == kind
    assert _world() == before


def test_create_broken_json_is_400_and_writes_nothing(client, admin_headers):
    before = _world()
    response = _post(client, "", '{"code": "X"', **admin_headers)
    assert response.status_code == 400
    assert _error(response)["code"] == "malformed_json"
    assert _world() == before


# --- merge ----------------------------------------------------------------------------------


def test_merge_by_admin_retires_source_and_points_at_target(client, admin_headers):
    response = _post(client, "/DISHUB/merge", {"target": "DINKES"}, **admin_headers)
    assert response.status_code == 200
    data = response.json()
    assert (data["code"], data["is_active"], data["merged_into"]) == ("DISHUB", False, "DINKES")
    today = timezone.localdate()
    assert data["retired_on"] == today.isoformat()
    assert data["names"][0]["valid_to"] == today.isoformat()
    assert "DISHUB" in client.get("/api/v1/agencies/DINKES").json()["merged_from"]
    assert list(
        AuditEvent.objects.exclude(action="token.create")
        .order_by("seq")
        .values_list("action", flat=True)
    ) == [
        "agency.merge",
        "update",
    ]


def test_merge_with_date(client, admin_headers):
    start = AgencyName.objects.get(agency__code="DISHUB", valid_to__isnull=True).valid_from
    response = _post(
        client,
        "/DISHUB/merge",
        {"target": "DINKES", "merged_on": start.isoformat()},
        **admin_headers,
    )
    assert response.status_code == 200
    assert Agency.objects.get(code="DISHUB").retired_on == start


def _rejections():
    today = timezone.localdate()
    return [
        ({"target": "TIDAK-ADA"}, {"target": ["Perangkat Daerah tujuan tidak ditemukan."]}),
        ({"target": "DISHUB"}, {"target": ["Perangkat Daerah tidak dapat digabung ke dirinya."]}),
        ({"target": "RETIRED"}, {"target": ["Perangkat Daerah tujuan sudah tidak aktif."]}),
        (
            {"target": "DINKES", "merged_on": (today + dt.timedelta(days=1)).isoformat()},
            {"merged_on": ["Tanggal tidak boleh setelah hari ini."]},
        ),
    ]


@pytest.mark.parametrize("case", range(4))
def test_merge_rejected_is_422_and_writes_nothing(client, admin_headers, case):
    retired = AgencyFactory(code="RETIRED")
    agency_retire(actor=AdminFactory(), agency=retired)
    body, details = _rejections()[case]
    before = _world()
    response = _post(client, "/DISHUB/merge", body, **admin_headers)
    assert response.status_code == 422
    error = _error(response)
    assert error["code"] == "validation_error"
    assert error["details"] == details
    assert _world() == before


def test_merge_before_current_name_is_422(client, admin_headers):
    start = AgencyName.objects.get(agency__code="DISHUB", valid_to__isnull=True).valid_from
    before = _world()
    body = {"target": "DINKES", "merged_on": (start - dt.timedelta(days=1)).isoformat()}
    response = _post(client, "/DISHUB/merge", body, **admin_headers)
    assert response.status_code == 422
    assert response.json()["error"]["details"]["merged_on"][0].startswith(
        "Tanggal tidak boleh sebelum"
    )
    assert _world() == before


def test_merge_of_inactive_source_is_422_and_unknown_source_404(client, admin_headers):
    source = AgencyFactory(code="RETIRED")
    agency_retire(actor=AdminFactory(), agency=source)
    before = _world()
    response = _post(client, "/RETIRED/merge", {"target": "DINKES"}, **admin_headers)
    assert response.status_code == 422
    assert response.json()["error"]["details"] == {
        "source": ["Perangkat Daerah asal sudah tidak aktif."]
    }
    response = _post(client, "/TIDAK-ADA/merge", {"target": "DINKES"}, **admin_headers)
    assert response.status_code == 404
    assert _world() == before


@pytest.mark.parametrize("who", ["own_officer", "target_officer", "executive", "anonymous"])
def test_merge_by_non_admin_is_refused_and_writes_nothing(client, who):
    headers = {}
    if who == "own_officer":
        headers = _token_header(OfficerFactory(agency=Agency.objects.get(code="DISHUB")))
    elif who == "target_officer":
        headers = _token_header(OfficerFactory(agency=Agency.objects.get(code="DINKES")))
    elif who == "executive":
        headers = _token_header(ExecutiveFactory())
    before = _world()
    response = _post(client, "/DISHUB/merge", {"target": "DINKES"}, **headers)
    assert response.status_code == (401 if who == "anonymous" else 403)
    assert _world() == before


def test_merge_unknown_field_is_422(client, admin_headers):
    before = _world()
    response = _post(client, "/DISHUB/merge", {"target": "DINKES", "x": 1}, **admin_headers)
    assert response.status_code == 422
    assert response.json()["error"]["details"][0]["type"] == "extra_forbidden"
    assert _world() == before


# --- retire ---------------------------------------------------------------------------------


def test_retire_by_admin(client, admin_headers):
    response = _post(client, "/DISHUB/retire", {}, **admin_headers)
    assert response.status_code == 200
    data = response.json()
    today = timezone.localdate().isoformat()
    assert (data["is_active"], data["retired_on"], data["merged_into"]) == (False, today, None)
    assert [(n["name"], n["valid_to"]) for n in data["names"]] == [("Dinas Perhubungan", today)]
    assert list(
        AuditEvent.objects.exclude(action="token.create")
        .order_by("seq")
        .values_list("action", flat=True)
    ) == [
        "agency.retire",
        "update",
    ]


def test_retire_rejected_is_422_and_writes_nothing(client, admin_headers):
    before = _world()
    future = (timezone.localdate() + dt.timedelta(days=1)).isoformat()
    response = _post(client, "/DISHUB/retire", {"retired_on": future}, **admin_headers)
    assert response.status_code == 422
    assert response.json()["error"]["details"] == {
        "retired_on": ["Tanggal tidak boleh setelah hari ini."]
    }
    response = _post(client, "/DISHUB/retire", {"retired_on": "kemarin"}, **admin_headers)
    assert response.status_code == 422
    assert response.json()["error"]["details"][0]["loc"][-1] == "retired_on"
    assert _post(client, "/TIDAK-ADA/retire", {}, **admin_headers).status_code == 404
    assert _world() == before
    agency_retire(actor=AdminFactory(), agency=Agency.objects.get(code="DISHUB"))
    before = _world()
    response = _post(client, "/DISHUB/retire", {}, **admin_headers)
    assert response.status_code == 422
    assert response.json()["error"]["details"] == {
        "is_active": ["Perangkat Daerah ini sudah tidak aktif."]
    }
    assert _world() == before


@pytest.mark.parametrize("factory", [OfficerFactory, ExecutiveFactory])
def test_retire_by_non_admin_is_403_and_writes_nothing(client, factory):
    user = (
        factory(agency=Agency.objects.get(code="DISHUB"))
        if factory is OfficerFactory
        else factory()
    )
    headers = _token_header(user)
    before = _world()
    response = _post(client, "/DISHUB/retire", {}, **headers)
    assert response.status_code == 403
    assert _error(response)["code"] == "permission_denied"
    assert _world() == before


def test_admin_endpoints_are_documented(client):
    paths = client.get("/api/v1/openapi.json").json()["paths"]
    assert paths["/api/v1/agencies"]["post"]["summary"] == "Tambah Perangkat Daerah"
    assert paths["/api/v1/agencies/{code}/merge"]["post"]["summary"] == "Gabungkan Perangkat Daerah"
    assert paths["/api/v1/agencies/{code}/retire"]["post"]["summary"] == "Bubarkan Perangkat Daerah"

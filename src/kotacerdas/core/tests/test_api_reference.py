"""/api/v1/regions, /agencies, /stakeholders: public reads, scoped internals, safe writes."""

import json

import pytest

from kotacerdas.core.demo import stakeholders as demo
from kotacerdas.core.models import Agency, AgencyName, AuditEvent
from kotacerdas.core.services.agencies import agency_merge
from kotacerdas.core.services.tokens import token_create
from kotacerdas.core.tests.factories import (
    AdminFactory,
    AgencyFactory,
    ExecutiveFactory,
    OfficerFactory,
    UserFactory,
)

pytestmark = pytest.mark.django_db


@pytest.fixture(autouse=True)
def _sessions_without_totp(settings):
    """Admin sessions in these tests stand for verified ones; TOTP has its own tests."""
    settings.KOTACERDAS_2FA_REQUIRED_ROLES = []


def _state(code):
    agency = Agency.objects.get(code=code)
    return (
        {f.attname: getattr(agency, f.attname) for f in Agency._meta.concrete_fields},
        list(AgencyName.objects.filter(agency=agency).values()),
        AuditEvent.objects.count(),
    )


def _patch(client, code, body, **extra):
    if not isinstance(body, str):
        body = json.dumps(body)
    return client.generic(
        "PATCH", f"/api/v1/agencies/{code}", body.encode(), "application/json", **extra
    )


def _token_header(user):
    _token, raw = token_create(actor=user, user=user, name="uji")
    return {"HTTP_AUTHORIZATION": f"Token {raw}"}


# --- regions -------------------------------------------------------------------------------


def test_regions_list_filters_level_and_parent(client):
    response = client.get("/api/v1/regions?level=kecamatan")
    assert response.status_code == 200
    data = response.json()
    assert len(data) == 12
    assert data[5] == {
        "code": "32.75.06",
        "name": "Medansatria",
        "alias": "Medan Satria",
        "display_name": "Medan Satria",
        "level": "kecamatan",
        "parent": None,
        "centroid_lat": data[5]["centroid_lat"],
        "centroid_lng": data[5]["centroid_lng"],
        "area_km2": data[5]["area_km2"],
    }
    assert len(client.get("/api/v1/regions").json()) == 68
    children = client.get("/api/v1/regions?parent=32.75.07").json()
    assert [r["code"] for r in children] == [
        "32.75.07.1003",
        "32.75.07.1004",
        "32.75.07.1007",
        "32.75.07.1008",
    ]
    assert {r["parent"] for r in children} == {"32.75.07"}


def test_regions_bad_level_is_structured_422(client):
    response = client.get("/api/v1/regions?level=provinsi")
    assert response.status_code == 422
    assert response.json()["error"]["code"] == "validation_error"


def test_region_detail_and_404(client):
    data = client.get("/api/v1/regions/32.75.10").json()
    assert data["name"] == "Jatisampurna"
    assert data["children"] == [f"32.75.10.100{n}" for n in range(1, 6)]
    assert data["agencies"] == ["KEC-JATISAMPURNA"]
    kelurahan = client.get("/api/v1/regions/32.75.10.1002").json()
    assert (kelurahan["parent"], kelurahan["children"]) == ("32.75.10", [])
    response = client.get("/api/v1/regions/99.99")
    assert response.status_code == 404
    assert response.json() == {"error": {"code": "not_found", "message": "Data tidak ditemukan."}}


def test_regions_geojson(client):
    response = client.get("/api/v1/regions/geojson?level=kecamatan")
    assert response.status_code == 200
    assert response["Content-Type"] == "application/geo+json"
    data = response.json()
    assert data["type"] == "FeatureCollection"
    assert len(data["features"]) == 12
    assert set(data["features"][0]["properties"]) >= {"code", "name", "alias", "parent"}
    kelurahan = client.get("/api/v1/regions/geojson?level=kelurahan").json()
    assert len(kelurahan["features"]) == 56


# --- agencies: public reads --------------------------------------------------------------


def test_agencies_list_is_paginated_and_filterable(client):
    data = client.get("/api/v1/agencies").json()
    assert data["count"] == 44
    assert len(data["items"]) == 25
    page2 = client.get("/api/v1/agencies?page=2").json()
    assert len(page2["items"]) == 19
    assert client.get("/api/v1/agencies?type=badan").json()["count"] == 6
    found = client.get("/api/v1/agencies?search=walidata").json()
    assert found["count"] == 0
    found = client.get("/api/v1/agencies?search=kominfo").json()
    assert [a["code"] for a in found["items"]] == ["DISKOMINFOSTANDI"]
    assert found["items"][0]["is_walidata"] is True


def test_agencies_active_filter_and_merged_into(client):
    source, target = AgencyFactory(), AgencyFactory()
    agency_merge(actor=AdminFactory(), source=source, target=target)
    assert client.get("/api/v1/agencies?active=true").json()["count"] == 45
    inactive = client.get("/api/v1/agencies?active=false").json()
    assert [(a["code"], a["merged_into"]) for a in inactive["items"]] == [
        (source.code, target.code)
    ]
    detail = client.get(f"/api/v1/agencies/{target.code}").json()
    assert detail["merged_from"] == [source.code]


def test_agency_detail_has_name_history_and_404(client):
    data = client.get("/api/v1/agencies/KEC-PONDOKGEDE").json()
    assert (data["type"], data["region"]) == ("kecamatan", "32.75.08")
    assert data["names"] == [
        {
            "name": "Kecamatan Pondok Gede",
            "short_name": "Kec. Pondok Gede",
            "valid_from": "2017-01-01",
            "valid_to": None,
        }
    ]
    assert client.get("/api/v1/agencies/TIDAK-ADA").status_code == 404


# --- agencies: officers (internal) -------------------------------------------------------


def test_officers_endpoint_scoping(client):
    agency = Agency.objects.get(code="DISHUB")
    officer = OfficerFactory(agency=agency, username="petugas.dishub")
    assert client.get("/api/v1/agencies/DISHUB/officers").status_code == 403  # anonymous
    client.force_login(OfficerFactory(agency=Agency.objects.get(code="DINKES")))
    response = client.get("/api/v1/agencies/DISHUB/officers")
    assert response.status_code == 403
    assert response.json()["error"]["code"] == "permission_denied"
    client.force_login(officer)
    data = client.get("/api/v1/agencies/DISHUB/officers").json()
    assert [o["username"] for o in data] == ["petugas.dishub"]
    assert data[0]["roles"] == ["agency_officer"]
    assert client.get("/api/v1/agencies/TIDAK-ADA/officers").status_code == 404


def test_officers_endpoint_with_token_for_read_all_role(client):
    OfficerFactory(agency=Agency.objects.get(code="DISHUB"))
    response = client.get("/api/v1/agencies/DISHUB/officers", **_token_header(ExecutiveFactory()))
    assert response.status_code == 200
    assert len(response.json()) == 1
    bad = client.get("/api/v1/agencies/DISHUB/officers", HTTP_AUTHORIZATION="Token salah")
    assert bad.status_code == 401


def test_successor_officers_see_merged_agency_officers(client):
    source, target = AgencyFactory(), AgencyFactory()
    OfficerFactory(agency=source, username="petugas.lama")
    agency_merge(actor=AdminFactory(), source=source, target=target)
    client.force_login(OfficerFactory(agency=target))
    response = client.get(f"/api/v1/agencies/{source.code}/officers")
    assert [o["username"] for o in response.json()] == ["petugas.lama"]
    client.force_login(OfficerFactory(agency=source))
    assert client.get(f"/api/v1/agencies/{target.code}/officers").status_code == 403


# --- agencies: PATCH ---------------------------------------------------------------------


def test_patch_anonymous_is_401_and_nothing_changes(client):
    before = _state("DISHUB")
    response = _patch(client, "DISHUB", {"phone": "021-1"})
    assert response.status_code == 401
    assert response.json()["error"]["code"] == "not_authenticated"
    assert _state("DISHUB") == before


def test_patch_by_officer_of_other_agency_is_403_and_nothing_changes(client):
    client.force_login(OfficerFactory(agency=Agency.objects.get(code="DINKES")))
    before = _state("DISHUB")
    response = _patch(client, "DISHUB", {"phone": "021-1"})
    assert response.status_code == 403
    assert response.json()["error"]["code"] == "permission_denied"
    assert _state("DISHUB") == before


def test_patch_by_token_of_other_agency_officer_is_403(client):
    header = _token_header(OfficerFactory(agency=Agency.objects.get(code="DINKES")))
    before = _state("DISHUB")
    assert _patch(client, "DISHUB", {"email": "a@contoh.invalid"}, **header).status_code == 403
    assert _state("DISHUB") == before


def test_patch_by_own_officer_changes_contact_fields_only(client):
    agency = Agency.objects.get(code="DISHUB")
    client.force_login(OfficerFactory(agency=agency))
    response = _patch(client, "DISHUB", {"phone": "021-1", "website": "https://dishub.invalid"})
    assert response.status_code == 200
    assert (response.json()["phone"], response.json()["website"]) == (
        "021-1",
        "https://dishub.invalid",
    )
    before = _state("DISHUB")
    response = _patch(client, "DISHUB", {"is_walidata": True})
    assert response.status_code == 403
    assert _state("DISHUB") == before


def test_patch_by_admin_renames_and_keeps_history(client):
    client.force_login(AdminFactory())
    response = _patch(client, "DISHUB", {"name": "Dinas Transportasi", "region": "32.75.01"})
    assert response.status_code == 200
    data = response.json()
    assert (data["name"], data["region"]) == ("Dinas Transportasi", "32.75.01")
    assert [n["name"] for n in data["names"]] == ["Dinas Transportasi", "Dinas Perhubungan"]
    assert set(AuditEvent.objects.values_list("action", flat=True)) == {"agency.rename", "update"}


def test_patch_unknown_region_is_404_and_nothing_changes(client):
    client.force_login(AdminFactory())
    before = _state("DISHUB")
    assert _patch(client, "DISHUB", {"region": "32.16.01"}).status_code == 404
    assert _state("DISHUB") == before


@pytest.mark.parametrize("body", ['{"phone": "1"', "bukan json", "[1, 2", '{"phone": 1}}'])
def test_patch_malformed_json_is_structured_error_and_writes_nothing(client, body):
    client.force_login(AdminFactory())
    before = _state("DISHUB")
    response = _patch(client, "DISHUB", body)
    assert response.status_code in (400, 422)
    assert set(response.json()["error"]) >= {"code", "message"}
    assert _state("DISHUB") == before


@pytest.mark.parametrize(
    ("field", "length"),
    [("phone", 41), ("name", 201), ("short_name", 61), ("address", 301), ("website", 201)],
)
def test_patch_overlong_field_is_422_and_writes_nothing(client, field, length):
    client.force_login(AdminFactory())
    before = _state("DISHUB")
    response = _patch(client, "DISHUB", {field: "x" * length})
    assert response.status_code == 422
    error = response.json()["error"]
    assert error["code"] == "validation_error"
    assert error["message"] == "Data yang dikirim tidak valid."
    assert error["details"][0]["loc"][-1] == field
    assert error["details"][0]["type"] == "string_too_long"
    assert _state("DISHUB") == before


def test_patch_invalid_email_and_unknown_field_are_422_and_write_nothing(client):
    client.force_login(AdminFactory())
    before = _state("DISHUB")
    response = _patch(client, "DISHUB", {"email": "bukan surel", "phone": "021"})
    assert response.status_code == 422
    assert response.json()["error"]["details"] == {"email": ["Masukkan alamat email yang valid."]}
    response = _patch(client, "DISHUB", {"code": "BARU"})
    assert response.status_code == 422
    assert response.json()["error"]["details"][0]["type"] == "extra_forbidden"
    assert _state("DISHUB") == before


# --- stakeholders ------------------------------------------------------------------------


def test_organisations_filter_by_helix(client):
    demo.load()
    data = client.get("/api/v1/stakeholders/organisations?helix=akademisi").json()
    assert data["count"] == 2
    assert {o["helix"] for o in data["items"]} == {"akademisi"}
    assert all(o["is_demo"] for o in data["items"])
    government = client.get("/api/v1/stakeholders/organisations?helix=pemerintah").json()
    assert government["count"] == 44
    assert {o["agency"] for o in government["items"]} >= {"DISKOMINFOSTANDI"}
    assert client.get("/api/v1/stakeholders/organisations?helix=x").status_code == 422


def test_people_require_authentication(client):
    demo.load()
    response = client.get("/api/v1/stakeholders/people")
    assert response.status_code == 401
    assert response.json()["error"]["code"] == "not_authenticated"


def test_people_contacts_for_staff_only(client):
    demo.load()
    client.force_login(OfficerFactory())
    data = client.get("/api/v1/stakeholders/people?helix=masyarakat").json()
    assert data["count"] == 1
    assert data["items"][0]["email"] == "budi.santoso@contoh.invalid"
    assert data["items"][0]["helix"] == "masyarakat"
    client.force_login(UserFactory())  # an account without any role
    data = client.get("/api/v1/stakeholders/people?helix=masyarakat").json()
    assert (data["items"][0]["email"], data["items"][0]["phone"]) == (None, None)


def test_every_reference_endpoint_is_documented(client):
    schema = client.get("/api/v1/openapi.json").json()
    for path, method in [
        ("/api/v1/regions", "get"),
        ("/api/v1/regions/geojson", "get"),
        ("/api/v1/regions/{code}", "get"),
        ("/api/v1/agencies", "get"),
        ("/api/v1/agencies/{code}", "get"),
        ("/api/v1/agencies/{code}", "patch"),
        ("/api/v1/agencies/{code}/officers", "get"),
        ("/api/v1/stakeholders/organisations", "get"),
        ("/api/v1/stakeholders/people", "get"),
    ]:
        operation = schema["paths"][path][method]
        assert operation["summary"], path
        assert len(operation["description"]) > 40, path


def test_list_endpoints_use_a_fixed_number_of_queries(client, django_assert_max_num_queries):
    demo.load()
    with django_assert_max_num_queries(2):
        assert len(client.get("/api/v1/agencies?page_size=100").json()["items"]) == 44
    with django_assert_max_num_queries(1):
        assert len(client.get("/api/v1/regions").json()) == 68
    with django_assert_max_num_queries(2):
        assert client.get("/api/v1/stakeholders/organisations").json()["count"] == 50


def test_patch_by_an_admin_session_without_totp_is_refused_and_writes_nothing(client, settings):
    settings.KOTACERDAS_2FA_REQUIRED_ROLES = ["administrator"]
    client.force_login(AdminFactory())  # password only: the TOTP step was never passed
    before = _state("DISHUB")
    response = _patch(client, "DISHUB", {"phone": "021-123"})
    assert response.status_code == 401
    assert response.json()["error"]["code"] == "not_authenticated"
    assert _state("DISHUB") == before

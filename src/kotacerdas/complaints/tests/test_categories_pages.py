"""Category and URC administration pages (administrators only, Indonesian form errors,
confirmation before deactivating, nothing written on bad input) and the read API."""

from __future__ import annotations

import pytest
from django.test import Client

from kotacerdas.complaints.models import Category, CategoryAttribute, UrcUnit
from kotacerdas.complaints.tests.factories import (
    CaseFactory,
    CategoryAttributeFactory,
    CategoryFactory,
)
from kotacerdas.complaints.tests.test_categories_services import valid as form
from kotacerdas.core.models import AuditEvent, Role
from kotacerdas.core.services.tokens import token_create
from kotacerdas.core.tests.factories import AdminFactory, AgencyFactory, OfficerFactory, UserFactory

pytestmark = pytest.mark.django_db
BASE = "/pengaduan/pengelolaan"


@pytest.fixture
def admin_client(client, settings):
    settings.KOTACERDAS_2FA_REQUIRED_ROLES = []  # the 2FA flow has its own tests
    client.force_login(AdminFactory())
    return client


def counts():
    return (
        Category.objects.count(),
        CategoryAttribute.objects.count(),
        UrcUnit.objects.count(),
        AuditEvent.objects.count(),
    )


def test_list_is_for_administrators_only(client, admin_client):
    CategoryFactory(code="jalan-rusak", name="Jalan rusak")
    response = admin_client.get(f"{BASE}/kategori/")
    assert response.status_code == 200 and "Jalan rusak" in response.content.decode()
    other = Client()
    other.force_login(OfficerFactory())
    assert other.get(f"{BASE}/kategori/").status_code == 403
    assert other.get(f"{BASE}/urc/").status_code == 403
    assert other.post(f"{BASE}/kategori/baru/", form()).status_code == 403
    assert not Category.objects.filter(code="pohon-tumbang").exists()


def test_list_paginates_filters_and_exports(admin_client):
    for n in range(35):
        CategoryFactory(code=f"k-{n:02d}", name=f"Kategori {n:02d}", is_active=n % 2 == 0)
    first = admin_client.get(f"{BASE}/kategori/").content.decode()
    assert "Halaman 1 dari 2" in first
    inactive = admin_client.get(f"{BASE}/kategori/?aktif=0").context["page"]
    assert inactive.paginator.count == 17
    csv_text = admin_client.get(f"{BASE}/kategori/unduh.csv").content.decode()
    assert csv_text.splitlines()[0].startswith("code,name,group")
    assert len(csv_text.splitlines()) == 36


def test_create_then_edit_through_the_form(admin_client):
    agency = AgencyFactory()
    response = admin_client.post(
        f"{BASE}/kategori/baru/", form(default_agency=agency.pk, warn_share="0,8")
    )
    assert response.status_code == 302
    category = Category.objects.get(code="pohon-tumbang")
    assert category.default_agency == agency and str(category.warn_share) == "0.80"
    page = admin_client.get(f"{BASE}/kategori/pohon-tumbang/").content.decode()
    assert 'value="0,80"' in page
    response = admin_client.post(
        f"{BASE}/kategori/pohon-tumbang/", form(name="Pohon roboh", verify_days="2")
    )
    assert response.status_code == 302
    category.refresh_from_db()
    assert (category.name, category.verify_days) == ("Pohon roboh", 2)


def test_bad_form_input_shows_indonesian_errors_and_writes_nothing(admin_client):
    before = counts()
    response = admin_client.post(
        f"{BASE}/kategori/baru/", form(code="Pohon Tumbang", warn_share="0,99", outer_days="")
    )
    assert response.status_code == 200
    page = response.content.decode()
    assert "Porsi waktu peringatan harus antara 0,1 dan 0,95." in page
    assert "Kode hanya huruf kecil" in page and "Wajib diisi." in page
    assert 'aria-invalid="true"' in page
    assert counts() == before


def test_deactivate_asks_for_confirmation_and_cases_keep_their_category(admin_client):
    case = CaseFactory()
    code = case.category.code
    page = admin_client.get(f"{BASE}/kategori/{code}/nonaktifkan/")
    assert page.status_code == 200 and "Ya, nonaktifkan" in page.content.decode()
    assert Category.objects.get(code=code).is_active
    response = admin_client.post(f"{BASE}/kategori/{code}/nonaktifkan/")
    assert response.status_code == 302
    assert Category.objects.get(code=code).is_active is False
    case.refresh_from_db()
    assert case.category.code == code
    admin_client.post(f"{BASE}/kategori/{code}/aktifkan/")
    assert Category.objects.get(code=code).is_active


def test_attributes_editor(admin_client):
    category = CategoryFactory(code="jalan-rusak")
    url = f"{BASE}/kategori/jalan-rusak/pertanyaan/"
    response = admin_client.post(
        url,
        {"code": "ukuran", "description": "Ukuran", "datatype": "singlevaluelist", "values": ""},
    )
    assert "paling sedikit satu pilihan" in response.content.decode()
    assert not CategoryAttribute.objects.exists()
    admin_client.post(
        url,
        {
            "code": "ukuran",
            "description": "Ukuran lubang",
            "datatype": "singlevaluelist",
            "required": "on",
            "values": "kecil|Kecil\nbesar|Besar",
        },
    )
    attribute = CategoryAttribute.objects.get(category=category)
    assert attribute.required and len(attribute.values) == 2
    edit = admin_client.get(f"{url}{attribute.pk}/").content.decode()
    assert "kecil|Kecil" in edit
    confirm = admin_client.get(f"{url}{attribute.pk}/hapus/")
    assert "Ya, hapus" in confirm.content.decode()
    admin_client.post(f"{url}{attribute.pk}/hapus/")
    assert not CategoryAttribute.objects.exists()


def test_urc_unit_pages_with_members(admin_client):
    agency = AgencyFactory()
    officer = UserFactory(roles=[Role.URC_OFFICER.value], agency=agency, first_name="Andi")
    stranger = UserFactory(roles=[Role.URC_OFFICER.value], agency=AgencyFactory())
    response = admin_client.post(
        f"{BASE}/urc/baru/", {"name": "URC Damkar", "agency": agency.pk, "is_active": "on"}
    )
    unit = UrcUnit.objects.get(name="URC Damkar")
    assert response.status_code == 302
    page = admin_client.get(f"{BASE}/urc/{unit.pk}/").content.decode()
    assert "Andi" in page and stranger.last_name not in page
    admin_client.post(
        f"{BASE}/urc/{unit.pk}/",
        {"name": "URC Damkar", "agency": agency.pk, "is_active": "on", "members": [officer.pk]},
    )
    assert list(unit.members.all()) == [officer]
    before = counts()
    response = admin_client.post(
        f"{BASE}/urc/{unit.pk}/",
        {"name": "URC Damkar", "agency": agency.pk, "members": [stranger.pk]},
    )
    assert "Petugas URC dari" in response.content.decode()
    assert counts() == before and list(unit.members.all()) == [officer]
    assert "URC Damkar" in admin_client.get(f"{BASE}/urc/").content.decode()


# --- API


def api_client(user) -> Client:
    _token, raw = token_create(actor=user, user=user, name="uji")
    return Client(headers={"Authorization": f"Token {raw}"})


def test_api_lists_and_details_categories():
    category = CategoryFactory(code="jalan-rusak", name="Jalan rusak")
    CategoryAttributeFactory(category=category, code="ukuran")
    CategoryFactory(code="lama", is_active=False)
    client = api_client(OfficerFactory())
    body = client.get("/api/v1/complaints/categories?limit=1").json()
    assert body["count"] == 2 and len(body["items"]) == 1
    active = client.get("/api/v1/complaints/categories?active=true").json()
    assert [item["code"] for item in active["items"]] == ["jalan-rusak"]
    detail = client.get("/api/v1/complaints/categories/jalan-rusak").json()
    assert detail["warn_share"] in ("0.75", 0.75) and detail["attributes"][0]["code"] == "ukuran"
    missing = client.get("/api/v1/complaints/categories/tidak-ada")
    assert missing.status_code == 404 and missing.json()["error"]["code"] == "not_found"
    assert Client().get("/api/v1/complaints/categories").status_code == 401

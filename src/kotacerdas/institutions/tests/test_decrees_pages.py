"""Decree pages and API: list with filters, CSV, register form errors, detail, download
(readers only), and the API list/detail/create."""

import datetime as dt

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile

from kotacerdas.core.models import AuditEvent, Role
from kotacerdas.core.services.tokens import token_create
from kotacerdas.core.tests.factories import OfficerFactory, UserFactory
from kotacerdas.institutions.models import Decree, DecreeKind
from kotacerdas.institutions.services import decrees as services
from kotacerdas.institutions.tests.factories import DecreeFactory

pytestmark = pytest.mark.django_db

PDF = b"%PDF-1.7\n1 0 obj<<>>endobj\ntrailer<<>>\n%%EOF\n"


@pytest.fixture(autouse=True)
def media_in_tmp(settings, tmp_path):
    settings.MEDIA_ROOT = tmp_path / "media"


@pytest.fixture
def secretariat(client):
    user = UserFactory(roles=[Role.COUNCIL_SECRETARIAT])
    client.force_login(user)
    return user


def test_list_filters_and_search(client, secretariat):
    DecreeFactory(
        number="TIM/1", kind=DecreeKind.TEAM, subject="Tim Pelaksana", date=dt.date(2025, 3, 1)
    )
    DecreeFactory(
        number="DEWAN/1", kind=DecreeKind.COUNCIL, subject="Dewan", date=dt.date(2026, 3, 1)
    )
    page = client.get("/kelembagaan/keputusan/").content.decode()
    assert "TIM/1" in page and "DEWAN/1" in page
    page = client.get("/kelembagaan/keputusan/?jenis=team").content.decode()
    assert "TIM/1" in page and "DEWAN/1" not in page
    page = client.get("/kelembagaan/keputusan/?tahun=2026").content.decode()
    assert "DEWAN/1" in page and "TIM/1" not in page
    page = client.get("/kelembagaan/keputusan/?q=pelaksana").content.decode()
    assert "TIM/1" in page and "DEWAN/1" not in page


def test_list_paginates_and_exports_csv(client, secretariat):
    for i in range(30):
        DecreeFactory(number=f"K/{i}")
    assert "Halaman 1 dari 2" in client.get("/kelembagaan/keputusan/").content.decode()
    response = client.get("/kelembagaan/keputusan/ekspor.csv")
    assert response["Content-Type"].startswith("text/csv")
    assert response.content.decode("utf-8-sig").count("\n") == 31


def test_agency_officer_cannot_read(client):
    client.force_login(OfficerFactory())
    assert client.get("/kelembagaan/keputusan/").status_code == 403


def test_register_form_creates_and_redirects(client, secretariat):
    response = client.post(
        "/kelembagaan/keputusan/baru/",
        {
            "number": "KEP/9",
            "date": "2026-02-03",
            "kind": "council",
            "subject": "Pembentukan",
            "file": SimpleUploadedFile("sk.pdf", PDF),
        },
    )
    decree = Decree.objects.get()
    assert response.status_code == 302 and response["Location"].endswith(f"/{decree.pk}/")
    download = client.get(f"/kelembagaan/keputusan/{decree.pk}/berkas/")
    assert download.status_code == 200
    assert b"".join(download.streaming_content) == PDF


def test_register_form_shows_duplicate_error(client, secretariat):
    DecreeFactory(number="KEP/9")
    before = (Decree.objects.count(), AuditEvent.objects.count())
    response = client.post(
        "/kelembagaan/keputusan/baru/",
        {"number": "KEP/9", "date": "2026-02-03", "kind": "council", "subject": "X"},
    )
    assert response.status_code == 400
    assert "Nomor keputusan KEP/9 sudah terdaftar." in response.content.decode()
    assert (Decree.objects.count(), AuditEvent.objects.count()) == before


def test_register_form_refuses_forbidden_file(client, secretariat):
    response = client.post(
        "/kelembagaan/keputusan/baru/",
        {
            "number": "KEP/10",
            "date": "2026-02-03",
            "kind": "council",
            "subject": "X",
            "file": SimpleUploadedFile("sk.exe", b"MZ\x90\x00binary"),
        },
    )
    assert response.status_code == 400
    assert "Jenis berkas tidak diizinkan" in response.content.decode()
    assert not Decree.objects.exists()


def test_register_form_forbidden_for_readers(client):
    client.force_login(UserFactory(roles=[Role.COUNCIL_MEMBER]))
    assert client.get("/kelembagaan/keputusan/baru/").status_code == 403


def test_detail_and_edit(client, secretariat):
    decree = DecreeFactory(number="KEP/1", subject="Lama")
    assert "KEP/1" in client.get(f"/kelembagaan/keputusan/{decree.pk}/").content.decode()
    response = client.post(
        f"/kelembagaan/keputusan/{decree.pk}/ubah/",
        {"number": "KEP/1", "date": "2026-01-05", "kind": "council", "subject": "Baru"},
    )
    assert response.status_code == 302
    decree.refresh_from_db()
    assert decree.subject == "Baru"


def test_download_without_file_is_404(client, secretariat):
    decree = DecreeFactory()
    assert client.get(f"/kelembagaan/keputusan/{decree.pk}/berkas/").status_code == 404


def test_download_forbidden_for_officer(client):
    admin = UserFactory(roles=[Role.COUNCIL_SECRETARIAT])
    decree = services.decree_register(
        actor=admin,
        number="K/1",
        date=dt.date(2026, 1, 1),
        kind="council",
        subject="x",
        upload=SimpleUploadedFile("a.pdf", PDF),
    )
    client.force_login(OfficerFactory())
    assert client.get(f"/kelembagaan/keputusan/{decree.pk}/berkas/").status_code == 403


# --- API


def _headers(user):
    _token, raw = token_create(actor=user, user=user, name="uji")
    return {"HTTP_AUTHORIZATION": f"Token {raw}"}


def test_api_list_detail_create(client):
    headers = _headers(UserFactory(roles=[Role.COUNCIL_SECRETARIAT]))
    DecreeFactory(number="K/1", kind=DecreeKind.TEAM)
    DecreeFactory(number="K/2")
    body = client.get("/api/v1/institutions/decrees?kind=team", **headers).json()
    assert body["count"] == 1 and body["items"][0]["number"] == "K/1"
    response = client.post(
        "/api/v1/institutions/decrees",
        {
            "number": "K/3",
            "date": "2026-04-01",
            "kind": "election",
            "subject": "Tim pemilihan",
            "file": SimpleUploadedFile("sk.pdf", PDF),
        },
        **headers,
    )
    assert response.status_code == 201, response.content
    created = response.json()
    assert created["has_file"] and created["file_url"].endswith("/berkas/")
    detail = client.get(f"/api/v1/institutions/decrees/{created['id']}", **headers).json()
    assert detail["number"] == "K/3"


def test_api_duplicate_is_422_and_nothing_written(client):
    headers = _headers(UserFactory(roles=[Role.COUNCIL_SECRETARIAT]))
    DecreeFactory(number="K/1")
    before = (Decree.objects.count(), AuditEvent.objects.count())
    response = client.post(
        "/api/v1/institutions/decrees",
        {"number": "K/1", "date": "2026-04-01", "kind": "council", "subject": "x"},
        **headers,
    )
    assert response.status_code == 422
    assert response.json()["error"]["code"] == "validation_error"
    assert (Decree.objects.count(), AuditEvent.objects.count()) == before


def test_api_forbidden_and_not_found(client):
    reader = _headers(UserFactory(roles=[Role.COUNCIL_MEMBER]))
    response = client.post(
        "/api/v1/institutions/decrees",
        {"number": "K/1", "date": "2026-04-01", "kind": "council", "subject": "x"},
        **reader,
    )
    assert response.status_code == 403 and not Decree.objects.exists()
    assert client.get("/api/v1/institutions/decrees/999", **reader).status_code == 404
    officer = _headers(OfficerFactory())
    assert client.get("/api/v1/institutions/decrees", **officer).status_code == 403

"""Correspondence register pages and API: tabs, filters, CSV, forms with errors, number preview,
attachments (download with permission, removal with confirmation), numbering settings, roles."""

import datetime as dt
import hashlib

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile

from kotacerdas.core.models import AuditEvent, Role
from kotacerdas.core.services.tokens import token_create
from kotacerdas.core.tests.factories import OfficerFactory, UserFactory
from kotacerdas.institutions.models import (
    Letter,
    LetterAttachment,
    LetterDirection,
    NumberingScheme,
)
from kotacerdas.institutions.services import letters as services
from kotacerdas.institutions.tests.factories import LetterClassificationFactory, LetterFactory

pytestmark = pytest.mark.django_db

PDF = b"%PDF-1.7\n1 0 obj<<>>endobj\ntrailer<<>>\n%%EOF\n"
BASE = "/kelembagaan/surat/"
API = "/api/v1/institutions/letters"
INCOMING = {
    "number": "X/1",
    "date": "2026-02-01",
    "received_at": "2026-02-02",
    "classification_code": "050",
    "subject": "S",
    "sender": "P",
}


@pytest.fixture(autouse=True)
def media_in_tmp(settings, tmp_path):
    settings.MEDIA_ROOT = tmp_path / "media"


@pytest.fixture
def secretariat(client):
    user = UserFactory(roles=[Role.COUNCIL_SECRETARIAT.value])
    client.force_login(user)
    return user


def headers_for(user):
    _token, raw = token_create(actor=user, user=user, name="uji")
    return {"HTTP_AUTHORIZATION": f"Token {raw}"}


def test_list_tabs_filters_and_search(client, secretariat):
    LetterFactory(number="MASUK/1", subject="Permohonan data", year=2025, date=dt.date(2025, 5, 1))
    LetterFactory(
        number="005/001/DKC/2026",
        direction=LetterDirection.OUTGOING,
        subject="Undangan pleno",
        classification=LetterClassificationFactory(code="090", name="Perjalanan dinas"),
    )
    page = client.get(BASE).content.decode()
    assert "MASUK/1" in page and "005/001/DKC/2026" in page
    page = client.get(BASE + "?arah=keluar").content.decode()
    assert "005/001/DKC/2026" in page and "MASUK/1" not in page
    page = client.get(BASE + "?arah=masuk").content.decode()
    assert "MASUK/1" in page and "005/001/DKC/2026" not in page
    page = client.get(BASE + "?tahun=2025").content.decode()
    assert "MASUK/1" in page and "005/001/DKC/2026" not in page
    page = client.get(BASE + "?klasifikasi=090").content.decode()
    assert "005/001/DKC/2026" in page and "MASUK/1" not in page
    page = client.get(BASE + "?q=permohonan").content.decode()
    assert "MASUK/1" in page and "005/001/DKC/2026" not in page


def test_list_paginates_and_exports_csv(client, secretariat):
    for i in range(30):
        LetterFactory(number=f"L/{i}")
    assert "Halaman 1 dari 2" in client.get(BASE).content.decode()
    response = client.get(BASE + "ekspor.csv?arah=masuk")
    assert response["Content-Type"].startswith("text/csv")
    assert response.content.decode("utf-8-sig").count("\n") == 31


def test_outgoing_form_previews_and_assigns_the_number(client, secretariat):
    page = client.get(BASE + "keluar/baru/").content.decode()
    year = dt.date.today().year
    assert f"000/001/DKC/{year}" in page  # preview before a classification is chosen
    fragment = client.get(
        BASE + "keluar/pratinjau-nomor/?classification_code=005&date=2026-04-01"
    ).content.decode()
    assert "005/001/DKC/2026" in fragment
    response = client.post(
        BASE + "keluar/baru/",
        {
            "classification_code": "005",
            "date": "2026-04-01",
            "subject": "Undangan rapat",
            "recipient": "Anggota Komisi",
            "sender": services.COUNCIL_NAME,
        },
    )
    letter = Letter.objects.get()
    assert response.status_code == 302 and response.url == f"{BASE}{letter.pk}/"
    assert letter.number == "005/001/DKC/2026"


def test_incoming_form_shows_the_collision_on_the_number_field(client, secretariat):
    LetterFactory(number="B/7/2026")
    before = (Letter.objects.count(), AuditEvent.objects.count())
    response = client.post(
        BASE + "masuk/baru/",
        {
            "number": "B/7/2026",
            "date": "2026-03-01",
            "received_at": "2026-03-02",
            "classification_code": "005",
            "subject": "Surat",
            "sender": "Universitas",
            "recipient": services.COUNCIL_NAME,
        },
    )
    assert response.status_code == 400
    page = response.content.decode()
    assert "Nomor surat B/7/2026 sudah terdaftar" in page and "is-invalid" in page
    assert (Letter.objects.count(), AuditEvent.objects.count()) == before


def test_form_field_errors_in_indonesian(client, secretariat):
    response = client.post(BASE + "keluar/baru/", {"classification_code": "005"})
    assert response.status_code == 400
    assert "Bidang ini tidak boleh kosong" in response.content.decode()
    assert Letter.objects.count() == 0


def test_attach_download_and_remove_with_confirmation(client, secretariat):
    letter = LetterFactory()
    response = client.post(
        f"{BASE}{letter.pk}/lampiran/",
        {"title": "Undangan", "file": SimpleUploadedFile("undangan.pdf", PDF)},
    )
    assert response.status_code == 302
    attachment = LetterAttachment.objects.get()
    page = client.get(f"{BASE}{letter.pk}/").content.decode()
    assert hashlib.sha256(PDF).hexdigest() in page
    download = client.get(f"{BASE}lampiran/{attachment.pk}/unduh/")
    assert b"".join(download.streaming_content) == PDF
    assert download["X-Content-SHA256"] == attachment.sha256
    confirm = client.get(f"{BASE}lampiran/{attachment.pk}/hapus/")
    assert "Hapus lampiran?" in confirm.content.decode()
    assert LetterAttachment.objects.count() == 1  # GET only asks
    client.post(f"{BASE}lampiran/{attachment.pk}/hapus/")
    assert LetterAttachment.objects.count() == 0


def test_a_forbidden_attachment_shows_the_message_and_writes_nothing(client, secretariat):
    letter = LetterFactory()
    response = client.post(
        f"{BASE}{letter.pk}/lampiran/",
        {"title": "x", "file": SimpleUploadedFile("virus.exe", b"MZ\x90\x00 program")},
    )
    assert response.status_code == 400
    assert "Jenis berkas tidak diizinkan" in response.content.decode()
    assert LetterAttachment.objects.count() == 0


def test_numbering_settings_preview_create_and_activate(client, secretariat):
    page = client.get(BASE + "penomoran/").content.decode()
    year = dt.date.today().year
    assert f"005/001/DKC/{year}" in page
    bad = client.post(
        BASE + "penomoran/", {"name": "Salah", "pattern": "DKC/{tahun}", "sequence_width": 3}
    )
    assert bad.status_code == 400 and "{nomor}" in bad.content.decode()
    client.post(
        BASE + "penomoran/", {"name": "Baru", "pattern": "DKC/{tahun}/{nomor}", "sequence_width": 2}
    )
    assert NumberingScheme.objects.get(is_active=True).name == "Baru"
    default = NumberingScheme.objects.get(pattern="{klasifikasi}/{nomor}/DKC/{tahun}")
    client.post(f"{BASE}penomoran/{default.pk}/aktifkan/")
    assert NumberingScheme.objects.get(is_active=True) == default


def test_council_member_reads_but_cannot_write(client):
    client.force_login(UserFactory(roles=[Role.COUNCIL_MEMBER.value]))
    letter = LetterFactory()
    attachment = services.letter_attach(
        actor=UserFactory(roles=[Role.COUNCIL_SECRETARIAT.value]),
        letter=letter,
        upload=SimpleUploadedFile("a.pdf", PDF),
    )
    assert client.get(BASE).status_code == 200
    page = client.get(f"{BASE}{letter.pk}/").content.decode()
    assert "Tambah lampiran" not in page
    assert client.get(f"{BASE}lampiran/{attachment.pk}/unduh/").status_code == 200
    assert client.get(BASE + "masuk/baru/").status_code == 403
    assert client.get(BASE + "penomoran/").status_code == 403
    assert client.post(f"{BASE}lampiran/{attachment.pk}/hapus/").status_code == 403
    assert LetterAttachment.objects.count() == 1


def test_agency_officer_gets_403_everywhere(client):
    client.force_login(OfficerFactory())
    letter = LetterFactory()
    assert client.get(BASE).status_code == 403
    assert client.get(f"{BASE}{letter.pk}/").status_code == 403
    assert client.get(BASE + "ekspor.csv").status_code == 403
    assert client.get(API, **headers_for(OfficerFactory())).status_code == 403


def test_api_list_detail_and_create(client):
    user = UserFactory(roles=[Role.COUNCIL_SECRETARIAT.value])
    headers = headers_for(user)
    created = client.post(
        API + "/outgoing",
        {"classification_code": "005", "date": "2026-02-03", "subject": "U", "recipient": "R"},
        content_type="application/json",
        **headers,
    )
    assert created.status_code == 201, created.content
    assert created.json()["number"] == "005/001/DKC/2026"
    incoming = client.post(
        API + "/incoming",
        INCOMING,
        content_type="application/json",
        **headers,
    )
    assert incoming.status_code == 201
    body = client.get(API + "?direction=in", **headers).json()
    assert body["count"] == 1 and body["items"][0]["number"] == "X/1"
    letter_id = created.json()["id"]
    attached = client.post(
        f"{API}/{letter_id}/attachments",
        {"title": "Berkas", "file": SimpleUploadedFile("a.pdf", PDF)},
        **headers,
    )
    assert attached.status_code == 201
    assert attached.json()["sha256"] == hashlib.sha256(PDF).hexdigest()
    detail = client.get(f"{API}/{letter_id}", **headers).json()
    assert [a["title"] for a in detail["attachments"]] == ["Berkas"]


def test_api_collision_is_422_and_nothing_written(client):
    user = UserFactory(roles=[Role.COUNCIL_SECRETARIAT.value])
    headers = headers_for(user)
    LetterFactory(number="X/1")
    before = (Letter.objects.count(), AuditEvent.objects.count())
    response = client.post(
        API + "/incoming",
        INCOMING,
        content_type="application/json",
        **headers,
    )
    assert response.status_code == 422
    assert "sudah terdaftar" in response.json()["error"]["message"] + str(response.json())
    assert (Letter.objects.count(), AuditEvent.objects.count()) == before


def test_api_council_member_cannot_create_and_unknown_is_404(client):
    headers = headers_for(UserFactory(roles=[Role.COUNCIL_MEMBER.value]))
    response = client.post(
        API + "/outgoing",
        {"classification_code": "005", "date": "2026-02-03", "subject": "U", "recipient": "R"},
        content_type="application/json",
        **headers,
    )
    assert response.status_code == 403
    assert client.get(f"{API}/999999", **headers).status_code == 404

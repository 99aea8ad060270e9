"""Citizen pages: submit with a photo (bad input keeps the values and writes nothing), the
secret link shown once, the privacy-safe tracking page, confirm/reopen/rate by secret."""

import re

import pytest
from django.urls import reverse

from kotacerdas.complaints.models import Case, CaseAttachment, CaseEvent, CaseState, Privacy
from kotacerdas.complaints.services import lifecycle as lc
from kotacerdas.complaints.services.intake import case_submit
from kotacerdas.complaints.tests.factories import (
    BEKASI_TIMUR_POINT,
    JAKARTA_POINT,
    CategoryFactory,
    UrcUnitFactory,
)
from kotacerdas.complaints.tests.uploads import exe, png
from kotacerdas.core.models import AuditEvent, Role
from kotacerdas.core.tests.factories import UserFactory

pytestmark = pytest.mark.django_db

SUBMIT_URL = "/pengaduan/lapor/"


@pytest.fixture
def category():
    return CategoryFactory(name="Jalan rusak")


def form_data(category, /, **extra):
    data = {
        "category": category.pk,
        "case_type": "pengaduan",
        "title": "",
        "description": "Jalan berlubang dalam di depan SDN 3, sudah dua minggu.",
        "lat": str(BEKASI_TIMUR_POINT[0]),
        "lng": str(BEKASI_TIMUR_POINT[1]),
        "kecamatan": "",
        "kelurahan": "",
        "address": "Jl. Cut Meutia no. 5",
        "privacy": Privacy.NAME_HIDDEN,
        "reporter_name": "Siti Aminah",
        "reporter_phone": "081298765432",
        "reporter_email": "siti@contoh.id",
    }
    data.update(extra)
    return data


def counts():
    return (
        Case.objects.count(),
        CaseAttachment.objects.count(),
        CaseEvent.objects.count(),
        AuditEvent.objects.count(),
    )


def test_form_renders_with_map_camera_and_privacy_preview(client, category):
    page = client.get(SUBMIT_URL).content.decode()
    assert 'id="peta-lapor"' in page
    assert "/wilayah/peta.geojson?tingkat=kecamatan" in page
    assert 'capture="environment"' in page and 'accept="image/*"' in page
    assert "Siapa melihat apa" in page and category.name in page
    preview = client.get("/pengaduan/lapor/privasi/?privacy=confidential").content.decode()
    assert "isi laporan dan lokasi dirahasiakan" in preview


def test_submit_with_photo_shows_number_and_secret_once(client, category):
    response = client.post(SUBMIT_URL, {**form_data(category), "photo": png()})
    assert response.status_code == 302
    assert response["Location"] == reverse("complaints:submit_done")
    case = Case.objects.get()
    assert case.channel == "web" and case.privacy == Privacy.NAME_HIDDEN
    assert case.attachments.get().content_type == "image/png"
    assert case.kecamatan is not None
    done = client.get(response["Location"]).content.decode()
    assert case.tracking_number in done
    manage = re.search(r'value="(http[^"]+/kelola/[^"]+/)"', done).group(1)
    secret = manage.rstrip("/").rsplit("/", 1)[-1]
    assert lc.require_reporter(None, case, secret) is None
    # Shown once: a reload sends the citizen to the tracking form.
    again = client.get(response["Location"])
    assert again.status_code == 302 and again["Location"] == reverse("complaints:track")


@pytest.mark.parametrize(
    ("extra", "field", "message"),
    [
        (
            {"lat": str(JAKARTA_POINT[0]), "lng": str(JAKARTA_POINT[1])},
            "lat",
            "di luar Kota Bekasi",
        ),
        ({"description": "x" * 10_000}, "description", "maksimum 4.000 karakter"),
        ({"photo": "exe"}, "photo", "gambar (JPG/PNG)"),
        ({"reporter_email": "bukan-surel"}, "reporter_email", "Alamat surel tidak valid."),
        ({"category": ""}, "category", "Pilih kategori laporan."),
        (
            {"lat": "", "lng": "", "address": "", "kecamatan": "", "kelurahan": ""},
            "lat",
            "Lokasi wajib diisi",
        ),
    ],
)
def test_bad_input_keeps_values_and_writes_nothing(client, category, extra, field, message):
    data = form_data(category, **extra)
    if data.get("photo") == "exe":
        data["photo"] = exe()
    before = counts()
    response = client.post(SUBMIT_URL, data)
    assert response.status_code == 400
    page = response.content.decode()
    assert message in page
    assert f'id="id_{field}_galat"' in page, "the error is tied to its field"
    assert counts() == before
    # Nothing typed is lost.
    assert "Jl. Cut Meutia no. 5" in page or not data["address"]
    assert "Siti Aminah" in page and "081298765432" in page
    assert 'value="name_hidden" class="form-check-input" id="id_privacy_1" checked' in page or (
        'value="name_hidden"' in page and "checked" in page
    )
    if field != "description":
        assert "Jalan berlubang dalam di depan SDN 3" in page


def test_kelurahan_without_point_is_enough(client, category):
    from kotacerdas.core.models import Region

    kelurahan = Region.objects.filter(level="kelurahan").select_related("parent").first()
    response = client.post(
        SUBMIT_URL,
        form_data(category, lat="", lng="", kelurahan=kelurahan.code, address=""),
    )
    assert response.status_code == 302
    case = Case.objects.get()
    assert (case.kelurahan_id, case.kecamatan_id) == (kelurahan.pk, kelurahan.parent_id)


def submitted(category, privacy=Privacy.PUBLIC):
    return case_submit(
        actor=None,
        channel="web",
        category=category,
        description="Lampu jalan padam sepanjang Jl. Ahmad Yani.",
        lat=BEKASI_TIMUR_POINT[0],
        lng=BEKASI_TIMUR_POINT[1],
        address="Jl. Ahmad Yani",
        privacy=privacy,
        reporter_name="Siti Aminah",
        reporter_phone="081298765432",
        reporter_email="siti@contoh.id",
    )


def test_track_by_number_and_unknown_number(client, category):
    result = submitted(category)
    response = client.get("/pengaduan/lacak/", {"nomor": result.case.tracking_number.lower()})
    assert response.status_code == 302
    assert response["Location"] == f"/pengaduan/lacak/{result.case.tracking_number}/"
    missing = client.get("/pengaduan/lacak/", {"nomor": "ADU-1999-000001"})
    assert missing.status_code == 404
    assert "tidak ditemukan" in missing.content.decode()


@pytest.mark.parametrize("privacy", [p.value for p in Privacy])
def test_track_page_never_shows_phone_or_email(client, category, privacy):
    result = submitted(category, privacy=privacy)
    page = client.get(f"/pengaduan/lacak/{result.case.tracking_number}/").content.decode()
    assert "081298765432" not in page and "siti@contoh.id" not in page
    assert ("Siti Aminah" in page) == (privacy == Privacy.PUBLIC)
    if privacy == Privacy.CONFIDENTIAL:
        assert "Lampu jalan padam" not in page and "Jl. Ahmad Yani" not in page


def test_overdue_marker_is_public(client, category):
    case = submitted(category).case
    page = client.get(f"/pengaduan/lacak/{case.tracking_number}/").content.decode()
    assert "Melewati batas waktu" not in page
    Case.objects.filter(pk=case.pk).update(is_overdue=True)
    page = client.get(f"/pengaduan/lacak/{case.tracking_number}/").content.decode()
    assert "Melewati batas waktu" in page


def resolved_case(category):
    """A case resolved by a URC officer with a photo; returns (case, secret)."""
    result = submitted(category)
    agent = UserFactory(roles=[Role.CALL_CENTER_AGENT])
    officer = UserFactory(roles=[Role.URC_OFFICER])
    unit = UrcUnitFactory()
    unit.members.add(officer)
    case = result.case
    lc.case_verify(actor=agent, case=case, version=case.version)
    lc.case_dispatch(actor=agent, case=case, version=case.version, urc=unit)
    lc.urc_update(
        actor=officer,
        case=case,
        status="done",
        lat=BEKASI_TIMUR_POINT[0],
        lng=BEKASI_TIMUR_POINT[1],
        evidence=[png()],
    )
    case.refresh_from_db()
    assert case.state == CaseState.RESOLVED
    return case, result.reporter_secret


def test_confirm_then_rate_with_the_secret_link(client, category):
    case, secret = resolved_case(category)
    manage = f"/pengaduan/lacak/{case.tracking_number}/kelola/{secret}/"
    page = client.get(manage).content.decode()
    assert "Ya, sudah selesai" in page and "Foto penanganan" in page
    photo = case.attachments.get(role="evidence")
    assert (
        client.get(f"/pengaduan/lacak/{case.tracking_number}/foto/{photo.pk}/").status_code == 200
    )
    response = client.post(manage + "konfirmasi/", {"version": case.version})
    assert response.status_code == 302
    case.refresh_from_db()
    assert (case.state, case.outcome) == (CaseState.CLOSED, "confirmed")
    response = client.post(manage + "nilai/", {"version": case.version, "rating": "9"})
    assert response.status_code == 400
    assert "Penilaian harus antara 1 dan 5." in response.content.decode()
    response = client.post(
        manage + "nilai/", {"version": case.version, "rating": "5", "comment": "Cepat sekali"}
    )
    assert response.status_code == 302
    case.refresh_from_db()
    assert (case.rating, case.rating_comment) == (5, "Cepat sekali")


def test_reopen_needs_a_reason(client, category):
    case, secret = resolved_case(category)
    manage = f"/pengaduan/lacak/{case.tracking_number}/kelola/{secret}/"
    before = counts()
    response = client.post(manage + "buka-kembali/", {"version": case.version, "reason": " "})
    assert response.status_code == 400
    assert "Tuliskan mengapa laporan dibuka kembali." in response.content.decode()
    assert counts() == before
    response = client.post(
        manage + "buka-kembali/", {"version": case.version, "reason": "Lubang muncul lagi."}
    )
    assert response.status_code == 302
    case.refresh_from_db()
    assert case.state == CaseState.IN_PROGRESS and case.reopened_count == 1


@pytest.mark.parametrize("action", ["konfirmasi", "buka-kembali", "nilai"])
def test_wrong_secret_is_refused_and_writes_nothing(client, category, action):
    case, _secret = resolved_case(category)
    wrong = f"/pengaduan/lacak/{case.tracking_number}/kelola/salah-sekali/"
    assert client.get(wrong).status_code == 403
    before, state = counts(), case.state
    response = client.post(
        wrong + f"{action}/", {"version": case.version, "reason": "x", "rating": "1"}
    )
    assert response.status_code == 403
    assert counts() == before
    case.refresh_from_db()
    assert case.state == state and case.rating is None

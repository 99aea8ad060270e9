"""case_submit: intake from every channel, validation that writes nothing, tracking numbers."""

import hashlib

import pytest
from django.core.exceptions import PermissionDenied, ValidationError
from django.utils import timezone

from kotacerdas.complaints.models import (
    Case,
    CaseAttachment,
    CaseEvent,
    CaseState,
    Channel,
    Privacy,
    TrackingSequence,
)
from kotacerdas.complaints.services.intake import case_submit, secret_matches
from kotacerdas.complaints.tests.factories import (
    BEKASI_TIMUR_POINT,
    JAKARTA_POINT,
    CategoryAttributeFactory,
    CategoryFactory,
)
from kotacerdas.complaints.tests.uploads import exe, pdf, png
from kotacerdas.core.models import AuditEvent, Region, Role
from kotacerdas.core.tests.factories import UserFactory

pytestmark = pytest.mark.django_db

LAT, LNG = BEKASI_TIMUR_POINT


def submit(**overrides):
    data = {
        "actor": None,
        "channel": Channel.WEB,
        "category": overrides.pop("category", None) or CategoryFactory(),
        "description": "Lampu jalan mati sejak seminggu, gelap dan rawan.",
        "lat": LAT,
        "lng": LNG,
        "reporter_name": "Siti Aminah",
        "reporter_phone": "081299990000",
        "reporter_email": "siti@contoh.id",
    }
    data.update(overrides)
    return case_submit(**data)


def counts():
    return (
        Case.objects.count(),
        CaseEvent.objects.count(),
        CaseAttachment.objects.count(),
        AuditEvent.objects.count(),
    )


def refused(field, **overrides):
    before = counts()
    with pytest.raises(ValidationError) as info:
        submit(**overrides)
    assert counts() == before, "a refused submission must write nothing"
    assert field in info.value.message_dict, info.value.message_dict
    return " ".join(info.value.message_dict[field])


def test_web_submission_gets_tracking_number_location_timeline_and_audit():
    category = CategoryFactory()
    result = submit(category=category, uploads=[png()])
    case = result.case
    year = timezone.localtime(case.received_at).year
    assert case.tracking_number == f"ADU-{year}-000001"
    assert case.state == CaseState.RECEIVED
    assert case.kecamatan.name == "Bekasi Timur"
    assert case.kelurahan.parent_id == case.kecamatan_id
    assert case.assigned_agency == category.default_agency
    assert case.case_type == category.case_type
    assert case.title.startswith("Lampu jalan mati")
    assert case.events.get().kind == "created"
    assert case.attachments.get().content_type == "image/png"
    assert AuditEvent.objects.filter(action="create", object_id=str(case.pk)).exists()
    # The secret is given once and only its hash is stored.
    assert result.reporter_secret and result.reporter_secret not in case.reporter_secret_hash
    assert case.reporter_secret_hash == hashlib.sha256(result.reporter_secret.encode()).hexdigest()
    assert secret_matches(case, result.reporter_secret)
    assert not secret_matches(case, "salah")


def test_tracking_numbers_follow_each_other():
    first = submit().case
    second = submit().case
    assert int(second.tracking_number[-6:]) == int(first.tracking_number[-6:]) + 1
    assert TrackingSequence.objects.get().last == 2


def test_a_ten_thousand_character_description_is_refused():
    message = refused("description", description="a" * 10_000)
    assert "Uraian terlalu panjang: maksimum 4.000 karakter" in message


@pytest.mark.parametrize("field", ["description", "title", "address", "reporter_name"])
def test_a_nul_byte_is_refused_before_anything_is_written(field):
    assert "NUL" in refused(field, **{field: "Jalan rusak\x00 di depan sekolah"})


def test_an_empty_description_is_refused():
    assert "wajib" in refused("description", description="   ")


def test_a_point_outside_bekasi_is_refused():
    message = refused("lat", lat=JAKARTA_POINT[0], lng=JAKARTA_POINT[1])
    assert "di luar Kota Bekasi" in message


def test_a_point_that_is_not_a_number_is_refused():
    assert "tidak valid" in refused("lat", lat="utara", lng="timur")


def test_a_location_is_required():
    message = refused("location", lat=None, lng=None)
    assert "Lokasi wajib diisi" in message


def test_an_address_alone_or_a_kelurahan_code_is_a_location():
    assert submit(lat=None, lng=None, address="Jl. Ahmad Yani No. 1").case.address
    kelurahan = Region.objects.filter(level="kelurahan").first()
    case = submit(lat=None, lng=None, kelurahan_code=kelurahan.code).case
    assert (case.kelurahan, case.kecamatan) == (kelurahan, kelurahan.parent)


def test_a_kelurahan_of_another_kecamatan_is_refused():
    kelurahan = Region.objects.filter(level="kelurahan").first()
    other = Region.objects.filter(level="kecamatan").exclude(pk=kelurahan.parent_id).first()
    message = refused(
        "kelurahan", lat=None, lng=None, kelurahan_code=kelurahan.code, kecamatan_code=other.code
    )
    assert "tidak berada" in message


def test_an_upload_that_is_not_an_image_is_refused():
    message = refused("uploads", uploads=[exe()])
    assert "Lampiran harus berupa gambar (JPG/PNG) atau PDF" in message


def test_a_pdf_upload_is_accepted():
    assert submit(uploads=[pdf()]).case.attachments.get().content_type == "application/pdf"


def test_an_inactive_category_is_refused():
    assert "tidak aktif" in refused("category", category=CategoryFactory(is_active=False))


def test_an_unknown_attribute_is_refused():
    category = CategoryFactory()
    CategoryAttributeFactory(category=category, code="kedalaman", datatype="number")
    message = refused("attributes", category=category, attributes={"warna": "merah"})
    assert "Atribut tidak dikenal" in message and "warna" in message


def test_attributes_are_checked_against_the_category():
    category = CategoryFactory()
    CategoryAttributeFactory(
        category=category,
        code="kedalaman",
        description="Kedalaman (cm)",
        datatype="number",
        required=True,
    )
    CategoryAttributeFactory(
        category=category,
        code="lajur",
        description="Lajur",
        datatype="singlevaluelist",
        values=[{"key": "kiri", "name": "Kiri"}, {"key": "kanan", "name": "Kanan"}],
    )
    assert "wajib diisi" in refused("attributes", category=category, attributes={})
    assert "angka" in refused("attributes", category=category, attributes={"kedalaman": "x"})
    assert "pilihan" in refused(
        "attributes", category=category, attributes={"kedalaman": "5", "lajur": "tengah"}
    )
    case = submit(category=category, attributes={"kedalaman": "12", "lajur": "kiri"}).case
    assert case.attributes == {"kedalaman": 12, "lajur": "kiri"}


def test_an_invalid_email_is_refused():
    assert "surel" in refused("reporter_email", reporter_email="bukan-surel")


def test_anonymous_privacy_drops_the_reporter_identity():
    case = submit(privacy=Privacy.ANONYMOUS).case
    assert (case.reporter_name, case.reporter_phone, case.reporter_email) == ("", "", "")


def test_a_repeated_lapor_id_returns_the_existing_case():
    first = submit(channel=Channel.LAPOR, lapor_id="LAPOR-123")
    again = submit(channel=Channel.LAPOR, lapor_id="LAPOR-123")
    assert again.case.pk == first.case.pk and not again.created and again.reporter_secret == ""
    assert Case.objects.count() == 1


def test_call_center_channel_needs_an_agent():
    with pytest.raises(PermissionDenied):
        submit(channel=Channel.CALL_CENTER, actor=UserFactory())
    agent = UserFactory(roles=[Role.CALL_CENTER_AGENT])
    case = submit(channel=Channel.CALL_CENTER, actor=agent).case
    assert case.created_by == agent and case.reporter_user is None

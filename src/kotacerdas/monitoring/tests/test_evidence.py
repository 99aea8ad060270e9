import hashlib
import io
import zipfile

import pytest
from django.core.exceptions import PermissionDenied, ValidationError
from django.core.files.uploadedfile import SimpleUploadedFile

from kotacerdas.core.models import AuditEvent
from kotacerdas.core.tests.factories import OfficerFactory
from kotacerdas.monitoring.models import Evidence, RealisationStatus
from kotacerdas.monitoring.services.evidence import (
    MAX_EVIDENCE_BYTES,
    evidence_add,
    evidence_remove,
    sniff_kind,
)
from kotacerdas.monitoring.tests.factories import RealisationFactory

pytestmark = pytest.mark.django_db

PDF = b"%PDF-1.7\n1 0 obj<<>>endobj\ntrailer<<>>\n%%EOF\n"
PNG = b"\x89PNG\r\n\x1a\n" + b"\x00" * 32


def office(kind: str) -> bytes:
    buffer = io.BytesIO()
    with zipfile.ZipFile(buffer, "w") as archive:
        archive.writestr("[Content_Types].xml", "<Types/>")
        archive.writestr("xl/workbook.xml" if kind == "xlsx" else "word/document.xml", "<x/>")
    return buffer.getvalue()


@pytest.fixture(autouse=True)
def media_in_tmp(settings, tmp_path):
    settings.MEDIA_ROOT = tmp_path / "media"


@pytest.fixture
def realisation():
    return RealisationFactory()


@pytest.fixture
def officer(realisation):
    return OfficerFactory(agency=realisation.activity.agency)


def test_add_keeps_sha256_size_type_and_audits(officer, realisation):
    evidence = evidence_add(
        actor=officer, realisation=realisation, upload=SimpleUploadedFile("bast.pdf", PDF)
    )
    assert (evidence.original_name, evidence.content_type, evidence.size) == (
        "bast.pdf",
        "application/pdf",
        len(PDF),
    )
    assert evidence.sha256 == hashlib.sha256(PDF).hexdigest()
    with evidence.file.open("rb") as handle:
        assert handle.read() == PDF
    event = AuditEvent.objects.get()
    assert (event.action, event.changes["sha256"]) == ("evidence.add", evidence.sha256)


@pytest.mark.parametrize(
    ("name", "content", "kind"),
    [
        ("a.pdf", PDF, "pdf"),
        ("a.png", PNG, "png"),
        ("a.jpg", b"\xff\xd8\xff\xe0" + b"\x00" * 20, "jpg"),
        ("a.xlsx", office("xlsx"), "xlsx"),
        ("a.docx", office("docx"), "docx"),
    ],
)
def test_sniff_recognises_allowed_kinds(name, content, kind):
    assert sniff_kind(io.BytesIO(content)) == kind


def test_a_disguised_file_is_refused_whatever_its_name(officer, realisation):
    upload = SimpleUploadedFile("laporan.pdf", b"MZ\x90\x00 this is an exe")
    with pytest.raises(ValidationError) as excinfo:
        evidence_add(actor=officer, realisation=realisation, upload=upload)
    assert excinfo.value.message_dict == {
        "file": [
            "Isi berkas laporan.pdf bukan jenis yang diizinkan (PDF, JPG, PNG, XLSX, DOCX); "
            "berkas diperiksa dari isinya, bukan dari namanya."
        ]
    }
    assert not Evidence.objects.exists()
    assert not AuditEvent.objects.exists()


def test_a_plain_zip_named_xlsx_is_refused(officer, realisation):
    buffer = io.BytesIO()
    with zipfile.ZipFile(buffer, "w") as archive:
        archive.writestr("evil.sh", "rm -rf /")
    with pytest.raises(ValidationError):
        evidence_add(
            actor=officer,
            realisation=realisation,
            upload=SimpleUploadedFile("data.xlsx", buffer.getvalue()),
        )
    assert not Evidence.objects.exists()


def test_a_pdf_named_png_is_stored_under_its_real_kind(officer, realisation):
    evidence = evidence_add(
        actor=officer, realisation=realisation, upload=SimpleUploadedFile("foto.png", PDF)
    )
    assert (evidence.original_name, evidence.content_type) == ("foto.pdf", "application/pdf")


def test_a_file_over_the_limit_is_refused(officer, realisation):
    upload = SimpleUploadedFile("besar.pdf", PDF + b"0" * MAX_EVIDENCE_BYTES)
    with pytest.raises(ValidationError) as excinfo:
        evidence_add(actor=officer, realisation=realisation, upload=upload)
    assert excinfo.value.message_dict == {
        "file": ["Berkas besar.pdf terlalu besar (10,0 MB); batasnya 10 MB."]
    }
    assert not Evidence.objects.exists()


def test_another_agency_cannot_add(realisation):
    with pytest.raises(PermissionDenied):
        evidence_add(
            actor=OfficerFactory(), realisation=realisation, upload=SimpleUploadedFile("a.pdf", PDF)
        )
    assert not Evidence.objects.exists()
    assert not AuditEvent.objects.exists()


def test_submitted_realisation_takes_no_more_evidence(officer):
    realisation = RealisationFactory(status=RealisationStatus.SUBMITTED)
    officer = OfficerFactory(agency=realisation.activity.agency)
    with pytest.raises(ValidationError) as excinfo:
        evidence_add(
            actor=officer, realisation=realisation, upload=SimpleUploadedFile("a.pdf", PDF)
        )
    assert excinfo.value.messages == [
        "Bukti dukung realisasi berstatus Diajukan tidak dapat diubah."
    ]


def test_remove_deletes_row_and_file_and_audits(
    officer, realisation, django_capture_on_commit_callbacks
):
    evidence = evidence_add(
        actor=officer, realisation=realisation, upload=SimpleUploadedFile("a.pdf", PDF)
    )
    storage, name = evidence.file.storage, evidence.file.name
    with django_capture_on_commit_callbacks(execute=True):
        evidence_remove(actor=officer, evidence=evidence)
    assert not Evidence.objects.exists()
    assert not storage.exists(name)
    event = AuditEvent.objects.order_by("seq").last()
    assert (event.action, event.changes["original_name"]) == ("evidence.remove", "a.pdf")


def test_another_agency_cannot_remove(officer, realisation):
    evidence = evidence_add(
        actor=officer, realisation=realisation, upload=SimpleUploadedFile("a.pdf", PDF)
    )
    with pytest.raises(PermissionDenied):
        evidence_remove(actor=OfficerFactory(), evidence=evidence)
    assert Evidence.objects.count() == 1
    assert AuditEvent.objects.count() == 1

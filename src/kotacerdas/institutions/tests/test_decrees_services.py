"""Decree registry services: register, update, duplicate number and bad files refused with a clear
message and nothing written."""

import datetime as dt
import hashlib

import pytest
from django.core.exceptions import PermissionDenied, ValidationError
from django.core.files.uploadedfile import SimpleUploadedFile

from kotacerdas.core.models import AuditEvent, Role
from kotacerdas.core.tests.factories import UserFactory
from kotacerdas.institutions.models import Decree, DecreeKind
from kotacerdas.institutions.services import decrees as services
from kotacerdas.institutions.tests.factories import DecreeFactory

pytestmark = pytest.mark.django_db

PDF = b"%PDF-1.7\n1 0 obj<<>>endobj\ntrailer<<>>\n%%EOF\n"
NUMBER = "000.1.3/Kep.200-Diskominfostandi/2026"


@pytest.fixture(autouse=True)
def media_in_tmp(settings, tmp_path):
    settings.MEDIA_ROOT = tmp_path / "media"


@pytest.fixture
def secretariat():
    return UserFactory(roles=[Role.COUNCIL_SECRETARIAT])


def _register(actor, **kwargs):
    values = {
        "number": NUMBER,
        "date": dt.date(2026, 2, 3),
        "kind": DecreeKind.COUNCIL,
        "subject": "Pembentukan Dewan Kota Cerdas",
        **kwargs,
    }
    return services.decree_register(actor=actor, **values)


def _world():
    return Decree.objects.count(), AuditEvent.objects.count()


def test_register_with_file_keeps_hash_and_audits(secretariat):
    decree = _register(secretariat, upload=SimpleUploadedFile("sk.pdf", PDF))
    assert decree.file_sha256 == hashlib.sha256(PDF).hexdigest()
    assert decree.file_size == len(PDF)
    assert decree.file_content_type == "application/pdf"
    assert decree.file.read() == PDF
    event = AuditEvent.objects.order_by("-seq").first()
    assert event.action == "create" and event.changes["number"] == NUMBER


def test_register_without_file(secretariat):
    decree = _register(secretariat, number="  KEP / 1  ")
    assert decree.number == "KEP / 1"
    assert not decree.file


def test_duplicate_number_refused_and_nothing_written(secretariat):
    _register(secretariat)
    before = _world()
    with pytest.raises(ValidationError) as info:
        _register(secretariat, number=NUMBER.lower(), upload=SimpleUploadedFile("sk.pdf", PDF))
    assert "sudah terdaftar" in info.value.message_dict["number"][0]
    assert _world() == before


def test_forbidden_file_type_refused_and_nothing_written(secretariat):
    before = _world()
    with pytest.raises(ValidationError) as info:
        _register(secretariat, upload=SimpleUploadedFile("sk.pdf", b"MZ\x90\x00 not a pdf"))
    assert "Jenis berkas tidak diizinkan" in info.value.message_dict["file"][0]
    assert _world() == before


def test_too_large_file_refused_and_nothing_written(secretariat, monkeypatch):
    monkeypatch.setattr(services, "DECREE_MAX_BYTES", 1024)
    before = _world()
    with pytest.raises(ValidationError) as info:
        _register(secretariat, upload=SimpleUploadedFile("sk.pdf", PDF + b"0" * 2048))
    assert "terlalu besar" in info.value.message_dict["file"][0]
    assert _world() == before


def test_missing_fields_listed(secretariat):
    before = _world()
    with pytest.raises(ValidationError) as info:
        services.decree_register(actor=secretariat, number="", date=None, kind="x", subject=" ")
    assert set(info.value.message_dict) == {"number", "date", "kind", "subject"}
    assert _world() == before


def test_only_managers_register():
    before = _world()
    with pytest.raises(PermissionDenied):
        _register(UserFactory(roles=[Role.COUNCIL_MEMBER]))
    assert _world() == before


def test_update_changes_and_audits_diff(secretariat):
    decree = DecreeFactory(subject="Lama")
    updated = services.decree_update(actor=secretariat, decree=decree, subject="Baru")
    assert updated.subject == "Baru"
    event = AuditEvent.objects.order_by("-seq").first()
    assert event.action == "update" and event.changes == {"subject": ["Lama", "Baru"]}


def test_update_to_taken_number_refused(secretariat):
    DecreeFactory(number="A/1")
    decree = DecreeFactory(number="A/2")
    before = _world()
    with pytest.raises(ValidationError):
        services.decree_update(actor=secretariat, decree=decree, number="A/1")
    decree.refresh_from_db()
    assert decree.number == "A/2" and _world() == before


def test_update_replaces_file(secretariat):
    decree = DecreeFactory()
    services.decree_update(
        actor=secretariat, decree=decree, upload=SimpleUploadedFile("a.pdf", PDF)
    )
    decree.refresh_from_db()
    assert decree.file_sha256 == hashlib.sha256(PDF).hexdigest()

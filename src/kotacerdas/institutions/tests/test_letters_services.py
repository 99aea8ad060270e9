"""Correspondence register: numbering, collisions, attachments, schemes (Pasal 12)."""

import datetime as dt
import hashlib
import os

import pytest
from django.core.exceptions import PermissionDenied, ValidationError
from django.core.files.uploadedfile import SimpleUploadedFile
from hypothesis import given
from hypothesis import strategies as st

from kotacerdas.core.models import AuditEvent, Role
from kotacerdas.core.tests.factories import OfficerFactory, UserFactory
from kotacerdas.institutions import numbering
from kotacerdas.institutions.models import (
    Letter,
    LetterAttachment,
    LetterClassification,
    LetterDirection,
    NumberingScheme,
)
from kotacerdas.institutions.services.letters import (
    letter_attach,
    letter_attachment_remove,
    letter_register_incoming,
    letter_register_outgoing,
    numbering_scheme_activate,
    numbering_scheme_create,
)
from kotacerdas.institutions.tests.factories import LetterFactory

pytestmark = pytest.mark.django_db

PDF = b"%PDF-1.7\n1 0 obj<<>>endobj\ntrailer<<>>\n%%EOF\n"


@pytest.fixture(autouse=True)
def media_in_tmp(settings, tmp_path):
    settings.MEDIA_ROOT = tmp_path / "media"


@pytest.fixture
def secretariat():
    return UserFactory(roles=[Role.COUNCIL_SECRETARIAT.value])


def outgoing(actor, **overrides):
    values = {
        "actor": actor,
        "classification_code": "005",
        "date": dt.date(2026, 3, 2),
        "subject": "Undangan rapat pleno",
        "recipient": "Anggota Dewan",
    }
    values.update(overrides)
    return letter_register_outgoing(**values)


def incoming(actor, **overrides):
    values = {
        "actor": actor,
        "number": "400/12/Bappelitbangda",
        "date": dt.date(2026, 3, 2),
        "received_at": dt.date(2026, 3, 3),
        "classification_code": "050",
        "subject": "Permohonan narasumber",
        "sender": "Bappelitbangda",
    }
    values.update(overrides)
    return letter_register_incoming(**values)


def counts():
    return (Letter.objects.count(), LetterAttachment.objects.count(), AuditEvent.objects.count())


def test_migration_loads_classifications_and_the_default_scheme():
    codes = set(LetterClassification.objects.values_list("code", flat=True))
    assert {"000", "005", "045", "050", "060", "090", "100", "400", "555", "800", "900"} <= codes
    assert LetterClassification.objects.get(code="555").name == "Komunikasi dan informatika"
    scheme = NumberingScheme.objects.get(is_active=True)
    assert (scheme.pattern, scheme.sequence_width) == ("{klasifikasi}/{nomor}/DKC/{tahun}", 3)


def test_outgoing_numbers_follow_the_scheme_and_count_up(secretariat):
    first = outgoing(secretariat)
    second = outgoing(secretariat, classification_code="090", date=dt.date(2026, 3, 5))
    assert (first.number, first.sequence, first.year) == ("005/001/DKC/2026", 1, 2026)
    assert second.number == "090/002/DKC/2026"
    assert (first.direction, first.sender) == (
        LetterDirection.OUTGOING,
        "Dewan Kota Cerdas Kota Bekasi",
    )
    event = AuditEvent.objects.get(action="letter.register_outgoing", object_id=str(first.pk))
    assert event.changes["number"] == "005/001/DKC/2026"


def test_the_sequence_restarts_every_year(secretariat):
    outgoing(secretariat, date=dt.date(2026, 12, 30))
    last_of_2026 = outgoing(secretariat, date=dt.date(2026, 12, 31))
    first_of_2027 = outgoing(secretariat, date=dt.date(2027, 1, 2))
    late_2026 = outgoing(secretariat, date=dt.date(2026, 12, 31))
    assert last_of_2026.number == "005/002/DKC/2026"
    assert first_of_2027.number == "005/001/DKC/2027"
    assert late_2026.number == "005/003/DKC/2026"  # back-dated: still 2026's sequence


def test_roman_month_and_width(secretariat):
    numbering_scheme_create(
        actor=secretariat,
        name="Bulanan",
        pattern="{nomor}/{klasifikasi}/DKC/{bulan_romawi}/{tahun}",
        sequence_width=4,
    )
    letter = outgoing(secretariat, date=dt.date(2026, 11, 9))
    assert letter.number == "0001/005/DKC/XI/2026"


def test_changing_the_active_scheme_keeps_old_numbers_and_the_sequence(secretariat):
    old = outgoing(secretariat)
    numbering_scheme_create(
        actor=secretariat, name="Baru", pattern="DKC-{tahun}-{nomor}", sequence_width=2
    )
    new = outgoing(secretariat)
    old.refresh_from_db()
    assert old.number == "005/001/DKC/2026"
    assert new.number == "DKC-2026-02"
    assert NumberingScheme.objects.filter(is_active=True).count() == 1


def test_activating_an_older_scheme(secretariat):
    default = NumberingScheme.objects.get(is_active=True)
    numbering_scheme_create(actor=secretariat, name="Baru", pattern="X/{nomor}", sequence_width=3)
    numbering_scheme_activate(actor=secretariat, scheme=default)
    assert list(NumberingScheme.objects.filter(is_active=True)) == [default]
    assert outgoing(secretariat).number == "005/001/DKC/2026"


def test_a_generated_number_skips_a_manual_number_that_looks_the_same(secretariat):
    outgoing(secretariat, number="005/001/DKC/2026")
    letter = outgoing(secretariat)
    assert (letter.number, letter.sequence) == ("005/002/DKC/2026", 2)


def test_manual_outgoing_number_that_collides_is_refused_and_writes_nothing(secretariat):
    outgoing(secretariat)
    before = counts()
    with pytest.raises(ValidationError) as exc:
        outgoing(secretariat, number="005/001/DKC/2026")
    assert "Nomor surat 005/001/DKC/2026 sudah terdaftar" in exc.value.message_dict["number"][0]
    assert counts() == before


def test_incoming_number_that_collides_is_refused_and_writes_nothing(secretariat):
    incoming(secretariat)
    before = counts()
    with pytest.raises(ValidationError) as exc:
        incoming(secretariat, subject="Surat lain")
    assert "sudah terdaftar sebagai surat masuk" in exc.value.message_dict["number"][0]
    assert counts() == before


def test_the_same_number_may_exist_once_per_direction(secretariat):
    out = outgoing(secretariat)
    inc = incoming(secretariat, number=out.number)
    assert inc.number == out.number and inc.direction == LetterDirection.INCOMING
    assert inc.sequence is None


@pytest.mark.parametrize(
    ("overrides", "field"),
    [
        ({"classification_code": "999"}, "classification_code"),
        ({"classification_code": ""}, "classification_code"),
        ({"number": "  "}, "number"),
        ({"subject": ""}, "subject"),
        ({"sender": ""}, "sender"),
        ({"received_at": dt.date(2026, 3, 1)}, "received_at"),
        ({"received_at": dt.date(2999, 1, 1), "date": dt.date(2999, 1, 1)}, "received_at"),
        ({"subject": "x" * 501}, "subject"),
    ],
)
def test_bad_incoming_input_is_refused_and_writes_nothing(secretariat, overrides, field):
    before = counts()
    with pytest.raises(ValidationError) as exc:
        incoming(secretariat, **overrides)
    assert field in exc.value.message_dict
    assert counts() == before


def test_without_an_active_scheme_outgoing_letters_need_a_manual_number(secretariat):
    NumberingScheme.objects.update(is_active=False)
    with pytest.raises(ValidationError, match="pola penomoran"):
        outgoing(secretariat)
    assert outgoing(secretariat, number="B/1/DKC/2026").number == "B/1/DKC/2026"


@pytest.mark.parametrize(
    "roles",
    [[Role.AGENCY_OFFICER.value], [Role.COUNCIL_MEMBER.value], [Role.TEAM_MEMBER.value], []],
)
def test_only_the_secretariat_registers_letters(roles):
    user = UserFactory(roles=roles)
    before = counts()
    with pytest.raises(PermissionDenied):
        outgoing(user)
    with pytest.raises(PermissionDenied):
        incoming(user)
    assert counts() == before


def test_attachment_keeps_sha256_and_is_audited(secretariat):
    letter = LetterFactory()
    attachment = letter_attach(
        actor=secretariat, letter=letter, upload=SimpleUploadedFile("undangan.pdf", PDF), title=""
    )
    assert attachment.sha256 == hashlib.sha256(PDF).hexdigest()
    assert (attachment.title, attachment.size, attachment.content_type) == (
        "undangan",
        len(PDF),
        "application/pdf",
    )
    with attachment.file.open("rb") as handle:
        assert handle.read() == PDF
    assert AuditEvent.objects.filter(action="letter.attach").count() == 1


@pytest.mark.parametrize(
    ("name", "content", "message"),
    [
        ("besar.pdf", PDF + b"0" * (10 * 1024 * 1024), "Berkas terlalu besar: maksimum 10 MB"),
        ("skrip.exe", b"MZ\x90\x00 program", "Jenis berkas tidak diizinkan"),
        ("palsu.pdf", b"\x89PNG\r\n\x1a\n" + b"\x00" * 16, "tidak sesuai dengan isinya"),
        ("kosong.pdf", b"", "kosong"),
    ],
)
def test_bad_attachments_are_refused_and_write_nothing(
    secretariat, tmp_path, name, content, message
):
    letter = LetterFactory()
    before = counts()
    with pytest.raises(ValidationError) as exc:
        letter_attach(
            actor=secretariat, letter=letter, upload=SimpleUploadedFile(name, content), title="x"
        )
    assert message in " ".join(exc.value.messages)
    assert counts() == before
    assert not (tmp_path / "media").exists() or not any((tmp_path / "media").rglob("*.*"))


def test_officer_cannot_attach():
    with pytest.raises(PermissionDenied):
        letter_attach(
            actor=OfficerFactory(), letter=LetterFactory(), upload=SimpleUploadedFile("a.pdf", PDF)
        )
    assert LetterAttachment.objects.count() == 0


def test_attachment_removal_is_audited_with_its_hash(
    secretariat, django_capture_on_commit_callbacks
):
    attachment = letter_attach(
        actor=secretariat, letter=LetterFactory(), upload=SimpleUploadedFile("a.pdf", PDF)
    )
    path = attachment.file.path
    with django_capture_on_commit_callbacks(execute=True):
        letter_attachment_remove(actor=secretariat, attachment=attachment)
    assert LetterAttachment.objects.count() == 0
    event = AuditEvent.objects.get(action="letter.attachment_remove")
    assert event.changes["sha256"] == hashlib.sha256(PDF).hexdigest()
    assert not os.path.exists(path)


@pytest.mark.parametrize(
    ("pattern", "width", "field"),
    [
        ("{klasifikasi}/DKC/{tahun}", 3, "pattern"),
        ("{nomor}/{nomor}", 3, "pattern"),
        ("{nomor}/{kode}", 3, "pattern"),
        ("{nomor:04}", 3, "pattern"),
        ("{nomor/DKC", 3, "pattern"),
        ("{nomor}", 0, "sequence_width"),
        ("{nomor}", 9, "sequence_width"),
    ],
)
def test_bad_numbering_schemes_are_refused(secretariat, pattern, width, field):
    before = (NumberingScheme.objects.count(), AuditEvent.objects.count())
    with pytest.raises(ValidationError) as exc:
        numbering_scheme_create(
            actor=secretariat, name="Salah", pattern=pattern, sequence_width=width
        )
    assert field in exc.value.message_dict
    assert (NumberingScheme.objects.count(), AuditEvent.objects.count()) == before
    assert (
        NumberingScheme.objects.get(is_active=True).pattern == "{klasifikasi}/{nomor}/DKC/{tahun}"
    )


@given(
    sequence=st.integers(min_value=1, max_value=10**6),
    width=st.integers(min_value=1, max_value=8),
    date=st.dates(min_value=dt.date(2000, 1, 1), max_value=dt.date(2099, 12, 31)),
)
def test_format_number_pads_to_width_and_never_truncates(sequence, width, date):
    number = numbering.format_number(
        "{klasifikasi}/{nomor}/DKC/{bulan_romawi}/{tahun}",
        classification_code="005",
        sequence=sequence,
        width=width,
        date=date,
    )
    code, seq, _dkc, month, year = number.split("/")
    assert int(seq) == sequence and len(seq) == max(width, len(str(sequence)))
    assert (code, int(year)) == ("005", date.year)
    assert numbering.ROMAN_MONTHS.index(month) + 1 == date.month

"""Submissions: bad uploads, wrong periods and permissions are refused with a clear message
and nothing written."""

import pytest
from django.core.exceptions import PermissionDenied, ValidationError

from kotacerdas.opendata.models import Dataset, Resource, Submission, SubmissionStatus
from kotacerdas.opendata.selectors.submissions import submission_get, submission_list
from kotacerdas.opendata.services.submissions import (
    submission_check,
    submission_create,
    submission_publish,
    submission_return,
)
from kotacerdas.opendata.tests.factories import (
    ProducerFactory,
    SubmissionFactory,
    WalidataFactory,
)
from kotacerdas.opendata.tests.workflow_support import (
    HugeUpload,
    csv_upload,
    make_entry,
    xlsx_bomb,
)

pytestmark = pytest.mark.django_db


@pytest.fixture
def entry():
    return make_entry(WalidataFactory(), ProducerFactory().agency)


@pytest.fixture
def producer(entry):
    return ProducerFactory(agency=entry.agency)


def _counts():
    return (Submission.objects.count(), Resource.objects.count(), Dataset.objects.count())


def _refused(actor, entry, upload, period="2025-Q1"):
    before = _counts()
    with pytest.raises(ValidationError) as exc:
        submission_create(actor=actor, upload=upload, entry=entry, period_label=period)
    assert _counts() == before
    return " ".join(exc.value.messages)


def test_a_2_gb_upload_is_refused_from_its_size_without_reading(entry, producer):
    message = _refused(producer, entry, HugeUpload())
    assert message == "Berkas terlalu besar: maksimum 200 MB (berkas besar.csv berukuran 2048 MB)."


def test_the_size_limit_comes_from_the_setting(entry, producer, settings):
    settings.KOTACERDAS_SATUDATA_MAX_UPLOAD_MB = 1
    big = csv_upload("tahun,kode_kecamatan,jumlah,keterangan\n" + "2025,32.75.01,1,x\n" * 80000)
    assert "maksimum 1 MB" in _refused(producer, entry, big)


def test_an_xlsx_zip_bomb_is_refused(entry, producer):
    assert "kemungkinan bom ZIP" in _refused(producer, entry, xlsx_bomb())


def test_an_empty_file_is_refused(entry, producer):
    assert _refused(producer, entry, csv_upload("")) == "Berkas penduduk.csv kosong."


def test_a_binary_file_named_csv_is_refused(entry, producer):
    from django.core.files.uploadedfile import SimpleUploadedFile

    pdf = SimpleUploadedFile("data.csv", b"%PDF-1.7\n%%EOF\n")
    assert "bukan teks CSV" in _refused(producer, entry, pdf)


def test_other_file_types_are_refused(entry, producer):
    from django.core.files.uploadedfile import SimpleUploadedFile

    upload = SimpleUploadedFile("data.json", b"[]")
    assert _refused(producer, entry, upload) == "Hanya berkas CSV atau XLSX yang diterima."


def test_a_period_outside_the_entry_is_refused(entry, producer):
    message = _refused(producer, entry, csv_upload(), period="2024-Q1")
    assert message == "Periode harus salah satu dari: 2025-Q1, 2025-Q2, 2025-Q3, 2025-Q4."


def test_another_agencys_officer_cannot_upload(entry):
    stranger = ProducerFactory()
    before = _counts()
    with pytest.raises(PermissionDenied):
        submission_create(actor=stranger, upload=csv_upload(), entry=entry, period_label="2025-Q1")
    assert _counts() == before


def test_the_walidata_may_upload_for_any_agency(entry):
    submission = submission_create(
        actor=WalidataFactory(), upload=csv_upload(), entry=entry, period_label="2025-Q1"
    )
    assert submission.status == SubmissionStatus.VALIDATING
    assert submission.agency == entry.agency
    assert submission.resource.load_state == "pending"
    assert submission.resource.size == len(csv_upload().read())
    assert len(submission.resource.sha256) == 64
    assert submission.resource.original_name == "penduduk.csv"
    assert submission.resource.releases.count() == 0
    assert str(submission.due_date) == "2025-04-30"


def test_only_the_walidata_checks_returns_and_publishes(entry, producer):
    submission = SubmissionFactory(entry=entry, status=SubmissionStatus.SUBMITTED)
    for actor in (producer, ProducerFactory()):
        with pytest.raises(PermissionDenied):
            submission_check(actor=actor, submission=submission)
        with pytest.raises(PermissionDenied):
            submission_return(actor=actor, submission=submission, notes="x")
        with pytest.raises(PermissionDenied):
            submission_publish(actor=actor, submission=submission)
    submission.refresh_from_db()
    assert submission.status == SubmissionStatus.SUBMITTED


def test_another_agencys_officer_cannot_read_a_submission(entry, producer):
    submission = SubmissionFactory(entry=entry)
    stranger = ProducerFactory()
    with pytest.raises(PermissionDenied):
        submission_get(actor=stranger, pk=submission.pk)
    assert list(submission_list(actor=stranger)) == []
    assert submission_get(actor=producer, pk=submission.pk) == submission
    assert list(submission_list(actor=producer)) == [submission]

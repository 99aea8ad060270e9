"""Acceptance of issue #6 "bad input" end to end: a file in the wrong encoding or delimiter,
with a header that does not match the schema or a region code that does not exist goes
through upload and processing, ends invalid with its Indonesian message in the report, and
leaves no datastore table, nothing the walidata can check and nothing published. A load that
fails half-way leaves nothing behind either."""

from __future__ import annotations

import pytest
from django.core.exceptions import ValidationError
from django.core.files.uploadedfile import SimpleUploadedFile
from django.db import connection

from kotacerdas.opendata.datastore import tables
from kotacerdas.opendata.models import Release, ResourceLoadState, SubmissionStatus
from kotacerdas.opendata.services.submissions import (
    submission_check,
    submission_create,
    submission_process,
)
from kotacerdas.opendata.tests.factories import KECAMATAN_CSV, ProducerFactory, WalidataFactory
from kotacerdas.opendata.tests.workflow_support import make_entry

pytestmark = pytest.mark.django_db

BAD_FILES = {
    "windows-1252": (
        "tahun,kode_kecamatan,jumlah,keterangan\n2025,32.75.01,10,Caf\u00e9\n".encode("cp1252"),
        "encoding",
        "tidak berenkode UTF-8",
    ),
    "utf-16": (KECAMATAN_CSV.encode("utf-16"), "encoding", "UTF-16"),
    "semicolons": (KECAMATAN_CSV.replace(",", ";").encode(), "delimiter", "titik koma"),
    "header": (
        b"tahun,kecamatan,jumlah,keterangan\n2025,32.75.01,1,a\n",
        "header-mismatch",
        "kolom yang tidak ada: kode_kecamatan",
    ),
    "region code": (
        KECAMATAN_CSV.replace("32.75.03", "32.75.99").encode(),
        "reference-code",
        "32.75.99",
    ),
    "header only": (b"tahun,kode_kecamatan,jumlah,keterangan\n", None, ""),
}


@pytest.fixture
def people():
    walidata = WalidataFactory()
    return walidata, ProducerFactory()


def _table_exists(resource) -> bool:
    return tables.table_name_for(resource) in connection.introspection.table_names()


@pytest.mark.parametrize("case", list(BAD_FILES))
def test_a_bad_file_ends_invalid_with_its_message_and_nothing_loaded(people, case):
    walidata, producer = people
    content, code, words = BAD_FILES[case]
    entry = make_entry(walidata, producer.agency)
    upload = SimpleUploadedFile("data.csv", content, content_type="text/csv")
    created = submission_create(actor=producer, upload=upload, entry=entry, period_label="2025-Q1")
    submission = submission_process(submission_id=created.pk)

    assert submission.status == SubmissionStatus.INVALID
    errors = submission.validation_report["errors"]
    assert submission.error_count >= 1 and errors
    if code:
        assert code in {error["code"] for error in errors}
        assert any(words in error["message"] for error in errors), errors
    assert all(error["message"] for error in errors)
    resource = submission.resource
    resource.refresh_from_db()
    assert resource.load_state == ResourceLoadState.FAILED
    assert (resource.datastore_active, resource.datastore_table, resource.row_count) == (
        False,
        "",
        None,
    )
    assert not _table_exists(resource)
    with pytest.raises(ValidationError):
        submission_check(actor=walidata, submission=submission)
    assert Release.objects.count() == 0
    entry.refresh_from_db()
    assert entry.dataset.is_public is False


def test_a_load_that_fails_half_way_leaves_no_table_and_says_why(people, monkeypatch):
    walidata, producer = people
    entry = make_entry(walidata, producer.agency)
    upload = SimpleUploadedFile("data.csv", KECAMATAN_CSV.encode(), content_type="text/csv")
    created = submission_create(actor=producer, upload=upload, entry=entry, period_label="2025-Q1")

    from kotacerdas.opendata import datastore

    real_load = datastore.datastore_load

    def load_then_fail(**kwargs):
        real_load(**kwargs)  # the table is created and filled ...
        raise RuntimeError("disk penuh")  # ... then the load fails

    monkeypatch.setattr(datastore, "datastore_load", load_then_fail)
    submission = submission_process(submission_id=created.pk)

    assert submission.status == SubmissionStatus.INVALID
    assert "disk penuh" in submission.validation_report["errors"][0]["message"]
    resource = submission.resource
    resource.refresh_from_db()
    assert resource.load_state == ResourceLoadState.FAILED
    assert resource.datastore_active is False
    assert not _table_exists(resource)
    assert Release.objects.count() == 0

"""Helpers of the workflow tests (Daftar Data, submissions, releases, compliance, pages)."""

from __future__ import annotations

import io
import zipfile

from django.core.files.uploadedfile import SimpleUploadedFile

from kotacerdas.core.uploads import MAX_UNZIPPED_BYTES
from kotacerdas.opendata.models import Frequency
from kotacerdas.opendata.services.daftar import entry_create
from kotacerdas.opendata.services.submissions import submission_create, submission_process
from kotacerdas.opendata.tests.factories import KECAMATAN_CSV, KECAMATAN_SCHEMA

# The same table with a region code that does not exist (32.75.99) and a negative count.
INVALID_CSV = (
    "tahun,kode_kecamatan,jumlah,keterangan\n"
    "2025,32.75.01,251000,Bekasi Timur\n"
    "2025,32.75.99,-5,Tidak ada\n"
)
# A second period's table: one value changed, one row added.
CHANGED_CSV = KECAMATAN_CSV.replace("251000", "252500") + "2025,32.75.04,290000,Rawalumbu\n"


def csv_upload(text: str = KECAMATAN_CSV, name: str = "penduduk.csv") -> SimpleUploadedFile:
    return SimpleUploadedFile(name, text.encode("utf-8"), content_type="text/csv")


def xlsx_bomb() -> SimpleUploadedFile:
    buffer = io.BytesIO()
    with zipfile.ZipFile(buffer, "w", compression=zipfile.ZIP_DEFLATED) as archive:
        archive.writestr("[Content_Types].xml", "<Types/>")
        archive.writestr("xl/workbook.xml", "<x/>")
        archive.writestr("xl/worksheets/sheet1.xml", b"\x00" * (MAX_UNZIPPED_BYTES + 1))
    return SimpleUploadedFile("bom.xlsx", buffer.getvalue())


class HugeUpload:
    """An upload whose `.size` says 2 GB; reading it fails the test (it must not be read)."""

    name = "besar.csv"
    size = 2 * 1024 * 1024 * 1024

    def read(self, *args):
        raise AssertionError("a 2 GB upload must be refused before it is read")

    def seek(self, *args):
        raise AssertionError("a 2 GB upload must be refused before it is read")

    def chunks(self, *args):
        raise AssertionError("a 2 GB upload must be refused before it is read")


def make_entry(walidata, agency, *, frequency=Frequency.QUARTERLY, year=2025, **fields):
    return entry_create(
        actor=walidata,
        agency=agency,
        year=year,
        title=fields.pop("title", "Jumlah penduduk per kecamatan"),
        description=fields.pop("description", "Jumlah penduduk menurut kecamatan."),
        frequency=frequency,
        table_schema=fields.pop("table_schema", KECAMATAN_SCHEMA),
        **fields,
    )


def submit(producer, entry, period_label, text=KECAMATAN_CSV, *, process=True, **kwargs):
    submission = submission_create(
        actor=producer, upload=csv_upload(text), entry=entry, period_label=period_label, **kwargs
    )
    if process:
        submission = submission_process(submission_id=submission.pk)
    return submission

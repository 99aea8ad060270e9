import decimal
import io

import openpyxl
import pytest
from django.core.files import File
from django.core.files.uploadedfile import SimpleUploadedFile

from kotacerdas.core.models import AuditEvent
from kotacerdas.core.tests.factories import OfficerFactory
from kotacerdas.masterplan.tests.factories import (
    ActivityFactory,
    BudgetAllocationFactory,
    IndicatorFactory,
    ProgramFactory,
)
from kotacerdas.monitoring.models import IndicatorValue, Realisation, RealisationStatus
from kotacerdas.monitoring.services.bulk import (
    COLUMNS,
    bulk_template_xlsx,
    realisation_bulk_import,
)
from kotacerdas.monitoring.tests.factories import RealisationFactory, ReportingPeriodFactory

D = decimal.Decimal
pytestmark = pytest.mark.django_db


@pytest.fixture
def period():
    return ReportingPeriodFactory(year=2026, quarter=2)


@pytest.fixture
def activities():
    program = ProgramFactory()
    first = ActivityFactory(program=program)
    second = ActivityFactory(program=program)
    for activity in (first, second):
        BudgetAllocationFactory(activity=activity, amount=D("100000000"))
    return first, second


@pytest.fixture
def officer(activities):
    return OfficerFactory(agency=activities[0].agency)


def xlsx(rows, header=COLUMNS, name="realisasi.xlsx", edit=None):
    workbook = openpyxl.Workbook()
    sheet = workbook.active
    sheet.title = "Realisasi"
    sheet.append(header)
    for row in rows:
        sheet.append(row)
    if edit:
        edit(sheet)
    buffer = io.BytesIO()
    workbook.save(buffer)
    return SimpleUploadedFile(name, buffer.getvalue())


def row(activity, progress=50, budget=1000000, version=0, indicators="", problems=""):
    return [
        activity.pk,
        activity.code,
        activity.name,
        version,
        progress,
        budget,
        indicators,
        problems,
        "",
        "",
        "",
    ]


def nothing_written():
    return not Realisation.objects.exists() and not AuditEvent.objects.exists()


def messages(result):
    return [(e.row, e.column, e.message) for e in result.errors]


def test_a_valid_file_writes_every_row(officer, period, activities):
    first, second = activities
    indicator = IndicatorFactory(activity=first, code="IND-A", unit="%", max_value=D("100"))
    upload = xlsx([row(first, 40, 2500000, indicators="IND-A=55,5"), row(second, 10, 0)])
    result = realisation_bulk_import(actor=officer, period=period, upload=upload)
    assert (result.ok, result.rows, result.written) == (True, 2, 2)
    saved = Realisation.objects.get(activity=first)
    assert (saved.physical_progress, saved.budget_realised, saved.status) == (
        D("40.00"),
        D("2500000.00"),
        RealisationStatus.DRAFT,
    )
    assert IndicatorValue.objects.get(indicator=indicator).value == D("55.5")
    assert AuditEvent.objects.count() == 2


def test_a_wrong_header_is_refused_and_nothing_written(officer, period, activities):
    header = ["kegiatan", "progres", "anggaran"]
    result = realisation_bulk_import(
        actor=officer, period=period, upload=xlsx([[activities[0].pk, 1, 1]], header=header)
    )
    assert messages(result) == [
        (
            1,
            "",
            "Baris judul kolom tidak sesuai templat (kolom yang kurang: "
            + ", ".join(COLUMNS)
            + "; kolom yang tidak dikenal: kegiatan, progres, anggaran). Unduh templat lalu "
            "isi ulang.",
        )
    ]
    assert nothing_written()


def test_a_merged_cell_is_refused_and_nothing_written(officer, period, activities):
    upload = xlsx(
        [row(activities[0], problems="Lelang"), row(activities[1])],
        edit=lambda sheet: sheet.merge_cells("H2:I2"),
    )
    result = realisation_bulk_import(actor=officer, period=period, upload=upload)
    assert messages(result) == [
        (2, "", "Sel digabung (merge) di H2:I2 tidak didukung; pisahkan sel lalu unggah ulang.")
    ]
    assert nothing_written()


def test_a_formula_is_refused_and_nothing_written(officer, period, activities):
    def formula(sheet):
        sheet["E3"] = "=E2*2"

    upload = xlsx([row(activities[0]), row(activities[1])], edit=formula)
    result = realisation_bulk_import(actor=officer, period=period, upload=upload)
    assert messages(result) == [
        (3, "progres_fisik", "Sel E3 berisi rumus; isi dengan nilai, bukan rumus.")
    ]
    assert nothing_written()


def test_a_50_mb_file_is_refused_before_it_is_read(officer, period, tmp_path):
    path = tmp_path / "besar.xlsx"
    with open(path, "wb") as handle:
        handle.write(b"PK\x03\x04")
        handle.truncate(50 * 1024 * 1024)
    with open(path, "rb") as handle:
        upload = File(handle, name="besar.xlsx")
        result = realisation_bulk_import(actor=officer, period=period, upload=upload)
    assert messages(result) == [(None, "", "Berkas terlalu besar (50,0 MB); batasnya 5,0 MB.")]
    assert nothing_written()


def test_a_disguised_file_is_refused(officer, period):
    upload = SimpleUploadedFile("realisasi.xlsx", b"id_kegiatan,progres_fisik\n1,2\n")
    result = realisation_bulk_import(actor=officer, period=period, upload=upload)
    assert messages(result) == [
        (
            None,
            "",
            "Berkas bukan XLSX yang sah (isinya bukan lembar kerja Excel). Simpan ulang "
            "sebagai .xlsx atau .csv.",
        )
    ]
    assert nothing_written()


def test_values_above_100_where_the_unit_forbids_and_negative_money_are_reported_per_row(
    officer, period, activities
):
    first, second = activities
    IndicatorFactory(activity=first, code="IND-P", name="Cakupan", unit="%", max_value=D("100"))
    upload = xlsx([row(first, 40, 1000, indicators="IND-P=120"), row(second, 101, -5000)])
    result = realisation_bulk_import(actor=officer, period=period, upload=upload)
    assert messages(result) == [
        (2, "nilai_indikator", "Nilai indikator Cakupan melebihi 100 %."),
        (3, "progres_fisik", "Progres fisik harus antara 0 dan 100 %."),
        (3, "realisasi_anggaran", "Realisasi anggaran tidak boleh negatif."),
    ]
    assert nothing_written()


def test_an_activity_of_another_agency_is_refused(officer, period, activities):
    foreign = ActivityFactory()
    result = realisation_bulk_import(
        actor=officer, period=period, upload=xlsx([row(activities[0]), row(foreign)])
    )
    assert messages(result) == [
        (
            3,
            "id_kegiatan",
            f"Kegiatan {foreign.code} bukan milik Perangkat Daerah Anda; Anda tidak boleh "
            "mengisi realisasinya.",
        )
    ]
    assert nothing_written()


def test_a_locked_period_is_refused(officer, period, activities):
    period.is_locked, period.lock_reason = True, "Laporan semester I telah disampaikan"
    period.save()
    result = realisation_bulk_import(
        actor=officer, period=period, upload=xlsx([row(activities[0])])
    )
    assert messages(result) == [
        (None, "", "Periode TW 2 2026 dikunci: Laporan semester I telah disampaikan")
    ]
    assert nothing_written()


def test_a_stale_version_and_a_submitted_realisation_are_refused(officer, period, activities):
    first, second = activities
    RealisationFactory(activity=first, period=period, version=3, physical_progress=D("5"))
    RealisationFactory(activity=second, period=period, status=RealisationStatus.SUBMITTED)
    result = realisation_bulk_import(
        actor=officer, period=period, upload=xlsx([row(first, version=2), row(second, version=1)])
    )
    assert messages(result) == [
        (
            2,
            "versi",
            f"Realisasi kegiatan {first.code} telah diubah sejak templat diunduh (versi 3, "
            "berkas versi 2); unduh templat baru.",
        ),
        (
            3,
            "id_kegiatan",
            f"Realisasi kegiatan {second.code} berstatus Diajukan sehingga tidak dapat diubah.",
        ),
    ]
    assert Realisation.objects.get(activity=first).physical_progress == D("5.00")
    assert not AuditEvent.objects.exists()


def test_duplicate_unknown_and_mismatched_rows(officer, period, activities):
    first, _second = activities
    bad_code = row(first)
    bad_code[1] = "9.99.99.9.99"
    result = realisation_bulk_import(
        actor=officer,
        period=period,
        upload=xlsx([row(first), [999999, "", "", 0, 1, 1], bad_code]),
    )
    assert messages(result) == [
        (3, "id_kegiatan", "Kegiatan 999999 tidak ditemukan."),
        (4, "id_kegiatan", f"Kegiatan {first.code} sudah ada di baris 2."),
        (
            4,
            "kode_kegiatan",
            f"Kode kegiatan 9.99.99.9.99 tidak cocok dengan kegiatan {first.pk} ({first.code}).",
        ),
    ]
    assert nothing_written()


def test_csv_with_semicolons_and_indonesian_numbers(officer, period, activities):
    first, _ = activities
    text = ";".join(COLUMNS) + f'\n{first.pk};;;0;"37,5";"1.250.000";;Cuaca buruk;;;\n'

    upload = SimpleUploadedFile("r.csv", text.encode("utf-8-sig"))
    result = realisation_bulk_import(actor=officer, period=period, upload=upload)
    assert result.ok, messages(result)
    saved = Realisation.objects.get()
    assert (saved.physical_progress, saved.budget_realised, saved.problems) == (
        D("37.50"),
        D("1250000.00"),
        "Cuaca buruk",
    )


def test_csv_formula_is_refused(officer, period, activities):
    text = ",".join(COLUMNS) + f"\n{activities[0].pk},,,0,=1+1,5,,,,,\n"
    result = realisation_bulk_import(
        actor=officer, period=period, upload=SimpleUploadedFile("r.csv", text.encode())
    )
    assert messages(result) == [
        (
            2,
            "progres_fisik",
            "Isian berisi rumus (diawali '='); isi dengan nilai, bukan rumus.",
        )
    ]
    assert nothing_written()


def test_template_is_prefilled_and_round_trips(officer, period, activities):
    first, second = activities
    IndicatorFactory(activity=first, code="IND-T")
    RealisationFactory(activity=first, period=period, version=4, physical_progress=D("12.5"))
    foreign = ActivityFactory()
    content = bulk_template_xlsx(actor=officer, period=period, activities=[first, second, foreign])
    sheet = openpyxl.load_workbook(io.BytesIO(content))["Realisasi"]
    rows = list(sheet.iter_rows(values_only=True))
    assert list(rows[0]) == COLUMNS
    assert [r[0] for r in rows[1:]] == [first.pk, second.pk]
    assert rows[1][3:7] == (4, 12.5, 25000000, "IND-T=")
    sheet.cell(row=2, column=5, value=30)
    buffer = io.BytesIO()
    sheet.parent.save(buffer)
    result = realisation_bulk_import(
        actor=officer, period=period, upload=SimpleUploadedFile("t.xlsx", buffer.getvalue())
    )
    assert (result.ok, result.written) == (True, 2), messages(result)
    assert Realisation.objects.get(activity=first).physical_progress == D("30.00")

import csv
import decimal
import io

import openpyxl
import pytest
from django.core.exceptions import PermissionDenied
from django.core.files.uploadedfile import SimpleUploadedFile

from kotacerdas.core.models import Agency, AuditEvent
from kotacerdas.core.tests.factories import AdminFactory, AgencyFactory, OfficerFactory
from kotacerdas.masterplan.models import (
    Activity,
    BudgetAllocation,
    PriorityProgram,
    Program,
    SubActivity,
)
from kotacerdas.masterplan.services import importing
from kotacerdas.masterplan.services.importing import (
    PRIORITY_PROGRAM_COLUMNS,
    TREE_COLUMNS,
    ImportFileError,
    RowError,
    read_table,
)
from kotacerdas.masterplan.tests.factories import PriorityProgramFactory, ProgramFactory

pytestmark = pytest.mark.django_db


def _xlsx(rows, *, name="data.xlsx", edit=None):
    workbook = openpyxl.Workbook()
    sheet = workbook.active
    for row in rows:
        sheet.append(list(row))
    if edit:
        edit(sheet)
    buffer = io.BytesIO()
    workbook.save(buffer)
    return SimpleUploadedFile(name, buffer.getvalue())


def _csv(rows, *, name="data.csv", delimiter=","):
    buffer = io.StringIO()
    csv.writer(buffer, delimiter=delimiter).writerows(rows)
    return SimpleUploadedFile(name, buffer.getvalue().encode("utf-8"))


def _tree_row(**values):
    row = dict.fromkeys(TREE_COLUMNS, "")
    row.update(values)
    return [row[c] for c in TREE_COLUMNS]


def _pp_row(**values):
    row = dict.fromkeys(PRIORITY_PROGRAM_COLUMNS, "")
    row.update(values)
    return [row[c] for c in PRIORITY_PROGRAM_COLUMNS]


def _valid_tree_rows():
    return [
        list(TREE_COLUMNS),
        _tree_row(
            tingkat="program",
            kode="2.16.03",
            nama="Program Aplikasi",
            kode_pd="DISKOMINFOSTANDI",
            kode_dimensi="GOV",
            kode_unsur="GOV.1",
        ),
        _tree_row(
            tingkat="kegiatan",
            kode="2.16.03.1.02",
            nama="Pengelolaan e-Government",
            kode_pd="DISKOMINFOSTANDI",
            quick_win="ya",
            tahun_mulai="2024",
            tahun_selesai="2026",
            tahap="2",
            tahun_anggaran="2026",
            anggaran_apbd="1.500.000.000",
            anggaran_csr="250000000",
        ),
        _tree_row(
            tingkat="sub_kegiatan",
            kode="2.16.03.1.02.0005",
            nama="Pengembangan Aplikasi",
            kode_pd="DISKOMINFOSTANDI",
        ),
    ]


def _no_writes():
    assert Program.objects.count() == 0
    assert Activity.objects.count() == 0
    assert SubActivity.objects.count() == 0
    assert BudgetAllocation.objects.count() == 0
    assert AuditEvent.objects.count() == 0


# --- read_table ------------------------------------------------------------------------------


def test_read_table_reads_xlsx_and_csv_alike():
    rows = [["a", "b"], ["1", "x"], [None, None], [2.5, "y"]]
    from_xlsx = read_table(_xlsx(rows), ["a", "b"])
    assert from_xlsx == [{"_row": 2, "a": "1", "b": "x"}, {"_row": 4, "a": "2.5", "b": "y"}]
    from_csv = read_table(_csv([["B", "a"], ["x", "1"]], delimiter=";"), ["a", "b"])
    assert from_csv == [{"_row": 2, "a": "1", "b": "x"}]


def test_wrong_header_names_missing_and_unexpected_columns():
    with pytest.raises(ImportFileError) as exc:
        read_table(_xlsx([["a", "c"], ["1", "2"]]), ["a", "b"])
    assert exc.value.errors == [
        RowError(
            1,
            "",
            "Baris judul kolom tidak sesuai templat (kolom yang kurang: b; kolom yang tidak "
            "dikenal: c). Unduh templat lalu isi ulang.",
        )
    ]


def test_merged_cells_refused():
    def merge(sheet):
        sheet.merge_cells("A2:B2")

    with pytest.raises(ImportFileError) as exc:
        read_table(_xlsx([["a", "b"], ["1", None]], edit=merge), ["a", "b"])
    assert exc.value.errors == [
        RowError(
            2,
            "",
            "Sel digabung (merge) di A2:B2 tidak didukung; pisahkan sel lalu unggah ulang.",
        )
    ]


def test_formulas_refused_in_xlsx_and_csv():
    with pytest.raises(ImportFileError) as exc:
        read_table(_xlsx([["a", "b"], ["1", "=SUM(A2:A3)"]]), ["a", "b"])
    assert exc.value.errors == [
        RowError(2, "b", "Sel B2 berisi rumus; isi dengan nilai, bukan rumus.")
    ]
    with pytest.raises(ImportFileError) as exc:
        read_table(_csv([["a", "b"], ["=1+1", "x"]]), ["a", "b"])
    assert exc.value.errors == [
        RowError(2, "a", "Isian berisi rumus (diawali '='); isi dengan nilai, bukan rumus.")
    ]


def test_fifty_megabyte_file_refused_before_reading():
    upload = SimpleUploadedFile("besar.xlsx", b"PK\x03\x04" + b"\0" * (50 * 1024 * 1024))
    with pytest.raises(ImportFileError) as exc:
        read_table(upload, ["a"])
    assert exc.value.errors == [
        RowError(None, "", "Berkas terlalu besar (50,0 MB); batasnya 5,0 MB.")
    ]


def test_disguised_and_broken_files_refused():
    with pytest.raises(ImportFileError) as exc:
        read_table(SimpleUploadedFile("data.xlsx", b"a,b\n1,2\n"), ["a", "b"])
    assert exc.value.errors[0].message.startswith("Berkas bukan XLSX yang sah")
    with pytest.raises(ImportFileError) as exc:
        read_table(SimpleUploadedFile("data.xlsx", b"PK\x03\x04rusak"), ["a", "b"])
    assert exc.value.errors[0].message == "Berkas XLSX rusak atau tidak lengkap."
    with pytest.raises(ImportFileError) as exc:
        read_table(SimpleUploadedFile("data.xls", b"\xd0\xcf\x11\xe0"), ["a"])
    assert exc.value.errors[0].message == (
        "Format berkas tidak didukung (.xls). Gunakan templat .xlsx atau .csv."
    )
    with pytest.raises(ImportFileError) as exc:
        read_table(SimpleUploadedFile("data.csv", "a\n\xe9\n".encode("latin-1")), ["a"])
    assert exc.value.errors[0].message.startswith("Berkas CSV harus berpengodean UTF-8")


def test_templates_are_readable_by_read_table():
    for kind, columns in (
        ("program-prioritas", PRIORITY_PROGRAM_COLUMNS),
        ("pohon-program", TREE_COLUMNS),
    ):
        xlsx = SimpleUploadedFile("t.xlsx", importing.import_template_xlsx(kind))
        csv_file = SimpleUploadedFile("t.csv", importing.import_template_csv(kind))
        assert read_table(xlsx, columns) == read_table(csv_file, columns)
        assert len(read_table(xlsx, columns)) >= 1


# --- tree import -----------------------------------------------------------------------------


def test_valid_tree_file_writes_everything():
    PriorityProgramFactory(number=1)
    summary = importing.tree_import(actor=AdminFactory(), uploaded_file=_xlsx(_valid_tree_rows()))
    assert summary.created == {"program": 1, "activity": 1, "budget": 2, "sub_activity": 1}
    activity = Activity.objects.get(code="2.16.03.1.02")
    assert activity.program.code == "2.16.03"
    assert activity.agency.code == "DISKOMINFOSTANDI"
    assert activity.quick_win is True
    assert activity.phase == "penguatan"
    assert {(b.source, b.amount) for b in activity.budgets.all()} == {
        ("apbd", decimal.Decimal("1500000000.00")),
        ("csr", decimal.Decimal("250000000.00")),
    }
    assert SubActivity.objects.get().activity == activity
    # Importing the same file again updates, creates nothing.
    again = importing.tree_import(actor=AdminFactory(), uploaded_file=_csv(_valid_tree_rows()))
    assert again.created == {}
    assert again.updated == {"program": 1, "activity": 1, "budget": 2, "sub_activity": 1}
    assert Program.objects.count() == 1
    assert BudgetAllocation.objects.count() == 2


def test_tree_row_errors_reported_and_nothing_written():
    rows = _valid_tree_rows()
    rows.append(_tree_row(tingkat="kegiatan", kode="2.16.04.1.01", nama="x", kode_pd="TIDAKADA"))
    rows.append(
        _tree_row(
            tingkat="kegiatan",
            kode="2.16.3.1.01",
            nama="kode salah",
            kode_pd="DISKOMINFOSTANDI",
        )
    )
    rows.append(
        _tree_row(
            tingkat="kegiatan",
            kode="2.16.03.1.03",
            nama="uang negatif",
            kode_pd="DISKOMINFOSTANDI",
            tahun_anggaran="2026",
            anggaran_apbd="-5000",
        )
    )
    rows.append(_tree_row(tingkat="kegiatan", kode="2.16.09.1.01", nama="yatim", kode_pd="DINKES"))
    with pytest.raises(ImportFileError) as exc:
        importing.tree_import(actor=AdminFactory(), uploaded_file=_xlsx(rows))
    assert exc.value.errors == [
        RowError(5, "kode_pd", "Kode Perangkat Daerah tidak dikenal: TIDAKADA."),
        RowError(
            6,
            "kode",
            "Kode kegiatan harus berpola X.XX.XX.X.XX dan diawali kode programnya (X.XX.XX); "
            "tertulis: 2.16.3.1.01.",
        ),
        RowError(7, "anggaran_apbd", "Jumlah anggaran tidak boleh negatif (tertulis Rp-5000)."),
        RowError(
            8, "kode", "Program induk 2.16.09 milik DINKES tidak ada di berkas maupun di data."
        ),
    ]
    _no_writes()


def test_officer_imports_only_own_agency():
    officer = OfficerFactory(agency=Agency.objects.get(code="DINKES"))
    with pytest.raises(ImportFileError) as exc:
        importing.tree_import(actor=officer, uploaded_file=_xlsx(_valid_tree_rows()))
    assert {e.message for e in exc.value.errors} == {
        "Anda tidak berwenang atas Perangkat Daerah DISKOMINFOSTANDI."
    }
    _no_writes()


def test_kegiatan_under_existing_program_in_database():
    agency = AgencyFactory(code="UJI-PD")
    ProgramFactory(agency=agency, code="1.02.02")
    officer = OfficerFactory(agency=agency)
    rows = [
        list(TREE_COLUMNS),
        _tree_row(tingkat="kegiatan", kode="1.02.02.1.01", nama="Kegiatan", kode_pd="uji-pd"),
    ]
    summary = importing.tree_import(actor=officer, uploaded_file=_csv(rows))
    assert summary.created == {"activity": 1}


def test_file_problems_reach_the_importers():
    with pytest.raises(ImportFileError) as exc:
        importing.tree_import(
            actor=AdminFactory(), uploaded_file=_xlsx([["tingkat", "kode"], ["program", "1"]])
        )
    assert exc.value.errors[0].row == 1
    assert "kolom yang kurang: nama" in exc.value.errors[0].message
    _no_writes()


# --- priority program import -----------------------------------------------------------------


def test_priority_programs_import_and_errors():
    rows = [
        list(PRIORITY_PROGRAM_COLUMNS),
        _pp_row(nomor="1", nama="Bekasi Digital Service", kode_dimensi="GOV", kode_bidang="GOV.a"),
        _pp_row(nomor="2", nama="Peringatan Dini Banjir", kode_dimensi="ENV", kode_unsur="ENV.1"),
    ]
    summary = importing.priority_program_import(actor=AdminFactory(), uploaded_file=_csv(rows))
    assert summary.created == {"priority_program": 2}
    assert PriorityProgram.objects.get(number=1).priority_area.code == "GOV.a"

    bad = [
        list(PRIORITY_PROGRAM_COLUMNS),
        _pp_row(nomor="3", nama="A", kode_dimensi="GOV", kode_bidang="ENV.a"),
        _pp_row(nomor="3", nama="B", kode_dimensi="XXX"),
        _pp_row(nomor="4", nama="C", kode_dimensi="LIV", kode_unsur="GOV.1", tahun_mulai="2050"),
    ]
    with pytest.raises(ImportFileError) as exc:
        importing.priority_program_import(actor=AdminFactory(), uploaded_file=_xlsx(bad))
    assert exc.value.errors == [
        RowError(2, "kode_bidang", "Bidang ENV.a bukan bagian dari dimensi GOV."),
        RowError(3, "nomor", "Nomor 3 sudah ada di baris 2."),
        RowError(
            3,
            "kode_dimensi",
            "Kode dimensi tidak dikenal: XXX (GOV, BRA, ECO, LIV, SOC, ENV).",
        ),
        RowError(4, "kode_unsur", "Unsur GOV.1 bukan bagian dari dimensi LIV."),
        RowError(4, "tahun_mulai", "Tahun peta jalan harus antara 2018 dan 2045."),
    ]
    assert PriorityProgram.objects.count() == 2


def test_priority_program_import_refused_for_officer():
    rows = [list(PRIORITY_PROGRAM_COLUMNS), _pp_row(nomor="1", nama="A", kode_dimensi="GOV")]
    with pytest.raises(PermissionDenied):
        importing.priority_program_import(actor=OfficerFactory(), uploaded_file=_csv(rows))
    assert PriorityProgram.objects.count() == 0

"""validate_table: the bad files producers really send, with Indonesian messages."""

import openpyxl
import pytest

from kotacerdas.opendata.tests.factories import KECAMATAN_CSV, KECAMATAN_SCHEMA
from kotacerdas.opendata.validation import ValidationReport, validate_table

pytestmark = pytest.mark.django_db


def write(tmp_path, content, name="data.csv", encoding="utf-8"):
    path = tmp_path / name
    if isinstance(content, str):
        content = content.encode(encoding)
    path.write_bytes(content)
    return path


def codes(report):
    return [error.code for error in report.errors]


def test_valid_csv_passes_with_stats_and_progress(tmp_path):
    seen = []
    report = validate_table(
        write(tmp_path, KECAMATAN_CSV),
        table_schema=KECAMATAN_SCHEMA,
        file_format="csv",
        progress=seen.append,
    )
    assert report.valid is True
    assert report.errors == []
    assert report.row_count == 3
    assert report.header == ["tahun", "kode_kecamatan", "jumlah", "keterangan"]
    assert report.stats["completeness"] == 1.0
    assert report.stats["uniqueness"] == 1.0
    assert seen[0] == 0
    assert seen[-1] == 100
    assert seen == sorted(seen)


def test_utf8_bom_and_header_case_spaces_and_order_are_accepted(tmp_path):
    content = "\ufeffKode_Kecamatan , TAHUN,jumlah,keterangan\n32.75.01,2025,10,Bekasi Timur\n"
    report = validate_table(
        write(tmp_path, content), table_schema=KECAMATAN_SCHEMA, file_format="csv"
    )
    assert report.valid is True, report.errors
    assert report.header == ["Kode_Kecamatan", "TAHUN", "jumlah", "keterangan"]


def test_windows_1252_file_is_an_encoding_error_naming_the_encoding(tmp_path):
    content = "tahun,kode_kecamatan,jumlah,keterangan\n2025,32.75.01,10,Caf\u00e9 \u00e4rger\n"
    report = validate_table(
        write(tmp_path, content, encoding="cp1252"),
        table_schema=KECAMATAN_SCHEMA,
        file_format="csv",
    )
    assert report.valid is False
    assert codes(report) == ["encoding"]
    assert report.errors[0].row == 2
    assert "tidak berenkode UTF-8" in report.errors[0].message
    assert "baris 2" in report.errors[0].message
    assert "CSV UTF-8 (Comma delimited)" in report.errors[0].message


def test_utf16_file_is_an_encoding_error(tmp_path):
    report = validate_table(
        write(tmp_path, KECAMATAN_CSV, encoding="utf-16"),
        table_schema=KECAMATAN_SCHEMA,
        file_format="csv",
    )
    assert codes(report) == ["encoding"]
    assert "tampaknya UTF-16" in report.errors[0].message
    assert report.error_count == 1


def test_semicolon_csv_is_a_delimiter_error(tmp_path):
    content = KECAMATAN_CSV.replace(",", ";")
    report = validate_table(
        write(tmp_path, content), table_schema=KECAMATAN_SCHEMA, file_format="csv"
    )
    assert codes(report) == ["delimiter"]
    assert report.errors[0].message.startswith("Pemisah kolom berkas ini adalah titik koma (;)")


def test_tab_csv_is_a_delimiter_error(tmp_path):
    content = KECAMATAN_CSV.replace(",", "\t")
    report = validate_table(
        write(tmp_path, content), table_schema=KECAMATAN_SCHEMA, file_format="csv"
    )
    assert codes(report) == ["delimiter"]
    assert "adalah tab" in report.errors[0].message


def test_header_mismatch_lists_missing_and_unexpected_columns(tmp_path):
    content = "tahun,kecamatan,jumlah,keterangan,catatan\n2025,32.75.01,1,a,b\n"
    report = validate_table(
        write(tmp_path, content), table_schema=KECAMATAN_SCHEMA, file_format="csv"
    )
    assert codes(report) == ["header-mismatch"]
    message = report.errors[0].message
    assert "kolom yang tidak ada: kode_kecamatan" in message
    assert "kolom yang tidak dikenal: kecamatan, catatan" in message
    assert report.errors[0].row == 1


def test_unknown_region_code_is_a_reference_error_per_row(tmp_path):
    content = (
        "tahun,kode_kecamatan,jumlah,keterangan\n"
        "2025,32.75.01,1,ok\n"
        "2025,32.75.99,2,tidak ada\n"
        "2025,32.75.01.1001,3,kelurahan bukan kecamatan\n"
    )
    report = validate_table(
        write(tmp_path, content), table_schema=KECAMATAN_SCHEMA, file_format="csv"
    )
    assert codes(report) == ["reference-code", "reference-code"]
    assert [(e.row, e.field, e.value) for e in report.errors] == [
        (3, "kode_kecamatan", "32.75.99"),
        (4, "kode_kecamatan", "32.75.01.1001"),
    ]
    assert report.errors[0].message.startswith(
        'Baris 3, kolom kode_kecamatan: "32.75.99" bukan kode kecamatan Kemendagri'
    )


def test_kelurahan_reference(tmp_path):
    schema = {
        "fields": [
            {"name": "kode_kelurahan", "type": "string", "kotacerdas:reference": "kelurahan"},
            {"name": "n", "type": "integer"},
        ]
    }
    content = "kode_kelurahan,n\n32.75.01.1001,1\n32.75.01,2\n"
    report = validate_table(write(tmp_path, content), table_schema=schema, file_format="csv")
    assert [(e.code, e.row, e.value) for e in report.errors] == [("reference-code", 3, "32.75.01")]


@pytest.mark.parametrize("content", ["", "   \n\n", b""])
def test_empty_file(tmp_path, content):
    report = validate_table(
        write(tmp_path, content), table_schema=KECAMATAN_SCHEMA, file_format="csv"
    )
    assert codes(report) == ["empty-file"]
    assert report.errors[0].message == "Berkas kosong: tidak ada baris judul kolom maupun data."


def test_header_only_file(tmp_path):
    report = validate_table(
        write(tmp_path, "tahun,kode_kecamatan,jumlah,keterangan\n"),
        table_schema=KECAMATAN_SCHEMA,
        file_format="csv",
    )
    assert codes(report) == ["empty-file"]
    assert report.row_count == 0
    assert "hanya berisi baris judul" in report.errors[0].message


def test_type_and_constraint_errors_name_row_column_and_value(tmp_path):
    schema = {
        "fields": [
            {"name": "tahun", "type": "integer", "constraints": {"required": True}},
            {"name": "jumlah", "type": "integer", "constraints": {"minimum": 0, "maximum": 100}},
            {"name": "status", "type": "string", "constraints": {"enum": ["ada", "tidak"]}},
            {"name": "nilai", "type": "number"},
            {"name": "tanggal", "type": "date"},
            {"name": "kode", "type": "string", "constraints": {"pattern": "[A-Z]{2}"}},
        ]
    }
    content = (
        "tahun,jumlah,status,nilai,tanggal,kode\n"
        "dua ribu,5,ada,1.5,2025-01-31,AB\n"
        ",-1,mungkin,1,5,31/01/2025,ab\n"
        "2025,101,tidak,x,2025-02-30,AB\n"
    )
    report = validate_table(write(tmp_path, content), table_schema=schema, file_format="csv")
    assert report.valid is False
    got = [(e.row, e.field, e.code, e.value) for e in report.errors]
    assert got == [
        (2, "tahun", "type-error", "dua ribu"),
        (3, "tahun", "constraint-error", ""),
        (3, "jumlah", "constraint-error", "-1"),
        (3, "status", "constraint-error", "mungkin"),
        (3, "tanggal", "type-error", "5"),
        (3, "kode", "constraint-error", "31/01/2025"),
        (3, None, "extra-cell", "ab"),
        (4, "jumlah", "constraint-error", "101"),
        (4, "nilai", "type-error", "x"),
        (4, "tanggal", "type-error", "2025-02-30"),
    ]
    assert report.error_count == 10
    messages = {(e.row, e.field): e.message for e in report.errors}
    assert messages[(2, "tahun")] == (
        'Baris 2, kolom tahun: nilai "dua ribu" bukan bilangan bulat '
        "(tanpa titik ribuan atau desimal, contoh 1250)."
    )
    assert messages[(3, "tahun")] == "Baris 3, kolom tahun: wajib diisi, tetapi kosong."
    assert messages[(3, "jumlah")] == (
        'Baris 3, kolom jumlah: nilai "-1" lebih kecil dari batas bawah 0.'
    )
    assert messages[(3, "status")].startswith(
        'Baris 3, kolom status: nilai "mungkin" bukan salah satu pilihan yang diizinkan'
    )
    assert messages[(3, "kode")] == (
        'Baris 3, kolom kode: nilai "31/01/2025" tidak sesuai pola [A-Z]{2}.'
    )
    assert report.errors[6].message == (
        'Baris 3: ada sel berlebih "ab" di luar kolom yang ditentukan.'
    )
    assert messages[(4, "jumlah")] == (
        'Baris 4, kolom jumlah: nilai "101" lebih besar dari batas atas 100.'
    )
    assert messages[(4, "nilai")] == (
        'Baris 4, kolom nilai: nilai "x" bukan angka (desimal memakai titik, contoh 12.5).'
    )
    assert messages[(4, "tanggal")].startswith(
        'Baris 4, kolom tanggal: nilai "2025-02-30" bukan tanggal dengan format TTTT-BB-HH'
    )


def test_duplicate_primary_key_and_unique_and_missing_cells(tmp_path):
    schema = {
        "fields": [
            {"name": "id", "type": "integer", "constraints": {"unique": True}},
            {"name": "kode", "type": "string"},
            {"name": "n", "type": "integer"},
        ],
        "primaryKey": ["kode"],
    }
    content = "id,kode,n\n1,a,1\n2,b,2\n1,a,3\n3,c\n"
    report = validate_table(write(tmp_path, content), table_schema=schema, file_format="csv")
    got = [(e.row, e.field, e.code, e.value) for e in report.errors]
    assert got == [
        (4, "kode", "primary-key", "a"),
        (4, "id", "unique-error", "1"),
        (5, "n", "missing-cell", ""),
    ]
    assert report.errors[0].message.startswith("Baris 4: kunci utama (kode=a) sudah muncul")
    assert report.errors[2].message == (
        "Baris 5: sel kolom n tidak ada (baris ini kekurangan kolom)."
    )
    assert report.stats["uniqueness"] == 0.75
    assert report.stats["uniqueness_by"] == "primaryKey"
    assert report.stats["completeness"] == round(11 / 12, 6)


def test_blank_row_and_whole_row_duplicates_without_primary_key(tmp_path):
    schema = {"fields": [{"name": "a", "type": "string"}, {"name": "b", "type": "integer"}]}
    content = "a,b\nx,1\nx,1\n,\ny,\n"
    report = validate_table(write(tmp_path, content), table_schema=schema, file_format="csv")
    assert [(e.row, e.code) for e in report.errors] == [(4, "blank-row")]
    assert report.errors[0].message == "Baris 4 kosong; hapus baris kosong dari berkas."
    assert report.stats["uniqueness"] == 0.75
    assert report.stats["completeness"] == round(5 / 8, 6)


def test_error_details_stop_at_500_but_counting_goes_on(tmp_path):
    rows = "".join(f"2025,32.75.01,x{i},\n" for i in range(620))
    content = "tahun,kode_kecamatan,jumlah,keterangan\n" + rows
    schema = {**KECAMATAN_SCHEMA, "primaryKey": []}
    report = validate_table(write(tmp_path, content), table_schema=schema, file_format="csv")
    assert report.error_count == 620
    assert len(report.errors) == 500
    assert report.truncated is True
    assert report.row_count == 620


def test_report_round_trips_through_json(tmp_path):
    content = KECAMATAN_CSV + "2025,32.75.77,-5,\n"
    report = validate_table(
        write(tmp_path, content), table_schema=KECAMATAN_SCHEMA, file_format="csv"
    )
    data = report.to_json()
    assert data["errors"][0]["code"] == "constraint-error"
    again = ValidationReport.from_json(data)
    assert again == report


def write_xlsx(tmp_path, rows, name="data.xlsx"):
    book = openpyxl.Workbook()
    sheet = book.active
    for row in rows:
        sheet.append(row)
    book.create_sheet("Lain").append(["abaikan"])
    path = tmp_path / name
    book.save(path)
    return path


def test_valid_xlsx_first_sheet(tmp_path):
    path = write_xlsx(
        tmp_path,
        [
            ["tahun", "kode_kecamatan", "jumlah", "keterangan"],
            [2025, "32.75.01", 251000, "Bekasi Timur"],
            [2025, "32.75.02", 281000, None],
        ],
    )
    seen = []
    report = validate_table(
        path, table_schema=KECAMATAN_SCHEMA, file_format="xlsx", progress=seen.append
    )
    assert report.valid is True, report.errors
    assert report.row_count == 2
    assert report.stats["completeness"] == round(7 / 8, 6)
    assert seen[-1] == 100


def test_invalid_xlsx_reports_rows_like_csv(tmp_path):
    path = write_xlsx(
        tmp_path,
        [
            ["tahun", "kode_kecamatan", "jumlah", "keterangan"],
            [2025, "32.75.01", -1, "minus"],
            ["tahun lalu", "32.75.88", 5, None],
        ],
    )
    report = validate_table(path, table_schema=KECAMATAN_SCHEMA, file_format="xlsx")
    assert [(e.row, e.field, e.code) for e in report.errors] == [
        (2, "jumlah", "constraint-error"),
        (3, "tahun", "type-error"),
        (3, "kode_kecamatan", "reference-code"),
    ]


def test_xlsx_header_mismatch(tmp_path):
    path = write_xlsx(tmp_path, [["tahun", "jumlah"], [2025, 1]])
    report = validate_table(path, table_schema=KECAMATAN_SCHEMA, file_format="xlsx")
    assert codes(report) == ["header-mismatch"]
    assert "kode_kecamatan, keterangan" in report.errors[0].message


def test_not_an_xlsx_and_zip_bomb_are_format_errors(tmp_path):
    import zipfile

    report = validate_table(
        write(tmp_path, KECAMATAN_CSV, name="x.xlsx"),
        table_schema=KECAMATAN_SCHEMA,
        file_format="xlsx",
    )
    assert codes(report) == ["format-error"]
    bomb = tmp_path / "bomb.xlsx"
    with zipfile.ZipFile(bomb, "w", compression=zipfile.ZIP_DEFLATED) as archive:
        archive.writestr("[Content_Types].xml", "<Types/>")
        with archive.open("xl/worksheets/sheet1.xml", "w", force_zip64=True) as member:
            block = b"\0" * (1024 * 1024)
            for _ in range(64):
                member.write(block)
    report = validate_table(bomb, table_schema=KECAMATAN_SCHEMA, file_format="xlsx")
    assert codes(report) == ["format-error"]
    assert "mengembang terlalu besar" in report.errors[0].message

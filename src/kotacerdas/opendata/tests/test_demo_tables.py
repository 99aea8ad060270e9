"""The Satu Data demo's catalogue and table generators ("Contoh"): every line of every real
agency has a valid schema, files are deterministic and pass validation, and the deliberate
mistakes fail it with the expected errors."""

import csv
import io

import pytest

from kotacerdas.core.models import Agency, Region
from kotacerdas.opendata.demo import tables
from kotacerdas.opendata.demo.catalogue import DEMO_MARK, demo_lines
from kotacerdas.opendata.models import Topic
from kotacerdas.opendata.schema import clean_table_schema
from kotacerdas.opendata.validation import validate_table


def _line(title):
    return next(line for line in demo_lines() if line.title == title)


def _csv(line, period, *, rows=None):
    periodic = line.frequency != "annual"
    schema = line.table.schema(periodic=periodic)
    if rows is None:
        rows = line.table.rows(period=period, periodic=periodic, seed=line.seed)
    return tables.to_csv(rows, schema), schema


def test_catalogue_covers_every_topic_with_a_few_hundred_unique_lines():
    lines = demo_lines()
    assert 200 <= len(lines) <= 300
    assert len({(line.agency, line.title) for line in lines}) == len(lines)
    topics = {line.topic for line in lines}
    assert topics == {
        "kependudukan", "kesehatan", "pendidikan", "sosial", "ekonomi", "infrastruktur",
        "lingkungan-hidup", "transportasi", "pemerintahan", "pariwisata-budaya",
        "ketertiban-bencana", "teknologi-informasi",
    }  # fmt: skip
    assert {line.frequency for line in lines} == {"annual", "semiannual", "quarterly", "monthly"}
    assert sum(line.frequency == "annual" for line in lines) > len(lines) / 2
    assert 20 <= sum(line.priority for line in lines) <= 60
    levels = [line.table.key.region_level for line in lines]
    assert levels.count("kecamatan") > 70 and levels.count("kelurahan") > 70
    assert all(line.entry_title(2025).endswith(DEMO_MARK) for line in lines)
    assert all(len(line.entry_title(2026)) <= 300 for line in lines)


@pytest.mark.django_db
def test_catalogue_names_real_agencies_and_topics():
    lines = demo_lines()
    agencies = set(Agency.objects.values_list("code", flat=True))
    assert {line.agency for line in lines} <= agencies
    # Every producing agency but the walidata's own secretariat-level units has lines.
    assert len({line.agency for line in lines}) == 44
    assert {line.topic for line in lines} == set(Topic.objects.values_list("name", flat=True))


def test_every_schema_is_accepted_by_the_engine():
    for line in demo_lines():
        for periodic in (False, True):
            schema = line.table.schema(periodic=periodic)
            cleaned = clean_table_schema(schema)
            assert [f["name"] for f in cleaned["fields"]] == [f["name"] for f in schema["fields"]]


def test_tables_are_deterministic_and_grow_between_years():
    line = _line("Jumlah Penduduk menurut Jenis Kelamin per Kelurahan")
    first, _schema = _csv(line, tables.year_period(2025))
    again, _schema = _csv(line, tables.year_period(2025))
    later, _schema = _csv(line, tables.year_period(2026))
    assert first == again and first != later
    rows = list(csv.DictReader(io.StringIO(first.decode())))
    assert len(rows) == 56
    total = sum(int(row["laki_laki"]) + int(row["perempuan"]) for row in rows)
    assert 2_300_000 < total < 2_900_000  # about the size of Kota Bekasi


def test_kelurahan_of_one_kecamatan_only():
    line = _line("Jumlah RT, RW dan Kepala Keluarga per Kelurahan di Kecamatan Jatiasih")
    data, _schema = _csv(line, tables.year_period(2025))
    rows = list(csv.DictReader(io.StringIO(data.decode())))
    assert len(rows) == 6 and {row["kode_kecamatan"] for row in rows} == {"32.75.09"}


def test_events_fall_inside_their_period():
    line = _line("Kejadian Kebakaran")
    period = tables.Period("2025-Q2", tables.dt.date(2025, 4, 1), tables.dt.date(2025, 6, 30))
    data, _schema = _csv(line, period)
    rows = list(csv.DictReader(io.StringIO(data.decode())))
    assert 60 <= len(rows) <= 110
    assert all("2025-04-01" <= row["tanggal"] <= "2025-06-30" for row in rows)
    assert {row["periode"] for row in rows} == {"2025-Q2"}


@pytest.mark.django_db
def test_generated_files_pass_validation_with_reference_codes(tmp_path):
    assert Region.objects.count() == 68
    for title in (
        "Jumlah Fasilitas Kesehatan per Kecamatan",
        "Prevalensi Balita Stunting per Kelurahan",
        "Kejadian Bencana",
        "Harga Rata-rata Bahan Pokok di Pasar Tradisional",
        "Kunjungan Perpustakaan Daerah per Bulan",
    ):
        line = _line(title)
        data, schema = _csv(line, tables.year_period(2025))
        path = tmp_path / "data.csv"
        path.write_bytes(data)
        report = validate_table(path, table_schema=schema, file_format="csv")
        assert report.valid, (title, report.errors[:3])
        assert report.row_count == data.count(b"\n") - 1


@pytest.mark.django_db
def test_deliberate_mistakes_fail_validation(tmp_path):
    line = _line("Jumlah Fasilitas Kesehatan per Kecamatan")
    period = tables.year_period(2025)
    schema = line.table.schema(periodic=False)
    rows = line.table.rows(period=period, periodic=False, seed=line.seed)
    path = tmp_path / "data.csv"

    path.write_bytes(tables.to_csv(tables.with_unknown_region(rows, schema), schema))
    report = validate_table(path, table_schema=schema, file_format="csv")
    assert not report.valid
    assert [(e.row, e.field, e.code, e.value) for e in report.errors] == [
        (3, "kode_kecamatan", "reference-code", tables.UNKNOWN_KECAMATAN)
    ]

    path.write_bytes(tables.to_csv(tables.with_text_in_number(rows, schema), schema))
    report = validate_table(path, table_schema=schema, file_format="csv")
    assert not report.valid
    assert [(e.row, e.field, e.value) for e in report.errors] == [(13, "apotek", "dua ratus")]


def test_revised_rows_change_a_few_values():
    line = _line("Jumlah Fasilitas Kesehatan per Kecamatan")
    schema = line.table.schema(periodic=False)
    rows = line.table.rows(period=tables.year_period(2025), periodic=False, seed=line.seed)
    changed = tables.revised(rows, schema, seed=line.seed)
    differences = [(a, b) for a, b in zip(rows, changed, strict=True) if a != b]
    assert len(differences) == 3
    assert all(b["apotek"] > a["apotek"] for a, b in differences)

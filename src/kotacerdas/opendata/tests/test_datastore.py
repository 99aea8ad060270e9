"""The datastore: typed tables, loading without leftovers, CKAN-style search, aggregates."""

import datetime as dt
from decimal import Decimal

import pytest
from django.db import connection

from kotacerdas.opendata.datastore import (
    DatastoreLoadError,
    DatastoreQueryError,
    datastore_aggregate,
    datastore_drop,
    datastore_load,
    datastore_rows,
    datastore_search,
)
from kotacerdas.opendata.models import Resource
from kotacerdas.opendata.tests.factories import KECAMATAN_CSV, KECAMATAN_SCHEMA, ResourceFactory

pytestmark = pytest.mark.django_db

TYPED_SCHEMA = {
    "fields": [
        {"name": "kode", "type": "string", "kotacerdas:reference": "kelurahan", "title": "Kode"},
        {"name": "tahun", "type": "year"},
        {"name": "jumlah", "type": "integer", "unit": "jiwa"},
        {"name": "nilai", "type": "number"},
        {"name": "aktif", "type": "boolean"},
        {"name": "tanggal", "type": "date"},
        {"name": "waktu", "type": "datetime"},
        {"name": "catatan", "type": "string"},
    ]
}
TYPED_CSV = (
    "kode,tahun,jumlah,nilai,aktif,tanggal,waktu,catatan\n"
    "32.75.01.1001,2025,10,1.5,true,2025-01-31,2025-01-31T08:30:00Z,Pasar baru\n"
    '32.75.01.1002,2025,20,2.25,false,2025-02-01,2025-02-01T09:00:00Z,"Taman, kota"\n'
    "32.75.01.1001,2024,30,,,2024-12-31,,\n"
)


def table_names():
    return set(connection.introspection.table_names())


def load(tmp_path, content=TYPED_CSV, schema=TYPED_SCHEMA, resource=None, name="data.csv"):
    path = tmp_path / name
    path.write_text(content, encoding="utf-8")
    resource = resource or ResourceFactory(table_schema=schema)
    seen = []
    count = datastore_load(
        resource=resource, path=path, table_schema=schema, file_format="csv", progress=seen.append
    )
    return resource, count, seen


def test_load_creates_typed_table_and_records_it_on_the_resource(tmp_path):
    resource, count, seen = load(tmp_path)
    assert count == 3
    resource.refresh_from_db()
    assert resource.datastore_table == f"ds_{resource.uuid.hex}"
    assert resource.datastore_active is True
    assert resource.row_count == 3
    assert resource.datastore_fields[0] == {
        "id": "kode",
        "type": "text",
        "info": {"label": "Kode"},
    }
    assert [f["type"] for f in resource.datastore_fields] == [
        "text", "int", "int", "numeric", "bool", "date", "timestamp", "text"
    ]  # fmt: skip
    assert resource.datastore_fields[2]["info"] == {"unit": "jiwa"}
    assert seen[0] == 0
    assert seen[-1] == 100
    rows = list(datastore_rows(resource=resource))
    assert rows[0][:7] == (
        1,
        "32.75.01.1001",
        2025,
        10,
        pytest.approx(1.5),
        True,
        dt.date(2025, 1, 31),
    )
    assert rows[1][8] == "Taman, kota"
    assert rows[2][4:8] == (None, None, dt.date(2024, 12, 31), None)
    assert [row[0] for row in rows] == [1, 2, 3]


def test_numbers_are_numbers_in_sql(tmp_path, postgres_only):
    resource, _, _ = load(tmp_path)
    with connection.cursor() as cursor:
        cursor.execute(
            "SELECT column_name, data_type FROM information_schema.columns "
            "WHERE table_name = %s ORDER BY ordinal_position",
            [resource.datastore_table],
        )
        assert cursor.fetchall() == [
            ("_id", "bigint"),
            ("kode", "text"),
            ("tahun", "bigint"),
            ("jumlah", "bigint"),
            ("nilai", "numeric"),
            ("aktif", "boolean"),
            ("tanggal", "date"),
            ("waktu", "timestamp with time zone"),
            ("catatan", "text"),
        ]
        cursor.execute(f'SELECT sum(jumlah), sum(nilai) FROM "{resource.datastore_table}"')
        assert cursor.fetchone() == (60, Decimal("3.75"))
        cursor.execute(
            "SELECT count(*) FROM information_schema.table_constraints "
            "WHERE table_name = %s AND constraint_type = 'PRIMARY KEY'",
            [resource.datastore_table],
        )
        assert cursor.fetchone() == (1,)


def test_sum_works_in_sql_on_sqlite_too(tmp_path):
    if connection.vendor != "sqlite":
        pytest.skip("the PostgreSQL types are checked in test_numbers_are_numbers_in_sql")
    resource, _, _ = load(tmp_path)
    table = resource.datastore_table
    with connection.cursor() as cursor:
        cursor.execute(f'SELECT sum(jumlah), typeof(sum(jumlah)), sum(nilai) FROM "{table}"')
        assert cursor.fetchone() == (60, "integer", 3.75)


def test_columns_in_another_order_load_into_schema_columns(tmp_path):
    content = "Keterangan,JUMLAH,kode_kecamatan,tahun\nTimur,5,32.75.01,2025\n"
    resource, count, _ = load(tmp_path, content=content, schema=KECAMATAN_SCHEMA)
    assert count == 1
    assert list(datastore_rows(resource=resource)) == [(1, 2025, "32.75.01", 5, "Timur")]


def test_xlsx_loads_through_frictionless_rows(tmp_path):
    import openpyxl

    book = openpyxl.Workbook()
    sheet = book.active
    sheet.append(["tahun", "kode_kecamatan", "jumlah", "keterangan"])
    sheet.append([2025, "32.75.01", 251000, "Bekasi Timur"])
    sheet.append([2025, "32.75.02", 281000, None])
    path = tmp_path / "data.xlsx"
    book.save(path)
    resource = ResourceFactory(format="XLSX")
    count = datastore_load(
        resource=resource, path=path, table_schema=KECAMATAN_SCHEMA, file_format="xlsx"
    )
    assert count == 2
    assert list(datastore_rows(resource=resource, fields=["jumlah", "keterangan"])) == [
        (251000, "Bekasi Timur"),
        (281000, None),
    ]


def test_failed_load_leaves_no_table_and_no_resource_change(tmp_path):
    before = table_names()
    resource = ResourceFactory()
    path = tmp_path / "bad.csv"
    path.write_text(KECAMATAN_CSV + "2025,32.75.04,banyak,\n", encoding="utf-8")
    with pytest.raises(DatastoreLoadError):
        datastore_load(
            resource=resource, path=path, table_schema=KECAMATAN_SCHEMA, file_format="csv"
        )
    assert table_names() == before
    resource.refresh_from_db()
    assert resource.datastore_active is False
    assert resource.datastore_table == ""
    assert resource.row_count is None


def test_failed_header_leaves_nothing(tmp_path):
    before = table_names()
    resource = ResourceFactory()
    path = tmp_path / "bad.csv"
    path.write_text("a,b\n1,2\n", encoding="utf-8")
    with pytest.raises(DatastoreLoadError, match="Judul kolom tidak sesuai"):
        datastore_load(
            resource=resource, path=path, table_schema=KECAMATAN_SCHEMA, file_format="csv"
        )
    assert table_names() == before


def test_reload_replaces_and_drop_removes_the_table(tmp_path):
    resource, _, _ = load(tmp_path, content=KECAMATAN_CSV, schema=KECAMATAN_SCHEMA)
    load(tmp_path, content=KECAMATAN_CSV.splitlines()[0] + "\n2026,32.75.01,1,\n",
         schema=KECAMATAN_SCHEMA, resource=resource)  # fmt: skip
    assert resource.row_count == 1
    table = resource.datastore_table
    assert table in table_names()
    datastore_drop(resource=resource)
    assert table not in table_names()
    resource.refresh_from_db()
    assert (resource.datastore_active, resource.datastore_table) == (False, "")


@pytest.fixture
def loaded(tmp_path):
    resource, _, _ = load(tmp_path)
    return resource


def test_search_defaults_shape_like_ckan(loaded):
    result = datastore_search(resource=loaded)
    assert result["resource_id"] == str(loaded.uuid)
    assert [f["id"] for f in result["fields"]] == [
        "_id", "kode", "tahun", "jumlah", "nilai", "aktif", "tanggal", "waktu", "catatan"
    ]  # fmt: skip
    assert result["total"] == 3
    assert result["limit"] == 100
    assert result["offset"] == 0
    assert result["records"][0] == {
        "_id": 1,
        "kode": "32.75.01.1001",
        "tahun": 2025,
        "jumlah": 10,
        "nilai": 1.5,
        "aktif": True,
        "tanggal": "2025-01-31",
        "waktu": result["records"][0]["waktu"],
        "catatan": "Pasar baru",
    }
    assert result["records"][0]["waktu"].startswith("2025-01-31T08:30:00")
    assert result["_links"] == {
        "start": f"/satudata/api/3/action/datastore_search?resource_id={loaded.uuid}",
        "next": f"/satudata/api/3/action/datastore_search?resource_id={loaded.uuid}&offset=100",
    }


def test_search_filters_values_and_lists(loaded):
    result = datastore_search(resource=loaded, filters={"kode": "32.75.01.1001"})
    assert [r["_id"] for r in result["records"]] == [1, 3]
    assert result["total"] == 2
    result = datastore_search(resource=loaded, filters={"jumlah": ["10", 30], "tahun": 2024})
    assert [r["_id"] for r in result["records"]] == [3]
    result = datastore_search(resource=loaded, filters={"aktif": False})
    assert [r["_id"] for r in result["records"]] == [2]
    result = datastore_search(resource=loaded, filters={"tanggal": "2025-02-01"})
    assert [r["_id"] for r in result["records"]] == [2]


def test_search_q_over_text_columns(loaded):
    result = datastore_search(resource=loaded, q="taman")
    assert [r["_id"] for r in result["records"]] == [2]
    assert result["total"] == 1
    result = datastore_search(resource=loaded, q="100%")
    assert result["records"] == []
    result = datastore_search(resource=loaded, q={"kode": "1002"})
    assert [r["_id"] for r in result["records"]] == [2]


def test_search_sort_fields_limit_offset_total(loaded):
    result = datastore_search(
        resource=loaded, sort="tahun asc, jumlah desc", fields=["jumlah", "tahun"], limit=2
    )
    assert result["records"] == [{"jumlah": 30, "tahun": 2024}, {"jumlah": 20, "tahun": 2025}]
    assert [f["id"] for f in result["fields"]] == ["jumlah", "tahun"]
    assert result["total"] == 3
    result = datastore_search(resource=loaded, sort="jumlah desc", limit=1, offset=1)
    assert [r["jumlah"] for r in result["records"]] == [20]
    assert result["_links"]["next"].endswith("&offset=2")
    result = datastore_search(resource=loaded, fields="kode,jumlah", include_total=False)
    assert "total" not in result
    assert datastore_search(resource=loaded, limit=100000)["limit"] == 32000


@pytest.mark.parametrize(
    "kwargs",
    [
        {"fields": ["jumlah", "tidak_ada"]},
        {"filters": {"tidak_ada": 1}},
        {"sort": "tidak_ada desc"},
        {"sort": "jumlah; DROP TABLE opendata_resource"},
        {"sort": 'jumlah desc, "kode" asc; --'},
        {"fields": ['jumlah" FROM opendata_resource; --']},
        {"filters": {"kode\" = 'x' OR 1=1 --": "a"}},
        {"q": {"nilai) OR (1=1": "x"}},
        {"filters": {"jumlah": "sepuluh"}},
        {"filters": {"tanggal": "31/01/2025"}},
        {"limit": "banyak"},
        {"offset": -1},
    ],
)
def test_search_refuses_unknown_fields_injection_and_bad_values(loaded, kwargs):
    with pytest.raises(DatastoreQueryError) as caught:
        datastore_search(resource=loaded, **kwargs)
    assert caught.value.message
    assert Resource.objects.filter(pk=loaded.pk).exists()
    assert loaded.datastore_table in table_names()


def test_unknown_field_error_names_the_field(loaded):
    with pytest.raises(DatastoreQueryError) as caught:
        datastore_search(resource=loaded, filters={"penduduk": 1})
    assert caught.value.field == "penduduk"
    assert caught.value.message == 'Kolom "penduduk" tidak ada di tabel ini.'


def test_search_without_table_is_an_error():
    with pytest.raises(DatastoreQueryError, match="tidak memiliki tabel datastore"):
        datastore_search(resource=ResourceFactory())


def test_aggregate_by_group(loaded):
    assert datastore_aggregate(resource=loaded, group_by="kode", value="jumlah", func="sum") == [
        {"key": "32.75.01.1001", "value": 40},
        {"key": "32.75.01.1002", "value": 20},
    ]
    assert datastore_aggregate(resource=loaded, group_by="tahun", value="nilai", func="max") == [
        {"key": 2024, "value": None},
        {"key": 2025, "value": 2.25},
    ]
    assert datastore_aggregate(resource=loaded, group_by="kode", value="catatan", func="count") == [
        {"key": "32.75.01.1001", "value": 1},
        {"key": "32.75.01.1002", "value": 1},
    ]
    assert datastore_aggregate(resource=loaded, group_by=None, value="jumlah", func="avg") == [
        {"key": None, "value": 20}
    ]


@pytest.mark.parametrize(
    ("group_by", "value", "func"),
    [
        ("kode", "jumlah", "median"),
        ("kode", "catatan", "sum"),
        ("tidak_ada", "jumlah", "sum"),
        ("kode", "jumlah) FROM x --", "sum"),
    ],
)
def test_aggregate_refuses_bad_func_and_fields(loaded, group_by, value, func):
    with pytest.raises(DatastoreQueryError):
        datastore_aggregate(resource=loaded, group_by=group_by, value=value, func=func)

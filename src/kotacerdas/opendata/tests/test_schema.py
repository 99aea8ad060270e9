"""Table Schemas of the Daftar Data: normalisation and Indonesian errors."""

import pytest
from django.core.exceptions import ValidationError

from kotacerdas.opendata.schema import (
    REFERENCE_KEY,
    clean_table_schema,
    datastore_type,
    frictionless_descriptor,
    schema_for_publication,
)
from kotacerdas.opendata.tests.factories import KECAMATAN_SCHEMA


def test_clean_table_schema_keeps_fields_constraints_units_and_reference():
    cleaned = clean_table_schema(KECAMATAN_SCHEMA)
    assert [field["name"] for field in cleaned["fields"]] == [
        "tahun",
        "kode_kecamatan",
        "jumlah",
        "keterangan",
    ]
    assert cleaned["fields"][1][REFERENCE_KEY] == "kecamatan"
    assert cleaned["fields"][2] == {
        "name": "jumlah",
        "type": "integer",
        "title": "Jumlah",
        "unit": "jiwa",
        "constraints": {"required": True, "minimum": 0},
    }
    assert cleaned["primaryKey"] == ["tahun", "kode_kecamatan"]
    assert cleaned is not KECAMATAN_SCHEMA


@pytest.mark.parametrize(
    ("field", "fragment"),
    [
        ({"name": "Jumlah Penduduk", "type": "integer"}, "Nama kolom Jumlah Penduduk tidak sah"),
        ({"name": "1jumlah", "type": "integer"}, "Nama kolom 1jumlah tidak sah"),
        ({"name": "a" * 64, "type": "integer"}, "tidak sah"),
        ({"name": "x; drop table y", "type": "string"}, "tidak sah"),
        ({"name": "_id", "type": "integer"}, "Nama kolom _id tidak sah"),
        ({"name": "luas", "type": "geopoint"}, "tipe geopoint tidak didukung"),
        ({"name": "", "type": "string"}, "tidak bernama"),
        (
            {"name": "kode", "type": "string", REFERENCE_KEY: "provinsi"},
            "kode referensi provinsi tidak dikenal",
        ),
        ({"name": "kode", "type": "integer", REFERENCE_KEY: "kecamatan"}, "harus bertipe string"),
        ({"name": "n", "type": "integer", "constraints": {"minimum": "nol"}}, "harus berupa angka"),
        ({"name": "n", "type": "string", "constraints": {"pattern": "("}}, "pola (pattern)"),
        ({"name": "n", "type": "string", "constraints": {"maxLen": 3}}, "batasan tidak dikenal"),
    ],
)
def test_clean_table_schema_refuses_bad_fields_in_indonesian(field, fragment):
    with pytest.raises(ValidationError) as caught:
        clean_table_schema({"fields": [field]})
    assert fragment in caught.value.messages[0]


def test_clean_table_schema_refuses_duplicates_empty_and_unknown_primary_key():
    with pytest.raises(ValidationError, match="Nama kolom ganda dalam skema: a"):
        clean_table_schema({"fields": [{"name": "a"}, {"name": "a", "type": "integer"}]})
    with pytest.raises(ValidationError, match="paling sedikit satu kolom"):
        clean_table_schema({"fields": []})
    with pytest.raises(ValidationError, match="kolom yang tidak ada: b"):
        clean_table_schema({"fields": [{"name": "a"}], "primaryKey": ["b"]})


def test_datastore_type_maps_table_schema_types_to_ckan_types():
    assert [
        datastore_type(t)
        for t in ("string", "integer", "number", "boolean", "date", "datetime", "year")
    ] == ["text", "int", "numeric", "bool", "date", "timestamp", "int"]
    with pytest.raises(ValueError, match="geojson"):
        datastore_type("geojson")


def test_frictionless_descriptor_drops_extension_keys_and_integrity_unless_asked():
    schema = clean_table_schema(
        {
            "fields": [
                {"name": "kode", "type": "string", REFERENCE_KEY: "kelurahan", "unit": "-"},
                {"name": "n", "type": "integer", "constraints": {"unique": True}},
            ],
            "primaryKey": ["kode"],
        }
    )
    plain = frictionless_descriptor(schema)
    assert plain == {
        "fields": [{"name": "kode", "type": "string"}, {"name": "n", "type": "integer"}]
    }
    full = frictionless_descriptor(schema, integrity=True)
    assert full["primaryKey"] == ["kode"]
    assert full["fields"][1]["constraints"] == {"unique": True}


def test_schema_for_publication_states_reference_as_foreign_key():
    published = schema_for_publication(clean_table_schema(KECAMATAN_SCHEMA))
    assert published["foreignKeys"] == [
        {
            "fields": ["kode_kecamatan"],
            "reference": {"resource": "kemendagri-kecamatan", "fields": ["kode"]},
        }
    ]

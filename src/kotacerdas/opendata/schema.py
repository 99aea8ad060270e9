"""Table Schemas of Satu Data (the Daftar Data "standar data"): what a producer's table must
look like. A frictionless Table Schema (https://specs.frictionlessdata.io/table-schema/) with
one extension, `"kotacerdas:reference": "kecamatan" | "kelurahan"`: the column holds
Kemendagri region codes of that level present in `core.Region` (the Satu Data Indonesia
"kode referensi" principle). Field names become SQL column names of the datastore, so they
must be safe identifiers.
"""

from __future__ import annotations

import copy
import re
from typing import Any

from django.core.exceptions import ValidationError
from django.utils.translation import gettext as _

REFERENCE_KEY = "kotacerdas:reference"
REFERENCE_LEVELS = ("kecamatan", "kelurahan")
# The reference resource named in a published schema's foreignKeys (see schema_for_publication).
REFERENCE_RESOURCE = {
    "kecamatan": "kemendagri-kecamatan",
    "kelurahan": "kemendagri-kelurahan",
}

FIELD_TYPES = ("string", "integer", "number", "boolean", "date", "datetime", "year")
# Table Schema type -> CKAN datastore type.
DATASTORE_TYPES = {
    "string": "text",
    "integer": "int",
    "number": "numeric",
    "boolean": "bool",
    "date": "date",
    "datetime": "timestamp",
    "year": "int",
}
CONSTRAINT_KEYS = ("required", "minimum", "maximum", "enum", "pattern", "unique")
FIELD_KEYS = ("name", "type", "format", "title", "description", "unit", "constraints")
# Lowercase letters, digits, underscore, starting with a letter; PostgreSQL's 63-byte limit.
IDENTIFIER_RE = re.compile(r"^[a-z][a-z0-9_]{0,62}$")
# Names the datastore uses itself.
RESERVED_NAMES = frozenset({"_id", "_full_text"})


def datastore_type(field_type: str) -> str:
    """The CKAN datastore type (text, int, numeric, bool, date, timestamp) of a Table Schema
    type."""
    try:
        return DATASTORE_TYPES[field_type]
    except KeyError:
        raise ValueError(f"unknown Table Schema type {field_type!r}") from None


def is_safe_identifier(name: str) -> bool:
    return bool(IDENTIFIER_RE.match(name or ""))


def _clean_constraints(name: str, field_type: str, raw: Any) -> dict:
    if raw in (None, {}):
        return {}
    if not isinstance(raw, dict):
        raise ValidationError(_("Batasan kolom %(name)s harus berupa objek.") % {"name": name})
    unknown = sorted(set(raw) - set(CONSTRAINT_KEYS))
    if unknown:
        raise ValidationError(
            _("Kolom %(name)s: batasan tidak dikenal: %(keys)s.")
            % {"name": name, "keys": ", ".join(unknown)}
        )
    constraints: dict[str, Any] = {}
    for key in ("required", "unique"):
        if key in raw:
            if not isinstance(raw[key], bool):
                raise ValidationError(
                    _("Kolom %(name)s: batasan %(key)s harus true atau false.")
                    % {"name": name, "key": key}
                )
            if raw[key]:
                constraints[key] = True
    for key in ("minimum", "maximum"):
        if key in raw:
            value = raw[key]
            numeric = field_type in ("integer", "number", "year")
            if numeric and (isinstance(value, bool) or not isinstance(value, int | float)):
                raise ValidationError(
                    _("Kolom %(name)s: batasan %(key)s harus berupa angka.")
                    % {"name": name, "key": key}
                )
            if not numeric and field_type not in ("date", "datetime"):
                raise ValidationError(
                    _("Kolom %(name)s: batasan %(key)s hanya untuk kolom angka atau tanggal.")
                    % {"name": name, "key": key}
                )
            constraints[key] = value
    if "enum" in raw:
        if not isinstance(raw["enum"], list) or not raw["enum"]:
            raise ValidationError(
                _("Kolom %(name)s: batasan enum harus berupa daftar nilai yang tidak kosong.")
                % {"name": name}
            )
        constraints["enum"] = list(raw["enum"])
    if "pattern" in raw:
        if field_type != "string":
            raise ValidationError(
                _("Kolom %(name)s: batasan pattern hanya untuk kolom teks.") % {"name": name}
            )
        try:
            re.compile(raw["pattern"])
        except (re.error, TypeError):
            raise ValidationError(
                _("Kolom %(name)s: pola (pattern) bukan ekspresi reguler yang sah.")
                % {"name": name}
            ) from None
        constraints["pattern"] = raw["pattern"]
    return constraints


def _clean_field(raw: Any, position: int) -> dict:
    if not isinstance(raw, dict):
        raise ValidationError(_("Kolom ke-%(n)d harus berupa objek.") % {"n": position})
    name = raw.get("name")
    if not isinstance(name, str) or not name.strip():
        raise ValidationError(_("Kolom ke-%(n)d tidak bernama.") % {"n": position})
    name = name.strip()
    if not is_safe_identifier(name) or name in RESERVED_NAMES:
        raise ValidationError(
            _(
                "Nama kolom %(name)s tidak sah: gunakan huruf kecil, angka dan garis bawah, "
                "diawali huruf, paling banyak 63 karakter (contoh: jumlah_penduduk)."
            )
            % {"name": name}
        )
    field_type = raw.get("type", "string")
    if field_type not in FIELD_TYPES:
        raise ValidationError(
            _("Kolom %(name)s: tipe %(type)s tidak didukung (pilihan: %(types)s).")
            % {"name": name, "type": field_type, "types": ", ".join(FIELD_TYPES)}
        )
    field: dict[str, Any] = {"name": name, "type": field_type}
    if raw.get("format") not in (None, "", "default"):
        field["format"] = str(raw["format"])
    for key in ("title", "description", "unit"):
        if raw.get(key):
            field[key] = str(raw[key])
    constraints = _clean_constraints(name, field_type, raw.get("constraints"))
    if constraints:
        field["constraints"] = constraints
    reference = raw.get(REFERENCE_KEY)
    if reference not in (None, ""):
        if reference not in REFERENCE_LEVELS:
            raise ValidationError(
                _("Kolom %(name)s: kode referensi %(level)s tidak dikenal (pilihan: %(levels)s).")
                % {"name": name, "level": reference, "levels": ", ".join(REFERENCE_LEVELS)}
            )
        if field_type != "string":
            raise ValidationError(
                _("Kolom %(name)s: kode wilayah Kemendagri harus bertipe string.") % {"name": name}
            )
        field[REFERENCE_KEY] = reference
    return field


def clean_table_schema(descriptor: dict) -> dict:
    """A normalised copy of a Table Schema, or ValidationError (Indonesian) when it is bad:
    no fields, an unknown type, a duplicate/empty/unsafe name, a bad constraint, an unknown
    reference level, a primary key naming an unknown column."""
    if not isinstance(descriptor, dict):
        raise ValidationError(_("Skema tabel harus berupa objek JSON."))
    raw_fields = descriptor.get("fields")
    if not isinstance(raw_fields, list) or not raw_fields:
        raise ValidationError(_("Skema tabel harus memuat paling sedikit satu kolom."))
    fields = [_clean_field(raw, position) for position, raw in enumerate(raw_fields, start=1)]
    names = [field["name"] for field in fields]
    duplicates = sorted({name for name in names if names.count(name) > 1})
    if duplicates:
        raise ValidationError(
            _("Nama kolom ganda dalam skema: %(names)s.") % {"names": ", ".join(duplicates)}
        )
    schema: dict[str, Any] = {"fields": fields}
    primary_key = descriptor.get("primaryKey")
    if primary_key:
        if isinstance(primary_key, str):
            primary_key = [primary_key]
        if not isinstance(primary_key, list) or not all(isinstance(k, str) for k in primary_key):
            raise ValidationError(_("Kunci utama (primaryKey) harus berupa daftar nama kolom."))
        unknown = [key for key in primary_key if key not in names]
        if unknown:
            raise ValidationError(
                _("Kunci utama menyebut kolom yang tidak ada: %(names)s.")
                % {"names": ", ".join(unknown)}
            )
        schema["primaryKey"] = list(primary_key)
    missing_values = descriptor.get("missingValues")
    if missing_values is not None:
        if not isinstance(missing_values, list) or not all(
            isinstance(v, str) for v in missing_values
        ):
            raise ValidationError(_("missingValues harus berupa daftar teks."))
        if missing_values != [""]:
            schema["missingValues"] = list(missing_values)
    return schema


def reference_fields(table_schema: dict) -> dict[str, str]:
    """{field name: region level} of the fields holding Kemendagri codes."""
    return {
        field["name"]: field[REFERENCE_KEY]
        for field in table_schema.get("fields", [])
        if field.get(REFERENCE_KEY) in REFERENCE_LEVELS
    }


def frictionless_descriptor(table_schema: dict, *, integrity: bool = False) -> dict:
    """The plain Table Schema frictionless validates against: our extension keys removed;
    `unique` constraints and the primary key only when `integrity` (the validation package
    checks those itself, with hashes, so a million rows do not sit in memory)."""
    fields = []
    for field in table_schema["fields"]:
        plain = {key: copy.deepcopy(field[key]) for key in FIELD_KEYS if key in field}
        plain.pop("unit", None)
        constraints = plain.get("constraints")
        if constraints and not integrity:
            constraints.pop("unique", None)
            if not constraints:
                plain.pop("constraints")
        fields.append(plain)
    descriptor: dict[str, Any] = {"fields": fields}
    if integrity and table_schema.get("primaryKey"):
        descriptor["primaryKey"] = list(table_schema["primaryKey"])
    if table_schema.get("missingValues") is not None:
        descriptor["missingValues"] = list(table_schema["missingValues"])
    return descriptor


def schema_for_publication(table_schema: dict) -> dict:
    """The schema as published with a resource: a standard Table Schema in which each
    `kotacerdas:reference` column is also a `foreignKeys` entry to the Kemendagri code list
    (kept as the extension key too, for our own tools)."""
    published = copy.deepcopy(table_schema)
    foreign_keys = list(published.get("foreignKeys", []))
    for name, level in reference_fields(table_schema).items():
        foreign_keys.append(
            {
                "fields": [name],
                "reference": {"resource": REFERENCE_RESOURCE[level], "fields": ["kode"]},
            }
        )
    if foreign_keys:
        published["foreignKeys"] = foreign_keys
    return published

"""The SQL side of datastore tables: names, column types per database, quoting, and the
conversion of stored values back to Python and to JSON. Every identifier that reaches SQL
is either generated here (`ds_<hex>`) or a field name checked against the resource's
fields, and is quoted; values always go as parameters."""

from __future__ import annotations

import datetime as dt
from decimal import Decimal
from typing import Any

from django.db import connection
from django.utils.translation import gettext as _

from .. import schema as table_schemas
from .errors import DatastoreQueryError

ID_FIELD = "_id"
SQL_TYPES = {
    "postgresql": {
        "text": "text",
        "int": "bigint",
        "numeric": "numeric",
        "bool": "boolean",
        "date": "date",
        "timestamp": "timestamptz",
    },
    "sqlite": {
        "text": "TEXT",
        "int": "INTEGER",
        "numeric": "REAL",
        "bool": "INTEGER",
        "date": "TEXT",
        "timestamp": "TEXT",
    },
}


def is_postgres() -> bool:
    return connection.vendor == "postgresql"


def table_name_for(resource: Any) -> str:
    return f"ds_{resource.uuid.hex}"


def qn(name: str) -> str:
    return connection.ops.quote_name(name)


def datastore_fields(table_schema: dict) -> list[dict]:
    """CKAN `fields` of a table (without `_id`): id, type and info from the schema."""
    fields = []
    for field in table_schema["fields"]:
        info = {key: field[key] for key in ("title", "description", "unit") if field.get(key)}
        if "title" in info:
            info["label"] = info.pop("title")
        if "description" in info:
            info["notes"] = info.pop("description")
        entry: dict[str, Any] = {
            "id": field["name"],
            "type": table_schemas.datastore_type(field["type"]),
        }
        if info:
            entry["info"] = info
        fields.append(entry)
    return fields


def field_types(resource: Any) -> dict[str, str]:
    """{column: CKAN type} of a loaded resource, `_id` included."""
    types = {ID_FIELD: "int"}
    for field in resource.datastore_fields or []:
        types[field["id"]] = field["type"]
    return types


def require_table(resource: Any) -> str:
    name = resource.datastore_table
    if not (resource.datastore_active and name == table_name_for(resource)):
        raise DatastoreQueryError(_("Sumber daya ini tidak memiliki tabel datastore."))
    return name


def check_field(types: dict[str, str], name: Any) -> str:
    if not isinstance(name, str) or name not in types:
        raise DatastoreQueryError(
            _('Kolom "%(name)s" tidak ada di tabel ini.') % {"name": name},
            field=str(name),
        )
    return name


def to_python(value: Any, ckan_type: str) -> Any:
    """A stored value as a Python value of its type (SQLite keeps dates as text, booleans
    as integers)."""
    if value is None:
        return None
    if ckan_type == "bool":
        return bool(value)
    if ckan_type == "date" and isinstance(value, str):
        return dt.date.fromisoformat(value)
    if ckan_type == "timestamp" and isinstance(value, str):
        return dt.datetime.fromisoformat(value)
    return value


def to_json(value: Any) -> Any:
    """Numbers stay numbers (a whole Decimal an int), dates ISO strings."""
    if isinstance(value, Decimal):
        if value.is_finite() and value == value.to_integral_value():
            return int(value)
        return float(value)
    if isinstance(value, dt.datetime | dt.date):
        return value.isoformat()
    return value


def to_db(value: Any, ckan_type: str) -> Any:
    """A Python value (as frictionless types it) as the database stores it."""
    if value is None or is_postgres():
        return value
    if ckan_type == "numeric":
        return float(value)
    if ckan_type == "bool":
        return int(bool(value))
    if isinstance(value, dt.datetime | dt.date):
        return value.isoformat()
    return value


def parse_value(value: Any, ckan_type: str, field: str) -> Any:
    """A filter value from a query (text or JSON) as the column's stored type."""
    if value is None:
        return None
    try:
        if ckan_type == "int":
            if isinstance(value, bool):
                raise ValueError
            if isinstance(value, float) and not value.is_integer():
                raise ValueError
            parsed: Any = int(value)
        elif ckan_type == "numeric":
            if isinstance(value, bool):
                raise ValueError
            parsed = Decimal(str(value))
            if not parsed.is_finite():
                raise ValueError
        elif ckan_type == "bool":
            if isinstance(value, bool):
                parsed = value
            elif str(value).lower() in ("true", "1", "t", "ya"):
                parsed = True
            elif str(value).lower() in ("false", "0", "f", "tidak"):
                parsed = False
            else:
                raise ValueError
        elif ckan_type == "date":
            parsed = dt.date.fromisoformat(str(value))
        elif ckan_type == "timestamp":
            parsed = dt.datetime.fromisoformat(str(value))
        else:
            parsed = str(value)
    except (ValueError, ArithmeticError):
        raise DatastoreQueryError(
            _('Nilai "%(value)s" tidak sesuai tipe kolom %(field)s (%(type)s).')
            % {"value": value, "field": field, "type": ckan_type},
            field=field,
        ) from None
    if not is_postgres():
        if ckan_type == "numeric":
            return float(parsed)
        return to_db(parsed, ckan_type)
    return parsed


def create_table(table: str, table_schema: dict) -> None:
    types = SQL_TYPES[connection.vendor if is_postgres() else "sqlite"]
    columns = [
        f"{qn(field['name'])} {types[table_schemas.datastore_type(field['type'])]}"
        for field in table_schema["fields"]
    ]
    if is_postgres():
        identity = f"{qn(ID_FIELD)} bigint GENERATED BY DEFAULT AS IDENTITY"
    else:
        identity = f"{qn(ID_FIELD)} INTEGER PRIMARY KEY"
    with connection.cursor() as cursor:
        cursor.execute(f"CREATE TABLE {qn(table)} ({identity}, {', '.join(columns)})")


def add_primary_key(table: str) -> None:
    """On PostgreSQL the `_id` key is built after the bulk load (faster than per row)."""
    if is_postgres():
        with connection.cursor() as cursor:
            cursor.execute(
                f"ALTER TABLE {qn(table)} ADD CONSTRAINT {qn(table + '_pkey')} "
                f"PRIMARY KEY ({qn(ID_FIELD)})"
            )


def drop_table(table: str) -> None:
    with connection.cursor() as cursor:
        cursor.execute(f"DROP TABLE IF EXISTS {qn(table)}")

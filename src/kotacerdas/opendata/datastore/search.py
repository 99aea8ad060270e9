"""Reading datastore tables: `datastore_search` (CKAN's shape), `datastore_rows` (streamed)
and `datastore_aggregate` (charts and maps). Field names are checked against the
resource's fields and quoted; values are parameters."""

from __future__ import annotations

import re
from collections.abc import Iterator
from typing import Any
from urllib.parse import urlencode

from django.db import connection
from django.utils.translation import gettext as _

from . import tables
from .errors import DatastoreQueryError

DEFAULT_LIMIT = 100
MAX_LIMIT = 32000  # CKAN's ckan.datastore.search.rows_max
AGGREGATES = {"sum": "SUM", "avg": "AVG", "min": "MIN", "max": "MAX", "count": "COUNT"}
NUMERIC_TYPES = ("int", "numeric")
SORT_RE = re.compile(r"^\s*(?P<name>\"?[^\s\"]+\"?)(?:\s+(?P<dir>asc|desc))?\s*$", re.I)
STREAM_BATCH = 2000
SEARCH_PATH = "/satudata/api/3/action/datastore_search"


def _names(value: Any, types: dict[str, str], role: str) -> list[str]:
    if value is None or value == "" or value == []:
        return []
    if isinstance(value, str):
        value = [part.strip() for part in value.split(",") if part.strip()]
    if not isinstance(value, list | tuple):
        raise DatastoreQueryError(_("Daftar kolom tidak sah."), field=role)
    return [tables.check_field(types, name) for name in value]


def _order_by(sort: Any, types: dict[str, str]) -> str:
    if not sort:
        return tables.qn(tables.ID_FIELD)
    parts = sort.split(",") if isinstance(sort, str) else list(sort)
    clauses = []
    for part in parts:
        match = SORT_RE.match(str(part))
        if not match:
            raise DatastoreQueryError(
                _('Urutan "%(sort)s" tidak sah (contoh: "jumlah desc, tahun asc").')
                % {"sort": part},
                field="sort",
            )
        name = tables.check_field(types, match.group("name").strip('"'))
        direction = (match.group("dir") or "asc").upper()
        clauses.append(f"{tables.qn(name)} {direction}")
    if tables.ID_FIELD not in " ".join(clauses):
        clauses.append(tables.qn(tables.ID_FIELD))
    return ", ".join(clauses)


def _like_escape(text: str) -> str:
    return text.replace("\\", "\\\\").replace("%", "\\%").replace("_", "\\_")


def _where(filters: Any, q: Any, types: dict[str, str]) -> tuple[str, list[Any]]:
    clauses: list[str] = []
    params: list[Any] = []
    if filters:
        if not isinstance(filters, dict):
            raise DatastoreQueryError(_("filters harus berupa objek {kolom: nilai}."), "filters")
        for name, value in filters.items():
            name = tables.check_field(types, name)
            values = value if isinstance(value, list | tuple) else [value]
            if not values:
                raise DatastoreQueryError(_("Filter kolom %(name)s kosong.") % {"name": name}, name)
            parsed = [tables.parse_value(item, types[name], name) for item in values]
            column = tables.qn(name)
            present = [item for item in parsed if item is not None]
            parts = []
            if present:
                parts.append(f"{column} IN ({', '.join(['%s'] * len(present))})")
                params.extend(present)
            if len(present) < len(parsed):
                parts.append(f"{column} IS NULL")
            clauses.append("(" + " OR ".join(parts) + ")")
    like = "ILIKE" if tables.is_postgres() else "LIKE"
    if q:
        searches = q.items() if isinstance(q, dict) else [(None, q)]
        for name, text in searches:
            if name is None:
                columns = [n for n, t in types.items() if t == "text"]
            else:
                columns = [tables.check_field(types, name)]
            if not columns:
                clauses.append("1 = 0")
                continue
            for word in str(text).split():
                pattern = f"%{_like_escape(word)}%"
                ors = []
                for column in columns:
                    cast = tables.qn(column)
                    if types[column] != "text":
                        cast = f"CAST({cast} AS TEXT)"
                    ors.append(f"{cast} {like} %s ESCAPE '\\'")
                    params.append(pattern)
                clauses.append("(" + " OR ".join(ors) + ")")
    return (" WHERE " + " AND ".join(clauses)) if clauses else "", params


def _limit(value: Any, default: int, maximum: int, name: str) -> int:
    try:
        number = int(value)
    except (TypeError, ValueError):
        raise DatastoreQueryError(
            _("%(name)s harus bilangan bulat.") % {"name": name}, name
        ) from None
    if number < 0:
        raise DatastoreQueryError(_("%(name)s tidak boleh negatif.") % {"name": name}, name)
    return min(number, maximum)


def _ckan_fields(resource: Any, names: list[str]) -> list[dict]:
    by_id = {"_id": {"id": "_id", "type": "int"}}
    for field in resource.datastore_fields or []:
        by_id[field["id"]] = dict(field)
    return [by_id[name] for name in names]


def datastore_search(
    *,
    resource: Any,
    filters: dict | None = None,
    q: Any = None,
    sort: Any = None,
    fields: Any = None,
    limit: Any = DEFAULT_LIMIT,
    offset: Any = 0,
    include_total: bool = True,
) -> dict:
    """CKAN's `datastore_search` on one resource's table: `filters` {field: value or
    [values]}, `q` words over the text columns (or {field: words}), `sort` "a asc, b desc",
    `fields`, `limit` (at most 32000), `offset`; `total` and `_links` like CKAN."""
    table = tables.require_table(resource)
    types = tables.field_types(resource)
    names = _names(fields, types, "fields") or list(types)
    limit = _limit(limit if limit is not None else DEFAULT_LIMIT, DEFAULT_LIMIT, MAX_LIMIT, "limit")
    offset = _limit(offset or 0, 0, 2**62, "offset")
    where, params = _where(filters, q, types)
    order = _order_by(sort, types)
    select = ", ".join(tables.qn(name) for name in names)
    sql = f"SELECT {select} FROM {tables.qn(table)}{where} ORDER BY {order} LIMIT %s OFFSET %s"
    with connection.cursor() as cursor:
        cursor.execute(sql, [*params, limit, offset])
        rows = cursor.fetchall()
        total = None
        if include_total:
            cursor.execute(f"SELECT count(*) FROM {tables.qn(table)}{where}", params)
            total = cursor.fetchone()[0]
    column_types = [types[name] for name in names]
    records = [
        {
            name: tables.to_json(tables.to_python(value, ckan_type))
            for name, ckan_type, value in zip(names, column_types, row, strict=True)
        }
        for row in rows
    ]
    start_query = {"resource_id": str(resource.uuid)}
    result: dict[str, Any] = {
        "resource_id": str(resource.uuid),
        "fields": _ckan_fields(resource, names),
        "records": records,
        "limit": limit,
        "offset": offset,
        "_links": {
            "start": f"{SEARCH_PATH}?{urlencode(start_query)}",
            "next": f"{SEARCH_PATH}?{urlencode({**start_query, 'offset': offset + limit})}",
        },
    }
    if include_total:
        result["total"] = total
        result["total_was_estimated"] = False
    if filters:
        result["filters"] = filters
    if q:
        result["q"] = q
    if sort:
        result["sort"] = sort
    return result


def datastore_rows(*, resource: Any, fields: Any = None) -> Iterator[tuple]:
    """Every row (Python values, `_id` order), streamed: a server-side cursor on
    PostgreSQL, batches of fetchmany on SQLite."""
    table = tables.require_table(resource)
    types = tables.field_types(resource)
    names = _names(fields, types, "fields") or list(types)
    column_types = [types[name] for name in names]
    select = ", ".join(tables.qn(name) for name in names)
    sql = f"SELECT {select} FROM {tables.qn(table)} ORDER BY {tables.qn(tables.ID_FIELD)}"
    decode = (
        any(t in ("bool", "date", "timestamp") for t in column_types) and not tables.is_postgres()
    )
    with connection.chunked_cursor() as cursor:
        cursor.execute(sql)
        while batch := cursor.fetchmany(STREAM_BATCH):
            for row in batch:
                if decode:
                    yield tuple(
                        tables.to_python(value, ckan_type)
                        for value, ckan_type in zip(row, column_types, strict=True)
                    )
                else:
                    yield tuple(row)


def datastore_field_names(resource: Any) -> list[str]:
    return [tables.ID_FIELD, *(field["id"] for field in resource.datastore_fields or [])]


def datastore_aggregate(
    *, resource: Any, group_by: str | None, value: str, func: str
) -> list[dict]:
    """[{"key": group, "value": aggregate}] ordered by group, for the chart builder and the
    choropleth (func: sum, avg, min, max, count). `group_by` None gives one total row."""
    table = tables.require_table(resource)
    types = tables.field_types(resource)
    if func not in AGGREGATES:
        raise DatastoreQueryError(
            _("Fungsi agregasi harus salah satu dari: %(choices)s.")
            % {"choices": ", ".join(AGGREGATES)},
            field="func",
        )
    value = tables.check_field(types, value)
    if func != "count" and types[value] not in NUMERIC_TYPES:
        raise DatastoreQueryError(
            _("Kolom %(name)s bukan angka; hanya dapat dihitung (count).") % {"name": value},
            field=value,
        )
    aggregate = f"{AGGREGATES[func]}({tables.qn(value)})"
    source = tables.qn(table)
    if group_by is None:
        sql = f"SELECT NULL, {aggregate} FROM {source}"
        group_type = "text"
    else:
        group_by = tables.check_field(types, group_by)
        group_type = types[group_by]
        column = tables.qn(group_by)
        sql = f"SELECT {column}, {aggregate} FROM {source} GROUP BY {column} ORDER BY {column}"
    with connection.cursor() as cursor:
        cursor.execute(sql)
        rows = cursor.fetchall()
    return [
        {
            "key": tables.to_json(tables.to_python(key, group_type)),
            "value": tables.to_json(result),
        }
        for key, result in rows
    ]

"""`datastore_diff`: what changed between the tables of two resources (two versions of a
dataset), computed in SQL so that neither table is read into memory."""

from __future__ import annotations

from typing import Any

from django.db import connection
from django.utils.translation import gettext as _

from . import tables
from .errors import DatastoreQueryError


def _sample(sql: str, params: list, names: list[str], types: dict[str, str]) -> list[dict]:
    with connection.cursor() as cursor:
        cursor.execute(sql, params)
        return [
            {
                name: tables.to_json(tables.to_python(value, types[name]))
                for name, value in zip(names, row, strict=True)
            }
            for row in cursor.fetchall()
        ]


def _count(sql: str) -> int:
    with connection.cursor() as cursor:
        cursor.execute(f"SELECT count(*) FROM ({sql}) AS diff")
        return cursor.fetchone()[0]


def datastore_diff(*, old: Any, new: Any, key: list[str] | None = None, limit: int = 200) -> dict:
    """Rows added, removed and (with `key` columns) changed from `old` to `new`, with up to
    `limit` samples each; columns added and removed. Without a key rows are compared
    whole (a changed row counts as one removed and one added)."""
    old_table, new_table = tables.require_table(old), tables.require_table(new)
    old_types, new_types = tables.field_types(old), tables.field_types(new)
    old_names = [name for name in old_types if name != tables.ID_FIELD]
    new_names = [name for name in new_types if name != tables.ID_FIELD]
    common = [n for n in new_names if n in old_types and old_types[n] == new_types[n]]
    result: dict[str, Any] = {
        "fields_added": [name for name in new_names if name not in old_types],
        "fields_removed": [name for name in old_names if name not in new_types],
        "fields_retyped": [
            name for name in new_names if name in old_types and old_types[name] != new_types[name]
        ],
        "key": list(key or []),
        "old_rows": old.row_count,
        "new_rows": new.row_count,
    }
    limit = max(0, int(limit))
    o, n = tables.qn(old_table), tables.qn(new_table)
    if key:
        for name in key:
            if name not in common:
                raise DatastoreQueryError(
                    _("Kolom kunci %(name)s tidak ada (dengan tipe yang sama) di kedua versi.")
                    % {"name": name},
                    field=name,
                )
        join = " AND ".join(f"o.{tables.qn(k)} = n.{tables.qn(k)}" for k in key)
        distinct = "IS DISTINCT FROM" if tables.is_postgres() else "IS NOT"
        values = [name for name in common if name not in key]
        changed_where = (
            " OR ".join(f"o.{tables.qn(v)} {distinct} n.{tables.qn(v)}" for v in values) or "1 = 0"
        )
        shown_new = [*key, *values]
        cols_n = ", ".join(f"n.{tables.qn(c)}" for c in shown_new)
        cols_o = ", ".join(f"o.{tables.qn(c)}" for c in shown_new)
        first_key = tables.qn(key[0])
        added = (
            f"SELECT {cols_n} FROM {n} AS n LEFT JOIN {o} AS o ON {join} "
            f"WHERE o.{first_key} IS NULL"
        )
        removed = (
            f"SELECT {cols_o} FROM {o} AS o LEFT JOIN {n} AS n ON {join} "
            f"WHERE n.{first_key} IS NULL"
        )
        changed = f"SELECT {cols_n} FROM {n} AS n JOIN {o} AS o ON {join} WHERE {changed_where}"
        changed_old = f"SELECT {cols_o} FROM {n} AS n JOIN {o} AS o ON {join} WHERE {changed_where}"
        for label, sql in (("added", added), ("removed", removed), ("changed", changed)):
            result[label] = _count(sql)
            alias = "o." if label == "removed" else "n."
            order = ", ".join(alias + tables.qn(k) for k in key)
            result[f"{label}_sample"] = _sample(
                f"{sql} ORDER BY {order} LIMIT %s",
                [limit],
                shown_new,
                new_types,
            )
        result["changed_old_sample"] = _sample(
            f"{changed_old} ORDER BY {', '.join('n.' + tables.qn(k) for k in key)} LIMIT %s",
            [limit],
            shown_new,
            old_types,
        )
        return result
    cols = ", ".join(tables.qn(c) for c in common) or "1"
    minus = "EXCEPT ALL" if tables.is_postgres() else "EXCEPT"
    added = f"SELECT {cols} FROM {n} {minus} SELECT {cols} FROM {o}"
    removed = f"SELECT {cols} FROM {o} {minus} SELECT {cols} FROM {n}"
    for label, sql, types in (("added", added, new_types), ("removed", removed, old_types)):
        result[label] = _count(sql)
        result[f"{label}_sample"] = (
            _sample(f"{sql} LIMIT %s", [limit], common, types) if common else []
        )
    result["changed"] = 0
    result["changed_sample"] = []
    return result

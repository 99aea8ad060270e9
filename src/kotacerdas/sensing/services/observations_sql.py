"""The SQL of `observations_store`: many rows in one statement, duplicates skipped by the unique
index `sensing_obs_dedup`, the latest value and the Datastream spans updated once per datastream.

PostgreSQL gets whole columns as arrays (`INSERT ... SELECT FROM unnest(...)`: one statement and
one round trip for any batch size, parameters bound on the server); SQLite gets multi-row VALUES
in chunks. Both use `ON CONFLICT ... DO NOTHING RETURNING`, so only new rows come back.
Rows are written in (datastream, dedup key) order and datastreams in id order, so that two
workers storing overlapping batches take their locks in the same order and never deadlock.
"""

from __future__ import annotations

import datetime as dt
import json
from collections.abc import Sequence
from typing import Any

from django.db import connection

from kotacerdas.sensing.models import Datastream, DatastreamLatest, Observation

# The order of a row tuple built by `observations.py`.
COLUMNS = (
    "datastream_id", "feature_of_interest_id", "phenomenon_time", "phenomenon_time_end",
    "result_time", "result_number", "result_string", "result_json", "result_quality",
    "valid_time_start", "valid_time_end", "parameters", "dedup_key",
)  # fmt: skip
JSON_COLUMNS = frozenset({"result_json", "result_quality", "parameters"})
PG_TYPES = (
    "bigint", "bigint", "timestamptz", "timestamptz", "timestamptz", "float8", "text", "jsonb",
    "jsonb", "timestamptz", "timestamptz", "jsonb", "bigint",
)  # fmt: skip
SQLITE_CHUNK = 500
STAGING = "sensing_observation_staging"
ON_CONFLICT = "ON CONFLICT (datastream_id, dedup_key) WHERE dedup_key IS NOT NULL DO NOTHING"


def _table(model) -> str:
    return connection.ops.quote_name(model._meta.db_table)


def insert_new(rows: Sequence[tuple], received_at: dt.datetime) -> list[tuple[int, int, int]]:
    """Insert `rows` (tuples in COLUMNS order); (id, datastream_id, dedup_key) of those new."""
    if connection.vendor == "postgresql":
        return _insert_postgresql(rows, received_at)
    return _insert_values(rows, received_at)


def _json_text(value: Any) -> str | None:
    return None if value is None else json.dumps(value, ensure_ascii=False)


def _insert_postgresql(
    rows: Sequence[tuple], received_at: dt.datetime
) -> list[tuple[int, int, int]]:
    """COPY the rows into a temporary table (psycopg writes COPY rows in C), then one
    INSERT ... SELECT ... ON CONFLICT DO NOTHING RETURNING into the observations."""
    import psycopg

    json_positions = [i for i, name in enumerate(COLUMNS) if name in JSON_COLUMNS]
    columns = ", ".join(COLUMNS)
    typed = ", ".join(
        f"{name} {pg}" if name not in JSON_COLUMNS else f"{name} text"
        for name, pg in zip(COLUMNS, PG_TYPES, strict=True)
    )
    selected = ", ".join(f"{name}::jsonb" if name in JSON_COLUMNS else name for name in COLUMNS)
    connection.ensure_connection()
    # The driver's own cursor binds parameters on the server (Django's binds on the client).
    with psycopg.Cursor(connection.connection) as cursor:
        # One round trip; TRUNCATE for the rows of an earlier call in the same transaction.
        cursor.execute(
            f"CREATE TEMP TABLE IF NOT EXISTS {STAGING} ({typed}) ON COMMIT DELETE ROWS; "
            f"TRUNCATE {STAGING}"
        )
        with cursor.copy(f"COPY {STAGING} ({columns}) FROM STDIN") as copy:
            for row in rows:
                if any(row[i] is not None for i in json_positions):
                    row = list(row)
                    for i in json_positions:
                        row[i] = _json_text(row[i])
                copy.write_row(row)
        cursor.execute(
            f"INSERT INTO {_table(Observation)} ({columns}, received_at) "
            f"SELECT {selected}, %s::timestamptz FROM {STAGING} ORDER BY datastream_id, dedup_key "
            f"{ON_CONFLICT} RETURNING id, datastream_id, dedup_key",
            [received_at],
        )
        return cursor.fetchall()


def _insert_values(rows: Sequence[tuple], received_at: dt.datetime) -> list[tuple[int, int, int]]:
    fields = [Observation._meta.get_field(name.removesuffix("_id")) for name in COLUMNS]
    received = Observation._meta.get_field("received_at").get_db_prep_save(received_at, connection)
    placeholders = "(" + ", ".join(["%s"] * (len(COLUMNS) + 1)) + ")"
    new: list[tuple[int, int, int]] = []
    with connection.cursor() as cursor:
        for start in range(0, len(rows), SQLITE_CHUNK):
            chunk = rows[start : start + SQLITE_CHUNK]
            params: list[Any] = []
            for row in chunk:
                for field, value in zip(fields, row, strict=True):
                    params.append(field.get_db_prep_save(value, connection))
                params.append(received)
            cursor.execute(
                f"INSERT INTO {_table(Observation)} ({', '.join(COLUMNS)}, received_at) "
                f"VALUES {', '.join([placeholders] * len(chunk))} "
                f"{ON_CONFLICT} RETURNING id, datastream_id, dedup_key",
                params,
            )
            new.extend(cursor.fetchall())
    return new


def existing_ids(keys: set[tuple[int, int]]) -> dict[tuple[int, int], int]:
    """{(datastream_id, dedup_key): id} of stored observations among `keys`."""
    found: dict[tuple[int, int], int] = {}
    ordered = sorted(keys)
    for start in range(0, len(ordered), 2000):
        chunk = ordered[start : start + 2000]
        rows = Observation.objects.filter(
            datastream_id__in={ds for ds, _ in chunk}, dedup_key__in=[key for _, key in chunk]
        ).values_list("datastream_id", "dedup_key", "id")
        for datastream_id, key, pk in rows:
            if (datastream_id, key) in keys:
                found[(datastream_id, key)] = pk
    return found


LATEST_COLUMNS = (
    "datastream_id", "observation_id", "phenomenon_time", "result_number", "result_string",
    "result_json", "received_at", "lag_seconds", "observation_count", "updated_at",
)  # fmt: skip
LATEST_IF_NEWER = ("observation_id", "phenomenon_time", "result_number", "result_string",
                   "result_json", "received_at", "lag_seconds")  # fmt: skip


def latest_upsert(rows: Sequence[tuple]) -> None:
    """Upsert DatastreamLatest rows (tuples in LATEST_COLUMNS order, one per datastream):
    the value moves only if the new one is not older; the count always adds up."""
    if not rows:
        return
    table = _table(DatastreamLatest)
    fields = [DatastreamLatest._meta.get_field(name.removesuffix("_id") if name == "datastream_id"
                                                else name) for name in LATEST_COLUMNS]  # fmt: skip
    newer = (
        f"({table}.phenomenon_time IS NULL OR excluded.phenomenon_time >= {table}.phenomenon_time)"
    )
    updates = [f"{name} = CASE WHEN {newer} THEN excluded.{name} ELSE {table}.{name} END"
               for name in LATEST_IF_NEWER]  # fmt: skip
    updates.append(f"observation_count = {table}.observation_count + excluded.observation_count")
    updates.append("updated_at = excluded.updated_at")
    placeholders = "(" + ", ".join(["%s"] * len(LATEST_COLUMNS)) + ")"
    params = [
        field.get_db_prep_save(value, connection)
        for row in sorted(rows)
        for field, value in zip(fields, row, strict=True)
    ]
    with connection.cursor() as cursor:
        cursor.execute(
            f"INSERT INTO {table} ({', '.join(LATEST_COLUMNS)}) "
            f"VALUES {', '.join([placeholders] * len(rows))} "
            f"ON CONFLICT (datastream_id) DO UPDATE SET {', '.join(updates)}",
            params,
        )


def spans_widen(spans: dict[int, tuple]) -> None:
    """Widen each Datastream's phenomenonTime and resultTime spans to cover the new
    observations: {datastream_id: (phenomenon start, phenomenon end, result start, result end)}
    (result times may be None). Rows already covering the span are not written."""
    if not spans:
        return
    field = Datastream._meta.get_field("phenomenon_time_start")
    table = _table(Datastream)
    sql = (
        f"UPDATE {table} SET "
        "phenomenon_time_start = CASE WHEN phenomenon_time_start IS NULL"
        " OR phenomenon_time_start > %s THEN %s ELSE phenomenon_time_start END, "
        "phenomenon_time_end = CASE WHEN phenomenon_time_end IS NULL OR phenomenon_time_end < %s"
        " THEN %s ELSE phenomenon_time_end END, "
        "result_time_start = CASE WHEN %s IS NOT NULL AND (result_time_start IS NULL"
        " OR result_time_start > %s) THEN %s ELSE result_time_start END, "
        "result_time_end = CASE WHEN %s IS NOT NULL AND (result_time_end IS NULL"
        " OR result_time_end < %s) THEN %s ELSE result_time_end END "
        "WHERE id = %s AND (phenomenon_time_start IS NULL OR phenomenon_time_start > %s"
        " OR phenomenon_time_end IS NULL OR phenomenon_time_end < %s"
        " OR (%s IS NOT NULL AND (result_time_start IS NULL OR result_time_start > %s))"
        " OR (%s IS NOT NULL AND (result_time_end IS NULL OR result_time_end < %s)))"
    )
    params = []
    for datastream_id in sorted(spans):
        p0, p1, r0, r1 = (field.get_db_prep_save(v, connection) for v in spans[datastream_id])
        params.append([p0, p0, p1, p1, r0, r0, r0, r1, r1, r1,
                       datastream_id, p0, p1, r0, r0, r1, r1])  # fmt: skip
    with connection.cursor() as cursor:
        if connection.vendor == "postgresql":
            # Typed NULLs: "%s IS NOT NULL" alone gives the server no type to infer.
            sql = sql.replace("%s IS NOT NULL", "%s::timestamptz IS NOT NULL")
        cursor.executemany(sql, params)

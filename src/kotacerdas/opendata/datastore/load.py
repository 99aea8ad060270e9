"""`datastore_load`: an already validated CSV/XLSX file into a typed table of its own.

PostgreSQL, CSV with the schema's default formats: the file's bytes are streamed to
`COPY ... FROM STDIN (FORMAT csv)` and PostgreSQL parses the typed columns (measured about
ten times faster than typing each cell in Python; frictionless has already checked every
cell, and a cell PostgreSQL would still refuse fails the whole load). Otherwise (XLSX,
custom formats or missing values, SQLite) the rows come typed from frictionless' row
stream, through `COPY ... write_row` on PostgreSQL and `executemany` in chunks on SQLite.

Everything happens in the caller's transaction, inside a savepoint: a failure leaves no
table (PostgreSQL rolls the DDL back; on SQLite the table is dropped too) and no rows.
"""

from __future__ import annotations

from collections.abc import Callable
from itertools import islice
from pathlib import Path
from typing import Any

from django.db import connection, transaction
from django.utils.translation import gettext as _

from .. import schema as table_schemas
from ..validation import precheck
from ..validation.table import open_table
from . import tables
from .errors import DatastoreLoadError

ProgressCallback = Callable[[int], None]
CHUNK_BYTES = 1024 * 1024
SQLITE_BATCH_ROWS = 5000


def _labels(path: Path, file_format: str, table_schema: dict) -> list[str]:
    names = [field["name"] for field in table_schema["fields"]]
    try:
        if file_format == "xlsx":
            header = precheck.check_xlsx(path).header
        else:
            header, _first = precheck.read_csv_header(path)
        return precheck.check_header(header, names)
    except precheck.PrecheckFailed as failed:
        raise DatastoreLoadError(failed.error.message) from None


def _raw_copy_possible(file_format: str, table_schema: dict) -> bool:
    if not tables.is_postgres() or file_format != "csv":
        return False
    if table_schema.get("missingValues") not in (None, [""]):
        return False
    return all("format" not in field for field in table_schema["fields"])


def _copy_raw(path: Path, table: str, labels: list[str], progress: ProgressCallback) -> int:
    columns = ", ".join(tables.qn(label) for label in labels)
    size = max(path.stat().st_size, 1)
    sql = (
        f"COPY {tables.qn(table)} ({columns}) FROM STDIN "
        f"(FORMAT csv, HEADER true, FORCE_NULL ({columns}))"
    )
    done = 0
    with connection.cursor() as cursor:
        raw = cursor.cursor  # the psycopg cursor under Django's wrapper
        with raw.copy(sql) as copy, path.open("rb") as handle:
            while chunk := handle.read(CHUNK_BYTES):
                copy.write(chunk)
                done += len(chunk)
                progress(done * 100 // size)
        cursor.execute(f"SELECT count(*) FROM {tables.qn(table)}")
        return cursor.fetchone()[0]


def _typed_rows(path: Path, table_schema: dict, labels: list[str], file_format: str, progress):
    """(_id, cells in schema order) of each row, typed by frictionless."""
    order = [field["name"] for field in table_schema["fields"]]
    position = [labels.index(name) for name in order]
    ckan_types = [table_schemas.datastore_type(field["type"]) for field in table_schema["fields"]]
    size = max(path.stat().st_size, 1)
    with path.open("rb") as handle:
        resource = open_table(
            handle, table_schema=table_schema, labels=labels, file_format=file_format
        )
        with resource:
            for number, row in enumerate(resource.row_stream, start=1):
                if row.errors:
                    error = row.errors[0]
                    raise DatastoreLoadError(
                        _("Baris %(row)s tidak sah (%(type)s); jalankan validasi dahulu.")
                        % {"row": error.row_number, "type": error.type}
                    )
                values = row.to_list()
                yield (
                    number,
                    *(
                        tables.to_db(values[index], ckan_type)
                        for index, ckan_type in zip(position, ckan_types, strict=True)
                    ),
                )
                if number % 2000 == 0:
                    progress(min(99, handle.tell() * 100 // size))


def _insert_rows(table: str, table_schema: dict, rows) -> int:
    names = [tables.ID_FIELD, *(field["name"] for field in table_schema["fields"])]
    columns = ", ".join(tables.qn(name) for name in names)
    count = 0
    with connection.cursor() as cursor:
        if tables.is_postgres():
            with cursor.cursor.copy(f"COPY {tables.qn(table)} ({columns}) FROM STDIN") as copy:
                for row in rows:
                    copy.write_row(row)
                    count += 1
            return count
        placeholders = ", ".join(["%s"] * len(names))
        sql = f"INSERT INTO {tables.qn(table)} ({columns}) VALUES ({placeholders})"
        iterator = iter(rows)
        while batch := list(islice(iterator, SQLITE_BATCH_ROWS)):
            cursor.executemany(sql, batch)
            count += len(batch)
    return count


def datastore_load(
    *,
    resource: Any,
    path: Path,
    table_schema: dict,
    file_format: str,
    progress: ProgressCallback | None = None,
) -> int:
    """Create the typed table `ds_<resource uuid hex>` and load the file's rows into it
    (`_id` 1..n in file order); record it on the resource and return the row count.
    A previous table of the resource is replaced."""
    path = Path(path)
    file_format = file_format.lower()
    table_schema = table_schemas.clean_table_schema(table_schema)
    table = tables.table_name_for(resource)
    last = [-1]

    def report(percent: int) -> None:
        if progress is not None and percent > last[0]:
            last[0] = percent
            progress(percent)

    report(0)
    labels = _labels(path, file_format, table_schema)
    created = False
    try:
        with transaction.atomic():
            tables.drop_table(table)
            tables.create_table(table, table_schema)
            created = True
            if _raw_copy_possible(file_format, table_schema):
                count = _copy_raw(path, table, labels, report)
            else:
                rows = _typed_rows(path, table_schema, labels, file_format, report)
                count = _insert_rows(table, table_schema, rows)
            tables.add_primary_key(table)
            resource.datastore_table = table
            resource.datastore_fields = tables.datastore_fields(table_schema)
            resource.row_count = count
            resource.datastore_active = True
            resource.save(
                update_fields=[
                    "datastore_table",
                    "datastore_fields",
                    "row_count",
                    "datastore_active",
                ]
            )
    except Exception as exc:
        if created and not tables.is_postgres() and not connection.needs_rollback:
            # SQLite: a savepoint rollback undoes the CREATE too; this is a safety net for
            # a caller without a transaction.
            tables.drop_table(table)
        if isinstance(exc, DatastoreLoadError):
            raise
        raise DatastoreLoadError(
            str(exc).strip().splitlines()[0] if str(exc) else repr(exc)
        ) from exc
    report(100)
    return count


def datastore_drop(*, resource: Any) -> None:
    """Drop the resource's table (if any) and mark it inactive."""
    if resource.datastore_table:
        if resource.datastore_table != tables.table_name_for(resource):
            raise DatastoreLoadError(_("Nama tabel datastore tidak sah."))
        tables.drop_table(resource.datastore_table)
    resource.datastore_table = ""
    resource.datastore_active = False
    resource.datastore_fields = []
    resource.row_count = None
    resource.save(
        update_fields=["datastore_table", "datastore_active", "datastore_fields", "row_count"]
    )

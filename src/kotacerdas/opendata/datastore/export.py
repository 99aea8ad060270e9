"""Downloads of a datastore table: CSV (UTF-8 with header) and JSON (an array) streamed row
by row; XLSX written with openpyxl's write-only workbook to a temporary file, then streamed,
cut at Excel's row limit with a note sheet saying so."""

from __future__ import annotations

import csv
import datetime as dt
import json
import tempfile
from collections.abc import Iterator
from decimal import Decimal
from typing import Any

from django.http import FileResponse, HttpResponse, StreamingHttpResponse
from django.utils.translation import gettext as _

from . import tables
from .errors import DatastoreQueryError
from .search import datastore_field_names, datastore_rows

EXCEL_MAX_ROWS = 1_048_576  # rows of a sheet, the header included
CONTENT_TYPES = {
    "csv": "text/csv; charset=utf-8",
    "json": "application/json",
    "xlsx": "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet",
}


class _Echo:
    """A file-like object whose write returns the text (csv.writer into a generator)."""

    def write(self, value: str) -> str:
        return value


def _csv_cell(value: Any) -> Any:
    if value is None:
        return ""
    if isinstance(value, bool):
        return "true" if value else "false"
    if isinstance(value, dt.datetime | dt.date):
        return value.isoformat()
    return value


def _csv_lines(names: list[str], rows: Iterator[tuple]) -> Iterator[str]:
    writer = csv.writer(_Echo(), lineterminator="\n")
    yield "\ufeff" + writer.writerow(names)  # the BOM lets Excel open it as UTF-8
    for row in rows:
        yield writer.writerow([_csv_cell(value) for value in row])


def _json_default(value: Any) -> Any:
    if isinstance(value, Decimal | dt.date | dt.datetime):
        return tables.to_json(value)
    raise TypeError(f"not JSON serialisable: {type(value).__name__}")


def _json_chunks(names: list[str], rows: Iterator[tuple]) -> Iterator[str]:
    yield "["
    separator = "\n"
    for row in rows:
        record = {name: tables.to_json(value) for name, value in zip(names, row, strict=True)}
        yield separator + json.dumps(record, ensure_ascii=False, default=_json_default)
        separator = ",\n"
    yield "\n]\n"


def _xlsx_cell(value: Any) -> Any:
    if isinstance(value, dt.datetime) and value.tzinfo is not None:
        return value.replace(tzinfo=None)  # Excel has no time zones; stored values are UTC
    return value


def _xlsx_file(names: list[str], rows: Iterator[tuple], title: str):
    import openpyxl

    book = openpyxl.Workbook(write_only=True)
    sheet = book.create_sheet(title="data")
    sheet.append(names)
    written = 0
    cut = False
    for row in rows:
        if written >= EXCEL_MAX_ROWS - 1:
            cut = True
            break
        sheet.append([_xlsx_cell(value) for value in row])
        written += 1
    note = book.create_sheet(title="catatan")
    note.append([title])
    if cut:
        note.append(
            [
                _(
                    "Excel memuat paling banyak %(max)d baris per lembar: berkas ini hanya "
                    "berisi %(rows)d baris pertama. Unduh CSV atau JSON untuk data lengkap."
                )
                % {"max": EXCEL_MAX_ROWS, "rows": written}
            ]
        )
    handle = tempfile.TemporaryFile(suffix=".xlsx")  # noqa: SIM115 - FileResponse closes it
    book.save(handle)
    handle.seek(0)
    return handle, cut


def datastore_export_response(*, resource: Any, fmt: str, filename: str) -> HttpResponse:
    """The whole table as a download: fmt "csv", "json" or "xlsx"; `filename` without the
    extension."""
    if fmt not in CONTENT_TYPES:
        raise DatastoreQueryError(_("Format unduhan tidak dikenal: %(fmt)s.") % {"fmt": fmt}, "fmt")
    tables.require_table(resource)
    names = datastore_field_names(resource)
    rows = datastore_rows(resource=resource)
    download = f"{filename}.{fmt}"
    if fmt == "xlsx":
        handle, cut = _xlsx_file(names, rows, resource.name)
        response = FileResponse(
            handle, as_attachment=True, filename=download, content_type=CONTENT_TYPES[fmt]
        )
        if cut:
            response["X-Rows-Truncated"] = str(EXCEL_MAX_ROWS - 1)
        return response
    chunks = _csv_lines(names, rows) if fmt == "csv" else _json_chunks(names, rows)
    response = StreamingHttpResponse(
        (chunk.encode("utf-8") for chunk in chunks), content_type=CONTENT_TYPES[fmt]
    )
    response["Content-Disposition"] = f'attachment; filename="{download}"'
    return response

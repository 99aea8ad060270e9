"""`validate_table`: an uploaded CSV or XLSX against its Table Schema, with frictionless.

One streaming pass: frictionless' typed row stream gives the type, constraint and
missing/extra cell errors; this module adds the Kemendagri reference codes, the primary key
and `unique` columns (by 64-bit hashes, so a million rows stay small in memory), and the
completeness/uniqueness figures. Problems of the whole file (encoding, delimiter, empty,
header) are found before, in `precheck`.
"""

from __future__ import annotations

from collections.abc import Callable
from pathlib import Path
from typing import Any

import frictionless
from frictionless import Detector, Dialect, FrictionlessException, Resource, Schema, formats

from .. import schema as table_schemas
from . import fields as fast_fields
from . import messages, precheck
from .report import ValidationReport

ProgressCallback = Callable[[int], None]
# How often (in rows) the read position is looked at for the progress callback.
PROGRESS_EVERY_ROWS = 2000


def region_codes(level: str) -> frozenset[str]:
    from kotacerdas.core.models import Region

    return frozenset(Region.objects.filter(level=level).values_list("code", flat=True))


class _Progress:
    """Calls `progress(percent)` when the share read grows by a whole percent."""

    def __init__(self, progress: ProgressCallback | None, total: int):
        self.progress = progress
        self.total = max(total, 1)
        self.last = -1

    def update(self, done: int) -> None:
        if self.progress is None:
            return
        percent = min(100, done * 100 // self.total)
        if percent > self.last:
            self.last = percent
            self.progress(percent)


def open_table(handle: Any, *, table_schema: dict, labels: list[str], file_format: str) -> Resource:
    """A frictionless table resource over an open binary file, with the schema's fields in
    the file's column order (labels are the normalised header cells)."""
    by_name = {field["name"]: field for field in table_schema["fields"]}
    ordered = {**table_schema, "fields": [by_name[label] for label in labels]}
    descriptor = table_schemas.frictionless_descriptor(ordered)
    if file_format == "xlsx":
        control = formats.ExcelControl(sheet=1, fill_merged_cells=False)
        return Resource(
            source=handle,
            format="xlsx",
            schema=fast_fields.speed_up(Schema.from_descriptor(descriptor)),
            dialect=Dialect(header_case=False, controls=[control]),
            detector=Detector(sample_size=1),
        )
    return Resource(
        source=handle,
        format="csv",
        encoding="utf-8-sig",
        schema=fast_fields.speed_up(Schema.from_descriptor(descriptor)),
        dialect=Dialect(header_case=False, controls=[formats.CsvControl(delimiter=",")]),
        detector=Detector(sample_size=1),
    )


def _header(
    path: Path, file_format: str, schema_names: list[str]
) -> tuple[list[str], list[str], int | None]:
    """(the header as written, the normalised labels, the declared rows of a sheet)."""
    if file_format == "xlsx":
        head = precheck.check_xlsx(path)
        labels = precheck.check_header(head.header, schema_names)
        return head.header, labels, head.max_row
    precheck.check_encoding(path)
    header, first_line = precheck.read_csv_header(path)
    precheck.check_delimiter(header, first_line, schema_names)
    labels = precheck.check_header(header, schema_names)
    return header, labels, None


def validate_table(
    path: Path,
    *,
    table_schema: dict,
    file_format: str,
    progress: ProgressCallback | None = None,
) -> ValidationReport:
    """Validate a CSV (UTF-8, comma) or XLSX (first sheet) file against a Table Schema.

    Never holds the file in memory; details of the first 500 errors are kept, all are
    counted. `progress` gets the percent read (0-100), about every 1 %.
    """
    path = Path(path)
    file_format = file_format.lower()
    if file_format not in ("csv", "xlsx"):
        raise ValueError(f"unsupported file format {file_format!r}")
    table_schema = table_schemas.clean_table_schema(table_schema)
    schema_names = [field["name"] for field in table_schema["fields"]]
    report = ValidationReport(valid=True)
    try:
        header, labels, max_row = _header(path, file_format, schema_names)
    except precheck.PrecheckFailed as failed:
        report.add(failed.error)
        return report
    report.header = [label.strip() for label in header[: len(labels)]]
    _scan_rows(path, report, table_schema, labels, file_format, max_row, progress)
    return report


def _scan_rows(
    path: Path,
    report: ValidationReport,
    table_schema: dict,
    labels: list[str],
    file_format: str,
    max_row: int | None,
    progress: ProgressCallback | None,
) -> None:
    fields = {field["name"]: field for field in table_schema["fields"]}
    field_types = {name: (field["type"], field.get("format")) for name, field in fields.items()}
    width = len(labels)
    references = [
        (index, name, level, region_codes(level))
        for index, name in enumerate(labels)
        if (level := fields[name].get(table_schemas.REFERENCE_KEY))
    ]
    key_names = table_schema.get("primaryKey") or []
    key_index = [labels.index(name) for name in key_names]
    unique_index = [
        (labels.index(name), name)
        for name, field in fields.items()
        if field.get("constraints", {}).get("unique")
    ]
    seen_rows: set[int] = set()
    seen_unique: dict[str, set[int]] = {name: set() for _, name in unique_index}
    duplicates = 0
    filled = 0
    size = path.stat().st_size
    tracker = _Progress(progress, (max_row - 1) if file_format == "xlsx" and max_row else size)
    tracker.update(0)
    rows = 0
    with path.open("rb") as handle:
        resource = open_table(
            handle, table_schema=table_schema, labels=labels, file_format=file_format
        )
        try:
            with resource:
                for row in resource.row_stream:
                    rows += 1
                    if rows > precheck.XLSX_MAX_ROWS and file_format == "xlsx":
                        report.add(
                            precheck.format_error(messages.too_many_rows(precheck.XLSX_MAX_ROWS))
                        )
                        break
                    number = row.row_number
                    for error in row.errors:
                        report.add(messages.frictionless_row_error(error, field_types))
                    values = row.to_list()
                    filled += width - values.count(None)
                    for index, name, level, codes in references:
                        value = values[index]
                        if isinstance(value, str) and value not in codes:
                            report.add(messages.reference_code(number, name, value, level))
                    if key_index:
                        key = tuple(values[i] for i in key_index)
                        if all(value is None for value in key):
                            report.add(messages.empty_key(number, key_names))
                        digest = hash(key)
                    else:
                        digest = hash(tuple(values))
                    if digest in seen_rows:
                        duplicates += 1
                        if key_index and not all(value is None for value in key):
                            report.add(messages.duplicate_key(number, key_names, list(key)))
                    else:
                        seen_rows.add(digest)
                    for index, name in unique_index:
                        value = values[index]
                        if value is None:
                            continue
                        digest = hash(value)
                        if digest in seen_unique[name]:
                            report.add(messages.duplicate_unique(number, name, value))
                        else:
                            seen_unique[name].add(digest)
                    if rows % PROGRESS_EVERY_ROWS == 0:
                        tracker.update(rows if file_format == "xlsx" else handle.tell())
        except FrictionlessException as exc:
            report.add(precheck.format_error(messages.unreadable(exc.error.message)))
    report.row_count = rows
    if rows == 0 and report.error_count == 0:
        report.add(precheck.header_only_error())
    cells = rows * width
    report.stats = {
        "completeness": round(filled / cells, 6) if cells else 0.0,
        "uniqueness": round((rows - duplicates) / rows, 6) if rows else 0.0,
        "duplicate_rows": duplicates,
        "uniqueness_by": "primaryKey" if key_index else "row",
        "frictionless": frictionless.__version__,
    }
    tracker.update(size if file_format == "csv" else tracker.total)
    if progress is not None and tracker.last < 100:
        progress(100)

"""Bulk entry of a quarter's realisation from an XLSX or CSV file (Issue 3 item 5).

Pasal 13 huruf c, Pasal 29(1): agencies report many activities at once. The whole file is
checked before anything is written; a row-by-row report (Indonesian) lists every problem, and
nothing is written unless every row is valid. Each row then goes through
`realisation_save_draft`, carrying the version printed in the template (`versi`), so a file
prepared from an old template cannot overwrite someone else's later edits.

File checks (size, disguised files, wrong header, merged cells, formulas) are in `read_table`;
they can delegate to the shared masterplan import helpers once those exist.
"""

from __future__ import annotations

import csv
import io
import os
import zipfile
from dataclasses import dataclass, field
from typing import IO, Any

from django.core.exceptions import PermissionDenied, ValidationError
from django.db import transaction
from django.utils.translation import gettext as _

from kotacerdas.masterplan.models import Activity, Indicator
from kotacerdas.monitoring.models import Realisation, ReportingPeriod
from kotacerdas.monitoring.services.periods import period_locked_message
from kotacerdas.monitoring.services.realisation import (
    EDITABLE_STATUSES,
    RealisationConflict,
    _clean,
    can_enter,
    realisation_save_draft,
)

MAX_FILE_BYTES = 5 * 1024 * 1024
MAX_UNZIPPED_BYTES = 50 * 1024 * 1024
MAX_ROWS = 5000

COLUMNS = [
    "id_kegiatan",
    "kode_kegiatan",
    "nama_kegiatan",
    "versi",
    "progres_fisik",
    "realisasi_anggaran",
    "nilai_indikator",
    "permasalahan",
    "faktor_pendorong",
    "faktor_penghambat",
    "rencana_tindak_lanjut",
]
REQUIRED_COLUMNS = ["id_kegiatan", "progres_fisik", "realisasi_anggaran"]
# Column of the file -> key of realisation_save_draft's data.
DATA_COLUMNS = {
    "progres_fisik": "physical_progress",
    "realisasi_anggaran": "budget_realised",
    "permasalahan": "problems",
    "faktor_pendorong": "driving_factors",
    "faktor_penghambat": "inhibiting_factors",
    "rencana_tindak_lanjut": "follow_up_plan",
}
FIELD_COLUMNS = {value: key for key, value in DATA_COLUMNS.items()} | {
    "indicator_values": "nilai_indikator",
    "__all__": "",
}


class BulkFileError(Exception):
    """The file as a whole cannot be read (too big, not what its name says, wrong header)."""


@dataclass
class RowError:
    row: int  # 1-based row number in the file (1 = header); 0 = the file as a whole
    column: str
    message: str


@dataclass
class BulkResult:
    errors: list[RowError] = field(default_factory=list)
    rows: int = 0
    written: int = 0

    @property
    def ok(self) -> bool:
        return not self.errors


def _cell_text(value: Any) -> Any:
    if isinstance(value, str):
        return value.strip()
    return value


def _read_xlsx(
    handle: IO[bytes], name: str
) -> tuple[list[Any], list[tuple[int, list[Any]]], list[RowError]]:
    import openpyxl

    try:
        with zipfile.ZipFile(handle) as archive:
            infos = archive.infolist()
            names = {info.filename for info in infos}
            unzipped = sum(info.file_size for info in infos)
    except (zipfile.BadZipFile, OSError, ValueError) as exc:
        raise BulkFileError(
            _("Berkas %(name)s bukan XLSX yang sah: isinya tidak sesuai dengan namanya.")
            % {"name": name}
        ) from exc
    if "xl/workbook.xml" not in names:
        raise BulkFileError(
            _("Berkas %(name)s bukan XLSX yang sah: isinya tidak sesuai dengan namanya.")
            % {"name": name}
        )
    if unzipped > MAX_UNZIPPED_BYTES:
        raise BulkFileError(_("Isi berkas %(name)s terlalu besar setelah dibuka.") % {"name": name})
    handle.seek(0)
    try:
        workbook = openpyxl.load_workbook(handle, data_only=False)
    except Exception as exc:  # openpyxl raises many kinds on a damaged file
        raise BulkFileError(
            _("Berkas %(name)s tidak dapat dibaca sebagai XLSX.") % {"name": name}
        ) from exc
    sheet = workbook["Realisasi"] if "Realisasi" in workbook.sheetnames else workbook.worksheets[0]
    problems: list[RowError] = []
    for merged in sorted(sheet.merged_cells.ranges, key=lambda r: (r.min_row, r.min_col)):
        problems.append(
            RowError(
                merged.min_row,
                "",
                _("Sel gabungan (merge) %(range)s tidak diizinkan; pisahkan sel tersebut.")
                % {"range": merged.coord},
            )
        )
    if sheet.max_row > MAX_ROWS + 1:
        raise BulkFileError(
            _("Berkas berisi lebih dari %(max)s baris; pecah menjadi beberapa berkas.")
            % {"max": MAX_ROWS}
        )
    rows: list[tuple[int, list[Any]]] = []
    header: list[Any] = []
    for index, cells in enumerate(sheet.iter_rows(), start=1):
        values = []
        for cell in cells:
            if cell.data_type == "f" or type(cell.value).__name__ in {
                "ArrayFormula",
                "DataTableFormula",
            }:
                problems.append(
                    RowError(
                        index,
                        "",
                        _("Sel %(cell)s berisi rumus (%(formula)s); isi dengan nilai, bukan rumus.")
                        % {
                            "cell": cell.coordinate,
                            "formula": str(getattr(cell.value, "text", cell.value))[:60],
                        },
                    )
                )
                values.append(None)
            else:
                values.append(_cell_text(cell.value))
        if index == 1:
            header = values
        else:
            rows.append((index, values))
    return header, rows, problems


def _read_csv(
    handle: IO[bytes], name: str
) -> tuple[list[Any], list[tuple[int, list[Any]]], list[RowError]]:
    raw = handle.read()
    if b"\x00" in raw:
        raise BulkFileError(
            _("Berkas %(name)s bukan CSV teks: isinya tidak sesuai dengan namanya.")
            % {"name": name}
        )
    try:
        text = raw.decode("utf-8-sig")
    except UnicodeDecodeError as exc:
        raise BulkFileError(_("Berkas %(name)s harus berkode UTF-8.") % {"name": name}) from exc
    first_line = text.split("\n", 1)[0]
    delimiter = ";" if first_line.count(";") > first_line.count(",") else ","
    reader = csv.reader(io.StringIO(text), delimiter=delimiter)
    problems: list[RowError] = []
    header: list[Any] = []
    rows: list[tuple[int, list[Any]]] = []
    for index, cells in enumerate(reader, start=1):
        if index > MAX_ROWS + 1:
            raise BulkFileError(
                _("Berkas berisi lebih dari %(max)s baris; pecah menjadi beberapa berkas.")
                % {"max": MAX_ROWS}
            )
        values = []
        for position, cell in enumerate(cells):
            cell = cell.strip()
            if cell.startswith("="):
                problems.append(
                    RowError(
                        index,
                        "",
                        _(
                            "Kolom ke-%(col)s berisi rumus (%(formula)s); isi dengan nilai, "
                            "bukan rumus."
                        )
                        % {"col": position + 1, "formula": cell[:60]},
                    )
                )
                values.append(None)
            else:
                values.append(cell)
        if index == 1:
            header = values
        else:
            rows.append((index, values))
    return header, rows, problems


def _size(handle: IO[bytes]) -> int:
    size = getattr(handle, "size", None)
    if size is not None:
        return int(size)
    handle.seek(0, os.SEEK_END)
    size = handle.tell()
    handle.seek(0)
    return size


def read_table(upload: Any) -> tuple[list[dict[str, Any]], list[RowError]]:
    """The rows of an uploaded XLSX/CSV as [{"_row": n, column: value}], plus the problems
    found while reading (merged cells, formulas). Raises BulkFileError for a file that cannot
    be used at all: too big, disguised, unreadable, wrong header."""
    name = os.path.basename(getattr(upload, "name", "") or "berkas")
    size = _size(upload)
    if size > MAX_FILE_BYTES:
        raise BulkFileError(
            _("Berkas %(name)s terlalu besar (%(size)s MB); batasnya %(max)s MB.")
            % {
                "name": name,
                "size": f"{size / 1024 / 1024:.1f}".replace(".", ","),
                "max": MAX_FILE_BYTES // 1024 // 1024,
            }
        )
    if size == 0:
        raise BulkFileError(_("Berkas %(name)s kosong.") % {"name": name})
    extension = os.path.splitext(name)[1].lower()
    upload.seek(0)
    head = upload.read(4)
    upload.seek(0)
    if extension == ".xlsx":
        header, rows, problems = _read_xlsx(upload, name)
    elif extension == ".csv":
        if head.startswith(b"PK\x03\x04"):
            raise BulkFileError(
                _("Berkas %(name)s bukan CSV teks: isinya tidak sesuai dengan namanya.")
                % {"name": name}
            )
        header, rows, problems = _read_csv(upload, name)
    else:
        raise BulkFileError(
            _("Jenis berkas %(name)s tidak didukung; unggah XLSX atau CSV.") % {"name": name}
        )

    columns = [str(c).strip().lower() if c is not None else "" for c in header]
    while columns and columns[-1] == "":
        columns.pop()
    missing = [c for c in REQUIRED_COLUMNS if c not in columns]
    unknown = [c for c in columns if c and c not in COLUMNS]
    duplicated = sorted({c for c in columns if c and columns.count(c) > 1})
    if missing or unknown or duplicated or "" in columns:
        parts = []
        if missing:
            parts.append(_("kolom wajib tidak ada: %(cols)s") % {"cols": ", ".join(missing)})
        if unknown:
            parts.append(_("kolom tidak dikenal: %(cols)s") % {"cols": ", ".join(unknown)})
        if duplicated:
            parts.append(_("kolom ganda: %(cols)s") % {"cols": ", ".join(duplicated)})
        if "" in columns:
            parts.append(_("ada kolom tanpa judul"))
        raise BulkFileError(
            _(
                "Baris judul tidak sesuai templat (%(problems)s). Judul yang diharapkan: "
                "%(expected)s. Unduh templat dan salin data ke dalamnya."
            )
            % {"problems": "; ".join(parts), "expected": ", ".join(COLUMNS)}
        )
    records = []
    for number, values in rows:
        if all(v in (None, "") for v in values):
            continue
        record: dict[str, Any] = {"_row": number}
        for position, column in enumerate(columns):
            record[column] = values[position] if position < len(values) else None
        extra = [v for v in values[len(columns) :] if v not in (None, "")]
        if extra:
            problems.append(RowError(number, "", _("Ada isian di luar kolom templat.")))
        records.append(record)
    return records, problems


def parse_indicator_cell(text: Any) -> list[tuple[str, str]] | None:
    """ "IND-01=45; IND-02=80" -> [("IND-01", "45"), ("IND-02", "80")]; None if malformed."""
    if text in (None, ""):
        return []
    pairs = []
    for part in str(text).replace("\n", ";").split(";"):
        part = part.strip()
        if not part:
            continue
        if "=" not in part:
            return None
        code, value = part.split("=", 1)
        pairs.append((code.strip(), value.strip()))
    return pairs


def _int(value: Any) -> int | None:
    if value in (None, ""):
        return None
    try:
        number = float(value) if isinstance(value, float) else int(str(value).strip())
    except ValueError:
        return None
    if isinstance(number, float):
        if not number.is_integer():
            return None
        number = int(number)
    return number


def _check_rows(
    *, actor: Any, period: ReportingPeriod, records: list[dict[str, Any]]
) -> tuple[list[RowError], list[dict[str, Any]]]:
    errors: list[RowError] = []
    plans: list[dict[str, Any]] = []
    ids = [_int(r.get("id_kegiatan")) for r in records]
    activities = Activity.objects.select_related("agency").in_bulk([i for i in ids if i])
    existing = {
        r.activity_id: r
        for r in Realisation.objects.filter(period=period, activity_id__in=list(activities))
    }
    indicators: dict[int, dict[str, Indicator]] = {}
    for indicator in Indicator.objects.filter(activity_id__in=list(activities)):
        indicators.setdefault(indicator.activity_id, {})[indicator.code.upper()] = indicator
    seen: dict[int, int] = {}
    for record, activity_id in zip(records, ids, strict=True):
        row = record["_row"]
        row_errors: list[RowError] = []
        activity = activities.get(activity_id) if activity_id else None
        if activity is None:
            row_errors.append(
                RowError(
                    row,
                    "id_kegiatan",
                    _("Kegiatan %(id)s tidak ditemukan.")
                    % {"id": record.get("id_kegiatan") or "-"},
                )
            )
            errors.extend(row_errors)
            continue
        if not can_enter(actor, activity):
            errors.append(
                RowError(
                    row,
                    "id_kegiatan",
                    _(
                        "Kegiatan %(code)s bukan milik Perangkat Daerah Anda; Anda tidak boleh "
                        "mengisi realisasinya."
                    )
                    % {"code": activity.code},
                )
            )
            continue
        if activity_id in seen:
            row_errors.append(
                RowError(
                    row,
                    "id_kegiatan",
                    _("Kegiatan %(code)s sudah ada di baris %(row)s.")
                    % {"code": activity.code, "row": seen[activity_id]},
                )
            )
        seen.setdefault(activity_id, row)
        code = record.get("kode_kegiatan")
        if code not in (None, "") and str(code).strip() != activity.code:
            row_errors.append(
                RowError(
                    row,
                    "kode_kegiatan",
                    _("Kode kegiatan %(given)s tidak cocok dengan kegiatan %(id)s (%(code)s).")
                    % {"given": code, "id": activity_id, "code": activity.code},
                )
            )
        version = _int(record.get("versi")) if "versi" in record else None
        if record.get("versi") not in (None, "") and version is None:
            row_errors.append(RowError(row, "versi", _("Versi harus berupa bilangan bulat.")))
        current = existing.get(activity_id)
        if current is not None:
            if current.status not in EDITABLE_STATUSES:
                row_errors.append(
                    RowError(
                        row,
                        "id_kegiatan",
                        _(
                            "Realisasi kegiatan %(code)s berstatus %(status)s sehingga tidak "
                            "dapat diubah."
                        )
                        % {"code": activity.code, "status": current.get_status_display()},
                    )
                )
            elif version != current.version:
                row_errors.append(
                    RowError(
                        row,
                        "versi",
                        _(
                            "Realisasi kegiatan %(code)s telah diubah sejak templat diunduh "
                            "(versi %(now)s, berkas versi %(file)s); unduh templat baru."
                        )
                        % {
                            "code": activity.code,
                            "now": current.version,
                            "file": version if version is not None else "-",
                        },
                    )
                )
        data = {key: record.get(column) for column, key in DATA_COLUMNS.items() if column in record}
        pairs = parse_indicator_cell(record.get("nilai_indikator"))
        if pairs is None:
            row_errors.append(
                RowError(
                    row,
                    "nilai_indikator",
                    _("Tulis nilai indikator sebagai KODE=nilai, dipisah titik koma."),
                )
            )
        else:
            values = {}
            own = indicators.get(activity_id, {})
            for code_text, value in pairs:
                indicator = own.get(code_text.upper())
                if indicator is None:
                    row_errors.append(
                        RowError(
                            row,
                            "nilai_indikator",
                            _("Indikator %(code)s bukan indikator kegiatan ini.")
                            % {"code": code_text},
                        )
                    )
                else:
                    values[indicator.pk] = value if value != "" else None
            if values:
                data["indicator_values"] = values
        try:
            _clean(activity=activity, period=period, data=data)
        except ValidationError as exc:
            for key, messages in exc.message_dict.items():
                for message in messages:
                    row_errors.append(RowError(row, FIELD_COLUMNS.get(key, key), message))
        errors.extend(row_errors)
        if not row_errors:
            plans.append(
                {
                    "activity": activity,
                    "data": data,
                    "version": current.version if current is not None else None,
                }
            )
    return errors, plans


def realisation_bulk_import(*, actor: Any, period: ReportingPeriod, upload: Any) -> BulkResult:
    """Pasal 13 huruf c, Pasal 29(1): check the whole file, then write every row or none."""
    period = ReportingPeriod.objects.get(pk=period.pk)
    if period.is_locked:
        return BulkResult(errors=[RowError(0, "", period_locked_message(period))])
    try:
        records, problems = read_table(upload)
    except BulkFileError as exc:
        return BulkResult(errors=[RowError(0, "", str(exc))])
    result = BulkResult(rows=len(records))
    if not records:
        result.errors = [*problems, RowError(0, "", _("Berkas tidak berisi baris data."))]
        return result
    row_errors, plans = _check_rows(actor=actor, period=period, records=records)
    result.errors = sorted([*problems, *row_errors], key=lambda e: e.row)
    if result.errors:
        return result
    try:
        with transaction.atomic():
            for plan in plans:
                realisation_save_draft(
                    actor=actor,
                    activity=plan["activity"],
                    period=period,
                    data=plan["data"],
                    expected_version=plan["version"],
                )
    except (RealisationConflict, ValidationError, PermissionDenied) as exc:
        messages = exc.messages if isinstance(exc, ValidationError) else [str(exc)]
        result.errors = [RowError(0, "", message) for message in messages]
        return result
    result.written = len(plans)
    return result


def _plain(value: Any) -> str:
    return "" if value is None else format(value.normalize(), "f")


def bulk_template_xlsx(*, actor: Any, period: ReportingPeriod, activities: list[Activity]) -> bytes:
    """An XLSX template for the period, one row per activity the actor may enter, prefilled
    with the current figures and the version to carry back."""
    import openpyxl
    from openpyxl.styles import Font

    from kotacerdas.monitoring.models import IndicatorValue

    activities = [a for a in activities if can_enter(actor, a)]
    realisations = {
        r.activity_id: r for r in Realisation.objects.filter(period=period, activity__in=activities)
    }
    values: dict[int, dict[int, Any]] = {}
    for rid, iid, value in IndicatorValue.objects.filter(
        realisation__in=list(realisations.values())
    ).values_list("realisation_id", "indicator_id", "value"):
        values.setdefault(rid, {})[iid] = value
    indicators: dict[int, list[Indicator]] = {}
    for indicator in Indicator.objects.filter(activity__in=activities).order_by("code"):
        indicators.setdefault(indicator.activity_id, []).append(indicator)

    workbook = openpyxl.Workbook()
    sheet = workbook.active
    sheet.title = "Realisasi"
    sheet.append(COLUMNS)
    for cell in sheet[1]:
        cell.font = Font(bold=True)
    for activity in activities:
        current = realisations.get(activity.pk)
        own_values = values.get(current.pk, {}) if current else {}
        indicator_text = "; ".join(
            f"{ind.code}={_plain(own_values.get(ind.pk))}"
            for ind in indicators.get(activity.pk, [])
        )
        sheet.append(
            [
                activity.pk,
                activity.code,
                activity.name,
                current.version if current else 0,
                float(current.physical_progress)
                if current and current.physical_progress is not None
                else None,
                float(current.budget_realised)
                if current and current.budget_realised is not None
                else None,
                indicator_text,
                current.problems if current else "",
                current.driving_factors if current else "",
                current.inhibiting_factors if current else "",
                current.follow_up_plan if current else "",
            ]
        )
    for letter, width in zip(
        "ABCDEFGHIJK", (12, 18, 40, 8, 14, 20, 40, 40, 30, 30, 30), strict=True
    ):
        sheet.column_dimensions[letter].width = width
    guide = workbook.create_sheet("Petunjuk")
    for line in (
        _("Templat realisasi %(period)s.") % {"period": period},
        _(
            "Jangan ubah baris judul, id_kegiatan, dan versi. Jangan gabungkan sel atau "
            "memakai rumus."
        ),
        _(
            "progres_fisik: persen kumulatif 0-100. realisasi_anggaran: rupiah kumulatif, "
            "tidak negatif."
        ),
        _("nilai_indikator: KODE=nilai dipisah titik koma, misalnya IND-01=45; IND-02=80."),
        _("Seluruh berkas diperiksa dahulu; tidak ada yang disimpan bila satu baris pun salah."),
    ):
        guide.append([line])
    output = io.BytesIO()
    workbook.save(output)
    return output.getvalue()

"""Bulk entry of a quarter's realisation from an XLSX or CSV file (Issue 3 item 5).

Pasal 13 huruf c, Pasal 29(1): agencies report many activities at once. The whole file is
checked before anything is written; a row-by-row report (Indonesian) lists every problem, and
nothing is written unless every row is valid. Each row then goes through
`realisation_save_draft`, carrying the version printed in the template (`versi`), so a file
prepared from an old template cannot overwrite someone else's later edits.

File checks (size, disguised files, zip bombs, wrong header, merged cells, formulas) are the
shared ones of the masterplan imports (`masterplan.services.importing.read_table`).
"""

from __future__ import annotations

import io
from dataclasses import dataclass, field
from typing import Any

from django.core.exceptions import PermissionDenied, ValidationError
from django.db import transaction
from django.utils.translation import gettext as _

from kotacerdas.masterplan.models import Activity, Indicator
from kotacerdas.masterplan.services.importing import (
    MAX_IMPORT_BYTES,
    MAX_ROWS,
    ImportFileError,
    RowError,
    read_table,
)
from kotacerdas.monitoring.models import Realisation, ReportingPeriod
from kotacerdas.monitoring.services.periods import period_locked_message
from kotacerdas.monitoring.services.realisation import (
    EDITABLE_STATUSES,
    RealisationConflict,
    _clean,
    can_enter,
    realisation_save_draft,
)

MAX_FILE_BYTES = MAX_IMPORT_BYTES

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


@dataclass
class BulkResult:
    errors: list[RowError] = field(default_factory=list)
    rows: int = 0
    written: int = 0

    @property
    def ok(self) -> bool:
        return not self.errors


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
        return BulkResult(errors=[RowError(None, "", period_locked_message(period))])
    try:
        records = read_table(upload, COLUMNS, max_bytes=MAX_FILE_BYTES, max_rows=MAX_ROWS)
    except ImportFileError as exc:
        return BulkResult(errors=exc.errors)
    result = BulkResult(rows=len(records))
    if not records:
        result.errors = [RowError(None, "", _("Berkas tidak berisi baris data."))]
        return result
    row_errors, plans = _check_rows(actor=actor, period=period, records=records)
    result.errors = sorted(row_errors, key=lambda e: e.row or 0)
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
        result.errors = [RowError(None, "", message) for message in messages]
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
    realisations = (
        {
            r.activity_id: r
            for r in Realisation.objects.filter(period=period, activity__in=activities)
        }
        if period.pk
        else {}  # a quarter nobody has opened yet
    )
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

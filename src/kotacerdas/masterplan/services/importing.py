"""Imports of the masterplan from CSV and XLSX (Issue 3 item 3): the 45 priority programs of
Pasal 7(1) and the program tree of Pasal 7(2) (programs, activities, sub-activities).

The whole file is checked first and every problem is reported with its row number, in
Indonesian; nothing is written unless every row is valid, and the writes happen in one
transaction through the tree services (so each is permission-checked and audited).

`read_table` and the `parse_*` helpers are reusable by any bulk upload (monitoring's
realisation entry uses them): they refuse files over MAX_IMPORT_BYTES, non-XLSX content
disguised as .xlsx, zip bombs, merged cells, formulas and wrong headers, and raise
`ImportFileError` carrying a list of `RowError`.
"""

from __future__ import annotations

import csv
import datetime as dt
import decimal
import io
import re
import zipfile
from collections.abc import Iterable, Sequence
from dataclasses import dataclass, field
from pathlib import PurePath
from typing import Any

from django.core.exceptions import PermissionDenied, ValidationError
from django.db import transaction
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy

from kotacerdas.core.models import Agency
from kotacerdas.masterplan.models import (
    Activity,
    BudgetAllocation,
    BudgetSource,
    Dimension,
    Element,
    PriorityArea,
    PriorityProgram,
    Program,
    RoadmapPhase,
    SubActivity,
)
from kotacerdas.masterplan.services import tree

# Independent of Django's upload settings: an import file is a table, never a large document.
MAX_IMPORT_BYTES = 5 * 1024 * 1024
MAX_UNCOMPRESSED_BYTES = 50 * 1024 * 1024  # an XLSX is a zip: refuse zip bombs
MAX_ROWS = 5000
XLSX_MAGIC = b"PK\x03\x04"


@dataclass(frozen=True)
class RowError:
    """One problem: `row` is the spreadsheet row (header = 1), None for the whole file."""

    row: int | None
    column: str
    message: str


class ImportFileError(Exception):
    """The file cannot be imported; `errors` lists every problem found."""

    def __init__(self, errors: Iterable[RowError]) -> None:
        self.errors = list(errors)
        super().__init__("; ".join(e.message for e in self.errors[:5]))


def _file_error(message: str) -> ImportFileError:
    return ImportFileError([RowError(None, "", message)])


def _megabytes(size: int) -> str:
    return f"{size / (1024 * 1024):.1f}".replace(".", ",")


def _cell_text(value: Any) -> str:
    if value is None:
        return ""
    if isinstance(value, bool):
        return "ya" if value else "tidak"
    if isinstance(value, int):
        return str(value)
    if isinstance(value, float):
        return str(int(value)) if value.is_integer() else format(decimal.Decimal(str(value)), "f")
    if isinstance(value, dt.datetime):
        return value.date().isoformat() if value.time() == dt.time() else value.isoformat()
    if isinstance(value, dt.date):
        return value.isoformat()
    return str(value).strip()


def _check_header(header: list[str], expected: Sequence[str]) -> None:
    present = [h for h in header if h]
    missing = [c for c in expected if c not in present]
    unexpected = [h for h in present if h not in expected]
    duplicated = sorted({h for h in present if present.count(h) > 1})
    problems = []
    if missing:
        problems.append(_("kolom yang kurang: %(cols)s") % {"cols": ", ".join(missing)})
    if unexpected:
        problems.append(_("kolom yang tidak dikenal: %(cols)s") % {"cols": ", ".join(unexpected)})
    if duplicated:
        problems.append(_("kolom ganda: %(cols)s") % {"cols": ", ".join(duplicated)})
    if problems:
        raise ImportFileError(
            [
                RowError(
                    1,
                    "",
                    _(
                        "Baris judul kolom tidak sesuai templat (%(problems)s). Unduh templat "
                        "lalu isi ulang."
                    )
                    % {"problems": "; ".join(problems)},
                )
            ]
        )


def _rows_from_cells(
    raw_rows: Iterable[tuple[int, list[Any]]],
    expected: Sequence[str],
    errors: list[RowError],
    max_rows: int,
) -> list[dict[str, Any]]:
    rows: list[dict[str, Any]] = []
    header: list[str] | None = None
    for number, cells in raw_rows:
        if header is None:
            header = [_cell_text(c).lower() for c in cells]
            while header and not header[-1]:
                header.pop()
            _check_header(header, expected)
            continue
        values = [_cell_text(c) for c in cells]
        if not any(values):
            continue
        if len(rows) >= max_rows:
            raise _file_error(
                _("Berkas berisi lebih dari %(max)s baris data; bagi menjadi beberapa berkas.")
                % {"max": max_rows}
            )
        extra = [i for i, v in enumerate(values[len(header) :], start=len(header) + 1) if v]
        if extra:
            errors.append(
                RowError(
                    number,
                    "",
                    _("Ada isian di luar kolom templat (kolom ke-%(n)s).") % {"n": extra[0]},
                )
            )
        row = {"_row": number}
        for index, name in enumerate(header):
            if name:
                row[name] = values[index] if index < len(values) else ""
        rows.append(row)
    if header is None:
        raise _file_error(_("Berkas kosong: baris judul kolom tidak ditemukan."))
    return rows


def _read_xlsx(uploaded_file: Any, expected: Sequence[str], max_rows: int) -> list[dict[str, Any]]:
    import openpyxl
    from openpyxl.utils import get_column_letter

    uploaded_file.seek(0)
    if uploaded_file.read(4) != XLSX_MAGIC:
        raise _file_error(
            _(
                "Berkas bukan XLSX yang sah (isinya bukan lembar kerja Excel). Simpan ulang "
                "sebagai .xlsx atau .csv."
            )
        )
    uploaded_file.seek(0)
    try:
        with zipfile.ZipFile(uploaded_file) as archive:
            names = set(archive.namelist())
            total = sum(info.file_size for info in archive.infolist())
    except zipfile.BadZipFile:
        raise _file_error(_("Berkas XLSX rusak atau tidak lengkap.")) from None
    if "xl/workbook.xml" not in names:
        raise _file_error(_("Berkas bukan XLSX yang sah (tidak berisi buku kerja Excel)."))
    if total > MAX_UNCOMPRESSED_BYTES:
        raise _file_error(
            _("Isi berkas XLSX terlalu besar setelah dibuka; bagi menjadi beberapa berkas.")
        )
    uploaded_file.seek(0)
    try:
        # data_only=False: formulas stay visible as formulas so they can be refused.
        workbook = openpyxl.load_workbook(uploaded_file, data_only=False)
    except Exception:  # openpyxl raises many kinds on malformed content
        raise _file_error(
            _("Berkas XLSX tidak dapat dibaca; simpan ulang dari Excel atau LibreOffice.")
        ) from None
    sheet = workbook.worksheets[0]
    errors: list[RowError] = []
    for merged in sorted(sheet.merged_cells.ranges, key=lambda r: (r.min_row, r.min_col)):
        errors.append(
            RowError(
                merged.min_row,
                "",
                _(
                    "Sel digabung (merge) di %(range)s tidak didukung; pisahkan sel lalu unggah "
                    "ulang."
                )
                % {"range": merged.coord},
            )
        )
    header_cells = [c.value for c in next(sheet.iter_rows(min_row=1, max_row=1), [])]
    header = [_cell_text(v).lower() for v in header_cells]

    def cells() -> Iterable[tuple[int, list[Any]]]:
        for row in sheet.iter_rows():
            values = []
            for cell in row:
                value = cell.value
                if cell.data_type == "f" or (isinstance(value, str) and value.startswith("=")):
                    column = header[cell.column - 1] if cell.column - 1 < len(header) else ""
                    errors.append(
                        RowError(
                            cell.row,
                            column,
                            _("Sel %(cell)s berisi rumus; isi dengan nilai, bukan rumus.")
                            % {"cell": f"{get_column_letter(cell.column)}{cell.row}"},
                        )
                    )
                    value = None
                values.append(value)
            yield row[0].row if row else 0, values

    rows = _rows_from_cells(cells(), expected, errors, max_rows)
    if errors:
        raise ImportFileError(errors)
    return rows


def _read_csv(uploaded_file: Any, expected: Sequence[str], max_rows: int) -> list[dict[str, Any]]:
    uploaded_file.seek(0)
    raw = uploaded_file.read()
    if raw.startswith(XLSX_MAGIC) or b"\x00" in raw[:4096]:
        raise _file_error(_("Berkas .csv ini bukan teks; simpan ulang sebagai CSV (UTF-8)."))
    try:
        text = raw.decode("utf-8-sig")
    except UnicodeDecodeError:
        raise _file_error(
            _("Berkas CSV harus berpengodean UTF-8; simpan ulang sebagai CSV UTF-8.")
        ) from None
    first_line = text.split("\n", 1)[0]
    delimiter = ";" if first_line.count(";") > first_line.count(",") else ","
    errors: list[RowError] = []
    try:
        reader = list(csv.reader(io.StringIO(text, newline=""), delimiter=delimiter))
    except csv.Error as exc:
        raise _file_error(_("Berkas CSV tidak dapat dibaca: %(error)s.") % {"error": exc}) from None
    header = [h.strip().lower() for h in reader[0]] if reader else []

    def cells() -> Iterable[tuple[int, list[Any]]]:
        for number, values in enumerate(reader, start=1):
            for index, value in enumerate(values):
                if number > 1 and value.strip().startswith("="):
                    errors.append(
                        RowError(
                            number,
                            header[index] if index < len(header) else "",
                            _("Isian berisi rumus (diawali '='); isi dengan nilai, bukan rumus."),
                        )
                    )
                    values[index] = ""
            yield number, values

    rows = _rows_from_cells(cells(), expected, errors, max_rows)
    if errors:
        raise ImportFileError(errors)
    return rows


def read_table(
    uploaded_file: Any,
    expected_columns: Sequence[str],
    *,
    max_bytes: int = MAX_IMPORT_BYTES,
    max_rows: int = MAX_ROWS,
) -> list[dict[str, Any]]:
    """Rows of an uploaded .xlsx (first sheet) or .csv as {column: text, "_row": number}.

    The first row must hold exactly `expected_columns` (any order, case-insensitive). Empty rows
    are skipped. Raises ImportFileError listing every problem (file too big, disguised or
    broken file, wrong header, merged cells, formulas)."""
    size = getattr(uploaded_file, "size", None)
    if size is None:
        uploaded_file.seek(0, io.SEEK_END)
        size = uploaded_file.tell()
    if size > max_bytes:
        raise _file_error(
            _("Berkas terlalu besar (%(size)s MB); batasnya %(max)s MB.")
            % {"size": _megabytes(size), "max": _megabytes(max_bytes)}
        )
    if size == 0:
        raise _file_error(_("Berkas kosong."))
    suffix = PurePath(getattr(uploaded_file, "name", "") or "").suffix.lower()
    if suffix == ".xlsx":
        return _read_xlsx(uploaded_file, expected_columns, max_rows)
    if suffix == ".csv":
        return _read_csv(uploaded_file, expected_columns, max_rows)
    raise _file_error(
        _("Format berkas tidak didukung (%(suffix)s). Gunakan templat .xlsx atau .csv.")
        % {"suffix": suffix or _("tanpa ekstensi")}
    )


# --- value parsers (raise ValueError with an Indonesian message) ---------------------------

TRUE_WORDS = {"ya", "y", "1", "true", "benar", "yes"}
FALSE_WORDS = {"tidak", "t", "0", "false", "salah", "no", "n", ""}


def parse_bool(text: str) -> bool:
    word = (text or "").strip().lower()
    if word in TRUE_WORDS:
        return True
    if word in FALSE_WORDS:
        return False
    raise ValueError(_("Isi 'ya' atau 'tidak' (tertulis: %(text)s).") % {"text": text})


def parse_int(text: str) -> int | None:
    text = (text or "").strip()
    if not text:
        return None
    if not re.fullmatch(r"-?\d+", text):
        raise ValueError(_("Harus bilangan bulat (tertulis: %(text)s).") % {"text": text})
    return int(text)


def parse_decimal(text: str) -> decimal.Decimal | None:
    """A number as written in Indonesia or plainly: 1500000, 1500000.5, 1.500.000, 1.500.000,5,
    12,5; an optional "Rp" prefix is dropped."""
    text = (text or "").strip().replace(" ", "")
    text = re.sub(r"^(-?)rp\.?", r"\1", text, flags=re.IGNORECASE)
    if not text:
        return None
    if re.fullmatch(r"-?\d{1,3}(\.\d{3})+(,\d+)?", text):
        text = text.replace(".", "").replace(",", ".")
    elif re.fullmatch(r"-?\d+,\d+", text):
        text = text.replace(",", ".")
    if not re.fullmatch(r"-?\d+(\.\d+)?", text):
        raise ValueError(_("Harus berupa angka (tertulis: %(text)s).") % {"text": text})
    return decimal.Decimal(text)


def parse_codes(text: str) -> list[str]:
    return [c.strip() for c in re.split(r"[;,\s]+", text or "") if c.strip()]


PHASE_WORDS = {
    "1": RoadmapPhase.FOUNDATION,
    "2": RoadmapPhase.STRENGTHENING,
    "3": RoadmapPhase.EXPANSION,
    **{value: value for value in RoadmapPhase.values},
}


def parse_phase(text: str) -> str:
    word = (text or "").strip().lower()
    if word in PHASE_WORDS:
        return str(PHASE_WORDS[word])
    if not word:
        return ""
    raise ValueError(
        _("Tahap peta jalan harus salah satu dari: %(values)s (atau 1, 2, 3).")
        % {"values": ", ".join(RoadmapPhase.values)}
    )


# --- shared row checks ---------------------------------------------------------------------


@dataclass
class ImportSummary:
    rows: int = 0
    created: dict[str, int] = field(default_factory=dict)
    updated: dict[str, int] = field(default_factory=dict)

    def count(self, kind: str, created: bool) -> None:
        target = self.created if created else self.updated
        target[kind] = target.get(kind, 0) + 1


class _RowChecker:
    """Collects the errors of one row under its number."""

    def __init__(self, row: dict[str, Any], errors: list[RowError]) -> None:
        self.row = row
        self.number = row["_row"]
        self.errors = errors
        self.ok = True

    def error(self, column: str, message: str) -> None:
        self.ok = False
        self.errors.append(RowError(self.number, column, str(message)))

    def parse(self, column: str, parser: Any) -> Any:
        try:
            return parser(self.row.get(column, ""))
        except ValueError as exc:
            self.error(column, str(exc))
            return None

    def required(self, column: str) -> str:
        value = (self.row.get(column) or "").strip()
        if not value:
            self.error(column, _("Kolom %(column)s wajib diisi.") % {"column": column})
        return value


class _Reference:
    def __init__(self) -> None:
        self.dimensions = {d.code: d for d in Dimension.objects.all()}
        self.elements = {e.code: e for e in Element.objects.all()}
        self.areas = {a.code: a for a in PriorityArea.objects.all()}

    def node_fields(
        self, check: _RowChecker, inherited_dimension: Dimension | None
    ) -> dict[str, Any]:
        data: dict[str, Any] = {}
        dimension = inherited_dimension
        code = check.row.get("kode_dimensi", "").strip().upper()
        if code:
            dimension = self.dimensions.get(code)
            if dimension is None:
                check.error(
                    "kode_dimensi",
                    _("Kode dimensi tidak dikenal: %(code)s (GOV, BRA, ECO, LIV, SOC, ENV).")
                    % {"code": code},
                )
            else:
                data["dimension"] = dimension
        element_codes = [c.upper() for c in parse_codes(check.row.get("kode_unsur", ""))]
        if element_codes:
            unknown = [c for c in element_codes if c not in self.elements]
            if unknown:
                check.error(
                    "kode_unsur",
                    _("Kode unsur tidak dikenal: %(codes)s.") % {"codes": ", ".join(unknown)},
                )
            else:
                elements = [self.elements[c] for c in element_codes]
                for message in tree.element_errors(dimension, elements).values():
                    check.error("kode_unsur", message)
                data["elements"] = elements
        quick_win = check.parse("quick_win", parse_bool)
        data["quick_win"] = bool(quick_win)
        start = check.parse("tahun_mulai", parse_int)
        end = check.parse("tahun_selesai", parse_int)
        phase = check.parse("tahap", parse_phase)
        column_of = {
            "roadmap_start_year": "tahun_mulai",
            "roadmap_end_year": "tahun_selesai",
            "phase": "tahap",
        }
        for key, message in tree.roadmap_errors(start, end, phase or "").items():
            check.error(column_of[key], message)
        if start is not None:
            data["roadmap_start_year"] = start
        if end is not None:
            data["roadmap_end_year"] = end
        if phase:
            data["phase"] = phase
        description = check.row.get("uraian", "").strip()
        if description:
            data["description"] = description
        return data


def _write_or_report(errors_by_row: list[RowError], write: Any) -> ImportSummary:
    """Run `write()` in one transaction; a service's refusal becomes a row error and rolls
    everything back."""
    if errors_by_row:
        raise ImportFileError(errors_by_row)
    try:
        with transaction.atomic():
            return write()
    except _RowFailure as failure:
        raise ImportFileError(failure.errors) from None


class _RowFailure(Exception):
    def __init__(self, errors: list[RowError]) -> None:
        self.errors = errors


def _service_call(number: int, service: Any, **kwargs: Any) -> Any:
    try:
        return service(**kwargs)
    except ValidationError as exc:
        if hasattr(exc, "error_dict"):
            errors = [
                RowError(number, col, m) for col, msgs in exc.message_dict.items() for m in msgs
            ]
        else:
            errors = [RowError(number, "", m) for m in exc.messages]
        raise _RowFailure(errors) from None
    except PermissionDenied as exc:
        raise _RowFailure([RowError(number, "", str(exc))]) from None


# --- (a) the priority programs -------------------------------------------------------------

PRIORITY_PROGRAM_COLUMNS = (
    "nomor",
    "nama",
    "uraian",
    "periode_rpjmd",
    "kode_dimensi",
    "kode_bidang",
    "kode_unsur",
    "quick_win",
    "tahun_mulai",
    "tahun_selesai",
    "tahap",
)


def priority_program_import(*, actor: Any, uploaded_file: Any) -> ImportSummary:
    """Pasal 7(1): load or update the mayor's priority programs of the RPJMD (keyed by number)."""
    tree.require_priority_program_access(actor)
    rows = read_table(uploaded_file, PRIORITY_PROGRAM_COLUMNS)
    reference = _Reference()
    errors: list[RowError] = []
    planned: list[tuple[int, int, dict[str, Any]]] = []
    seen: dict[int, int] = {}
    for row in rows:
        check = _RowChecker(row, errors)
        number = check.parse("nomor", parse_int)
        if number is None and check.ok:
            check.error("nomor", _("Kolom nomor wajib diisi."))
        elif number is not None and not 1 <= number <= 999:
            check.error("nomor", _("Nomor program prioritas harus 1 sampai 999."))
        elif number is not None and number in seen:
            check.error(
                "nomor",
                _("Nomor %(number)s sudah ada di baris %(row)s.")
                % {"number": number, "row": seen[number]},
            )
        if number is not None:
            seen.setdefault(number, check.number)
        name = check.required("nama")
        if not row.get("kode_dimensi", "").strip():
            check.error("kode_dimensi", _("Kolom kode_dimensi wajib diisi."))
        data = reference.node_fields(check, None)
        area_code = row.get("kode_bidang", "").strip()
        if area_code:
            area = reference.areas.get(area_code) or reference.areas.get(
                area_code[:4].upper() + area_code[4:].lower()
            )
            if area is None:
                check.error(
                    "kode_bidang",
                    _("Kode bidang Pasal 22 tidak dikenal: %(code)s (mis. LIV.d).")
                    % {"code": area_code},
                )
            elif data.get("dimension") and area.dimension_id != data["dimension"].pk:
                check.error(
                    "kode_bidang",
                    _("Bidang %(area)s bukan bagian dari dimensi %(dimension)s.")
                    % {"area": area.code, "dimension": data["dimension"].code},
                )
            else:
                data["priority_area"] = area
        period = row.get("periode_rpjmd", "").strip()
        if period:
            if not re.fullmatch(r"\d{4}-\d{4}", period):
                check.error("periode_rpjmd", _("Periode RPJMD berpola TTTT-TTTT, mis. 2018-2023."))
            data["rpjmd_period"] = period
        data["name"] = name
        if check.ok:
            planned.append((check.number, number, data))

    def write() -> ImportSummary:
        summary = ImportSummary(rows=len(rows))
        existing = PriorityProgram.objects.in_bulk(
            [n for _r, n, _d in planned], field_name="number"
        )
        for number_row, number, data in planned:
            current = existing.get(number)
            if current is None:
                _service_call(
                    number_row,
                    tree.priority_program_create,
                    actor=actor,
                    data={**data, "number": number},
                )
            else:
                _service_call(
                    number_row,
                    tree.priority_program_update,
                    actor=actor,
                    priority_program=current,
                    data=data,
                )
            summary.count("priority_program", current is None)
        return summary

    return _write_or_report(errors, write)


# --- (b) the program tree ------------------------------------------------------------------

BUDGET_COLUMNS = {f"anggaran_{source}": source for source in BudgetSource.values}
TREE_COLUMNS = (
    "tingkat",
    "kode",
    "nama",
    "uraian",
    "kode_pd",
    "nomor_program_prioritas",
    "kode_dimensi",
    "kode_unsur",
    "quick_win",
    "tahun_mulai",
    "tahun_selesai",
    "tahap",
    "tahun_anggaran",
    *BUDGET_COLUMNS,
)
LEVELS = {
    "program": "program",
    "kegiatan": "kegiatan",
    "sub_kegiatan": "sub_kegiatan",
    "sub-kegiatan": "sub_kegiatan",
    "subkegiatan": "sub_kegiatan",
    "sub kegiatan": "sub_kegiatan",
}
LEVEL_ORDER = {"program": 0, "kegiatan": 1, "sub_kegiatan": 2}


@dataclass
class _TreeRow:
    number: int
    level: str
    agency: Agency
    code: str
    data: dict[str, Any]
    budget_year: int | None = None
    budgets: dict[str, decimal.Decimal] = field(default_factory=dict)


def tree_import(*, actor: Any, uploaded_file: Any) -> ImportSummary:
    """Pasal 7(2): load or update agency programs, activities and sub-activities (keyed by
    agency and Permendagri code), with dimension, elements, Quick Win, roadmap and budgets per
    source (Pasal 30) on activity rows."""
    rows = read_table(uploaded_file, TREE_COLUMNS)
    reference = _Reference()
    agencies = {a.code: a for a in Agency.objects.all()}
    priority_programs = PriorityProgram.objects.in_bulk(field_name="number")
    errors: list[RowError] = []
    planned: list[_TreeRow] = []
    seen: dict[tuple[str, int, str], int] = {}
    file_programs: dict[tuple[int, str], _TreeRow] = {}
    file_activities: dict[tuple[int, str], _TreeRow] = {}
    for row in rows:
        check = _RowChecker(row, errors)
        level = LEVELS.get(row.get("tingkat", "").strip().lower())
        if level is None:
            check.error(
                "tingkat",
                _("Tingkat harus program, kegiatan, atau sub_kegiatan (tertulis: %(text)s).")
                % {"text": row.get("tingkat", "") or "-"},
            )
        agency_code = tree.normalise_code(row.get("kode_pd", ""))
        agency = agencies.get(agency_code)
        if not agency_code:
            check.error("kode_pd", _("Kolom kode_pd wajib diisi."))
        elif agency is None:
            check.error(
                "kode_pd",
                _("Kode Perangkat Daerah tidak dikenal: %(code)s.") % {"code": agency_code},
            )
        elif not tree.can_edit_agency_nodes(actor, agency.pk):
            check.error(
                "kode_pd",
                _("Anda tidak berwenang atas Perangkat Daerah %(code)s.") % {"code": agency_code},
            )
        code = tree.normalise_code(row.get("kode", ""))
        name = check.required("nama")
        if level == "program":
            message = tree.program_code_error(code)
        elif level == "kegiatan":
            message = (
                None
                if tree.ACTIVITY_CODE_RE.match(code)
                else tree.activity_code_error(
                    code, code[:7] if tree.PROGRAM_CODE_RE.match(code[:7]) else "X.XX.XX"
                )
            )
        elif level == "sub_kegiatan":
            parent_code = code.rsplit(".", 1)[0]
            message = (
                None
                if tree.SUB_ACTIVITY_CODE_RE.match(code)
                else tree.sub_activity_code_error(
                    code,
                    parent_code if tree.ACTIVITY_CODE_RE.match(parent_code) else "X.XX.XX.X.XX",
                )
            )
        else:
            message = None
        if message:
            check.error("kode", message)
        if level and agency and not message:
            key = (level, agency.pk, code)
            if key in seen:
                check.error(
                    "kode",
                    _("Kode %(code)s sudah ada di baris %(row)s.")
                    % {"code": code, "row": seen[key]},
                )
            seen.setdefault(key, check.number)
        data = reference.node_fields(check, None)
        data["name"] = name
        pp_number = row.get("nomor_program_prioritas", "").strip()
        if pp_number:
            if level != "program":
                check.error(
                    "nomor_program_prioritas",
                    _("Nomor program prioritas hanya diisi pada baris program."),
                )
            else:
                number = check.parse("nomor_program_prioritas", parse_int)
                if number is not None:
                    if number not in priority_programs:
                        check.error(
                            "nomor_program_prioritas",
                            _(
                                "Program prioritas nomor %(number)s belum ada; impor program "
                                "prioritas dahulu."
                            )
                            % {"number": number},
                        )
                    else:
                        data["priority_program"] = priority_programs[number]
                        data.setdefault("dimension", priority_programs[number].dimension)
        item = _TreeRow(number=check.number, level=level or "", agency=agency, code=code, data=data)  # type: ignore[arg-type]
        budget_cells = {col: row.get(col, "").strip() for col in BUDGET_COLUMNS}
        if any(budget_cells.values()) or row.get("tahun_anggaran", "").strip():
            if level != "kegiatan":
                check.error("tahun_anggaran", _("Anggaran diisi pada baris kegiatan saja."))
            else:
                year = check.parse("tahun_anggaran", parse_int)
                if year is None and check.ok:
                    check.error("tahun_anggaran", _("Isi tahun anggaran untuk anggaran kegiatan."))
                item.budget_year = year
                for column, source in BUDGET_COLUMNS.items():
                    if not budget_cells[column]:
                        continue
                    amount = check.parse(column, parse_decimal)
                    if amount is None:
                        continue
                    problem = tree.budget_errors(
                        year=tree.BUDGET_FIRST_YEAR, source=source, amount=amount
                    ).get("amount")
                    if problem:
                        check.error(column, problem)
                    item.budgets[source] = amount
                if year is not None:
                    problem = tree.budget_errors(
                        year=year, source=BudgetSource.APBD, amount=decimal.Decimal(0)
                    ).get("year")
                    if problem:
                        check.error("tahun_anggaran", problem)
        if check.ok:
            planned.append(item)
            if level == "program":
                file_programs[(agency.pk, code)] = item
            elif level == "kegiatan":
                file_activities[(agency.pk, code)] = item

    # Parents: in the file, or already in the database for the same agency.
    program_keys = {(r.agency.pk, r.code[:7]) for r in planned if r.level == "kegiatan"}
    db_programs = {
        (p.agency_id, p.code): p
        for p in Program.objects.filter(
            agency_id__in={k[0] for k in program_keys}, code__in={k[1] for k in program_keys}
        )
    }
    activity_keys = {
        (r.agency.pk, r.code.rsplit(".", 1)[0]) for r in planned if r.level == "sub_kegiatan"
    }
    db_activities = {
        (a.program.agency_id, a.code): a
        for a in Activity.objects.filter(
            program__agency_id__in={k[0] for k in activity_keys},
            code__in={k[1] for k in activity_keys},
        ).select_related("program")
    }
    for item in planned:
        if item.level == "kegiatan":
            key = (item.agency.pk, item.code[:7])
            if key not in file_programs and key not in db_programs:
                errors.append(
                    RowError(
                        item.number,
                        "kode",
                        _(
                            "Program induk %(code)s milik %(agency)s tidak ada di berkas maupun "
                            "di data."
                        )
                        % {"code": key[1], "agency": item.agency.code},
                    )
                )
        elif item.level == "sub_kegiatan":
            key = (item.agency.pk, item.code.rsplit(".", 1)[0])
            if key not in file_activities and key not in db_activities:
                errors.append(
                    RowError(
                        item.number,
                        "kode",
                        _(
                            "Kegiatan induk %(code)s milik %(agency)s tidak ada di berkas maupun "
                            "di data."
                        )
                        % {"code": key[1], "agency": item.agency.code},
                    )
                )
    errors.sort(key=lambda e: e.row or 0)

    def write() -> ImportSummary:
        summary = ImportSummary(rows=len(rows))
        agency_ids = {item.agency.pk for item in planned}
        existing_programs = {
            (p.agency_id, p.code): p for p in Program.objects.filter(agency_id__in=agency_ids)
        }
        existing_activities = {
            (a.program_id, a.code): a
            for a in Activity.objects.filter(program__agency_id__in=agency_ids)
        }
        existing_subs = {
            (s.activity_id, s.code): s
            for s in SubActivity.objects.filter(activity__program__agency_id__in=agency_ids)
        }
        existing_budgets = set(
            BudgetAllocation.objects.filter(
                activity__program__agency_id__in=agency_ids
            ).values_list("activity_id", "year", "source")
        )
        programs: dict[tuple[int, str], Program] = dict(db_programs)
        activities: dict[tuple[int, str], Activity] = dict(db_activities)
        for item in sorted(planned, key=lambda r: (LEVEL_ORDER[r.level], r.number)):
            if item.level == "program":
                current = existing_programs.get((item.agency.pk, item.code))
                if current is None:
                    node = _service_call(
                        item.number,
                        tree.program_create,
                        actor=actor,
                        data={**item.data, "code": item.code, "agency": item.agency},
                    )
                else:
                    node = _service_call(
                        item.number,
                        tree.program_update,
                        actor=actor,
                        program=current,
                        data=item.data,
                    )
                programs[(item.agency.pk, item.code)] = node
                summary.count("program", current is None)
            elif item.level == "kegiatan":
                program = programs.get((item.agency.pk, item.code[:7])) or Program.objects.get(
                    agency=item.agency, code=item.code[:7]
                )
                current = existing_activities.get((program.pk, item.code))
                if current is None:
                    node = _service_call(
                        item.number,
                        tree.activity_create,
                        actor=actor,
                        program=program,
                        data={**item.data, "code": item.code, "agency": item.agency},
                    )
                else:
                    node = _service_call(
                        item.number,
                        tree.activity_update,
                        actor=actor,
                        activity=current,
                        data=item.data,
                    )
                activities[(item.agency.pk, item.code)] = node
                summary.count("activity", current is None)
                for source, amount in item.budgets.items():
                    _service_call(
                        item.number,
                        tree.budget_allocation_set,
                        actor=actor,
                        activity=node,
                        year=item.budget_year,
                        source=source,
                        amount=amount,
                    )
                    key = (node.pk, item.budget_year, source)
                    summary.count("budget", key not in existing_budgets)
            else:
                activity = activities[(item.agency.pk, item.code.rsplit(".", 1)[0])]
                current = existing_subs.get((activity.pk, item.code))
                if current is None:
                    _service_call(
                        item.number,
                        tree.sub_activity_create,
                        actor=actor,
                        activity=activity,
                        data={**item.data, "code": item.code, "agency": item.agency},
                    )
                else:
                    _service_call(
                        item.number,
                        tree.sub_activity_update,
                        actor=actor,
                        sub_activity=current,
                        data=item.data,
                    )
                summary.count("sub_activity", current is None)
        return summary

    return _write_or_report(errors, write)


# --- templates -----------------------------------------------------------------------------

TEMPLATES: dict[str, dict[str, Any]] = {
    "program-prioritas": {
        "columns": PRIORITY_PROGRAM_COLUMNS,
        "examples": [
            [
                "1",
                "Bekasi Digital Service",
                "Layanan publik terpadu berbasis daring.",
                "2018-2023",
                "GOV",
                "GOV.a",
                "GOV.1;GOV.2",
                "ya",
                "2019",
                "2023",
                "fondasi",
            ],
        ],
        "notes": [
            ("nomor", gettext_lazy("Nomor program prioritas Wali Kota (1-45), kunci pembaruan.")),
            (
                "kode_dimensi",
                gettext_lazy("GOV, BRA, ECO, LIV, SOC, atau ENV (Pasal 15 ayat (1))."),
            ),
            (
                "kode_bidang",
                gettext_lazy("Bidang program prioritas Pasal 22, mis. GOV.a atau LIV.d."),
            ),
            (
                "kode_unsur",
                gettext_lazy(
                    "Unsur Pasal 16-21 dipisah titik koma, mis. GOV.1;GOV.2; harus unsur dari "
                    "dimensinya."
                ),
            ),
            ("quick_win", gettext_lazy("ya atau tidak.")),
            (
                "tahun_mulai / tahun_selesai",
                gettext_lazy("Tahun peta jalan 2018-2045; mulai tidak setelah selesai."),
            ),
            ("tahap", gettext_lazy("fondasi, penguatan, atau pengembangan (atau 1, 2, 3).")),
        ],
    },
    "pohon-program": {
        "columns": TREE_COLUMNS,
        "examples": [
            [
                "program",
                "2.16.03",
                "Program Pengelolaan Aplikasi Informatika",
                "",
                "DISKOMINFOSTANDI",
                "1",
                "GOV",
                "GOV.1",
                "tidak",
                "2024",
                "2026",
                "penguatan",
                "",
                "",
                "",
                "",
                "",
                "",
                "",
                "",
            ],
            [
                "kegiatan",
                "2.16.03.1.02",
                "Pengelolaan e-Government di Lingkup Pemerintah Daerah Kota",
                "",
                "DISKOMINFOSTANDI",
                "",
                "GOV",
                "GOV.1",
                "ya",
                "2024",
                "2026",
                "penguatan",
                "2026",
                "1500000000",
                "",
                "",
                "250000000",
                "",
                "",
                "",
            ],
            [
                "sub_kegiatan",
                "2.16.03.1.02.0005",
                "Pengembangan Aplikasi dan Proses Bisnis Pemerintahan Berbasis Elektronik",
                "",
                "DISKOMINFOSTANDI",
                "",
                "",
                "",
                "tidak",
                "",
                "",
                "",
                "",
                "",
                "",
                "",
                "",
                "",
                "",
                "",
            ],
        ],
        "notes": [
            (
                "tingkat",
                gettext_lazy(
                    "program, kegiatan, atau sub_kegiatan; kegiatan dan sub-kegiatan mencari "
                    "induknya dari kodenya."
                ),
            ),
            (
                "kode",
                gettext_lazy(
                    "Permendagri 90/2019: program X.XX.XX, kegiatan X.XX.XX.X.XX diawali kode "
                    "programnya, sub-kegiatan X.XX.XX.X.XX.XXXX diawali kode kegiatannya."
                ),
            ),
            (
                "kode_pd",
                gettext_lazy("Kode Perangkat Daerah, mis. DISKOMINFOSTANDI, DINKES, DISHUB."),
            ),
            (
                "nomor_program_prioritas",
                gettext_lazy(
                    "Hanya pada baris program: nomor program prioritas Wali Kota yang didukung."
                ),
            ),
            (
                "tahun_anggaran / anggaran_*",
                gettext_lazy(
                    "Hanya pada baris kegiatan: rupiah per sumber dana (Pasal 30), tidak boleh "
                    "negatif; 0 menghapus alokasi sumber itu."
                ),
            ),
        ],
    },
}


def import_template_csv(kind: str) -> bytes:
    template = TEMPLATES[kind]
    buffer = io.StringIO(newline="")
    writer = csv.writer(buffer)
    writer.writerow(template["columns"])
    writer.writerows(template["examples"])
    return buffer.getvalue().encode("utf-8-sig")


def import_template_xlsx(kind: str) -> bytes:
    import openpyxl
    from openpyxl.styles import Font

    template = TEMPLATES[kind]
    workbook = openpyxl.Workbook()
    sheet = workbook.active
    sheet.title = "Data"
    sheet.append(list(template["columns"]))
    for cell in sheet[1]:
        cell.font = Font(bold=True)
    for example in template["examples"]:
        # Codes and numbers stay text so that Excel does not turn 2.16.03 into a date.
        sheet.append(example)
    for column in sheet.columns:
        sheet.column_dimensions[column[0].column_letter].width = max(
            12, len(str(column[0].value)) + 2
        )
    notes = workbook.create_sheet("Petunjuk")
    notes.append([_("Kolom"), _("Keterangan")])
    for name, text in template["notes"]:
        notes.append([name, str(text)])
    notes.append(
        ["", _("Hanya lembar pertama yang dibaca. Jangan menggabung sel atau memakai rumus.")]
    )
    buffer = io.BytesIO()
    workbook.save(buffer)
    return buffer.getvalue()


def table_bytes(columns: Sequence[str], rows: Iterable[Sequence[Any]], *, fmt: str) -> bytes:
    """A header row and `rows` as CSV (UTF-8 with BOM, for Excel) or XLSX (text cells, so
    codes like 2.16.03 are not turned into numbers or dates)."""
    if fmt == "csv":
        buffer = io.StringIO(newline="")
        writer = csv.writer(buffer)
        writer.writerow(columns)
        writer.writerows(rows)
        return buffer.getvalue().encode("utf-8-sig")
    import openpyxl
    from openpyxl.styles import Font

    workbook = openpyxl.Workbook()
    sheet = workbook.active
    sheet.title = "Data"
    sheet.append(list(columns))
    for cell in sheet[1]:
        cell.font = Font(bold=True)
    for row in rows:
        sheet.append([str(value) for value in row])
    buffer = io.BytesIO()
    workbook.save(buffer)
    return buffer.getvalue()

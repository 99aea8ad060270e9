"""Checks of a file before frictionless reads it: the encoding, the delimiter, an empty
file, the header against the schema, and (XLSX) the ZIP container. Each finds one clear
problem of the whole file, so the producer is not buried in a thousand row errors that all
come from a semicolon."""

from __future__ import annotations

import codecs
import csv
import io
import zipfile
from dataclasses import dataclass
from pathlib import Path

from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy

from .report import RowError

CHUNK_BYTES = 1024 * 1024
HEAD_BYTES = 64 * 1024
# An XLSX is a ZIP: refuse what would unpack to more than this, or unpacks suspiciously well
# (a ZIP bomb); and sheets longer than Excel itself allows.
MAX_XLSX_UNZIPPED_BYTES = 1024 * 1024 * 1024
MAX_XLSX_RATIO = 200
XLSX_MAX_ROWS = 1_048_576
DELIMITER_NAMES = {
    ";": gettext_lazy("titik koma (;)"),
    "\t": gettext_lazy("tab"),
    "|": gettext_lazy("garis tegak (|)"),
}

SAVE_AS_UTF8 = gettext_lazy(
    'Simpan ulang sebagai UTF-8: di Excel pilih File > Save As > "CSV UTF-8 (Comma '
    'delimited)"; di LibreOffice Calc pilih File > Save As > Text CSV, centang "Edit filter '
    'settings", lalu pilih Character set "Unicode (UTF-8)" dan Field delimiter koma.'
)


class PrecheckFailed(Exception):
    def __init__(self, error: RowError):
        super().__init__(error.message)
        self.error = error


def _guess_encoding(sample: bytes) -> str | None:
    if sample.startswith((codecs.BOM_UTF16_LE, codecs.BOM_UTF16_BE)):
        return "UTF-16"
    try:
        from charset_normalizer import from_bytes

        best = from_bytes(sample).best()
    except Exception:
        return None
    if best is None:
        return None
    name = best.encoding.replace("_", "-").upper()
    return {"CP1252": "Windows-1252 (ANSI)", "LATIN-1": "ISO-8859-1"}.get(name, name)


def _encoding_error(sample: bytes, line: int | None) -> RowError:
    guess = _guess_encoding(sample)
    params = {"guess": guess, "line": line, "howto": SAVE_AS_UTF8}
    if guess and line:
        message = _(
            "Berkas tidak berenkode UTF-8 (tampaknya %(guess)s; karakter pertama yang tidak "
            "terbaca ada di baris %(line)s). %(howto)s"
        )
    elif guess:
        message = _("Berkas tidak berenkode UTF-8 (tampaknya %(guess)s). %(howto)s")
    else:
        message = _("Berkas tidak berenkode UTF-8. %(howto)s")
    return RowError(row=line, field=None, code="encoding", message=message % params, value=guess)


def check_encoding(path: Path) -> int:
    """Read the whole file once, in chunks, as UTF-8 (a BOM is fine); the size in bytes."""
    decoder = codecs.getincrementaldecoder("utf-8")()
    size = 0
    lines = 0
    with path.open("rb") as handle:
        first = True
        while chunk := handle.read(CHUNK_BYTES):
            if first and chunk.startswith((codecs.BOM_UTF16_LE, codecs.BOM_UTF16_BE)):
                raise PrecheckFailed(_encoding_error(chunk[:HEAD_BYTES], None))
            first = False
            try:
                decoder.decode(chunk)
                if b"\x00" in chunk:
                    raise UnicodeDecodeError("utf-8", chunk, chunk.index(b"\x00"), 0, "NUL")
            except UnicodeDecodeError as exc:
                line = lines + chunk.count(b"\n", 0, exc.start) + 1
                start = max(0, exc.start - HEAD_BYTES // 2)
                raise PrecheckFailed(
                    _encoding_error(chunk[start : start + HEAD_BYTES], line)
                ) from None
            lines += chunk.count(b"\n")
            size += len(chunk)
        try:
            decoder.decode(b"", final=True)
        except UnicodeDecodeError:
            raise PrecheckFailed(_encoding_error(b"", lines + 1)) from None
    return size


def empty_file_error() -> RowError:
    return RowError(
        row=None,
        field=None,
        code="empty-file",
        message=_("Berkas kosong: tidak ada baris judul kolom maupun data."),
    )


def header_only_error() -> RowError:
    return RowError(
        row=None,
        field=None,
        code="empty-file",
        message=_("Berkas hanya berisi baris judul kolom, tanpa satu pun baris data."),
    )


def read_csv_header(path: Path) -> tuple[list[str], str]:
    """The header cells of a UTF-8 CSV (the first record, BOM removed) and the delimiter
    check; raises PrecheckFailed for an empty file or a non-comma delimiter."""
    with path.open("rb") as handle:
        head = handle.read(HEAD_BYTES)
    text = head.decode("utf-8-sig", errors="replace")
    if not text.strip():
        raise PrecheckFailed(empty_file_error())
    first_line = text.splitlines()[0] if text.splitlines() else text
    header = next(csv.reader(io.StringIO(first_line)), [])
    return header, first_line


def check_delimiter(header: list[str], first_line: str, schema_names: list[str]) -> None:
    """A header read with commas that is really separated by ; or tab (Excel in an
    Indonesian locale saves CSV with semicolons)."""
    wanted = set(schema_names)
    comma_score = len({normalise_label(label) for label in header} & wanted)
    for delimiter, name in DELIMITER_NAMES.items():
        if delimiter not in first_line:
            continue
        cells = next(csv.reader(io.StringIO(first_line), delimiter=delimiter), [])
        score = len({normalise_label(cell) for cell in cells} & wanted)
        if len(cells) > len(header) and (score > comma_score or len(header) == 1):
            raise PrecheckFailed(
                RowError(
                    row=1,
                    field=None,
                    code="delimiter",
                    message=_(
                        "Pemisah kolom berkas ini adalah %(name)s, bukan koma. Simpan ulang "
                        'sebagai CSV berpemisah koma: di Excel pilih "CSV UTF-8 (Comma '
                        'delimited)"; di LibreOffice Calc centang "Edit filter settings" '
                        'lalu pilih Field delimiter ",".'
                    )
                    % {"name": name},
                    value=delimiter,
                )
            )


def normalise_label(label: object) -> str:
    """Header cells are matched to field names ignoring case and surrounding spaces."""
    return str(label if label is not None else "").replace("\ufeff", "").strip().lower()


def check_header(header: list[str], schema_names: list[str]) -> list[str]:
    """The field names in the file's column order. The order of columns may differ from
    the schema (columns are matched by name); missing, unexpected or repeated columns are
    one `header-mismatch` error listing them."""
    labels = [normalise_label(label) for label in header]
    while labels and labels[-1] == "":
        labels.pop()  # trailing empty header cells (spreadsheets often have them)
    wanted = set(schema_names)
    missing = [name for name in schema_names if name not in labels]
    unexpected = [
        header[i].strip() or _("(kosong)") for i, lab in enumerate(labels) if lab not in wanted
    ]
    repeated = sorted({label for label in labels if label and labels.count(label) > 1})
    if missing or unexpected or repeated:
        parts = []
        if missing:
            parts.append(_("kolom yang tidak ada: %(names)s") % {"names": ", ".join(missing)})
        if unexpected:
            parts.append(
                _("kolom yang tidak dikenal: %(names)s") % {"names": ", ".join(unexpected)}
            )
        if repeated:
            parts.append(_("kolom ganda: %(names)s") % {"names": ", ".join(repeated)})
        raise PrecheckFailed(
            RowError(
                row=1,
                field=None,
                code="header-mismatch",
                message=_(
                    "Judul kolom tidak sesuai standar data (%(details)s). Kolom yang diharapkan: "
                    "%(expected)s. Urutan kolom boleh berbeda; huruf besar/kecil diabaikan."
                )
                % {"details": "; ".join(parts), "expected": ", ".join(schema_names)},
                value=", ".join(str(label) for label in header),
            )
        )
    return labels


def format_error(message: str) -> RowError:
    return RowError(row=None, field=None, code="format-error", message=message)


@dataclass
class XlsxHead:
    header: list[str]
    max_row: int | None


def check_xlsx(path: Path) -> XlsxHead:
    """The ZIP container (no bomb), then the first sheet's header row and its declared size,
    read with openpyxl in read-only mode."""
    try:
        with zipfile.ZipFile(path) as archive:
            infos = archive.infolist()
    except (zipfile.BadZipFile, OSError):
        raise PrecheckFailed(
            format_error(
                _("Berkas bukan XLSX yang sah (tidak dapat dibuka sebagai buku kerja Excel).")
            )
        ) from None
    unzipped = sum(info.file_size for info in infos)
    bomb = any(
        info.file_size > 10 * 1024 * 1024
        and info.file_size > MAX_XLSX_RATIO * max(info.compress_size, 1)
        for info in infos
    )
    if unzipped > MAX_XLSX_UNZIPPED_BYTES or bomb:
        raise PrecheckFailed(
            format_error(
                _(
                    "Berkas XLSX ditolak: isinya mengembang terlalu besar saat dibuka "
                    "(%(size)d MB). Unggah data sebagai CSV."
                )
                % {"size": unzipped // (1024 * 1024)}
            )
        )
    import openpyxl

    try:
        book = openpyxl.load_workbook(path, read_only=True, data_only=True)
    except Exception:
        raise PrecheckFailed(
            format_error(_("Berkas XLSX rusak atau bukan buku kerja Excel yang sah."))
        ) from None
    try:
        if not book.worksheets:
            raise PrecheckFailed(empty_file_error())
        sheet = book.worksheets[0]
        max_row = sheet.max_row
        if max_row and max_row > XLSX_MAX_ROWS:
            raise PrecheckFailed(
                format_error(
                    _("Lembar kerja terlalu panjang (%(rows)d baris; paling banyak %(max)d).")
                    % {"rows": max_row, "max": XLSX_MAX_ROWS}
                )
            )
        first = next(sheet.iter_rows(max_row=1, values_only=True), None)
    finally:
        book.close()
    header = ["" if cell is None else str(cell) for cell in (first or ())]
    if not any(label.strip() for label in header):
        raise PrecheckFailed(empty_file_error())
    return XlsxHead(header=header, max_row=max_row)

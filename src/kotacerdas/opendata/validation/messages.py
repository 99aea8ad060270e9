"""Indonesian messages for the problems of an uploaded table, each naming the row, the
column and the value (frictionless' own messages are English and technical)."""

from __future__ import annotations

import re
from typing import Any

from django.utils.translation import gettext as _

from .report import RowError

CONSTRAINT_NOTE_RE = re.compile(r'constraint "(?P<name>\w+)" is "(?P<value>.*)"', re.S)
# Shown values are cut so that one wild cell does not fill the report.
MAX_VALUE_CHARS = 200


def type_label(field_type: str, field_format: str | None = None) -> str:
    labels = {
        "string": _("teks"),
        "integer": _("bilangan bulat (tanpa titik ribuan atau desimal, contoh 1250)"),
        "number": _("angka (desimal memakai titik, contoh 12.5)"),
        "boolean": _("nilai benar/salah (true atau false)"),
        "date": _("tanggal dengan format TTTT-BB-HH (contoh 2025-12-31)"),
        "datetime": _(
            "tanggal dan waktu dengan format TTTT-BB-HHTjj:mm:dd (contoh 2025-12-31T08:30:00)"
        ),
        "year": _("tahun empat angka (contoh 2025)"),
    }
    label = labels.get(field_type, field_type)
    if field_format and field_type in ("date", "datetime"):
        label = _("tanggal dengan format %(format)s") % {"format": field_format}
    return label


def short(value: Any) -> str | None:
    if value is None:
        return None
    text = str(value)
    return text if len(text) <= MAX_VALUE_CHARS else text[:MAX_VALUE_CHARS] + "…"


def _constraint_message(row: int, field: str, value: str | None, note: str) -> str:
    match = CONSTRAINT_NOTE_RE.match(note or "")
    name = match.group("name") if match else ""
    limit = match.group("value") if match else ""
    params = {"row": row, "field": field, "value": value, "limit": limit}
    if name == "required":
        return _("Baris %(row)s, kolom %(field)s: wajib diisi, tetapi kosong.") % params
    if name == "minimum":
        return (
            _(
                'Baris %(row)s, kolom %(field)s: nilai "%(value)s" '
                "lebih kecil dari batas bawah %(limit)s."
            )
            % params
        )
    if name == "maximum":
        return (
            _(
                'Baris %(row)s, kolom %(field)s: nilai "%(value)s" '
                "lebih besar dari batas atas %(limit)s."
            )
            % params
        )
    if name == "enum":
        return (
            _(
                'Baris %(row)s, kolom %(field)s: nilai "%(value)s" '
                "bukan salah satu pilihan yang diizinkan (%(limit)s)."
            )
            % params
        )
    if name == "pattern":
        return (
            _('Baris %(row)s, kolom %(field)s: nilai "%(value)s" tidak sesuai pola %(limit)s.')
            % params
        )
    return _('Baris %(row)s, kolom %(field)s: nilai "%(value)s" melanggar batasan %(limit)s.') % {
        **params,
        "limit": name or note,
    }


def frictionless_row_error(error: Any, field_types: dict[str, tuple[str, str | None]]) -> RowError:
    """Our RowError for a frictionless row or cell error."""
    code = error.type
    row = getattr(error, "row_number", None)
    field = getattr(error, "field_name", None)
    value = short(getattr(error, "cell", None))
    note = getattr(error, "note", "") or ""
    params = {"row": row, "field": field, "value": value}
    if code == "type-error":
        field_type, field_format = field_types.get(field, ("string", None))
        message = _('Baris %(row)s, kolom %(field)s: nilai "%(value)s" bukan %(type)s.') % {
            **params,
            "type": type_label(field_type, field_format),
        }
    elif code == "constraint-error":
        message = _constraint_message(row, field, value, note)
    elif code == "missing-cell":
        message = (
            _("Baris %(row)s: sel kolom %(field)s tidak ada (baris ini kekurangan kolom).") % params
        )
    elif code == "extra-cell":
        message = (
            _('Baris %(row)s: ada sel berlebih "%(value)s" di luar kolom yang ditentukan.') % params
        )
        field = None
    elif code == "blank-row":
        message = _("Baris %(row)s kosong; hapus baris kosong dari berkas.") % params
    elif code == "primary-key":
        message = (
            _("Baris %(row)s: kombinasi kunci utama kosong atau sudah muncul di baris lain.")
            % params
        )
    elif code == "unique-error":
        message = (
            _(
                'Baris %(row)s, kolom %(field)s: nilai "%(value)s" '
                "harus unik, tetapi sudah muncul di baris lain."
            )
            % params
        )
    else:
        message = _("Baris %(row)s: %(message)s") % {"row": row, "message": error.message}
    return RowError(row=row, field=field, code=code, message=message, value=value)


def duplicate_key(row: int, fields: list[str], values: list[Any]) -> RowError:
    shown = ", ".join(f"{name}={value}" for name, value in zip(fields, values, strict=True))
    return RowError(
        row=row,
        field=fields[0] if len(fields) == 1 else None,
        code="primary-key",
        message=_(
            "Baris %(row)s: kunci utama (%(values)s) sudah muncul di baris sebelumnya; "
            "setiap baris harus punya kunci utama yang berbeda."
        )
        % {"row": row, "values": shown},
        value=short(", ".join(str(value) for value in values)),
    )


def empty_key(row: int, fields: list[str]) -> RowError:
    return RowError(
        row=row,
        field=None,
        code="primary-key",
        message=_("Baris %(row)s: kolom kunci utama (%(fields)s) kosong semua.")
        % {"row": row, "fields": ", ".join(fields)},
    )


def duplicate_unique(row: int, field: str, value: Any) -> RowError:
    return RowError(
        row=row,
        field=field,
        code="unique-error",
        message=_(
            'Baris %(row)s, kolom %(field)s: nilai "%(value)s" harus unik, tetapi sudah '
            "muncul di baris sebelumnya."
        )
        % {"row": row, "field": field, "value": short(value)},
        value=short(value),
    )


def reference_code(row: int, field: str, value: Any, level: str) -> RowError:
    return RowError(
        row=row,
        field=field,
        code="reference-code",
        message=_(
            'Baris %(row)s, kolom %(field)s: "%(value)s" bukan kode %(level)s Kemendagri '
            "Kota Bekasi yang terdaftar (contoh kode kecamatan 32.75.01, kelurahan "
            "32.75.01.1001)."
        )
        % {"row": row, "field": field, "value": short(value), "level": level},
        value=short(value),
    )


def too_many_rows(limit: int) -> str:
    return _("Lembar kerja melebihi %(max)d baris; unggah data sebesar ini sebagai CSV.") % {
        "max": limit
    }


def unreadable(detail: str) -> str:
    return _("Berkas tidak dapat dibaca sebagai tabel (%(detail)s).") % {"detail": short(detail)}

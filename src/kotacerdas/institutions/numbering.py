"""Pure rules of outgoing letter numbers (Pasal 12: the secretariat's correspondence).

A pattern such as "{klasifikasi}/{nomor}/DKC/{tahun}" makes "005/007/DKC/2026". Placeholders:
{klasifikasi} (classification code), {nomor} (sequence of the year, zero-padded), {tahun} (year)
and {bulan_romawi} (month in Roman numerals). No database access here.
"""

from __future__ import annotations

import datetime as dt
import string

from django.core.exceptions import ValidationError
from django.utils.translation import gettext as _

PLACEHOLDERS = ("klasifikasi", "nomor", "tahun", "bulan_romawi")
ROMAN_MONTHS = ("I", "II", "III", "IV", "V", "VI", "VII", "VIII", "IX", "X", "XI", "XII")
MAX_WIDTH = 8


def roman_month(month: int) -> str:
    """1 -> "I", 12 -> "XII"."""
    if not 1 <= month <= 12:
        raise ValueError(f"month out of range: {month}")
    return ROMAN_MONTHS[month - 1]


def pattern_problems(pattern: str, width: int) -> dict[str, str]:
    """Why a numbering pattern (and its sequence width) cannot be used; empty when it can."""
    problems: dict[str, str] = {}
    try:
        parsed = [item for item in string.Formatter().parse(pattern) if item[1] is not None]
    except ValueError:
        problems["pattern"] = _(
            "Pola tidak dapat dibaca: periksa pasangan kurung kurawal { } pada pola."
        )
    else:
        names = [name for _text, name, _spec, _conv in parsed]
        unknown = sorted({name for name in names if name not in PLACEHOLDERS})
        if unknown:
            problems["pattern"] = _(
                "Pola memuat isian yang tidak dikenal: %(unknown)s. Isian yang dapat dipakai: "
                "%(known)s."
            ) % {
                "unknown": ", ".join("{" + name + "}" for name in unknown),
                "known": ", ".join("{" + name + "}" for name in PLACEHOLDERS),
            }
        elif "nomor" not in names:
            problems["pattern"] = _("Pola harus memuat {nomor} (nomor urut surat).")
        elif names.count("nomor") > 1:
            problems["pattern"] = _("Pola hanya boleh memuat satu {nomor}.")
        elif any(spec or conv for _text, _name, spec, conv in parsed):
            problems["pattern"] = _(
                "Isian pada pola ditulis tanpa format tambahan, misalnya {nomor}, bukan {nomor:03}."
            )
    if not 1 <= width <= MAX_WIDTH:
        problems["sequence_width"] = _("Lebar nomor urut harus antara 1 dan %(max)s digit.") % {
            "max": MAX_WIDTH
        }
    return problems


def require_valid_pattern(pattern: str, width: int) -> None:
    problems = pattern_problems(pattern, width)
    if problems:
        raise ValidationError({field: [message] for field, message in problems.items()})


def format_number(
    pattern: str, *, classification_code: str, sequence: int, width: int, date: dt.date
) -> str:
    """The letter number the pattern makes for this sequence of the year of `date`."""
    return pattern.format(
        klasifikasi=classification_code,
        nomor=str(sequence).zfill(width),
        tahun=date.year,
        bulan_romawi=roman_month(date.month),
    )

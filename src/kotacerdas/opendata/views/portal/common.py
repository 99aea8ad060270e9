"""Small helpers shared by the portal views (links to other areas, badges, paging)."""

from __future__ import annotations

from typing import Any

from django.urls import NoReverseMatch, reverse
from django.utils.translation import gettext_lazy as _

FRESHNESS_BADGES = {
    "fresh": "text-bg-success",
    "due": "text-bg-warning",
    "stale": "text-bg-danger",
    "never": "text-bg-secondary",
}

QUALITY_LABELS = (
    (
        "completeness",
        _("Kelengkapan"),
        _("Bagian sel wajib yang terisi (tidak kosong)."),
    ),
    (
        "conformity",
        _("Kesesuaian"),
        _("Bagian baris yang lolos validasi skema tabel dan kode referensi."),
    ),
    (
        "timeliness",
        _("Ketepatan waktu"),
        _("Apakah data diserahkan sebelum batas waktu jadwal Daftar Data."),
    ),
    (
        "uniqueness",
        _("Keunikan"),
        _("Bagian baris yang tidak ganda menurut kunci utama tabel."),
    ),
)


def optional_url(name: str, *args: Any) -> str:
    """The URL of a page another area owns, or "" when that area does not offer it."""
    try:
        return reverse(name, args=args)
    except NoReverseMatch:
        return ""


def freshness_of(dataset) -> dict[str, str]:
    from kotacerdas.opendata.rules import freshness

    code, label = freshness(dataset)
    return {"code": code, "label": label, "badge": FRESHNESS_BADGES.get(code, "text-bg-secondary")}


def quality_rows(quality: dict | None) -> list[dict[str, Any]]:
    """The four scores as percentages with a short explanation (None when not measured)."""
    quality = quality or {}
    rows = []
    for key, label, help_text in QUALITY_LABELS:
        value = quality.get(key)
        percent = None if value is None else round(float(value) * 100)
        rows.append({"key": key, "label": label, "help": help_text, "percent": percent})
    return rows


def page_numbers(current: int, last: int, *, around: int = 2) -> list[int | None]:
    """Page numbers to link: first, last and a window around the current one (None = gap)."""
    wanted = {1, last, *range(max(1, current - around), min(last, current + around) + 1)}
    numbers: list[int | None] = []
    previous = 0
    for number in sorted(wanted):
        if number - previous > 1:
            numbers.append(None)
        numbers.append(number)
        previous = number
    return numbers


def int_param(value: str | None, default: int, *, minimum: int = 1, maximum: int = 10**6) -> int:
    try:
        number = int(value or default)
    except (TypeError, ValueError):
        return default
    return min(max(number, minimum), maximum)

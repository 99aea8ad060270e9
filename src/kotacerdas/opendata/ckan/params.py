"""Reading action parameters the way CKAN's validators do (natural numbers, booleans,
JSON lists given as strings), with Indonesian messages in CKAN's error shape."""

from __future__ import annotations

import json
from typing import Any

from django.utils.translation import gettext as _

from .errors import ValidationFailed

TRUE = frozenset({"true", "yes", "on", "y", "t", "1"})


def natural(data: dict, name: str, default: int | None, *, maximum: int | None = None) -> Any:
    """CKAN's natural_number_validator (+ limit_to_configured_maximum: capped, not refused)."""
    raw = data.get(name)
    if raw is None or raw == "":
        return default
    try:
        value = int(str(raw).strip()) if not isinstance(raw, bool) else None
    except ValueError:
        value = None
    if value is None:
        raise ValidationFailed({name: [_("Bilangan bulat tidak valid")]})
    if value < 0:
        raise ValidationFailed({name: [_("Harus berupa bilangan asli (0 atau lebih)")]})
    return min(value, maximum) if maximum is not None else value


def integer(data: dict, name: str, default: int) -> int:
    raw = data.get(name)
    if raw is None or raw == "":
        return default
    try:
        return int(str(raw).strip())
    except ValueError:
        raise ValidationFailed({name: [_("Bilangan bulat tidak valid")]}) from None


def boolean(data: dict, name: str, default: bool = False) -> bool:
    raw = data.get(name)
    if raw is None or raw == "":
        return default
    if isinstance(raw, bool):
        return raw
    return str(raw).strip().lower() in TRUE


def text(data: dict, name: str, default: str = "") -> str:
    raw = data.get(name)
    if raw is None:
        return default
    if isinstance(raw, list):
        raw = raw[0] if raw else ""
    if not isinstance(raw, str | int | float):
        raise ValidationFailed({name: [_("Harus berupa teks")]})
    return str(raw)


def required(data: dict, name: str) -> str:
    value = text(data, name).strip()
    if not value:
        raise ValidationFailed({name: [_("Nilai wajib diisi")]})
    return value


def string_list(data: dict, name: str) -> list[str]:
    """A list of strings, given as a list or as a JSON list (CKAN's convert_to_json_if_string)."""
    raw = data.get(name)
    if raw is None or raw == "":
        return []
    if isinstance(raw, str):
        try:
            raw = json.loads(raw)
        except ValueError:
            raise ValidationFailed({name: [_("Harus berupa daftar JSON")]}) from None
    if not isinstance(raw, list) or not all(isinstance(item, str) for item in raw):
        raise ValidationFailed({name: [_("Harus berupa daftar teks")]})
    return raw


def json_dict(data: dict, name: str) -> dict | None:
    raw = data.get(name)
    if raw is None or raw == "":
        return None
    if isinstance(raw, str):
        try:
            raw = json.loads(raw)
        except ValueError:
            raise ValidationFailed({name: [_("Harus berupa objek JSON")]}) from None
    if not isinstance(raw, dict):
        raise ValidationFailed({name: [_("Harus berupa objek JSON")]})
    return raw

"""Small helpers shared by the meeting pages."""

from __future__ import annotations

import datetime as dt

from django.core.exceptions import ValidationError


def to_int(value, default=None):
    try:
        return int(value)
    except (TypeError, ValueError):
        return default


def to_date(value):
    try:
        return dt.date.fromisoformat((value or "").strip())
    except ValueError:
        return None


def error_dict(exc: ValidationError) -> dict:
    return exc.message_dict if hasattr(exc, "error_dict") else {"__all__": exc.messages}


def error_messages(exc: ValidationError) -> list[str]:
    return [m for messages in error_dict(exc).values() for m in messages]

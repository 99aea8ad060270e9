"""Helpers shared by the management views."""

from __future__ import annotations

from django.core.exceptions import ValidationError

PAGE_SIZE = 25


def int_or_none(value):
    try:
        return int(value)
    except (TypeError, ValueError):
        return None


def error_messages(exc: ValidationError) -> dict[str, list[str]]:
    return exc.message_dict if hasattr(exc, "error_dict") else {"__all__": exc.messages}


def add_errors(form, exc: ValidationError) -> None:
    """Put a service's ValidationError on the form (unknown fields go to the form itself)."""
    for field, messages in error_messages(exc).items():
        target = field if field in form.fields else None
        for message in messages:
            form.add_error(target, message)

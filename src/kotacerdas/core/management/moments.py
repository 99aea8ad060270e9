"""The `--now ISO` option of the periodic commands (complaints SLA sweep, sensing watchdog,
escalation, offline vehicles, forecast): one parser and one help text for all of them."""

from __future__ import annotations

import datetime as dt

from django.core.management.base import CommandError
from django.utils import timezone
from django.utils.translation import gettext as _


def add_now_argument(parser) -> None:
    parser.add_argument("--now", help=_("Waktu acuan ISO 8601 (bawaan: sekarang)."))


def parse_now(value: str | None) -> dt.datetime | None:
    """The `--now` value as an aware datetime (naive: the project's time zone), or None
    when it was not given. A value that is not ISO 8601 is a CommandError (Indonesian)."""
    if not value:
        return None
    try:
        moment = dt.datetime.fromisoformat(value)
    except ValueError as exc:
        raise CommandError(
            _("--now harus berupa waktu ISO 8601, misalnya 2026-03-02T08:00:00+07:00.")
        ) from exc
    return timezone.make_aware(moment) if timezone.is_naive(moment) else moment

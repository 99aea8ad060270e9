"""`kotacerdas tracking check-offline [--now ISO]` — marks silent vehicles offline (issue #7
item 5). Run every few minutes by `kotacerdas scheduler` (job "tracking-offline"); idempotent.
"""

from __future__ import annotations

import datetime as dt

from django.core.management.base import BaseCommand, CommandError, CommandParser
from django.utils import timezone
from django.utils.translation import gettext as _

from kotacerdas.sensing.services.tracking import tracking_check_offline


def _moment(value: str) -> dt.datetime:
    try:
        moment = dt.datetime.fromisoformat(value)
    except ValueError as exc:
        raise CommandError(
            _("--now harus berupa waktu ISO 8601, misalnya 2026-03-02T08:00:00+07:00.")
        ) from exc
    return timezone.make_aware(moment) if timezone.is_naive(moment) else moment


class Command(BaseCommand):
    help = _("Pelacakan GPS: tandai kendaraan yang tidak mengirim posisi sebagai luring.")

    def add_arguments(self, parser: CommandParser) -> None:
        sub = parser.add_subparsers(dest="action", required=True)
        check = sub.add_parser(
            "check-offline", help=_("Periksa kendaraan yang terlalu lama tanpa posisi.")
        )
        check.add_argument("--now", help=_("Waktu acuan ISO 8601 (bawaan: sekarang)."))

    def handle(self, *args, **options) -> None:
        now = _moment(options["now"]) if options.get("now") else None
        count = tracking_check_offline(now=now)
        self.stdout.write(_("Kendaraan baru luring: %(count)d.") % {"count": count})

"""`kotacerdas complaints_sla sweep [--now ISO] [--batch-size N]` — the SLA sweep of complaints.

Run every few minutes by `kotacerdas scheduler` (job "complaints-sla"); idempotent.
"""

from __future__ import annotations

import datetime as dt

from django.core.management.base import BaseCommand, CommandError, CommandParser
from django.utils import timezone
from django.utils.translation import gettext as _

from kotacerdas.complaints.services.sla import sla_sweep


def _moment(value: str) -> dt.datetime:
    try:
        moment = dt.datetime.fromisoformat(value)
    except ValueError as exc:
        raise CommandError(
            _("--now harus berupa waktu ISO 8601, misalnya 2026-03-02T08:00:00+07:00.")
        ) from exc
    if timezone.is_naive(moment):
        moment = timezone.make_aware(moment)
    return moment


class Command(BaseCommand):
    help = _("Menyapu jam SLA pengaduan: peringatan, eskalasi, tutup otomatis, tanda terlambat.")

    def add_arguments(self, parser: CommandParser) -> None:
        sub = parser.add_subparsers(dest="action", required=True)
        sweep = sub.add_parser("sweep", help=_("Jalankan satu sapuan SLA sekarang."))
        sweep.add_argument("--now", help=_("Waktu acuan ISO 8601 (bawaan: sekarang)."))
        sweep.add_argument("--batch-size", type=int, default=2000, help=_("Laporan per batch."))

    def handle(self, *args, **options) -> None:
        now = _moment(options["now"]) if options.get("now") else None
        if options["batch_size"] < 1:
            raise CommandError(_("--batch-size harus lebih dari 0."))
        result = sla_sweep(now=now, batch_size=options["batch_size"])
        self.stdout.write(
            _(
                "Sapuan SLA: %(warned)d peringatan, %(escalated)d eskalasi, "
                "%(auto_closed)d ditutup otomatis, %(overdue)d ditandai terlambat."
            )
            % {
                "warned": result.warned,
                "escalated": result.escalated,
                "auto_closed": result.auto_closed,
                "overdue": result.overdue_marked,
            }
        )

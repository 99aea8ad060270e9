"""`kotacerdas complaints_sla sweep [--now ISO] [--batch-size N]` — the SLA sweep of complaints.

Run every few minutes by `kotacerdas scheduler` (job "complaints-sla"); idempotent.
"""

from __future__ import annotations

from django.core.management.base import BaseCommand, CommandError, CommandParser
from django.utils.translation import gettext as _

from kotacerdas.complaints.services.sla import sla_sweep
from kotacerdas.core.management.moments import add_now_argument, parse_now


class Command(BaseCommand):
    help = _("Menyapu jam SLA pengaduan: peringatan, eskalasi, tutup otomatis, tanda terlambat.")

    def add_arguments(self, parser: CommandParser) -> None:
        sub = parser.add_subparsers(dest="action", required=True)
        sweep = sub.add_parser("sweep", help=_("Jalankan satu sapuan SLA sekarang."))
        add_now_argument(sweep)
        sweep.add_argument("--batch-size", type=int, default=2000, help=_("Laporan per batch."))

    def handle(self, *args, **options) -> None:
        now = parse_now(options.get("now"))
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

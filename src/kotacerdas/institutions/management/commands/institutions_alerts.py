"""`kotacerdas institutions_alerts [--date YYYY-MM-DD]`: election reminders and cadence alerts.

Run by the scheduler every few minutes; each alert reaches each user once (event keys)."""

from __future__ import annotations

import datetime as dt

from django.core.management.base import BaseCommand, CommandError
from django.utils.translation import gettext as _

from kotacerdas.institutions.services.alerts import run_alerts


class Command(BaseCommand):
    help = _("Mengirim pengingat pemilihan Dewan dan peringatan jadwal rapat komisi.")

    def add_arguments(self, parser):
        parser.add_argument(
            "--date", help=_("Tanggal acuan TTTT-BB-HH (bawaan: hari ini), untuk uji coba.")
        )

    def handle(self, *args, date: str | None = None, **options):
        today = None
        if date:
            try:
                today = dt.date.fromisoformat(date)
            except ValueError as exc:
                raise CommandError(_("Tanggal tidak valid; gunakan TTTT-BB-HH.")) from exc
        result = run_alerts(today)
        self.stdout.write(
            _("Notifikasi baru: %(election)s pemilihan, %(cadence)s jadwal rapat.")
            % {"election": result["election"], "cadence": result["cadence"]}
        )

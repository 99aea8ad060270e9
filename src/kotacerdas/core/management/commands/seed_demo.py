"""`kotacerdas seed_demo`: load the demo data ("Contoh"). Running it twice changes nothing."""

from __future__ import annotations

from django.core.management.base import BaseCommand
from django.utils.translation import gettext as _


class Command(BaseCommand):
    help = _("Memuat data contoh (demo). Aman dijalankan berulang kali.")

    def handle(self, *args, **options):
        from kotacerdas.core.demo import load_demo

        load_demo(stdout=self.stdout)
        self.stdout.write(self.style.SUCCESS(_("Data contoh dimuat.")))

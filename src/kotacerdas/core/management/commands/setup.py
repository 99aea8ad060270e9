"""`kotacerdas setup [--demo]`: everything a fresh checkout or a new release needs, idempotent."""

from __future__ import annotations

from django.conf import settings
from django.core.management import call_command, get_commands
from django.core.management.base import BaseCommand
from django.utils.translation import gettext as _


class Command(BaseCommand):
    help = _(
        "Menyiapkan basis data (migrasi dan data rujukan), tabel cache, berkas statis, "
        "dan data contoh jika diminta."
    )

    def add_arguments(self, parser):
        parser.add_argument(
            "--demo",
            action="store_true",
            help=_("Muat juga data contoh (akun dan isian demo)."),
        )

    def handle(self, *args, demo: bool = False, verbosity: int = 1, **options):
        quiet = max(verbosity - 1, 0)
        self.stdout.write(_("Migrasi basis data dan data rujukan..."))
        call_command("migrate", interactive=False, verbosity=quiet)
        call_command("createcachetable", verbosity=quiet)
        if not settings.DEBUG:
            self.stdout.write(_("Mengumpulkan berkas statis..."))
            call_command("collectstatic", interactive=False, verbosity=quiet)
        if demo:
            call_command("seed_demo", verbosity=verbosity)
        # Satu Data: store the CKAN package of datasets written before it was kept (by name:
        # core imports no other app).
        if "satudata_store_packages" in get_commands():
            call_command("satudata_store_packages", verbosity=quiet)
        self.stdout.write(self.style.SUCCESS(_("Persiapan selesai.")))

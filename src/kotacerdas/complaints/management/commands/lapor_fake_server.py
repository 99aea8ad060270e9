"""`kotacerdas lapor_fake_server [--port 8090] [--token ...] [--demo N]` — a local fake of
SP4N-LAPOR! (the README's assumed contract) for trying the adapter by hand. Point the platform at
it with KOTACERDAS_LAPOR_URL=http://127.0.0.1:8090/api/v1 and the same token. Data is in memory;
Ctrl-C or SIGTERM stops it."""

from __future__ import annotations

import signal

from django.core.management.base import BaseCommand, CommandError, CommandParser
from django.utils.translation import gettext as _

from kotacerdas.complaints.lapor.fake_server import FakeLaporServer, demo_report


class Command(BaseCommand):
    help = _("Menjalankan SP4N-LAPOR! tiruan di komputer ini (untuk uji coba).")

    def add_arguments(self, parser: CommandParser) -> None:
        parser.add_argument("--host", default="127.0.0.1")
        parser.add_argument("--port", type=int, default=8090)
        parser.add_argument("--token", default="lapor-tiruan", help=_("Token yang diterima."))
        parser.add_argument(
            "--demo", type=int, default=3, help=_("Jumlah laporan contoh di awal (bawaan: 3).")
        )

    def handle(self, *args, **options) -> None:
        if options["demo"] < 0:
            raise CommandError(_("--demo tidak boleh negatif."))
        try:
            server = FakeLaporServer(
                token=options["token"], host=options["host"], port=options["port"]
            )
        except OSError as exc:
            raise CommandError(
                _("Port %(port)s tidak dapat dipakai: %(error)s")
                % {"port": options["port"], "error": exc}
            ) from exc
        for number in range(1, options["demo"] + 1):
            server.add_report(demo_report(number))
        self.stdout.write(
            _("SP4N-LAPOR! tiruan di %(url)s (token %(token)s). Ctrl-C untuk berhenti.")
            % {"url": server.url, "token": options["token"]}
        )
        self.stdout.flush()

        def stop(signum, frame):
            raise KeyboardInterrupt

        signal.signal(signal.SIGTERM, stop)
        try:
            server.serve_forever()
        except KeyboardInterrupt:
            pass
        finally:
            server.httpd.server_close()
        self.stdout.write(_("SP4N-LAPOR! tiruan berhenti."))

"""`kotacerdas ingest`: store the Observations published on the broker named by `MQTT_URL`
(see `kotacerdas.sensing.mqtt.ingest`). Runs until SIGTERM/SIGINT, then finishes its batch."""

from __future__ import annotations

import faulthandler
import logging
import signal
import socket
import threading

from django.conf import settings
from django.core.management.base import BaseCommand, CommandError
from django.utils.translation import gettext as _

from kotacerdas.sensing.mqtt.ingest import IngestWorker

logger = logging.getLogger("kotacerdas.ingest")
STATS_EVERY = 60.0


class Command(BaseCommand):
    help = _("Menyimpan observasi sensor yang diterbitkan lewat MQTT (broker MQTT_URL).")

    def add_arguments(self, parser):
        parser.add_argument(
            "--client-id",
            default=f"kotacerdas-ingest-{socket.gethostname()}",
            help=_("ID klien MQTT tetap (sesi persisten); beda untuk tiap pekerja."),
        )
        parser.add_argument("--group", default="kotacerdas", help=_("Nama grup langganan bersama."))
        parser.add_argument(
            "--exclusive",
            action="store_true",
            help=_(
                "Langganan sendiri, bukan bersama: satu pekerja saja, tetapi tidak ada pesan "
                "yang hilang saat Mosquitto 2.0 dimulai ulang."
            ),
        )
        parser.add_argument("--batch-size", type=int, default=2000, help=_("Pesan per batch."))
        parser.add_argument(
            "--batch-wait", type=float, default=0.1, help=_("Detik menunggu batch penuh.")
        )
        parser.add_argument("--url", default="", help=_("Broker (bawaan: MQTT_URL)."))

    def handle(self, *args, client_id, group, exclusive, batch_size, batch_wait, url, **options):
        url = url or settings.MQTT_URL
        if not url:
            raise CommandError(_("MQTT_URL belum diatur; tidak ada broker untuk didengarkan."))
        if batch_size < 1 or batch_wait < 0:
            raise CommandError(_("--batch-size minimal 1 dan --batch-wait tidak negatif."))
        try:
            worker = IngestWorker(
                url,
                client_id=client_id,
                group=None if exclusive else group,
                batch_size=batch_size,
                batch_wait=batch_wait,
            )
        except ValueError as error:
            raise CommandError(str(error)) from None

        def request_stop(signum, frame):
            worker.stop()

        signal.signal(signal.SIGINT, request_stop)
        signal.signal(signal.SIGTERM, request_stop)
        faulthandler.register(signal.SIGUSR1)  # `kill -USR1 <pid>`: every thread's stack
        reporter = threading.Thread(target=self._report, args=(worker,), daemon=True)
        reporter.start()
        self.stdout.write(
            _("Mendengarkan %(url)s sebagai %(client)s.") % {"url": _safe(url), "client": client_id}
        )
        self.stdout.flush()
        worker.run()
        self.stdout.write(_("Berhenti. %(stats)s") % {"stats": worker.stats})

    def _report(self, worker: IngestWorker) -> None:
        while not worker.stopping.wait(STATS_EVERY):
            logger.info("ingest stats", extra={"stats": dict(worker.stats)})


def _safe(url: str) -> str:
    """The URL without its password."""
    if "@" not in url:
        return url
    scheme, _sep, rest = url.partition("://")
    return f"{scheme}://***@{rest.rpartition('@')[2]}"

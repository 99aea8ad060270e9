"""`kotacerdas lapor pull|push|reconcile|sync` — the SP4N-LAPOR! exchange (issue #5 item 8).

`sync` (pull, then push) is the scheduler's job "lapor-sync"; it is skipped cleanly while
KOTACERDAS_LAPOR_URL / KOTACERDAS_LAPOR_TOKEN are not set. `reconcile` lists the differences
and exits 0.
"""

from __future__ import annotations

from django.core.management.base import BaseCommand, CommandError, CommandParser
from django.utils.translation import gettext as _

from kotacerdas.complaints.lapor.adapter import (
    LaporError,
    get_adapter,
    is_configured,
    not_configured_message,
)
from kotacerdas.complaints.lapor.sync import lapor_pull, lapor_push, lapor_reconcile


class Command(BaseCommand):
    help = _(
        "Pertukaran data dengan SP4N-LAPOR!: tarik laporan, kirim tindak lanjut, rekonsiliasi."
    )

    def add_arguments(self, parser: CommandParser) -> None:
        sub = parser.add_subparsers(dest="action", required=True)
        sub.add_parser("pull", help=_("Tarik laporan baru dari SP4N-LAPOR!."))
        sub.add_parser("push", help=_("Kirim status dan tindak lanjut ke SP4N-LAPOR!."))
        sub.add_parser("reconcile", help=_("Bandingkan status di SP4N-LAPOR! dengan di sini."))
        sub.add_parser("sync", help=_("Tarik lalu kirim (tugas penjadwal)."))

    def handle(self, *args, **options) -> None:
        action = options["action"]
        if not is_configured():
            if action == "sync":
                self.stdout.write(
                    _("SP4N-LAPOR! dilewati: %(why)s") % {"why": not_configured_message()}
                )
                return
            raise CommandError(not_configured_message())
        adapter = get_adapter()
        try:
            if action in ("pull", "sync"):
                self._pull(adapter)
            if action in ("push", "sync"):
                self._push(adapter)
            if action == "reconcile":
                self._reconcile(adapter)
        except LaporError as exc:
            raise CommandError(str(exc)) from exc

    def _pull(self, adapter) -> None:
        result = lapor_pull(adapter=adapter)
        self.stdout.write(
            _(
                "Tarik SP4N-LAPOR!: %(created)d laporan baru, %(existing)d sudah ada, "
                "%(failed)d ditolak, %(fallback)d ke kategori Lainnya (kursor %(cursor)s)."
            )
            % {
                "created": result.created,
                "existing": result.existing,
                "failed": result.failed,
                "fallback": result.fallback_category,
                "cursor": result.cursor or "-",
            }
        )
        for error in result.errors:
            self.stderr.write(
                _("Ditolak %(id)s: %(message)s") % {"id": error.lapor_id, "message": error.message}
            )

    def _push(self, adapter) -> None:
        result = lapor_push(adapter=adapter)
        self.stdout.write(
            _(
                "Kirim SP4N-LAPOR!: %(queued)d baru diantrekan, %(sent)d terkirim, "
                "%(failed)d gagal (dicoba lagi nanti), %(skipped)d berhenti dicoba."
            )
            % {
                "queued": result.queued,
                "sent": result.sent,
                "failed": result.failed,
                "skipped": result.skipped,
            }
        )
        for error in result.errors:
            self.stderr.write(error)

    def _reconcile(self, adapter) -> None:
        differences = lapor_reconcile(adapter=adapter)
        for difference in differences:
            self.stdout.write(f"{difference.kind}\t{difference.describe()}")
        self.stdout.write(
            _("Rekonsiliasi SP4N-LAPOR!: %(count)d perbedaan.") % {"count": len(differences)}
        )

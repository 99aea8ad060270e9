"""`kotacerdas complaints_routing retrain|evaluate` — the routing classifier (Pasal 5d).

`retrain` trains a new model on the handled cases and makes it active (the old one stays
active when there are too few cases); `evaluate` prints the figures of the active model.
"""

from __future__ import annotations

from django.core.exceptions import ValidationError
from django.core.management.base import BaseCommand, CommandError, CommandParser
from django.utils.translation import gettext as _

from kotacerdas.complaints.routing.train import active_model, routing_retrain


class Command(BaseCommand):
    help = _("Melatih ulang atau menilai model saran Perangkat Daerah untuk laporan masyarakat.")

    def add_arguments(self, parser: CommandParser) -> None:
        sub = parser.add_subparsers(dest="action", required=True)
        sub.add_parser("retrain", help=_("Latih model baru dari laporan yang sudah selesai."))
        sub.add_parser("evaluate", help=_("Tampilkan akurasi model yang aktif."))

    def _figures(self, model) -> None:
        self.stdout.write(
            _(
                "Model rute v%(version)d (dilatih %(at)s): %(train)d laporan latih, "
                "%(holdout)d laporan uji; akurasi top-1 %(top1).1f%%, top-3 %(top3).1f%%."
            )
            % {
                "version": model.version,
                "at": model.trained_at.strftime("%Y-%m-%d %H:%M"),
                "train": model.training_cases,
                "holdout": model.holdout_cases,
                "top1": model.accuracy_top1 * 100,
                "top3": model.accuracy_top3 * 100,
            }
        )

    def handle(self, *args, **options) -> None:
        if options["action"] == "retrain":
            try:
                model, evaluation = routing_retrain(actor="complaints_routing")
            except ValidationError as exc:
                raise CommandError(" ".join(exc.messages)) from exc
            self._figures(model)
            self.stdout.write(_("Waktu latih: %(s).1f detik.") % {"s": evaluation.seconds})
            return
        model = active_model()
        if model is None:
            raise CommandError(
                _(
                    "Belum ada model rute yang aktif. "
                    "Jalankan: kotacerdas complaints_routing retrain"
                )
            )
        self._figures(model)

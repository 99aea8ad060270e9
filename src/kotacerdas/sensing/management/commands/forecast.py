"""`kotacerdas forecast fit|run` — the P2C water-level forecast (Pasal 5(d)).

`fit` fits a new model version on the stored history and prints its held-out errors next to
persistence's. `run` issues the 1-3 h forecasts for the current step; with
`--refit-after-days N` it first fits a new version when there is none or the active one is
older than N days (not enough history is reported, not a failure). The scheduler runs
`forecast run --refit-after-days 7` (job "sensing-forecast").
"""

from __future__ import annotations

from django.core.management.base import BaseCommand, CommandError, CommandParser
from django.utils.translation import gettext as _

from kotacerdas.core.management.moments import add_now_argument, parse_now
from kotacerdas.sensing.errors import SensingError
from kotacerdas.sensing.services.forecast import forecast_fit, forecast_model_due, forecast_run


class Command(BaseCommand):
    help = _("Prakiraan tinggi muka air P2C 1-3 jam ke depan: melatih model dan menerbitkan.")

    def add_arguments(self, parser: CommandParser) -> None:
        sub = parser.add_subparsers(dest="action", required=True)
        fit = sub.add_parser("fit", help=_("Latih versi model baru dari data riwayat."))
        fit.add_argument("--days", type=int, default=30, help=_("Hari data riwayat (bawaan 30)."))
        add_now_argument(fit)
        run = sub.add_parser("run", help=_("Terbitkan prakiraan untuk langkah waktu sekarang."))
        add_now_argument(run)
        run.add_argument(
            "--refit-after-days",
            type=float,
            default=None,
            help=_("Latih ulang dulu bila model aktif lebih tua dari N hari atau belum ada."),
        )
        run.add_argument("--days", type=int, default=30, help=_("Hari data riwayat untuk melatih."))

    def handle(self, *args, **options) -> None:
        now = parse_now(options.get("now"))
        if options["action"] == "fit":
            try:
                model = forecast_fit(actor="cli", days=options["days"], now=now)
            except SensingError as exc:
                raise CommandError(exc.message) from exc
            self._print_model(model)
            return
        refit = options.get("refit_after_days")
        if refit is not None and forecast_model_due(max_age_days=refit, now=now):
            try:
                self._print_model(forecast_fit(actor="system", days=options["days"], now=now))
            except SensingError as exc:
                self.stdout.write(_("Model belum dilatih: %(reason)s") % {"reason": exc.message})
        created = forecast_run(now=now)
        self.stdout.write(_("Prakiraan diterbitkan: %(count)d nilai.") % {"count": len(created)})
        for forecast in created:
            self.stdout.write(
                f"  +{forecast.horizon_minutes // 60} h  {forecast.target_time.isoformat()}  "
                f"{forecast.predicted:.1f}"
            )

    def _print_model(self, model) -> None:
        self.stdout.write(
            _("Model %(name)s versi %(version)d: latih %(t0)s-%(t1)s, uji %(e0)s-%(e1)s")
            % {
                "name": model.name,
                "version": model.version,
                "t0": model.training_start.isoformat(),
                "t1": model.training_end.isoformat(),
                "e0": model.evaluation_start.isoformat(),
                "e1": model.evaluation_end.isoformat(),
            }
        )
        self.stdout.write(_("  horizon  MAE model  RMSE model  MAE persistensi  RMSE persistensi"))
        for hours, fit in sorted(model.horizons.items(), key=lambda kv: int(kv[0])):
            self.stdout.write(
                f"  {int(hours):>3} h    {fit['mae']:9.2f}  {fit['rmse']:10.2f}  "
                f"{fit['persistence_mae']:15.2f}  {fit['persistence_rmse']:16.2f}"
            )

"""Pasal 5(d): forecast model versions and the forecasts each version issued.

A `ForecastModel` is one fitted version: its features, coefficients, the training and held-out
windows and the held-out errors next to those of persistence. It is never changed after it is
fitted (a new fit is a new version). A `Forecast` is one predicted value for one horizon, kept
with the version that made it; once the target time has passed, the observed value and the error
are filled in, so the model's errors in real use can be compared with its held-out errors.
"""

from django.conf import settings
from django.db import models
from django.utils.translation import gettext_lazy as _

from .entities import Datastream


class ForecastModel(models.Model):
    name = models.CharField(_("nama model"), max_length=100)
    version = models.PositiveIntegerField(_("versi"))
    method = models.CharField(_("metode"), max_length=100, default="arx-ridge")
    target_datastream = models.ForeignKey(
        Datastream,
        verbose_name=_("aliran data sasaran"),
        null=True,
        on_delete=models.SET_NULL,
        related_name="forecast_models",
    )
    # series name in `spec` -> Datastream id, e.g. {"p2c": 3, "cileungsi": 1, "cikeas": 2}
    input_datastreams = models.JSONField(_("aliran data masukan"), default=dict)
    spec = models.JSONField(_("fitur dan lag"), default=dict)
    # horizon hours (as text) -> coefficients, intercept and errors (see forecasting/arx.py)
    horizons = models.JSONField(_("koefisien dan galat per horizon"), default=dict)
    training_start = models.DateTimeField(_("awal data latih"))
    training_end = models.DateTimeField(_("akhir data latih"))
    evaluation_start = models.DateTimeField(_("awal data uji"))
    evaluation_end = models.DateTimeField(_("akhir data uji"))
    is_active = models.BooleanField(_("aktif"), default=True)
    created_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name=_("dibuat oleh"),
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="+",
    )
    created_at = models.DateTimeField(_("dibuat"), auto_now_add=True)

    class Meta:
        ordering = ["name", "-version"]
        verbose_name = _("versi model prakiraan")
        verbose_name_plural = _("versi model prakiraan")
        constraints = [
            models.UniqueConstraint(fields=["name", "version"], name="sensing_fcmodel_version"),
        ]

    def __str__(self) -> str:
        return f"{self.name} v{self.version}"


class Forecast(models.Model):
    model = models.ForeignKey(
        ForecastModel,
        verbose_name=_("versi model"),
        on_delete=models.PROTECT,
        related_name="forecasts",
    )
    target_datastream = models.ForeignKey(
        Datastream, on_delete=models.CASCADE, related_name="forecasts"
    )
    issued_at = models.DateTimeField(_("diterbitkan"))
    horizon_minutes = models.PositiveIntegerField(_("horizon (menit)"))
    target_time = models.DateTimeField(_("waktu sasaran"))
    predicted = models.FloatField(_("nilai prakiraan"))
    observed = models.FloatField(_("nilai teramati"), null=True, blank=True)
    error = models.FloatField(_("galat (prakiraan - teramati)"), null=True, blank=True)
    created_at = models.DateTimeField(_("dibuat"), auto_now_add=True)

    class Meta:
        ordering = ["-issued_at", "horizon_minutes"]
        verbose_name = _("prakiraan")
        verbose_name_plural = _("prakiraan")
        constraints = [
            models.UniqueConstraint(
                fields=["target_datastream", "issued_at", "horizon_minutes"],
                name="sensing_forecast_once",
            ),
        ]
        indexes = [
            models.Index(fields=["target_datastream", "-issued_at"], name="sensing_fc_ds_issued"),
            models.Index(fields=["observed", "target_time"], name="sensing_fc_pending"),
        ]

    def __str__(self) -> str:
        return f"{self.target_datastream_id} +{self.horizon_minutes} min @ {self.issued_at}"

"""Observations, and the latest state of each Datastream kept up to date on write.

A result is stored in the column that fits it (`result_number`, `result_string`, or
`result_json` for booleans, objects and lists), so that numbers compare and sort as numbers.
`dedup_key` is a 63-bit hash of what makes an observation the same one (datastream,
phenomenonTime, result, resultTime, parameters): a redelivered MQTT message or a repeated
batch meets the unique constraint and is not stored twice.
"""

from django.db import models
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from .entities import Datastream, FeatureOfInterest


class ResultKind(models.TextChoices):
    NUMBER = "number", _("angka")
    STRING = "string", _("teks")
    BOOLEAN = "boolean", _("benar/salah")
    JSON = "json", _("JSON")


class Observation(models.Model):
    datastream = models.ForeignKey(
        Datastream, on_delete=models.CASCADE, related_name="observations", db_index=False
    )
    feature_of_interest = models.ForeignKey(
        FeatureOfInterest, on_delete=models.CASCADE, related_name="observations"
    )
    phenomenon_time = models.DateTimeField(_("waktu fenomena"))
    phenomenon_time_end = models.DateTimeField(null=True, blank=True)
    result_time = models.DateTimeField(_("waktu hasil"), null=True, blank=True)
    result_number = models.FloatField(null=True, blank=True)
    result_string = models.TextField(null=True, blank=True)
    result_json = models.JSONField(null=True, blank=True)
    result_quality = models.JSONField(null=True, blank=True)
    valid_time_start = models.DateTimeField(null=True, blank=True)
    valid_time_end = models.DateTimeField(null=True, blank=True)
    parameters = models.JSONField(null=True, blank=True)
    received_at = models.DateTimeField(_("diterima"), default=timezone.now)
    dedup_key = models.BigIntegerField(null=True, blank=True)

    class Meta:
        verbose_name = _("observasi")
        verbose_name_plural = _("observasi")
        indexes = [
            models.Index(
                "datastream",
                models.F("phenomenon_time").desc(),
                models.F("id").desc(),
                name="sensing_obs_ds_time",
            ),
        ]
        constraints = [
            models.UniqueConstraint(
                fields=["datastream", "dedup_key"],
                condition=models.Q(dedup_key__isnull=False),
                name="sensing_obs_dedup",
            ),
        ]

    def __str__(self) -> str:
        return f"{self.datastream_id} @ {self.phenomenon_time.isoformat()}"


class DatastreamLatest(models.Model):
    """The newest Observation of a Datastream (by phenomenonTime), so dashboards never scan history.

    `lag_seconds` is the ingestion lag of that observation (received - phenomenon time);
    `stale_since` is set by the watchdog when the datastream falls silent.
    """

    datastream = models.OneToOneField(
        Datastream, on_delete=models.CASCADE, primary_key=True, related_name="latest"
    )
    observation_id = models.BigIntegerField(null=True, blank=True)
    phenomenon_time = models.DateTimeField(null=True, blank=True)
    result_number = models.FloatField(null=True, blank=True)
    result_string = models.TextField(null=True, blank=True)
    result_json = models.JSONField(null=True, blank=True)
    received_at = models.DateTimeField(null=True, blank=True)
    lag_seconds = models.FloatField(null=True, blank=True)
    observation_count = models.BigIntegerField(default=0)
    stale_since = models.DateTimeField(null=True, blank=True)
    updated_at = models.DateTimeField(auto_now=True)

    class Meta:
        verbose_name = _("nilai terakhir aliran data")
        verbose_name_plural = _("nilai terakhir aliran data")

    def __str__(self) -> str:
        return f"{self.datastream_id}: {self.phenomenon_time}"

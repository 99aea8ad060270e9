"""Bookkeeping of ingestion: messages that could not be stored, and gateway batches seen."""

from django.db import models
from django.utils import timezone
from django.utils.translation import gettext_lazy as _


class DeadLetter(models.Model):
    """A message that could not be turned into Observations, kept with the reason."""

    class Source(models.TextChoices):
        MQTT = "mqtt", "MQTT"
        GATEWAY = "gateway", _("gateway")
        HTTP = "http", "HTTP"

    received_at = models.DateTimeField(_("diterima"), default=timezone.now, db_index=True)
    source = models.CharField(_("sumber"), max_length=10, choices=Source.choices)
    topic = models.CharField(_("topik"), max_length=500, blank=True)
    payload = models.TextField(_("isi pesan (dipotong)"), blank=True)
    payload_size = models.PositiveIntegerField(_("ukuran isi pesan (bita)"), default=0)
    reason = models.TextField(_("alasan"))

    class Meta:
        ordering = ["-received_at", "-id"]
        verbose_name = _("pesan gagal (dead letter)")
        verbose_name_plural = _("pesan gagal (dead letter)")

    def __str__(self) -> str:
        return f"{self.topic}: {self.reason[:60]}"


class GatewayBatch(models.Model):
    """A `dataArray` batch from a field gateway, stored once per (gateway, batch id)."""

    gateway = models.CharField(_("gateway"), max_length=100)
    batch_id = models.CharField(_("id batch"), max_length=100)
    received_at = models.DateTimeField(_("diterima"), default=timezone.now)
    observation_count = models.PositiveIntegerField(_("jumlah observasi"), default=0)

    class Meta:
        verbose_name = _("batch gateway")
        verbose_name_plural = _("batch gateway")
        constraints = [
            models.UniqueConstraint(fields=["gateway", "batch_id"], name="sensing_gateway_batch")
        ]

    def __str__(self) -> str:
        return f"{self.gateway}/{self.batch_id}"

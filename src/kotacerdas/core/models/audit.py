from django.db import models
from django.utils.translation import gettext_lazy as _


class AuditEvent(models.Model):
    """One link of the tamper-evident audit chain (Pasal 27(2)b).

    `hash` is SHA-256 over the canonical JSON of every other field, `prev_hash` included,
    so changing, deleting, inserting or reordering rows breaks the chain.
    """

    seq = models.BigIntegerField(_("nomor urut"), unique=True)
    occurred_at = models.DateTimeField(_("waktu"))
    actor_id = models.BigIntegerField(_("id pelaku"), null=True, blank=True)
    actor_repr = models.CharField(_("pelaku"), max_length=200)
    action = models.CharField(_("aksi"), max_length=60)
    object_type = models.CharField(_("jenis objek"), max_length=100)
    object_id = models.CharField(_("id objek"), max_length=100, blank=True)
    object_repr = models.CharField(_("objek"), max_length=300, blank=True)
    changes = models.JSONField(_("perubahan"), default=dict, blank=True)
    prev_hash = models.CharField(max_length=64)
    hash = models.CharField(max_length=64)

    class Meta:
        ordering = ["seq"]
        verbose_name = _("peristiwa audit")
        verbose_name_plural = _("peristiwa audit")
        indexes = [
            models.Index(fields=["object_type", "object_id"]),
            models.Index(fields=["actor_id"]),
            models.Index(fields=["occurred_at"]),
        ]

    def __str__(self) -> str:
        return f"#{self.seq} {self.action} {self.object_type}:{self.object_id}"


class AuditChainHead(models.Model):
    """A single row locked by every writer: the sequence is assigned under this lock."""

    id = models.PositiveSmallIntegerField(primary_key=True, default=1)
    seq = models.BigIntegerField(default=0)
    hash = models.CharField(max_length=64)

    class Meta:
        verbose_name = _("kepala rantai audit")

    def __str__(self) -> str:
        return f"head {self.seq} {self.hash[:12]}"


class AuditCheckpoint(models.Model):
    """A signed statement "the chain had `count` events and ended in `head_hash`"."""

    created_at = models.DateTimeField(_("waktu"))
    count = models.BigIntegerField(_("jumlah peristiwa"))
    head_hash = models.CharField(max_length=64)
    key_id = models.CharField(_("sidik kunci"), max_length=64)
    signature = models.CharField(_("tanda tangan"), max_length=200)

    class Meta:
        ordering = ["count"]
        verbose_name = _("titik periksa audit")
        verbose_name_plural = _("titik periksa audit")

    def __str__(self) -> str:
        return f"checkpoint {self.count} {self.head_hash[:12]}"

from django.conf import settings
from django.db import models
from django.utils.translation import gettext_lazy as _


class NotificationLevel(models.TextChoices):
    INFO = "info", _("Informasi")
    WARNING = "warning", _("Peringatan")
    DANGER = "danger", _("Mendesak")


class EmailStatus(models.TextChoices):
    NONE = "none", _("Tidak dikirim lewat surel")
    PENDING = "pending", _("Menunggu dikirim")
    SENT = "sent", _("Terkirim")
    FAILED = "failed", _("Gagal")


class Notification(models.Model):
    """An in-app notification, e-mailed by the task worker.

    `event_key` names the event (e.g. "election-reminder-3m:term-4"); a user gets one
    notification per event key, so a job that runs every few minutes never notifies twice.
    """

    user = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.CASCADE, related_name="notifications"
    )
    event_key = models.CharField(_("kunci kejadian"), max_length=200)
    title = models.CharField(_("judul"), max_length=300)
    body = models.TextField(_("isi"), blank=True)
    url = models.CharField(_("tautan"), max_length=500, blank=True)
    level = models.CharField(
        _("tingkat"), max_length=10, choices=NotificationLevel.choices, default="info"
    )
    created_at = models.DateTimeField(auto_now_add=True)
    read_at = models.DateTimeField(_("dibaca"), null=True, blank=True)
    email_status = models.CharField(
        _("surel"), max_length=10, choices=EmailStatus.choices, default=EmailStatus.PENDING
    )
    emailed_at = models.DateTimeField(null=True, blank=True)
    email_error = models.CharField(max_length=300, blank=True)

    class Meta:
        ordering = ["-created_at", "-id"]
        verbose_name = _("notifikasi")
        verbose_name_plural = _("notifikasi")
        constraints = [
            models.UniqueConstraint(fields=["user", "event_key"], name="notification_once")
        ]
        indexes = [models.Index(fields=["user", "read_at"], name="notification_unread")]

    def __str__(self) -> str:
        return self.title

from django.conf import settings
from django.db import models
from django.utils.translation import gettext_lazy as _


class HandedTo(models.TextChoices):
    NONE = "", _("-")
    POLICE_112 = "112", _("112 (darurat terpadu)")
    AMBULANCE_119 = "119", _("119 (ambulans / kesehatan)")


class CallLog(models.Model):
    """A call to Call Center 1500444 (it may or may not become a case)."""

    agent = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="call_logs"
    )
    caller_phone = models.CharField(_("nomor penelepon"), max_length=40, blank=True)
    started_at = models.DateTimeField(_("mulai"))
    ended_at = models.DateTimeField(_("selesai"), null=True, blank=True)
    case = models.ForeignKey(
        "complaints.Case", null=True, blank=True, on_delete=models.SET_NULL, related_name="calls"
    )
    handed_to = models.CharField(
        _("dialihkan ke"), max_length=3, choices=HandedTo.choices, default="", blank=True
    )
    note = models.TextField(_("catatan"), blank=True)

    class Meta:
        ordering = ["-started_at", "-id"]
        verbose_name = _("log panggilan")
        verbose_name_plural = _("log panggilan")
        indexes = [models.Index(fields=["caller_phone"], name="call_caller_phone")]

    def __str__(self) -> str:
        return f"{self.caller_phone} {self.started_at:%Y-%m-%d %H:%M}"


class ShiftHandover(models.Model):
    """A handover note between call-center shifts (24-hour service)."""

    agent = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="+")
    at = models.DateTimeField(_("waktu"))
    note = models.TextField(_("catatan serah terima"))
    open_cases = models.JSONField(default=list, blank=True)  # tracking numbers to watch
    acknowledged_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        null=True,
        blank=True,
        on_delete=models.PROTECT,
        related_name="+",
    )
    acknowledged_at = models.DateTimeField(null=True, blank=True)

    class Meta:
        ordering = ["-at", "-id"]
        verbose_name = _("serah terima shift")
        verbose_name_plural = _("serah terima shift")

    def __str__(self) -> str:
        return f"{self.agent} {self.at:%Y-%m-%d %H:%M}"


class LaporOutbox(models.Model):
    """A status or follow-up to push to SP4N-LAPOR!, pushed once (idempotent key)."""

    case = models.ForeignKey("complaints.Case", on_delete=models.CASCADE, related_name="+")
    key = models.CharField(max_length=120, unique=True)  # e.g. "event-<CaseEvent id>"
    payload = models.JSONField()
    created_at = models.DateTimeField(auto_now_add=True)
    pushed_at = models.DateTimeField(null=True, blank=True)
    attempts = models.PositiveSmallIntegerField(default=0)
    last_error = models.CharField(max_length=300, blank=True)

    class Meta:
        ordering = ["created_at", "id"]
        verbose_name = _("antrean kirim SP4N-LAPOR!")
        verbose_name_plural = _("antrean kirim SP4N-LAPOR!")

    def __str__(self) -> str:
        return self.key


class LaporPullState(models.Model):
    """Where the last pull from SP4N-LAPOR! stopped (a single row)."""

    cursor = models.CharField(max_length=200, blank=True)
    last_pulled_at = models.DateTimeField(null=True, blank=True)
    last_error = models.CharField(max_length=300, blank=True)

    def __str__(self) -> str:
        return self.cursor or "-"


class RoutingModel(models.Model):
    """A trained routing classifier (Pasal 5d): TF-IDF + linear model, stored as bytes."""

    version = models.PositiveIntegerField(unique=True)
    trained_at = models.DateTimeField()
    training_cases = models.PositiveIntegerField()
    holdout_cases = models.PositiveIntegerField()
    accuracy_top1 = models.FloatField()
    accuracy_top3 = models.FloatField()
    blob = models.BinaryField()
    is_active = models.BooleanField(default=False)

    class Meta:
        ordering = ["-version"]
        verbose_name = _("model rute laporan")
        verbose_name_plural = _("model rute laporan")

    def __str__(self) -> str:
        return f"v{self.version}"

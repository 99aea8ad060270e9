from django.db import models
from django.utils.translation import gettext_lazy as _


class RecommendationSource(models.TextChoices):
    COUNCIL = "council", _("Dewan Kota Cerdas")
    TEAM = "team", _("Tim Pelaksana")


class RecommendationStatus(models.TextChoices):
    OPEN = "open", _("Terbuka")
    IN_PROGRESS = "in_progress", _("Ditindaklanjuti")
    DONE = "done", _("Selesai")
    DROPPED = "dropped", _("Dibatalkan")


class Recommendation(models.Model):
    """Pasal 9(2)b-d, 13c: a recommendation from an evaluation, followed up by its owner."""

    source = models.CharField(
        _("diajukan oleh"), max_length=10, choices=RecommendationSource.choices
    )
    title = models.CharField(_("judul"), max_length=300)
    description = models.TextField(_("uraian"), blank=True)
    year = models.PositiveSmallIntegerField(_("siklus (tahun)"))
    quarter = models.PositiveSmallIntegerField(_("triwulan"), null=True, blank=True)
    dimension = models.ForeignKey(
        "masterplan.Dimension", null=True, blank=True, on_delete=models.PROTECT, related_name="+"
    )
    activity = models.ForeignKey(
        "masterplan.Activity",
        null=True,
        blank=True,
        on_delete=models.PROTECT,
        related_name="recommendations",
    )
    owner_agency = models.ForeignKey(
        "core.Agency",
        null=True,
        blank=True,
        on_delete=models.PROTECT,
        related_name="recommendations",
    )
    owner_team = models.CharField(_("tim penanggung jawab"), max_length=200, blank=True)
    due_date = models.DateField(_("tenggat"))
    status = models.CharField(
        _("status"),
        max_length=12,
        choices=RecommendationStatus.choices,
        default=RecommendationStatus.OPEN,
    )
    carried_from = models.ForeignKey(
        "self", null=True, blank=True, on_delete=models.PROTECT, related_name="carried_to"
    )
    created_by = models.ForeignKey(
        "core.User", null=True, on_delete=models.PROTECT, related_name="+"
    )
    is_demo = models.BooleanField(_("data contoh"), default=False)
    created_at = models.DateTimeField(auto_now_add=True)
    updated_at = models.DateTimeField(auto_now=True)

    class Meta:
        ordering = ["due_date", "id"]
        verbose_name = _("rekomendasi")
        verbose_name_plural = _("rekomendasi")

    def __str__(self) -> str:
        return self.title


class FollowUp(models.Model):
    recommendation = models.ForeignKey(
        Recommendation, on_delete=models.CASCADE, related_name="follow_ups"
    )
    date = models.DateField(_("tanggal"))
    note = models.TextField(_("tindak lanjut"))
    progress = models.PositiveSmallIntegerField(_("kemajuan (%)"), default=0)
    created_by = models.ForeignKey(
        "core.User", null=True, on_delete=models.PROTECT, related_name="+"
    )
    created_at = models.DateTimeField(auto_now_add=True)

    class Meta:
        ordering = ["date", "id"]
        verbose_name = _("tindak lanjut")
        verbose_name_plural = _("tindak lanjut")

    def __str__(self) -> str:
        return f"{self.recommendation_id} {self.date}"

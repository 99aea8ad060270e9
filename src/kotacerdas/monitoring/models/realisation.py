from django.core.validators import MaxValueValidator, MinValueValidator
from django.db import models
from django.utils.translation import gettext_lazy as _


class ReportingPeriod(models.Model):
    """A quarter of a year. Locked periods accept no more changes; the reason is shown."""

    year = models.PositiveSmallIntegerField(_("tahun"))
    quarter = models.PositiveSmallIntegerField(
        _("triwulan"), validators=[MinValueValidator(1), MaxValueValidator(4)]
    )
    opens_on = models.DateField(_("dibuka"), null=True, blank=True)
    closes_on = models.DateField(_("batas pengisian"), null=True, blank=True)
    is_locked = models.BooleanField(_("dikunci"), default=False)
    lock_reason = models.CharField(_("alasan penguncian"), max_length=300, blank=True)

    class Meta:
        ordering = ["year", "quarter"]
        verbose_name = _("periode pelaporan")
        verbose_name_plural = _("periode pelaporan")
        constraints = [
            models.UniqueConstraint(fields=["year", "quarter"], name="period_unique_quarter")
        ]

    def __str__(self) -> str:
        return f"TW {self.quarter} {self.year}"


class RealisationStatus(models.TextChoices):
    DRAFT = "draft", _("Draf")
    SUBMITTED = "submitted", _("Diajukan")
    RETURNED = "returned", _("Dikembalikan")
    VERIFIED = "verified", _("Diverifikasi")
    LOCKED = "locked", _("Dikunci")


class Realisation(models.Model):
    """An activity's realisation for one quarter (Issue 3, item 5)."""

    activity = models.ForeignKey(
        "masterplan.Activity", on_delete=models.PROTECT, related_name="realisations"
    )
    period = models.ForeignKey(
        ReportingPeriod, on_delete=models.PROTECT, related_name="realisations"
    )
    physical_progress = models.DecimalField(
        _("progres fisik (%)"),
        max_digits=5,
        decimal_places=2,
        null=True,
        blank=True,
        validators=[MinValueValidator(0), MaxValueValidator(100)],
    )
    budget_realised = models.DecimalField(
        _("realisasi anggaran (Rp)"),
        max_digits=18,
        decimal_places=2,
        null=True,
        blank=True,
        validators=[MinValueValidator(0)],
    )
    problems = models.TextField(_("permasalahan"), blank=True)
    driving_factors = models.TextField(_("faktor pendorong"), blank=True)
    inhibiting_factors = models.TextField(_("faktor penghambat"), blank=True)
    follow_up_plan = models.TextField(_("rencana tindak lanjut"), blank=True)
    status = models.CharField(
        _("status"),
        max_length=12,
        choices=RealisationStatus.choices,
        default=RealisationStatus.DRAFT,
    )
    return_reason = models.TextField(_("alasan dikembalikan"), blank=True)
    # Optimistic lock: every save bumps it; a save carrying an old version is refused.
    version = models.PositiveIntegerField(default=1)
    submitted_at = models.DateTimeField(null=True, blank=True)
    submitted_by = models.ForeignKey(
        "core.User", null=True, blank=True, on_delete=models.PROTECT, related_name="+"
    )
    verified_at = models.DateTimeField(null=True, blank=True)
    verified_by = models.ForeignKey(
        "core.User", null=True, blank=True, on_delete=models.PROTECT, related_name="+"
    )
    is_demo = models.BooleanField(_("data contoh"), default=False)
    created_at = models.DateTimeField(auto_now_add=True)
    updated_at = models.DateTimeField(auto_now=True)

    class Meta:
        ordering = ["period", "activity"]
        verbose_name = _("realisasi")
        verbose_name_plural = _("realisasi")
        constraints = [
            models.UniqueConstraint(fields=["activity", "period"], name="realisation_unique"),
            models.CheckConstraint(
                condition=models.Q(physical_progress__gte=0, physical_progress__lte=100)
                | models.Q(physical_progress__isnull=True),
                name="realisation_progress_range",
            ),
            models.CheckConstraint(
                condition=models.Q(budget_realised__gte=0) | models.Q(budget_realised__isnull=True),
                name="realisation_budget_not_negative",
            ),
        ]

    def __str__(self) -> str:
        return f"{self.activity_id} {self.period}"


class IndicatorValue(models.Model):
    realisation = models.ForeignKey(
        Realisation, on_delete=models.CASCADE, related_name="indicator_values"
    )
    indicator = models.ForeignKey(
        "masterplan.Indicator", on_delete=models.PROTECT, related_name="values"
    )
    value = models.DecimalField(_("nilai"), max_digits=18, decimal_places=4)

    class Meta:
        constraints = [
            models.UniqueConstraint(
                fields=["realisation", "indicator"], name="indicator_value_unique"
            )
        ]

    def __str__(self) -> str:
        return f"{self.indicator_id}={self.value}"


class Evidence(models.Model):
    """An evidence file; its SHA-256 is kept (Pasal 27(2)b integrity)."""

    realisation = models.ForeignKey(Realisation, on_delete=models.CASCADE, related_name="evidence")
    file = models.FileField(_("berkas"), upload_to="monitoring/evidence/%Y/")
    original_name = models.CharField(_("nama berkas"), max_length=255)
    content_type = models.CharField(max_length=100)
    size = models.PositiveBigIntegerField()
    sha256 = models.CharField(max_length=64)
    uploaded_by = models.ForeignKey(
        "core.User", null=True, on_delete=models.PROTECT, related_name="+"
    )
    uploaded_at = models.DateTimeField(auto_now_add=True)

    class Meta:
        ordering = ["uploaded_at"]
        verbose_name = _("bukti dukung")
        verbose_name_plural = _("bukti dukung")

    def __str__(self) -> str:
        return self.original_name

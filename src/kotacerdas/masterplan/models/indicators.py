from django.db import models
from django.utils.translation import gettext_lazy as _


class IndicatorLevel(models.TextChoices):
    INPUT = "input", _("Masukan (input)")
    OUTPUT = "output", _("Keluaran (output)")
    OUTCOME = "outcome", _("Hasil (outcome)")
    IMPACT = "impact", _("Dampak (impact)")


class IndicatorDirection(models.TextChoices):
    HIGHER = "higher", _("Makin tinggi makin baik")
    LOWER = "lower", _("Makin rendah makin baik")


class IndicatorAggregation(models.TextChoices):
    CUMULATIVE = "cumulative", _("Kumulatif")
    INCREMENTAL = "incremental", _("Penambahan per periode")
    LAST = "last", _("Nilai terakhir")


class IndicatorFrequency(models.TextChoices):
    QUARTER = "quarter", _("Triwulan")
    SEMESTER = "semester", _("Semester")
    YEAR = "year", _("Tahun")


class Indicator(models.Model):
    """A performance indicator of an activity (or program / priority program)."""

    code = models.CharField(_("kode"), max_length=40, unique=True)
    name = models.CharField(_("nama"), max_length=300)
    definition = models.TextField(_("definisi"), blank=True)
    level = models.CharField(_("tingkat"), max_length=10, choices=IndicatorLevel.choices)
    unit = models.CharField(_("satuan"), max_length=40)
    # Units such as "%" of a whole cannot pass 100 (Issue 3, bad input).
    max_value = models.DecimalField(
        _("nilai maksimum"), max_digits=18, decimal_places=4, null=True, blank=True
    )
    direction = models.CharField(
        _("arah"),
        max_length=10,
        choices=IndicatorDirection.choices,
        default=IndicatorDirection.HIGHER,
    )
    aggregation = models.CharField(
        _("agregasi"),
        max_length=12,
        choices=IndicatorAggregation.choices,
        default=IndicatorAggregation.LAST,
    )
    frequency = models.CharField(
        _("frekuensi"),
        max_length=10,
        choices=IndicatorFrequency.choices,
        default=IndicatorFrequency.QUARTER,
    )
    baseline_value = models.DecimalField(
        _("nilai dasar"), max_digits=18, decimal_places=4, null=True, blank=True
    )
    baseline_year = models.PositiveSmallIntegerField(_("tahun dasar"), null=True, blank=True)
    data_source = models.CharField(_("sumber data"), max_length=300, blank=True)
    verification_means = models.CharField(_("cara verifikasi"), max_length=300, blank=True)
    iso37122_code = models.CharField(_("kode ISO 37122"), max_length=20, blank=True)
    sdg_code = models.CharField(_("kode SDG"), max_length=20, blank=True)
    activity = models.ForeignKey(
        "masterplan.Activity",
        null=True,
        blank=True,
        on_delete=models.CASCADE,
        related_name="indicators",
    )
    program = models.ForeignKey(
        "masterplan.Program",
        null=True,
        blank=True,
        on_delete=models.CASCADE,
        related_name="indicators",
    )
    priority_program = models.ForeignKey(
        "masterplan.PriorityProgram",
        null=True,
        blank=True,
        on_delete=models.CASCADE,
        related_name="indicators",
    )
    is_demo = models.BooleanField(_("data contoh"), default=False)

    class Meta:
        ordering = ["code"]
        verbose_name = _("indikator")
        verbose_name_plural = _("indikator")

    def __str__(self) -> str:
        return f"{self.code} {self.name}"


class IndicatorTarget(models.Model):
    indicator = models.ForeignKey(Indicator, on_delete=models.CASCADE, related_name="targets")
    year = models.PositiveSmallIntegerField(_("tahun"))
    value = models.DecimalField(_("target"), max_digits=18, decimal_places=4)

    class Meta:
        ordering = ["indicator", "year"]
        verbose_name = _("target indikator")
        verbose_name_plural = _("target indikator")
        constraints = [
            models.UniqueConstraint(fields=["indicator", "year"], name="target_unique_year")
        ]

    def __str__(self) -> str:
        return f"{self.indicator_id} {self.year}: {self.value}"

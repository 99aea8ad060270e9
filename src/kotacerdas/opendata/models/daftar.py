"""Daftar Data (Pasal 28): what each producer must deliver, and what they delivered."""

from django.conf import settings
from django.db import models
from django.urls import reverse
from django.utils.translation import gettext_lazy as _

from .catalogue import Frequency


class DataListEntry(models.Model):
    """One line of a producer's yearly Daftar Data: a dataset with its schedule and schema.

    `table_schema` is a frictionless Table Schema descriptor. A field may name reference codes
    with `"kotacerdas:reference": "kecamatan" | "kelurahan"`: its values must be Kemendagri
    codes of that level in `core.Region` (exported as a foreign key in the schema).
    """

    agency = models.ForeignKey(
        "core.Agency",
        verbose_name=_("produsen data"),
        on_delete=models.PROTECT,
        related_name="data_list_entries",
    )
    year = models.PositiveSmallIntegerField(_("tahun"))
    title = models.CharField(_("nama data"), max_length=300)
    description = models.TextField(_("deskripsi"), blank=True)
    topic = models.ForeignKey(
        "opendata.Topic",
        verbose_name=_("topik"),
        null=True,
        blank=True,
        on_delete=models.PROTECT,
        related_name="data_list_entries",
    )
    frequency = models.CharField(
        _("frekuensi"), max_length=12, choices=Frequency.choices, default=Frequency.ANNUAL
    )
    # Days after a period ends by which its data is due (e.g. 30: January's data by 2 March).
    due_days = models.PositiveSmallIntegerField(_("batas hari setelah periode"), default=30)
    unit = models.CharField(_("satuan"), max_length=80, blank=True)
    table_schema = models.JSONField(_("skema tabel"), default=dict, blank=True)
    priority = models.BooleanField(_("data prioritas"), default=False)
    dataset = models.ForeignKey(
        "opendata.Dataset",
        verbose_name=_("dataset"),
        null=True,
        blank=True,
        on_delete=models.PROTECT,
        related_name="data_list_entries",
    )
    created_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.SET_NULL, related_name="+"
    )
    is_demo = models.BooleanField(_("data contoh"), default=False)
    created_at = models.DateTimeField(auto_now_add=True)
    updated_at = models.DateTimeField(auto_now=True)

    class Meta:
        ordering = ["agency", "-year", "title"]
        verbose_name = _("entri Daftar Data")
        verbose_name_plural = _("Daftar Data")
        constraints = [
            models.UniqueConstraint(
                fields=["agency", "year", "title"], name="data_list_entry_unique_title"
            )
        ]

    def __str__(self) -> str:
        return f"{self.title} ({self.year})"

    def get_absolute_url(self) -> str:
        return reverse("opendata:entry_detail", args=[self.pk])


class SubmissionStatus(models.TextChoices):
    """validating -> invalid | submitted -> checked -> published; submitted/checked -> returned."""

    VALIDATING = "validating", _("Sedang divalidasi")
    INVALID = "invalid", _("Tidak valid")
    SUBMITTED = "submitted", _("Dikirim")
    CHECKED = "checked", _("Diperiksa")
    RETURNED = "returned", _("Dikembalikan")
    PUBLISHED = "published", _("Diterbitkan")


class Submission(models.Model):
    """A file a producer hands in for a Daftar Data entry and period (or, through the CKAN
    API, for a dataset directly). Its data is loaded into a datastore table of a resource
    that no release contains until the walidata publishes it."""

    entry = models.ForeignKey(
        DataListEntry,
        verbose_name=_("entri Daftar Data"),
        null=True,
        blank=True,
        on_delete=models.PROTECT,
        related_name="submissions",
    )
    dataset = models.ForeignKey(
        "opendata.Dataset",
        verbose_name=_("dataset"),
        null=True,
        blank=True,
        on_delete=models.PROTECT,
        related_name="submissions",
    )
    agency = models.ForeignKey(
        "core.Agency", verbose_name=_("produsen data"), on_delete=models.PROTECT, related_name="+"
    )
    period_label = models.CharField(_("periode"), max_length=20, blank=True)  # 2025, 2025-S1, ...
    period_start = models.DateField(_("awal periode"), null=True, blank=True)
    period_end = models.DateField(_("akhir periode"), null=True, blank=True)
    due_date = models.DateField(_("batas waktu"), null=True, blank=True)
    resource = models.ForeignKey(
        "opendata.Resource",
        verbose_name=_("sumber daya"),
        null=True,
        blank=True,
        on_delete=models.PROTECT,
        related_name="submissions",
    )
    status = models.CharField(
        _("status"),
        max_length=12,
        choices=SubmissionStatus.choices,
        default=SubmissionStatus.VALIDATING,
    )
    validation_report = models.JSONField(_("laporan validasi"), default=dict, blank=True)
    error_count = models.PositiveIntegerField(default=0)
    progress = models.PositiveSmallIntegerField(default=0)  # percent of the validation/load
    notes = models.TextField(_("catatan produsen"), blank=True)
    review_notes = models.TextField(_("catatan walidata"), blank=True)
    submitted_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, on_delete=models.SET_NULL, related_name="+"
    )
    submitted_at = models.DateTimeField(_("dikirim"))
    checked_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.SET_NULL, related_name="+"
    )
    checked_at = models.DateTimeField(_("diperiksa"), null=True, blank=True)
    returned_at = models.DateTimeField(_("dikembalikan"), null=True, blank=True)
    published_at = models.DateTimeField(_("diterbitkan"), null=True, blank=True)
    is_demo = models.BooleanField(_("data contoh"), default=False)

    class Meta:
        ordering = ["-submitted_at", "-id"]
        verbose_name = _("kiriman data")
        verbose_name_plural = _("kiriman data")
        indexes = [
            models.Index(fields=["entry", "period_label"], name="submission_entry_period"),
            models.Index(fields=["status"], name="submission_status"),
            models.Index(fields=["agency", "status"], name="submission_agency_status"),
        ]
        constraints = [
            models.CheckConstraint(
                condition=models.Q(entry__isnull=False) | models.Q(dataset__isnull=False),
                name="submission_has_target",
            )
        ]

    def __str__(self) -> str:
        target = self.entry or self.dataset
        return f"{target} {self.period_label}".strip()

    def get_absolute_url(self) -> str:
        return reverse("opendata:submission_detail", args=[self.pk])

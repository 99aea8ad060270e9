from django.db import models
from django.utils.translation import gettext_lazy as _


class ReportKind(models.TextChoices):
    SEMESTER = "semester", _("Laporan semester")
    ANNUAL = "annual", _("Laporan tahunan")
    ADHOC = "adhoc", _("Laporan sewaktu-waktu")


class ReportStatus(models.TextChoices):
    QUEUED = "queued", _("Menunggu")
    RUNNING = "running", _("Sedang dibuat")
    DONE = "done", _("Selesai")
    FAILED = "failed", _("Gagal")


class PeriodicReport(models.Model):
    """Pasal 15(3)-(4), 29: a report to the Wali Kota with copies to agency heads."""

    kind = models.CharField(_("jenis"), max_length=10, choices=ReportKind.choices)
    year = models.PositiveSmallIntegerField(_("tahun"))
    semester = models.PositiveSmallIntegerField(_("semester"), null=True, blank=True)
    period_start = models.DateField(_("awal periode"))
    period_end = models.DateField(_("akhir periode"))
    title = models.CharField(_("judul"), max_length=300)
    status = models.CharField(
        _("status"), max_length=10, choices=ReportStatus.choices, default=ReportStatus.QUEUED
    )
    progress = models.PositiveSmallIntegerField(_("kemajuan (%)"), default=0)
    progress_note = models.CharField(max_length=200, blank=True)
    error = models.TextField(blank=True)
    pdf_file = models.FileField(upload_to="monitoring/reports/", blank=True)
    pdf_sha256 = models.CharField(max_length=64, blank=True)
    docx_file = models.FileField(upload_to="monitoring/reports/", blank=True)
    docx_sha256 = models.CharField(max_length=64, blank=True)
    # Snapshot of who the report is copied to (agency ids and names), computed at generation.
    copies = models.JSONField(_("tembusan"), default=list, blank=True)
    requested_by = models.ForeignKey(
        "core.User", null=True, on_delete=models.PROTECT, related_name="+"
    )
    requested_at = models.DateTimeField(auto_now_add=True)
    generated_at = models.DateTimeField(null=True, blank=True)

    class Meta:
        ordering = ["-requested_at"]
        verbose_name = _("laporan berkala")
        verbose_name_plural = _("laporan berkala")

    def __str__(self) -> str:
        return self.title


class ReportDistribution(models.Model):
    """Who received a report, and when."""

    report = models.ForeignKey(
        PeriodicReport, on_delete=models.CASCADE, related_name="distributions"
    )
    recipient = models.CharField(_("penerima"), max_length=200)
    agency = models.ForeignKey(
        "core.Agency", null=True, blank=True, on_delete=models.PROTECT, related_name="+"
    )
    channel = models.CharField(_("cara kirim"), max_length=50, blank=True)
    sent_at = models.DateTimeField(_("dikirim"))
    received_at = models.DateTimeField(_("diterima"), null=True, blank=True)
    recorded_by = models.ForeignKey(
        "core.User", null=True, on_delete=models.PROTECT, related_name="+"
    )

    class Meta:
        ordering = ["sent_at"]
        verbose_name = _("distribusi laporan")
        verbose_name_plural = _("distribusi laporan")

    def __str__(self) -> str:
        return f"{self.report_id} -> {self.recipient}"

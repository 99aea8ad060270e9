from django.conf import settings
from django.db import models
from django.utils.translation import gettext_lazy as _


class LetterDirection(models.TextChoices):
    INCOMING = "in", _("Surat masuk")
    OUTGOING = "out", _("Surat keluar")


class NumberingScheme(models.Model):
    """How outgoing letter numbers are made, e.g. "{klasifikasi}/{nomor}/DKC/{tahun}".

    Placeholders: {klasifikasi} (classification code), {nomor} (sequence, reset every year),
    {tahun} (year), {bulan_romawi} (month in Roman numerals). One scheme is active at a time.
    """

    name = models.CharField(_("nama"), max_length=100)
    pattern = models.CharField(_("pola"), max_length=200)
    sequence_width = models.PositiveSmallIntegerField(_("lebar nomor urut"), default=3)
    is_active = models.BooleanField(_("aktif"), default=True)
    created_at = models.DateTimeField(auto_now_add=True)

    class Meta:
        ordering = ["-is_active", "name"]
        verbose_name = _("pola penomoran surat")
        verbose_name_plural = _("pola penomoran surat")

    def __str__(self) -> str:
        return f"{self.name} ({self.pattern})"


class LetterClassification(models.Model):
    """A classification code of the records schedule (e.g. 005 Undangan)."""

    code = models.CharField(_("kode"), max_length=20, unique=True)
    name = models.CharField(_("nama"), max_length=200)

    class Meta:
        ordering = ["code"]
        verbose_name = _("klasifikasi surat")
        verbose_name_plural = _("klasifikasi surat")

    def __str__(self) -> str:
        return f"{self.code} {self.name}"


class Letter(models.Model):
    """The secretariat's correspondence register (Pasal 12)."""

    direction = models.CharField(_("arah"), max_length=3, choices=LetterDirection.choices)
    number = models.CharField(_("nomor"), max_length=120)
    # Outgoing letters: the sequence of `year` the number was made from (unique per year).
    sequence = models.PositiveIntegerField(null=True, blank=True)
    year = models.PositiveSmallIntegerField(_("tahun"))
    date = models.DateField(_("tanggal"))
    classification = models.ForeignKey(
        LetterClassification,
        verbose_name=_("klasifikasi"),
        on_delete=models.PROTECT,
        related_name="letters",
    )
    subject = models.CharField(_("perihal"), max_length=500)
    sender = models.CharField(_("pengirim"), max_length=300)
    recipient = models.CharField(_("penerima"), max_length=500)
    summary = models.TextField(_("ringkasan"), blank=True)
    received_at = models.DateField(_("tanggal diterima"), null=True, blank=True)
    registered_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, on_delete=models.PROTECT, related_name="+"
    )
    is_demo = models.BooleanField(_("data contoh"), default=False)
    created_at = models.DateTimeField(auto_now_add=True)
    updated_at = models.DateTimeField(auto_now=True)

    class Meta:
        ordering = ["-date", "-id"]
        verbose_name = _("surat")
        verbose_name_plural = _("surat")
        constraints = [
            models.UniqueConstraint(fields=["direction", "number"], name="letter_number_unique"),
            models.UniqueConstraint(
                fields=["direction", "year", "sequence"], name="letter_sequence_unique"
            ),
        ]

    def __str__(self) -> str:
        return f"{self.number} — {self.subject}"


class LetterAttachment(models.Model):
    letter = models.ForeignKey(Letter, on_delete=models.CASCADE, related_name="attachments")
    title = models.CharField(_("judul"), max_length=300)
    file = models.FileField(_("berkas"), upload_to="institutions/letters/")
    sha256 = models.CharField(max_length=64)
    size = models.PositiveBigIntegerField()
    content_type = models.CharField(max_length=100)
    uploaded_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, on_delete=models.PROTECT, related_name="+"
    )
    uploaded_at = models.DateTimeField(auto_now_add=True)

    class Meta:
        ordering = ["letter", "uploaded_at", "id"]
        verbose_name = _("lampiran surat")
        verbose_name_plural = _("lampiran surat")

    def __str__(self) -> str:
        return self.title


class Body(models.TextChoices):
    COUNCIL = "council", _("Dewan Kota Cerdas")
    SECRETARIAT = "secretariat", _("Sekretariat Dewan")
    TEAM = "team", _("Tim Pelaksana")


class FundingSource(models.TextChoices):
    APBD = "apbd", _("APBD Kota Bekasi")
    OTHER = "other", _("Sumber lain yang sah")


class BudgetLine(models.Model):
    """A budget line of the council or the team for a year (Pasal 30)."""

    year = models.PositiveSmallIntegerField(_("tahun"))
    body = models.CharField(_("untuk"), max_length=12, choices=Body.choices)
    source = models.CharField(_("sumber dana"), max_length=8, choices=FundingSource.choices)
    source_detail = models.CharField(_("keterangan sumber"), max_length=200, blank=True)
    name = models.CharField(_("uraian"), max_length=300)
    amount = models.DecimalField(_("pagu (Rp)"), max_digits=16, decimal_places=2)
    is_demo = models.BooleanField(_("data contoh"), default=False)
    created_at = models.DateTimeField(auto_now_add=True)

    class Meta:
        ordering = ["-year", "body", "name"]
        verbose_name = _("mata anggaran")
        verbose_name_plural = _("mata anggaran")

    def __str__(self) -> str:
        return f"{self.year} {self.name}"


class BudgetSpending(models.Model):
    line = models.ForeignKey(BudgetLine, on_delete=models.PROTECT, related_name="spendings")
    date = models.DateField(_("tanggal"))
    amount = models.DecimalField(_("realisasi (Rp)"), max_digits=16, decimal_places=2)
    description = models.CharField(_("uraian"), max_length=300)
    recorded_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, on_delete=models.PROTECT, related_name="+"
    )
    is_demo = models.BooleanField(_("data contoh"), default=False)
    created_at = models.DateTimeField(auto_now_add=True)

    class Meta:
        ordering = ["line", "date", "id"]
        verbose_name = _("realisasi anggaran")
        verbose_name_plural = _("realisasi anggaran")

    def __str__(self) -> str:
        return f"{self.date} {self.description}"


class BodyReportKind(models.TextChoices):
    COUNCIL = "council", _("Laporan Dewan kepada Wali Kota")
    SECRETARIAT = "secretariat", _("Laporan pertanggungjawaban Sekretariat kepada Ketua Dewan")
    TEAM = "team", _("Laporan Tim Pelaksana kepada Wali Kota melalui Dewan")


class BodyReport(models.Model):
    """A report of the council, the secretariat or the team, and where it went (`routing`)."""

    kind = models.CharField(_("jenis"), max_length=12, choices=BodyReportKind.choices)
    title = models.CharField(_("judul"), max_length=300)
    period_start = models.DateField(_("awal periode"))
    period_end = models.DateField(_("akhir periode"))
    summary = models.TextField(_("ringkasan"), blank=True)
    file = models.FileField(_("berkas"), upload_to="institutions/reports/", blank=True)
    file_sha256 = models.CharField(max_length=64, blank=True)
    monitoring_report_id = models.BigIntegerField(
        _("laporan berkala monev"), null=True, blank=True
    )  # a monitoring.PeriodicReport the secretariat facilitated
    created_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, on_delete=models.PROTECT, related_name="+"
    )
    is_demo = models.BooleanField(_("data contoh"), default=False)
    created_at = models.DateTimeField(auto_now_add=True)
    updated_at = models.DateTimeField(auto_now=True)

    class Meta:
        ordering = ["-period_end", "-id"]
        verbose_name = _("laporan kelembagaan")
        verbose_name_plural = _("laporan kelembagaan")

    def __str__(self) -> str:
        return self.title


class RoutingStop(models.TextChoices):
    SECRETARIAT = "secretariat", _("Sekretariat Dewan")
    COUNCIL_CHAIR = "council_chair", _("Ketua Dewan")
    COUNCIL = "council", _("Dewan Kota Cerdas")
    MAYOR = "mayor", _("Wali Kota")


class ReportRouting(models.Model):
    """One hop of a report: handed to `to` on `sent_at` (and received on `received_at`)."""

    report = models.ForeignKey(BodyReport, on_delete=models.CASCADE, related_name="routing")
    step = models.PositiveSmallIntegerField()
    to = models.CharField(_("kepada"), max_length=14, choices=RoutingStop.choices)
    sent_at = models.DateTimeField(_("dikirim"))
    received_at = models.DateTimeField(_("diterima"), null=True, blank=True)
    letter = models.ForeignKey(
        Letter, null=True, blank=True, on_delete=models.PROTECT, related_name="+"
    )
    note = models.CharField(_("catatan"), max_length=300, blank=True)
    recorded_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, on_delete=models.PROTECT, related_name="+"
    )

    class Meta:
        ordering = ["report", "step"]
        verbose_name = _("alur laporan")
        verbose_name_plural = _("alur laporan")
        constraints = [
            models.UniqueConstraint(fields=["report", "step"], name="report_routing_step")
        ]

    def __str__(self) -> str:
        return f"{self.report} -> {self.get_to_display()}"

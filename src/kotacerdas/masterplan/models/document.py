from django.db import models
from django.utils.translation import gettext_lazy as _


class MasterplanStatus(models.TextChoices):
    DRAFT = "draft", _("Draf")
    APPROVED = "approved", _("Ditetapkan")
    SUPERSEDED = "superseded", _("Digantikan")


class Masterplan(models.Model):
    """A version of the Rencana Induk Kota Cerdas (Pasal 8), set by a Keputusan Wali Kota."""

    version = models.PositiveIntegerField(_("versi"), unique=True)
    title = models.CharField(_("judul"), max_length=300)
    period_start = models.PositiveSmallIntegerField(_("tahun awal"))
    period_end = models.PositiveSmallIntegerField(_("tahun akhir"))
    status = models.CharField(
        _("status"),
        max_length=12,
        choices=MasterplanStatus.choices,
        default=MasterplanStatus.DRAFT,
    )
    decree_number = models.CharField(_("nomor Keputusan Wali Kota"), max_length=100, blank=True)
    decree_date = models.DateField(_("tanggal keputusan"), null=True, blank=True)
    decree_file = models.FileField(
        _("berkas keputusan"), upload_to="masterplan/decrees/", blank=True
    )
    decree_file_sha256 = models.CharField(max_length=64, blank=True)
    based_on = models.ForeignKey(
        "self", null=True, blank=True, on_delete=models.PROTECT, related_name="revisions"
    )
    created_at = models.DateTimeField(auto_now_add=True)
    updated_at = models.DateTimeField(auto_now=True)

    class Meta:
        ordering = ["-version"]
        verbose_name = _("rencana induk")
        verbose_name_plural = _("rencana induk")

    def __str__(self) -> str:
        return f"{self.title} (v{self.version})"


class MasterplanChapter(models.Model):
    """A chapter (Bab I-V, Lampiran). Chapters III, IV and the Lampiran get generated tables
    from the program data at export, after their written text."""

    class Code(models.TextChoices):
        BAB_I = "I", _("Bab I Pendahuluan")
        BAB_II = "II", _("Bab II Visi Kota Cerdas Daerah")
        BAB_III = "III", _("Bab III Strategi dan Rencana Aksi Pembangunan Kota Cerdas")
        BAB_IV = "IV", _("Bab IV Peta Jalan Pembangunan Kota Cerdas (Roadmap Smart City)")
        BAB_V = "V", _("Bab V Penutup")
        LAMPIRAN = "L", _("Lampiran")

    masterplan = models.ForeignKey(Masterplan, on_delete=models.CASCADE, related_name="chapters")
    code = models.CharField(_("bab"), max_length=3, choices=Code.choices)
    order = models.PositiveSmallIntegerField()
    body = models.TextField(_("isi"), blank=True)

    class Meta:
        ordering = ["masterplan", "order"]
        constraints = [
            models.UniqueConstraint(fields=["masterplan", "code"], name="chapter_unique_code")
        ]

    def __str__(self) -> str:
        return self.get_code_display()

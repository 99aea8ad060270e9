from decimal import Decimal

from django.conf import settings
from django.db import models
from django.utils.translation import gettext_lazy as _


class CaseType(models.TextChoices):
    COMPLAINT = "pengaduan", _("Pengaduan")
    ASPIRATION = "aspirasi", _("Aspirasi")
    INFORMATION = "informasi", _("Permintaan informasi")


class UrcUnit(models.Model):
    """A Unit Reaksi Cepat of an agency (Pasal 26(2)); its field officers are `members`."""

    name = models.CharField(_("nama"), max_length=200, unique=True)
    agency = models.ForeignKey(
        "core.Agency",
        verbose_name=_("Perangkat Daerah"),
        on_delete=models.PROTECT,
        related_name="urc_units",
    )
    phone = models.CharField(_("telepon"), max_length=40, blank=True)
    members = models.ManyToManyField(
        settings.AUTH_USER_MODEL, verbose_name=_("petugas"), blank=True, related_name="urc_units"
    )
    is_active = models.BooleanField(_("aktif"), default=True)
    is_demo = models.BooleanField(_("data contoh"), default=False)

    class Meta:
        ordering = ["name"]
        verbose_name = _("Unit Reaksi Cepat")
        verbose_name_plural = _("Unit Reaksi Cepat")

    def __str__(self) -> str:
        return self.name


class Category(models.Model):
    """A complaint category = an Open311 service. SLA clocks are set per category."""

    code = models.SlugField(_("kode layanan"), max_length=50, unique=True)  # Open311 service_code
    name = models.CharField(_("nama"), max_length=200)
    description = models.TextField(_("uraian"), blank=True)
    group = models.CharField(_("kelompok"), max_length=100, blank=True)
    keywords = models.CharField(_("kata kunci"), max_length=300, blank=True)
    case_type = models.CharField(
        _("jenis bawaan"), max_length=10, choices=CaseType.choices, default=CaseType.COMPLAINT
    )
    default_agency = models.ForeignKey(
        "core.Agency",
        verbose_name=_("Perangkat Daerah penanggung jawab"),
        null=True,
        blank=True,
        on_delete=models.PROTECT,
        related_name="complaint_categories",
    )
    default_urc = models.ForeignKey(
        UrcUnit,
        verbose_name=_("URC bawaan"),
        null=True,
        blank=True,
        on_delete=models.PROTECT,
        related_name="categories",
    )
    # Emergencies run on a 24/7 clock in minutes (URC); others on working days.
    is_emergency = models.BooleanField(_("darurat (URC 24 jam)"), default=False)
    urc_response_minutes = models.PositiveIntegerField(
        _("batas respons URC (menit)"), null=True, blank=True
    )
    verify_days = models.PositiveSmallIntegerField(_("verifikasi (hari kerja)"), default=3)
    respond_days = models.PositiveSmallIntegerField(_("tindak lanjut (hari kerja)"), default=5)
    autoclose_days = models.PositiveSmallIntegerField(_("tutup otomatis (hari kerja)"), default=10)
    outer_days = models.PositiveSmallIntegerField(_("batas akhir (hari kalender)"), default=60)
    reopen_days = models.PositiveSmallIntegerField(_("batas buka kembali (hari kerja)"), default=10)
    warn_share = models.DecimalField(
        _("peringatan pada porsi waktu"),
        max_digits=3,
        decimal_places=2,
        default=Decimal("0.75"),
    )
    is_active = models.BooleanField(_("aktif"), default=True)
    is_demo = models.BooleanField(_("data contoh"), default=False)
    created_at = models.DateTimeField(auto_now_add=True)
    updated_at = models.DateTimeField(auto_now=True)

    class Meta:
        ordering = ["group", "name"]
        verbose_name = _("kategori pengaduan")
        verbose_name_plural = _("kategori pengaduan")

    def __str__(self) -> str:
        return self.name


class AttributeDatatype(models.TextChoices):
    STRING = "string", "string"
    NUMBER = "number", "number"
    DATETIME = "datetime", "datetime"
    TEXT = "text", "text"
    SINGLEVALUELIST = "singlevaluelist", "singlevaluelist"
    MULTIVALUELIST = "multivaluelist", "multivaluelist"


class CategoryAttribute(models.Model):
    """An extra question of a category (Open311 service definition attribute)."""

    category = models.ForeignKey(Category, on_delete=models.CASCADE, related_name="attributes")
    code = models.SlugField(_("kode"), max_length=50)
    description = models.CharField(_("pertanyaan"), max_length=300)
    datatype = models.CharField(_("tipe"), max_length=16, choices=AttributeDatatype.choices)
    datatype_description = models.CharField(max_length=200, blank=True)
    required = models.BooleanField(_("wajib"), default=False)
    variable = models.BooleanField(default=True)
    order = models.PositiveSmallIntegerField(_("urutan"), default=0)
    values = models.JSONField(_("pilihan"), default=list, blank=True)  # [{"key": .., "name": ..}]
    # Private answers (e.g. a licence plate, a patient's name) never reach public pages/APIs.
    is_private = models.BooleanField(
        _("jawaban rahasia (tidak tampil untuk publik)"), default=False
    )

    class Meta:
        ordering = ["category", "order", "id"]
        verbose_name = _("atribut kategori")
        verbose_name_plural = _("atribut kategori")
        constraints = [
            models.UniqueConstraint(fields=["category", "code"], name="category_attribute_code")
        ]

    def __str__(self) -> str:
        return self.code

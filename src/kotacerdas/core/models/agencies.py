from django.db import models
from django.urls import reverse
from django.utils.translation import gettext_lazy as _


class AgencyType(models.TextChoices):
    SEKRETARIAT = "sekretariat", _("Sekretariat")
    INSPEKTORAT = "inspektorat", _("Inspektorat")
    DINAS = "dinas", _("Dinas")
    BADAN = "badan", _("Badan")
    SATUAN = "satuan", _("Satuan")
    RSUD = "rsud", _("Rumah Sakit Umum Daerah")
    KECAMATAN = "kecamatan", _("Kecamatan")
    KELURAHAN = "kelurahan", _("Kelurahan")
    LAINNYA = "lainnya", _("Lainnya")


class Agency(models.Model):
    """A Perangkat Daerah of Kota Bekasi. Never deleted: retired or merged, history kept."""

    code = models.CharField(_("kode"), max_length=40, unique=True)
    name = models.CharField(_("nama"), max_length=200)
    short_name = models.CharField(_("singkatan"), max_length=60)
    type = models.CharField(_("jenis"), max_length=20, choices=AgencyType.choices)
    region = models.ForeignKey(
        "core.Region",
        verbose_name=_("wilayah"),
        null=True,
        blank=True,
        on_delete=models.PROTECT,
        related_name="agencies",
    )
    is_platform_operator = models.BooleanField(_("operator platform"), default=False)
    is_walidata = models.BooleanField(_("walidata"), default=False)
    address = models.CharField(_("alamat"), max_length=300, blank=True)
    phone = models.CharField(_("telepon"), max_length=40, blank=True)
    email = models.EmailField(_("surel"), blank=True)
    website = models.URLField(_("situs web"), blank=True)
    is_active = models.BooleanField(_("aktif"), default=True)
    retired_on = models.DateField(_("tanggal dibubarkan"), null=True, blank=True)
    merged_into = models.ForeignKey(
        "self",
        verbose_name=_("digabung ke"),
        null=True,
        blank=True,
        on_delete=models.PROTECT,
        related_name="merged_from",
    )
    is_demo = models.BooleanField(_("data contoh"), default=False)
    created_at = models.DateTimeField(auto_now_add=True)
    updated_at = models.DateTimeField(auto_now=True)

    class Meta:
        ordering = ["type", "name"]
        verbose_name = _("Perangkat Daerah")
        verbose_name_plural = _("Perangkat Daerah")

    def __str__(self) -> str:
        return self.name

    def get_absolute_url(self) -> str:
        return reverse("core:agency_detail", args=[self.code])


class AgencyName(models.Model):
    """Every name an agency has had (renames keep history, Foundation item 4)."""

    agency = models.ForeignKey(Agency, on_delete=models.CASCADE, related_name="names")
    name = models.CharField(_("nama"), max_length=200)
    short_name = models.CharField(_("singkatan"), max_length=60)
    valid_from = models.DateField(_("berlaku sejak"))
    valid_to = models.DateField(_("berlaku hingga"), null=True, blank=True)

    class Meta:
        ordering = ["agency", "valid_from"]
        verbose_name = _("riwayat nama Perangkat Daerah")
        verbose_name_plural = _("riwayat nama Perangkat Daerah")

    def __str__(self) -> str:
        return f"{self.name} ({self.valid_from} - {self.valid_to or ''})"

from django.db import models
from django.urls import reverse
from django.utils.translation import gettext_lazy as _


class RegionLevel(models.TextChoices):
    KECAMATAN = "kecamatan", _("Kecamatan")
    KELURAHAN = "kelurahan", _("Kelurahan")


class Region(models.Model):
    """A kecamatan or kelurahan of Kota Bekasi with its Kemendagri code and boundary."""

    code = models.CharField(_("kode Kemendagri"), max_length=20, unique=True)
    name = models.CharField(_("nama"), max_length=120)
    alias = models.CharField(_("nama lazim"), max_length=120, blank=True)
    level = models.CharField(_("tingkat"), max_length=12, choices=RegionLevel.choices)
    parent = models.ForeignKey(
        "self",
        verbose_name=_("induk"),
        null=True,
        blank=True,
        on_delete=models.PROTECT,
        related_name="children",
    )
    # GeoJSON geometry (WGS84). Kept as JSON so that SQLite and PostgreSQL work alike.
    boundary = models.JSONField(_("batas wilayah"), null=True, blank=True)
    centroid_lat = models.FloatField(null=True, blank=True)
    centroid_lng = models.FloatField(null=True, blank=True)
    area_km2 = models.FloatField(_("luas (km²)"), null=True, blank=True)

    class Meta:
        ordering = ["code"]
        verbose_name = _("wilayah")
        verbose_name_plural = _("wilayah")

    def __str__(self) -> str:
        return f"{self.get_level_display()} {self.display_name}"

    def get_absolute_url(self) -> str:
        return reverse("core:region_detail", args=[self.code])

    @property
    def display_name(self) -> str:
        return self.alias or self.name

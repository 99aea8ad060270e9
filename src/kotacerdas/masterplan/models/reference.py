from django.db import models
from django.utils.translation import get_language
from django.utils.translation import gettext_lazy as _


class BilingualName(models.Model):
    name_id = models.CharField(_("nama (Indonesia)"), max_length=200)
    name_en = models.CharField(_("nama (Inggris)"), max_length=200)

    class Meta:
        abstract = True

    @property
    def name(self) -> str:
        return self.name_en if (get_language() or "id").startswith("en") else self.name_id


class Dimension(BilingualName):
    """One of the six dimensions of Pasal 15(1)."""

    code = models.CharField(_("kode"), max_length=10, unique=True)  # GOV, BRA, ECO, LIV, SOC, ENV
    order = models.PositiveSmallIntegerField(_("urutan"))
    article = models.CharField(_("pasal"), max_length=40, blank=True)
    description = models.TextField(_("uraian"), blank=True)

    class Meta:
        ordering = ["order"]
        verbose_name = _("dimensi")
        verbose_name_plural = _("dimensi")

    def __str__(self) -> str:
        return self.name


class Element(BilingualName):
    """One of the three elements (unsur) of a dimension (Pasal 16-21)."""

    dimension = models.ForeignKey(Dimension, on_delete=models.PROTECT, related_name="elements")
    code = models.CharField(_("kode"), max_length=10, unique=True)  # e.g. GOV.1
    order = models.PositiveSmallIntegerField(_("urutan"))

    class Meta:
        ordering = ["dimension__order", "order"]
        verbose_name = _("unsur")
        verbose_name_plural = _("unsur")

    def __str__(self) -> str:
        return self.name


class PriorityArea(BilingualName):
    """A priority-program area of Pasal 22 (Smart Living has four)."""

    dimension = models.ForeignKey(
        Dimension, on_delete=models.PROTECT, related_name="priority_areas"
    )
    code = models.CharField(_("kode"), max_length=10, unique=True)  # e.g. LIV.d
    order = models.PositiveSmallIntegerField(_("urutan"))

    class Meta:
        ordering = ["dimension__order", "order"]
        verbose_name = _("bidang program prioritas")
        verbose_name_plural = _("bidang program prioritas")

    def __str__(self) -> str:
        return self.name

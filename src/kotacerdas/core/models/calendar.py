from django.db import models
from django.utils.translation import gettext_lazy as _


class LocalDayOff(models.Model):
    """A day off decided locally (e.g. a Keputusan Wali Kota), on top of national holidays."""

    date = models.DateField(_("tanggal"), unique=True)
    name = models.CharField(_("keterangan"), max_length=200)
    created_at = models.DateTimeField(auto_now_add=True)

    class Meta:
        ordering = ["date"]
        verbose_name = _("hari libur daerah")
        verbose_name_plural = _("hari libur daerah")

    def __str__(self) -> str:
        return f"{self.date}: {self.name}"

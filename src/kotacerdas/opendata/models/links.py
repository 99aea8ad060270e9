"""Links to the plan: a masterplan indicator names a dataset as its data source."""

from django.conf import settings
from django.db import models
from django.utils.translation import gettext_lazy as _


class IndicatorDataSource(models.Model):
    """Indicator X is measured from dataset Y (the dataset page lists its indicators)."""

    indicator = models.ForeignKey(
        "masterplan.Indicator",
        verbose_name=_("indikator"),
        on_delete=models.CASCADE,
        related_name="data_sources",
    )
    dataset = models.ForeignKey(
        "opendata.Dataset",
        verbose_name=_("dataset"),
        on_delete=models.PROTECT,
        related_name="indicator_links",
    )
    note = models.CharField(_("catatan"), max_length=300, blank=True)
    created_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.SET_NULL, related_name="+"
    )
    created_at = models.DateTimeField(auto_now_add=True)

    class Meta:
        ordering = ["indicator", "dataset"]
        verbose_name = _("sumber data indikator")
        verbose_name_plural = _("sumber data indikator")
        constraints = [
            models.UniqueConstraint(
                fields=["indicator", "dataset"], name="indicator_dataset_unique"
            )
        ]

    def __str__(self) -> str:
        return f"{self.indicator} <- {self.dataset}"

from django.db import models
from django.utils.translation import gettext_lazy as _

# LKjIP bands (Issue 3, item 6): lower bound of achievement %, label key, colour.
DEFAULT_BANDS = [
    {"min": 91, "label": "Sangat Baik", "colour": "#1a7f37"},
    {"min": 76, "label": "Baik", "colour": "#4c9a2a"},
    {"min": 66, "label": "Cukup", "colour": "#b08800"},
    {"min": 51, "label": "Kurang", "colour": "#c2410c"},
    {"min": 0, "label": "Sangat Kurang", "colour": "#b91c1c"},
]
# National smart-city evaluation index: the five evaluation dimensions and their weights.
DEFAULT_INDEX_WEIGHTS = {
    "baseline": 10,
    "output": 25,
    "outcome": 25,
    "impact": 20,
    "quick_win": 20,
}


def default_bands():
    return [dict(band) for band in DEFAULT_BANDS]


def default_index_weights():
    return dict(DEFAULT_INDEX_WEIGHTS)


class EvaluationConfig(models.Model):
    """Per-year evaluation settings; a year without a row uses the defaults."""

    year = models.PositiveSmallIntegerField(_("tahun"), unique=True)
    achievement_cap = models.DecimalField(
        _("batas atas capaian (%)"), max_digits=6, decimal_places=2, default=120
    )
    bands = models.JSONField(_("pita warna"), default=default_bands)
    index_weights = models.JSONField(_("bobot indeks"), default=default_index_weights)

    class Meta:
        ordering = ["year"]
        verbose_name = _("pengaturan evaluasi")
        verbose_name_plural = _("pengaturan evaluasi")

    def __str__(self) -> str:
        return str(self.year)

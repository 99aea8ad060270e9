"""Each dataset's CKAN package, serialised once per write (the fast path of package_search)."""

from django.db import models
from django.utils.translation import gettext_lazy as _

from .catalogue import Dataset


class DatasetPackage(models.Model):
    """The CKAN package JSON of a dataset as `package_search` answers it, with placeholders
    for what depends on the request, the day, the language, the producer and the topics
    (see ckan/stored.py). Derived data, rewritten by every write that ends in
    `dataset_refresh_search`; `stamp` is the dataset's `metadata_modified` it was made at,
    so a row behind its dataset is never used (the package is then built live)."""

    dataset = models.OneToOneField(
        Dataset, on_delete=models.CASCADE, primary_key=True, related_name="package"
    )
    body = models.TextField()
    stamp = models.DateTimeField()

    class Meta:
        verbose_name = _("paket CKAN tersimpan")
        verbose_name_plural = _("paket CKAN tersimpan")

    def __str__(self) -> str:
        return f"package of dataset {self.dataset_id}"

"""The catalogue: datasets (CKAN packages), their immutable releases and their resources."""

import uuid

from django.conf import settings
from django.db import models
from django.urls import reverse
from django.utils.translation import gettext_lazy as _


class Frequency(models.TextChoices):
    """How often a dataset is renewed (DCAT `accrualPeriodicity`, Daftar Data schedule)."""

    ANNUAL = "annual", _("Tahunan")
    SEMIANNUAL = "semiannual", _("Semesteran")
    QUARTERLY = "quarterly", _("Triwulanan")
    MONTHLY = "monthly", _("Bulanan")
    IRREGULAR = "irregular", _("Tidak tetap")


class RegionLevelKey(models.TextChoices):
    """Which Kemendagri region codes a table is keyed by (for the choropleth map)."""

    NONE = "", _("Tidak berkode wilayah")
    KECAMATAN = "kecamatan", _("Kecamatan")
    KELURAHAN = "kelurahan", _("Kelurahan")


class DatasetState(models.TextChoices):
    """`draft` until its first published release; `deleted` keeps history (CKAN `state`)."""

    DRAFT = "draft", _("Draf")
    ACTIVE = "active", _("Terbit")
    DELETED = "deleted", _("Dihapus")


class Topic(models.Model):
    """A Satu Data topic (a CKAN group). Reference data, loaded by a migration."""

    name = models.SlugField(_("kode"), max_length=60, unique=True)
    title = models.CharField(_("nama"), max_length=120)
    description = models.TextField(_("deskripsi"), blank=True)
    position = models.PositiveSmallIntegerField(default=0)
    created_at = models.DateTimeField(auto_now_add=True)

    class Meta:
        ordering = ["position", "title"]
        verbose_name = _("topik")
        verbose_name_plural = _("topik")

    def __str__(self) -> str:
        return self.title


class Tag(models.Model):
    """A free keyword (CKAN tag, DCAT `keyword`)."""

    name = models.CharField(_("nama"), max_length=100, unique=True)

    class Meta:
        ordering = ["name"]
        verbose_name = _("kata kunci")
        verbose_name_plural = _("kata kunci")

    def __str__(self) -> str:
        return self.name


class Dataset(models.Model):
    """A dataset of a producer (a CKAN package). Metadata per Satu Data Indonesia and DCAT.

    The public sees a dataset only from its first published release (`state` active,
    `private` false); what a release published is frozen in `Release`.
    """

    uuid = models.UUIDField(default=uuid.uuid4, unique=True, editable=False)
    name = models.SlugField(_("nama URL"), max_length=100, unique=True)
    title = models.CharField(_("judul"), max_length=300)
    notes = models.TextField(_("deskripsi"), blank=True)
    organization = models.ForeignKey(
        "core.Agency",
        verbose_name=_("produsen data"),
        on_delete=models.PROTECT,
        related_name="datasets",
    )
    topics = models.ManyToManyField(
        Topic, verbose_name=_("topik"), blank=True, related_name="datasets"
    )
    tags = models.ManyToManyField(
        Tag, verbose_name=_("kata kunci"), blank=True, related_name="datasets"
    )
    frequency = models.CharField(
        _("frekuensi"), max_length=12, choices=Frequency.choices, default=Frequency.ANNUAL
    )
    period_start = models.DateField(_("awal periode"), null=True, blank=True)
    period_end = models.DateField(_("akhir periode"), null=True, blank=True)
    unit = models.CharField(_("satuan"), max_length=80, blank=True)
    license_id = models.CharField(_("lisensi"), max_length=40, default="cc-by-4.0")
    # Reference codes the data uses (e.g. ["kemendagri-kecamatan"]): Satu Data `kode referensi`.
    reference_codes = models.JSONField(_("kode referensi"), default=list, blank=True)
    region_level = models.CharField(
        _("kunci wilayah"), max_length=12, choices=RegionLevelKey.choices, default="", blank=True
    )
    region_field = models.CharField(_("kolom kode wilayah"), max_length=100, blank=True)
    contact_name = models.CharField(_("nama kontak"), max_length=200, blank=True)
    contact_email = models.EmailField(_("surel kontak"), blank=True)
    version = models.CharField(_("versi"), max_length=20, blank=True)
    private = models.BooleanField(_("privat"), default=False)
    state = models.CharField(
        _("status"), max_length=10, choices=DatasetState.choices, default=DatasetState.DRAFT
    )
    current_release = models.ForeignKey(
        "opendata.Release",
        verbose_name=_("rilis terkini"),
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="+",
    )
    # Denormalised from the current release for fast search and listing.
    num_resources = models.PositiveIntegerField(default=0)
    formats = models.JSONField(default=list, blank=True)
    quality = models.JSONField(_("skor kualitas"), default=dict, blank=True)
    search_text = models.TextField(blank=True, editable=False)
    created_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.SET_NULL, related_name="+"
    )
    is_demo = models.BooleanField(_("data contoh"), default=False)
    created_at = models.DateTimeField(_("dibuat"), auto_now_add=True)
    metadata_modified = models.DateTimeField(_("metadata diubah"), auto_now=True)
    published_at = models.DateTimeField(_("pertama terbit"), null=True, blank=True)
    released_at = models.DateTimeField(_("rilis terakhir"), null=True, blank=True)

    class Meta:
        ordering = ["title"]
        verbose_name = _("dataset")
        verbose_name_plural = _("dataset")
        indexes = [
            models.Index(fields=["state", "private"], name="dataset_state_private"),
            models.Index(fields=["organization", "state"], name="dataset_org_state"),
            models.Index(fields=["metadata_modified"], name="dataset_modified"),
        ]

    def __str__(self) -> str:
        return self.title

    def get_absolute_url(self) -> str:
        return reverse("opendata:dataset_detail", args=[self.name])

    @property
    def is_public(self) -> bool:
        return self.state == DatasetState.ACTIVE and not self.private


class PublishedImmutableError(RuntimeError):
    """A write to a published release or to a resource one of them contains (a programming
    error: services never edit them; a new version is a new release and a new resource)."""


class Release(models.Model):
    """A published version of a dataset: frozen metadata and resources (never edited)."""

    dataset = models.ForeignKey(Dataset, on_delete=models.PROTECT, related_name="releases")
    version = models.PositiveIntegerField(_("versi"))
    metadata = models.JSONField(_("metadata saat terbit"), default=dict)
    resources = models.ManyToManyField(
        "opendata.Resource", verbose_name=_("sumber daya"), related_name="releases", blank=True
    )
    submission = models.ForeignKey(
        "opendata.Submission",
        null=True,
        blank=True,
        on_delete=models.PROTECT,
        related_name="releases",
    )
    notes = models.TextField(_("catatan perubahan"), blank=True)
    quality = models.JSONField(_("skor kualitas"), default=dict, blank=True)
    published_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.SET_NULL, related_name="+"
    )
    published_at = models.DateTimeField(_("diterbitkan"))

    class Meta:
        ordering = ["dataset", "-version"]
        verbose_name = _("rilis dataset")
        verbose_name_plural = _("rilis dataset")
        constraints = [
            models.UniqueConstraint(fields=["dataset", "version"], name="release_unique_version")
        ]

    def __str__(self) -> str:
        return f"{self.dataset} v{self.version}"

    def save(self, *args, **kwargs):
        if not self._state.adding:
            raise PublishedImmutableError(f"release {self.pk} is published and immutable")
        super().save(*args, **kwargs)

    def delete(self, *args, **kwargs):
        raise PublishedImmutableError(f"release {self.pk} is published and immutable")


class ResourceLoadState(models.TextChoices):
    NONE = "", _("Bukan tabel")
    PENDING = "pending", _("Menunggu")
    LOADING = "loading", _("Sedang dimuat")
    DONE = "done", _("Selesai")
    FAILED = "failed", _("Gagal")


class Resource(models.Model):
    """A file (or link) of a dataset; tabular ones also live as a typed datastore table.

    Immutable once part of a published release: a new version is a new resource.
    """

    uuid = models.UUIDField(default=uuid.uuid4, unique=True, editable=False)
    dataset = models.ForeignKey(Dataset, on_delete=models.PROTECT, related_name="resources")
    name = models.CharField(_("nama"), max_length=300)
    description = models.TextField(_("deskripsi"), blank=True)
    format = models.CharField(_("format"), max_length=20, blank=True)  # CSV, XLSX, JSON, PDF
    media_type = models.CharField(_("jenis media"), max_length=120, blank=True)
    file = models.FileField(_("berkas"), upload_to="satudata/resources/%Y/%m/", blank=True)
    original_name = models.CharField(_("nama berkas asli"), max_length=255, blank=True)
    url = models.URLField(_("tautan"), max_length=1000, blank=True)  # a link resource
    size = models.BigIntegerField(_("ukuran (bita)"), null=True, blank=True)
    sha256 = models.CharField(max_length=64, blank=True)
    # The Table Schema the file was validated against (frictionless descriptor).
    table_schema = models.JSONField(_("skema tabel"), default=dict, blank=True)
    datastore_table = models.CharField(max_length=63, blank=True)
    datastore_active = models.BooleanField(default=False)
    datastore_fields = models.JSONField(default=list, blank=True)  # [{"id": ..., "type": ...}]
    row_count = models.BigIntegerField(_("jumlah baris"), null=True, blank=True)
    load_state = models.CharField(
        max_length=10, choices=ResourceLoadState.choices, default="", blank=True
    )
    load_progress = models.PositiveSmallIntegerField(default=0)  # percent
    load_error = models.TextField(blank=True)
    quality = models.JSONField(_("skor kualitas"), default=dict, blank=True)
    position = models.PositiveSmallIntegerField(default=0)
    created_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.SET_NULL, related_name="+"
    )
    is_demo = models.BooleanField(_("data contoh"), default=False)
    created_at = models.DateTimeField(_("dibuat"), auto_now_add=True)

    class Meta:
        ordering = ["dataset", "position", "id"]
        verbose_name = _("sumber daya")
        verbose_name_plural = _("sumber daya")

    def __str__(self) -> str:
        return self.name

    def save(self, *args, **kwargs):
        if not self._state.adding and self.is_released():
            raise PublishedImmutableError(f"resource {self.pk} is in a published release")
        super().save(*args, **kwargs)

    def delete(self, *args, **kwargs):
        if self.is_released():
            raise PublishedImmutableError(f"resource {self.pk} is in a published release")
        return super().delete(*args, **kwargs)

    def is_released(self) -> bool:
        return self.pk is not None and self.releases.exists()

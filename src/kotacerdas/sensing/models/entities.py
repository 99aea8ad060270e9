"""The SensorThings API 1.1 entities (OGC 18-088): Thing, Location, HistoricalLocation, Sensor,
ObservedProperty, Datastream and FeatureOfInterest. Observations are in `observations.py`.

Locations and features keep their GeoJSON as sent (`location`, `feature`) next to `lat`/`lon`
floats (the point, or a representative point of an area) that `$filter` compiles against: there
is no PostGIS on the servers this runs on (see `sta/query/README.md`).
"""

from django.db import models
from django.utils.translation import gettext_lazy as _

GEOJSON = "application/geo+json"
ENCODING_TYPES = (GEOJSON, "application/vnd.geo+json")


class ThingKind(models.TextChoices):
    """What a Thing is, for pages, the watchdog and the Command Center."""

    RIVER_GAUGE = "river_gauge", _("Pos pantau tinggi muka air")
    RAIN_GAUGE = "rain_gauge", _("Penakar curah hujan")
    VEHICLE = "vehicle", _("Kendaraan")
    WIFI = "wifi", _("Titik WiFi publik")
    CCTV = "cctv", _("Kamera CCTV")
    OTHER = "other", _("Lainnya")


class Thing(models.Model):
    name = models.CharField(_("nama"), max_length=200)
    description = models.TextField(_("deskripsi"), blank=True)
    properties = models.JSONField(_("properti"), null=True, blank=True)
    kind = models.CharField(
        _("jenis"), max_length=20, choices=ThingKind.choices, default=ThingKind.OTHER
    )
    agency = models.ForeignKey(
        "core.Agency",
        verbose_name=_("Perangkat Daerah pengelola"),
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="sensor_things",
    )
    is_demo = models.BooleanField(_("data contoh"), default=False)
    created_at = models.DateTimeField(_("dibuat"), auto_now_add=True)
    updated_at = models.DateTimeField(_("diubah"), auto_now=True)

    class Meta:
        ordering = ["id"]
        verbose_name = _("perangkat (Thing)")
        verbose_name_plural = _("perangkat (Thing)")
        indexes = [models.Index(fields=["kind"], name="sensing_thing_kind")]

    def __str__(self) -> str:
        return self.name


class Location(models.Model):
    name = models.CharField(_("nama"), max_length=200)
    description = models.TextField(_("deskripsi"), blank=True)
    encoding_type = models.CharField(_("jenis encoding"), max_length=100, default=GEOJSON)
    location = models.JSONField(_("lokasi (GeoJSON)"))
    lat = models.FloatField(_("lintang"), null=True, blank=True)
    lon = models.FloatField(_("bujur"), null=True, blank=True)
    properties = models.JSONField(_("properti"), null=True, blank=True)
    things = models.ManyToManyField(Thing, related_name="locations", blank=True)

    class Meta:
        ordering = ["id"]
        verbose_name = _("lokasi")
        verbose_name_plural = _("lokasi")

    def __str__(self) -> str:
        return self.name


class HistoricalLocation(models.Model):
    """Where a Thing was from `time` on: made when its Location changes (and for GPS fixes)."""

    thing = models.ForeignKey(Thing, on_delete=models.CASCADE, related_name="historical_locations")
    time = models.DateTimeField(_("waktu"))
    locations = models.ManyToManyField(Location, related_name="historical_locations", blank=True)

    class Meta:
        ordering = ["-time", "-id"]
        verbose_name = _("riwayat lokasi")
        verbose_name_plural = _("riwayat lokasi")
        indexes = [models.Index(fields=["thing", "-time"], name="sensing_histloc_thing_time")]

    def __str__(self) -> str:
        return f"{self.thing_id} @ {self.time.isoformat()}"


class Sensor(models.Model):
    name = models.CharField(_("nama"), max_length=200)
    description = models.TextField(_("deskripsi"), blank=True)
    encoding_type = models.CharField(_("jenis encoding"), max_length=100)
    metadata = models.TextField(_("metadata"))
    properties = models.JSONField(_("properti"), null=True, blank=True)

    class Meta:
        ordering = ["id"]
        verbose_name = _("sensor")
        verbose_name_plural = _("sensor")

    def __str__(self) -> str:
        return self.name


class ObservedProperty(models.Model):
    name = models.CharField(_("nama"), max_length=200)
    definition = models.CharField(_("definisi"), max_length=500)
    description = models.TextField(_("deskripsi"), blank=True)
    properties = models.JSONField(_("properti"), null=True, blank=True)

    class Meta:
        ordering = ["id"]
        verbose_name = _("besaran yang diamati")
        verbose_name_plural = _("besaran yang diamati")

    def __str__(self) -> str:
        return self.name


class Datastream(models.Model):
    """A series of Observations of one ObservedProperty by one Sensor on one Thing.

    `phenomenon_time_*` and `result_time_*` are the spans the spec asks the server to keep;
    `expected_interval` is the reporting cadence the watchdog checks (empty: not watched).
    """

    name = models.CharField(_("nama"), max_length=200)
    description = models.TextField(_("deskripsi"), blank=True)
    observation_type = models.CharField(_("jenis observasi"), max_length=200)
    unit_of_measurement = models.JSONField(_("satuan"), default=dict)
    observed_area = models.JSONField(_("wilayah teramati"), null=True, blank=True)
    phenomenon_time_start = models.DateTimeField(null=True, blank=True)
    phenomenon_time_end = models.DateTimeField(null=True, blank=True)
    result_time_start = models.DateTimeField(null=True, blank=True)
    result_time_end = models.DateTimeField(null=True, blank=True)
    properties = models.JSONField(_("properti"), null=True, blank=True)
    thing = models.ForeignKey(Thing, on_delete=models.CASCADE, related_name="datastreams")
    sensor = models.ForeignKey(Sensor, on_delete=models.CASCADE, related_name="datastreams")
    observed_property = models.ForeignKey(
        ObservedProperty, on_delete=models.CASCADE, related_name="datastreams"
    )
    expected_interval = models.DurationField(
        _("selang laporan yang diharapkan"), null=True, blank=True
    )

    class Meta:
        ordering = ["id"]
        verbose_name = _("aliran data (Datastream)")
        verbose_name_plural = _("aliran data (Datastream)")

    def __str__(self) -> str:
        return self.name


class FeatureOfInterest(models.Model):
    name = models.CharField(_("nama"), max_length=200)
    description = models.TextField(_("deskripsi"), blank=True)
    encoding_type = models.CharField(_("jenis encoding"), max_length=100, default=GEOJSON)
    feature = models.JSONField(_("fitur (GeoJSON)"))
    lat = models.FloatField(_("lintang"), null=True, blank=True)
    lon = models.FloatField(_("bujur"), null=True, blank=True)
    properties = models.JSONField(_("properti"), null=True, blank=True)
    source_location = models.ForeignKey(
        Location,
        verbose_name=_("dibuat dari lokasi"),
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="+",
    )

    class Meta:
        ordering = ["id"]
        verbose_name = _("fitur yang diamati")
        verbose_name_plural = _("fitur yang diamati")

    def __str__(self) -> str:
        return self.name

"""GPS tracking of vehicles (issue #7 item 5): a vehicle is a Thing of kind `vehicle` whose fixes
are HistoricalLocations; this module adds what tracking derives from them.

- `VehicleProfile`: one per vehicle Thing, its settings (type, plate, URC unit, speed limit,
  stop and offline thresholds) and its live tracking state (last fix, stop anchor, open trip,
  open overspeed episode, geofences it is inside), so a fix is processed with one locked row
  and the vehicle map is one query.
- `Trip` and `TrackPoint`: a trip is a stretch of movement; its points are kept in their own
  table (not on HistoricalLocation, whose position sits behind a many-to-many Location) so
  replaying a trip is one query on the (trip, time) index.
- `Geofence`: a kecamatan boundary (copied from `core.Region`) or a drawn polygon, GeoJSON with
  its bounding box for a cheap pre-filter.
- `TrackingEvent`: geofence enter/leave, overspeed, stopped, offline, back online.
"""

from django.db import models
from django.utils.translation import gettext_lazy as _

from .entities import Thing


class VehicleType(models.TextChoices):
    GARBAGE_TRUCK = "garbage_truck", _("Truk sampah")
    AMBULANCE = "ambulance", _("Ambulans")
    URC = "urc", _("Kendaraan URC")
    FIRE_TRUCK = "fire_truck", _("Mobil pemadam kebakaran")
    PATROL = "patrol", _("Kendaraan patroli")
    OTHER = "other", _("Lainnya")


class VehicleProfile(models.Model):
    thing = models.OneToOneField(
        Thing, on_delete=models.CASCADE, related_name="vehicle_profile", verbose_name=_("perangkat")
    )
    vehicle_type = models.CharField(
        _("jenis kendaraan"), max_length=20, choices=VehicleType.choices, default=VehicleType.OTHER
    )
    plate_number = models.CharField(_("nomor polisi"), max_length=20, blank=True)
    urc_unit = models.ForeignKey(
        "complaints.UrcUnit",
        verbose_name=_("Unit Reaksi Cepat"),
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="vehicles",
    )
    speed_limit_kmh = models.PositiveSmallIntegerField(_("batas kecepatan (km/jam)"), default=60)
    stop_threshold_minutes = models.PositiveSmallIntegerField(
        _("dianggap berhenti setelah (menit)"), default=5
    )
    offline_threshold_minutes = models.PositiveSmallIntegerField(
        _("dianggap luring setelah (menit)"), default=15
    )
    # Live state, written by tracking_on_location / tracking_check_offline only.
    last_fix_time = models.DateTimeField(null=True, blank=True)
    last_lat = models.FloatField(null=True, blank=True)
    last_lon = models.FloatField(null=True, blank=True)
    last_speed_kmh = models.FloatField(null=True, blank=True)
    anchor_lat = models.FloatField(null=True, blank=True)
    anchor_lon = models.FloatField(null=True, blank=True)
    stationary_since = models.DateTimeField(null=True, blank=True)
    offline_due_at = models.DateTimeField(null=True, blank=True)
    is_offline = models.BooleanField(default=False)
    current_trip = models.ForeignKey(
        "Trip", null=True, blank=True, on_delete=models.SET_NULL, related_name="+"
    )
    overspeed_event = models.ForeignKey(
        "TrackingEvent", null=True, blank=True, on_delete=models.SET_NULL, related_name="+"
    )
    inside_geofence_ids = models.JSONField(default=list, blank=True)
    created_at = models.DateTimeField(auto_now_add=True)
    updated_at = models.DateTimeField(auto_now=True)

    class Meta:
        ordering = ["thing_id"]
        verbose_name = _("profil kendaraan")
        verbose_name_plural = _("profil kendaraan")
        indexes = [
            models.Index(
                fields=["is_offline", "offline_due_at"], name="sensing_vehicle_offline_due"
            )
        ]

    def __str__(self) -> str:
        return self.plate_number or str(self.thing)


class TripEndReason(models.TextChoices):
    STOP = "stop", _("Berhenti")
    GAP = "gap", _("Sinyal terputus")


class Trip(models.Model):
    thing = models.ForeignKey(
        Thing, on_delete=models.CASCADE, related_name="trips", verbose_name=_("kendaraan")
    )
    started_at = models.DateTimeField(_("mulai"))
    ended_at = models.DateTimeField(_("selesai"), null=True, blank=True)
    end_reason = models.CharField(
        _("alasan selesai"), max_length=10, choices=TripEndReason.choices, blank=True
    )
    distance_km = models.FloatField(_("jarak (km)"), default=0.0)
    max_speed_kmh = models.FloatField(_("kecepatan maksimum (km/jam)"), default=0.0)
    points_count = models.PositiveIntegerField(_("jumlah titik"), default=0)
    start_lat = models.FloatField()
    start_lon = models.FloatField()
    end_lat = models.FloatField()
    end_lon = models.FloatField()
    last_point_at = models.DateTimeField()

    class Meta:
        ordering = ["-started_at", "-id"]
        verbose_name = _("perjalanan")
        verbose_name_plural = _("perjalanan")
        indexes = [models.Index(fields=["thing", "-started_at"], name="sensing_trip_thing_start")]

    def __str__(self) -> str:
        return f"{self.thing_id} {self.started_at.isoformat()}"


class TrackPoint(models.Model):
    # No index of its own: the (trip, time) index serves both the FK and the replay order.
    trip = models.ForeignKey(Trip, on_delete=models.CASCADE, related_name="points", db_index=False)
    time = models.DateTimeField()
    lat = models.FloatField()
    lon = models.FloatField()
    speed_kmh = models.FloatField(null=True, blank=True)

    class Meta:
        ordering = ["time", "id"]
        indexes = [models.Index(fields=["trip", "time"], name="sensing_trackpoint_trip_time")]

    def __str__(self) -> str:
        return f"{self.trip_id} @ {self.time.isoformat()}"


class GeofenceKind(models.TextChoices):
    KECAMATAN = "kecamatan", _("Kecamatan")
    POLYGON = "polygon", _("Poligon gambar")


class Geofence(models.Model):
    name = models.CharField(_("nama"), max_length=200)
    kind = models.CharField(
        _("jenis"), max_length=12, choices=GeofenceKind.choices, default=GeofenceKind.POLYGON
    )
    region = models.OneToOneField(
        "core.Region",
        verbose_name=_("kecamatan"),
        null=True,
        blank=True,
        on_delete=models.CASCADE,
        related_name="geofence",
    )
    agency = models.ForeignKey(
        "core.Agency",
        verbose_name=_("Perangkat Daerah"),
        help_text=_("Kosong: berlaku untuk semua kendaraan."),
        null=True,
        blank=True,
        on_delete=models.CASCADE,
        related_name="geofences",
    )
    geometry = models.JSONField(_("batas (GeoJSON)"))
    min_lat = models.FloatField()
    min_lon = models.FloatField()
    max_lat = models.FloatField()
    max_lon = models.FloatField()
    is_active = models.BooleanField(_("aktif"), default=True)
    created_at = models.DateTimeField(auto_now_add=True)
    updated_at = models.DateTimeField(auto_now=True)

    class Meta:
        ordering = ["kind", "name", "id"]
        verbose_name = _("geofence")
        verbose_name_plural = _("geofence")

    def __str__(self) -> str:
        return self.name


class TrackingEventKind(models.TextChoices):
    GEOFENCE_ENTER = "geofence_enter", _("Masuk area")
    GEOFENCE_LEAVE = "geofence_leave", _("Keluar area")
    OVERSPEED = "overspeed", _("Melebihi batas kecepatan")
    STOPPED = "stopped", _("Berhenti")
    OFFLINE = "offline", _("Luring")
    ONLINE = "online", _("Kembali daring")


class TrackingEvent(models.Model):
    """What happened to a vehicle, when and where; an overspeed episode ends at `ended_at`."""

    thing = models.ForeignKey(
        Thing, on_delete=models.CASCADE, related_name="tracking_events", verbose_name=_("kendaraan")
    )
    kind = models.CharField(_("jenis"), max_length=20, choices=TrackingEventKind.choices)
    time = models.DateTimeField(_("waktu"))
    ended_at = models.DateTimeField(_("berakhir"), null=True, blank=True)
    lat = models.FloatField(null=True, blank=True)
    lon = models.FloatField(null=True, blank=True)
    geofence = models.ForeignKey(
        Geofence, null=True, blank=True, on_delete=models.SET_NULL, related_name="events"
    )
    trip = models.ForeignKey(
        Trip, null=True, blank=True, on_delete=models.SET_NULL, related_name="events"
    )
    details = models.JSONField(_("rincian"), default=dict, blank=True)

    class Meta:
        ordering = ["-time", "-id"]
        verbose_name = _("kejadian pelacakan")
        verbose_name_plural = _("kejadian pelacakan")
        indexes = [
            models.Index(fields=["thing", "-time"], name="sensing_trackevent_thing_time"),
            models.Index(fields=["kind", "-time"], name="sensing_trackevent_kind_time"),
        ]

    def __str__(self) -> str:
        return f"{self.thing_id} {self.kind} @ {self.time.isoformat()}"

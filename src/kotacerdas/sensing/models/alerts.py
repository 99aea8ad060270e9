"""Flood alert ladders, alarms with a lifecycle, and the places a flood reaches downstream.

- `FloodGauge`: a river gauge (pos pantau TMA) of `data/pos_pantau_tma.csv`, known by its `pos_id`;
  its `thing` is the Thing (kind river_gauge) once the gauge exists as a sensor (`ladder_attach`).
- `AlertLadder`: the status scale of one authority/scheme at one gauge (KP2C at P2C, BPBD at P2C,
  the Bendung Bekasi operator by discharge...), the Datastream it watches, its rules (hysteresis
  margin, rate of rise, escalation delay) and its current state.
- `ThresholdSet` + `AlertLevel`: the levels of a ladder, versioned: a new version supersedes the
  previous one from `effective_from` on; an alarm keeps the version it was raised under.
- `AlarmEpisode`: one continuous spell of a condition (a ladder above normal or rising fast, a
  datastream silent). A partial unique constraint allows one open episode per ladder (flood) and
  per datastream (stale); `Alarm` is one-to-one with its episode, so an episode raises at most
  one alarm, even when several writers see the same rise at the same moment.
- `Alarm` (active -> acknowledged -> cleared; escalated when not acknowledged in time) and its
  `AlarmEvent` trail.
- `FloodPlace`: a flood-prone place downstream of a gauge (`data/kali_bekasi_titik_rawan.csv`)
  with the arrival lag used for its estimated arrival time.
"""

from __future__ import annotations

import datetime as dt

from django.conf import settings
from django.db import models
from django.utils.translation import gettext_lazy as _

from .entities import Datastream, Thing


class AlarmUnit(models.TextChoices):
    CM = "cm", _("cm (tinggi muka air)")
    M3S = "m3/s", _("m³/detik (debit)")


class FloodGauge(models.Model):
    """A river gauge of the Kali Bekasi system (reference data, one row per `pos_id`)."""

    pos_id = models.SlugField(_("kode pos"), max_length=50, unique=True)
    name = models.CharField(_("nama pos"), max_length=200)
    river = models.CharField(_("sungai"), max_length=200, blank=True)
    location_text = models.CharField(_("lokasi"), max_length=300, blank=True)
    region_code = models.CharField(_("kode wilayah"), max_length=20, blank=True)
    thing = models.ForeignKey(
        Thing,
        verbose_name=_("perangkat"),
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="flood_gauges",
    )

    class Meta:
        ordering = ["id"]
        verbose_name = _("pos pantau banjir")
        verbose_name_plural = _("pos pantau banjir")

    def __str__(self) -> str:
        return self.name


class AlertLadder(models.Model):
    """The alert scale of one authority at one gauge, and what it currently says.

    `hysteresis_margin`: a level is left downwards only when the value falls below the level's
    entry bound minus this margin. `rise_threshold` per `rise_window`: a rise at least this large
    within the window raises an alarm even below the first alarm level. `datastream_factor`
    turns the datastream's unit into the ladder's (e.g. 100 for a gauge reporting in metres).
    """

    gauge = models.ForeignKey(FloodGauge, on_delete=models.CASCADE, related_name="ladders")
    scheme = models.CharField(_("skema"), max_length=100)
    authority = models.CharField(_("otoritas"), max_length=200, blank=True)
    unit = models.CharField(_("satuan"), max_length=10, choices=AlarmUnit.choices)
    datastream = models.ForeignKey(
        Datastream,
        verbose_name=_("aliran data yang dipantau"),
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="alert_ladders",
    )
    datastream_factor = models.FloatField(_("faktor satuan aliran data"), default=1.0)
    is_active = models.BooleanField(_("aktif"), default=True)
    hysteresis_margin = models.FloatField(_("margin histeresis"), default=0.0)
    rise_threshold = models.FloatField(_("ambang kenaikan"), null=True, blank=True)
    rise_window = models.DurationField(_("jendela kenaikan"), default=dt.timedelta(minutes=30))
    escalate_after = models.DurationField(
        _("eskalasi bila belum ditanggapi setelah"), default=dt.timedelta(minutes=15)
    )
    # Current state, updated by every evaluated observation (not audited: as frequent as data).
    current_level = models.ForeignKey(
        "AlertLevel",
        verbose_name=_("tingkat saat ini"),
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="+",
    )
    current_value = models.FloatField(_("nilai terakhir"), null=True, blank=True)
    current_time = models.DateTimeField(_("waktu nilai terakhir"), null=True, blank=True)
    current_rise = models.FloatField(_("kenaikan terakhir"), null=True, blank=True)

    class Meta:
        ordering = ["gauge_id", "id"]
        verbose_name = _("tangga siaga")
        verbose_name_plural = _("tangga siaga")
        constraints = [
            models.UniqueConstraint(fields=["gauge", "scheme"], name="sensing_ladder_gauge_scheme")
        ]

    def __str__(self) -> str:
        return f"{self.gauge} — {self.scheme}"


class ThresholdSet(models.Model):
    """One version of a ladder's levels, in force from `effective_from` until a later version."""

    ladder = models.ForeignKey(AlertLadder, on_delete=models.CASCADE, related_name="versions")
    version = models.PositiveIntegerField(_("versi"))
    effective_from = models.DateTimeField(_("berlaku sejak"))
    source_url = models.URLField(_("sumber"), max_length=500, blank=True)
    source_date = models.DateField(_("tanggal sumber"), null=True, blank=True)
    note = models.TextField(_("catatan"), blank=True)
    created_at = models.DateTimeField(_("dibuat"), auto_now_add=True)

    class Meta:
        ordering = ["ladder_id", "-version"]
        verbose_name = _("versi ambang")
        verbose_name_plural = _("versi ambang")
        constraints = [
            models.UniqueConstraint(fields=["ladder", "version"], name="sensing_threshold_version")
        ]

    def __str__(self) -> str:
        return f"{self.ladder} v{self.version}"


class AlertLevel(models.Model):
    """A status of a ladder. `order` 0 is the lowest; `raises_alarm` is False for Normal."""

    threshold_set = models.ForeignKey(ThresholdSet, on_delete=models.CASCADE, related_name="levels")
    order = models.PositiveSmallIntegerField(_("urutan"))
    name = models.CharField(_("status"), max_length=100)
    lower = models.FloatField(_("batas bawah"), null=True, blank=True)
    upper = models.FloatField(_("batas atas"), null=True, blank=True)
    unit = models.CharField(_("satuan"), max_length=10, choices=AlarmUnit.choices)
    raises_alarm = models.BooleanField(_("memicu alarm"), default=True)
    derived = models.BooleanField(_("diturunkan (bukan dari sumber)"), default=False)
    note = models.TextField(_("catatan"), blank=True)

    class Meta:
        ordering = ["threshold_set_id", "order"]
        verbose_name = _("tingkat siaga")
        verbose_name_plural = _("tingkat siaga")
        constraints = [
            models.UniqueConstraint(fields=["threshold_set", "order"], name="sensing_level_order")
        ]

    def __str__(self) -> str:
        return self.name


class AlarmKind(models.TextChoices):
    FLOOD = "flood", _("banjir")
    STALE = "stale", _("sensor diam")


class AlarmTrigger(models.TextChoices):
    LEVEL = "level", _("tingkat siaga")
    RATE_OF_RISE = "rate_of_rise", _("kenaikan cepat")
    STALE = "stale", _("tidak ada data")


class AlarmEpisode(models.Model):
    """One spell of a condition; while open, its ladder/datastream raises no other alarm."""

    kind = models.CharField(_("jenis"), max_length=10, choices=AlarmKind.choices)
    ladder = models.ForeignKey(
        AlertLadder, null=True, blank=True, on_delete=models.CASCADE, related_name="episodes"
    )
    datastream = models.ForeignKey(
        Datastream, on_delete=models.CASCADE, related_name="alarm_episodes"
    )
    opened_at = models.DateTimeField(_("mulai"))
    closed_at = models.DateTimeField(_("selesai"), null=True, blank=True)

    class Meta:
        ordering = ["-opened_at", "-id"]
        verbose_name = _("episode alarm")
        verbose_name_plural = _("episode alarm")
        constraints = [
            models.UniqueConstraint(
                fields=["ladder"],
                condition=models.Q(closed_at__isnull=True, kind="flood"),
                name="sensing_episode_open_ladder",
            ),
            models.UniqueConstraint(
                fields=["datastream"],
                condition=models.Q(closed_at__isnull=True, kind="stale"),
                name="sensing_episode_open_stale",
            ),
        ]

    def __str__(self) -> str:
        return f"{self.kind} {self.datastream_id} @ {self.opened_at.isoformat()}"


class AlarmState(models.TextChoices):
    ACTIVE = "active", _("aktif")
    ACKNOWLEDGED = "acknowledged", _("ditanggapi")
    CLEARED = "cleared", _("selesai")


class Alarm(models.Model):
    """The alarm of one episode. `threshold_set` is the version it was raised under."""

    episode = models.OneToOneField(AlarmEpisode, on_delete=models.CASCADE, related_name="alarm")
    kind = models.CharField(_("jenis"), max_length=10, choices=AlarmKind.choices)
    trigger = models.CharField(_("pemicu"), max_length=20, choices=AlarmTrigger.choices)
    ladder = models.ForeignKey(
        AlertLadder, null=True, blank=True, on_delete=models.CASCADE, related_name="alarms"
    )
    datastream = models.ForeignKey(Datastream, on_delete=models.CASCADE, related_name="alarms")
    threshold_set = models.ForeignKey(
        ThresholdSet, null=True, blank=True, on_delete=models.RESTRICT, related_name="alarms"
    )
    level = models.ForeignKey(
        AlertLevel, null=True, blank=True, on_delete=models.RESTRICT, related_name="+"
    )
    peak_level = models.ForeignKey(
        AlertLevel, null=True, blank=True, on_delete=models.RESTRICT, related_name="+"
    )
    state = models.CharField(
        _("status"), max_length=15, choices=AlarmState.choices, default=AlarmState.ACTIVE
    )
    value = models.FloatField(_("nilai"), null=True, blank=True)
    peak_value = models.FloatField(_("nilai puncak"), null=True, blank=True)
    rise = models.FloatField(_("kenaikan"), null=True, blank=True)
    value_time = models.DateTimeField(_("waktu nilai"), null=True, blank=True)
    started_time = models.DateTimeField(_("waktu kejadian awal"))
    raised_at = models.DateTimeField(_("dibunyikan"))
    active_since = models.DateTimeField(_("aktif sejak"))
    acknowledged_at = models.DateTimeField(_("ditanggapi"), null=True, blank=True)
    acknowledged_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.SET_NULL, related_name="+"
    )
    escalated_at = models.DateTimeField(_("dieskalasi"), null=True, blank=True)
    escalation_count = models.PositiveSmallIntegerField(_("jumlah eskalasi"), default=0)
    cleared_at = models.DateTimeField(_("selesai"), null=True, blank=True)
    cleared_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.SET_NULL, related_name="+"
    )

    class Meta:
        ordering = ["-raised_at", "-id"]
        verbose_name = _("alarm")
        verbose_name_plural = _("alarm")
        indexes = [
            models.Index(fields=["state", "-raised_at"], name="sensing_alarm_state"),
        ]

    def __str__(self) -> str:
        return f"{self.get_kind_display()} #{self.pk}"


class AlarmEventKind(models.TextChoices):
    RAISED = "raised", _("dibunyikan")
    LEVEL_CHANGED = "level_changed", _("tingkat berubah")
    REACTIVATED = "reactivated", _("aktif kembali")
    ACKNOWLEDGED = "acknowledged", _("ditanggapi")
    ESCALATED = "escalated", _("dieskalasi")
    CLEARED = "cleared", _("selesai")


class AlarmEvent(models.Model):
    """The trail of an alarm: who did what when, with the level and value at that moment."""

    alarm = models.ForeignKey(Alarm, on_delete=models.CASCADE, related_name="events")
    kind = models.CharField(_("kejadian"), max_length=20, choices=AlarmEventKind.choices)
    at = models.DateTimeField(_("waktu"))
    actor = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.SET_NULL, related_name="+"
    )
    actor_repr = models.CharField(_("oleh"), max_length=200, default="system")
    level_name = models.CharField(_("tingkat"), max_length=100, blank=True)
    value = models.FloatField(_("nilai"), null=True, blank=True)
    note = models.TextField(_("catatan"), blank=True)

    class Meta:
        ordering = ["at", "id"]
        verbose_name = _("riwayat alarm")
        verbose_name_plural = _("riwayat alarm")

    def __str__(self) -> str:
        return f"{self.alarm_id} {self.kind} @ {self.at.isoformat()}"


class FloodPlace(models.Model):
    """A flood-prone place downstream of a gauge; `arrival_lag` after the gauge it floods.

    `at_risk_from` (in the gauge's ladder unit, optional) is the gauge value from which a source
    says the place is affected; empty: at risk whenever the gauge raises a flood alarm.
    """

    gauge = models.ForeignKey(FloodGauge, on_delete=models.CASCADE, related_name="places")
    name = models.CharField(_("nama tempat"), max_length=200)
    kelurahan = models.CharField(_("kelurahan"), max_length=100, blank=True)
    kecamatan = models.CharField(_("kecamatan"), max_length=100, blank=True)
    region_code = models.CharField(_("kode wilayah"), max_length=20, blank=True)
    arrival_lag = models.DurationField(_("jeda tiba dari pos"))
    at_risk_from = models.FloatField(_("terdampak mulai nilai"), null=True, blank=True)
    source_url = models.URLField(_("sumber"), max_length=500, blank=True)
    note = models.TextField(_("catatan"), blank=True)

    class Meta:
        ordering = ["gauge_id", "arrival_lag", "name"]
        verbose_name = _("tempat rawan banjir")
        verbose_name_plural = _("tempat rawan banjir")
        constraints = [
            models.UniqueConstraint(fields=["gauge", "name"], name="sensing_floodplace_name")
        ]

    def __str__(self) -> str:
        return self.name

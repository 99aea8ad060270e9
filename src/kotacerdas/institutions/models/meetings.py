from django.conf import settings
from django.db import models
from django.utils.translation import gettext_lazy as _


class MeetingKind(models.TextChoices):
    COMMISSION = "commission", _("Rapat internal komisi")
    CROSS = "cross", _("Rapat lintas komisi")
    PLENARY = "plenary", _("Rapat pleno")
    FGD = "fgd", _("Focus Group Discussion")
    TEAM = "team", _("Rapat Tim Pelaksana")


class MeetingStatus(models.TextChoices):
    SCHEDULED = "scheduled", _("Terjadwal")
    HELD = "held", _("Terlaksana")
    CANCELLED = "cancelled", _("Dibatalkan")


class Meeting(models.Model):
    """A council meeting or FGD (Pasal 10(4)); the komisi it counts for are `commissions`."""

    term = models.ForeignKey(
        "institutions.CouncilTerm", on_delete=models.PROTECT, related_name="meetings"
    )
    kind = models.CharField(_("jenis"), max_length=12, choices=MeetingKind.choices)
    commissions = models.ManyToManyField(
        "institutions.Commission", verbose_name=_("komisi"), blank=True, related_name="meetings"
    )
    title = models.CharField(_("judul"), max_length=300)
    agenda = models.TextField(_("agenda"), blank=True)
    starts_at = models.DateTimeField(_("mulai"))
    ends_at = models.DateTimeField(_("selesai"))
    location = models.CharField(_("tempat"), max_length=300, blank=True)
    online_url = models.URLField(_("tautan daring"), blank=True)
    status = models.CharField(
        _("status"), max_length=10, choices=MeetingStatus.choices, default=MeetingStatus.SCHEDULED
    )
    invitation = models.ForeignKey(
        "institutions.Letter",
        verbose_name=_("surat undangan"),
        null=True,
        blank=True,
        on_delete=models.PROTECT,
        related_name="meetings_invited",
    )
    cancel_reason = models.CharField(_("alasan batal"), max_length=300, blank=True)
    created_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, on_delete=models.PROTECT, related_name="+"
    )
    is_demo = models.BooleanField(_("data contoh"), default=False)
    created_at = models.DateTimeField(auto_now_add=True)
    updated_at = models.DateTimeField(auto_now=True)

    class Meta:
        ordering = ["-starts_at", "-id"]
        verbose_name = _("rapat")
        verbose_name_plural = _("rapat")
        indexes = [models.Index(fields=["term", "starts_at"], name="meeting_term_start")]

    def __str__(self) -> str:
        return self.title


class AttendeeRole(models.TextChoices):
    MEMBER = "member", _("Anggota Dewan")
    RESOURCE = "resource", _("Narasumber")
    SECRETARIAT = "secretariat", _("Sekretariat")
    GUEST = "guest", _("Undangan lain")


class Attendance(models.Model):
    """Who was invited to a meeting and whether they came."""

    meeting = models.ForeignKey(Meeting, on_delete=models.CASCADE, related_name="attendances")
    person = models.ForeignKey("core.Person", on_delete=models.PROTECT, related_name="attendances")
    role = models.CharField(_("peran"), max_length=12, choices=AttendeeRole.choices)
    present = models.BooleanField(_("hadir"), null=True, blank=True)  # None: not yet recorded
    note = models.CharField(_("keterangan"), max_length=200, blank=True)

    class Meta:
        ordering = ["meeting", "role", "person__name"]
        verbose_name = _("kehadiran")
        verbose_name_plural = _("kehadiran")
        constraints = [
            models.UniqueConstraint(fields=["meeting", "person"], name="attendance_once")
        ]

    def __str__(self) -> str:
        return f"{self.person} @ {self.meeting}"


class Minutes(models.Model):
    """Notulen of a meeting that has taken place."""

    meeting = models.OneToOneField(Meeting, on_delete=models.CASCADE, related_name="minutes")
    summary = models.TextField(_("ringkasan pembahasan"))
    decisions = models.TextField(_("keputusan"), blank=True)
    recorded_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, on_delete=models.PROTECT, related_name="+"
    )
    approved_at = models.DateTimeField(_("disahkan"), null=True, blank=True)
    is_demo = models.BooleanField(_("data contoh"), default=False)
    created_at = models.DateTimeField(auto_now_add=True)
    updated_at = models.DateTimeField(auto_now=True)

    class Meta:
        verbose_name = _("notulen")
        verbose_name_plural = _("notulen")

    def __str__(self) -> str:
        return f"Notulen {self.meeting}"


class ActionItem(models.Model):
    """A follow-up agreed in the minutes; may become a recommendation in monitoring."""

    minutes = models.ForeignKey(Minutes, on_delete=models.CASCADE, related_name="action_items")
    description = models.TextField(_("uraian"))
    owner_agency = models.ForeignKey(
        "core.Agency",
        verbose_name=_("Perangkat Daerah penanggung jawab"),
        null=True,
        blank=True,
        on_delete=models.PROTECT,
        related_name="+",
    )
    owner_name = models.CharField(_("penanggung jawab"), max_length=200, blank=True)
    due_date = models.DateField(_("tenggat"), null=True, blank=True)
    done = models.BooleanField(_("selesai"), default=False)
    recommendation_id = models.BigIntegerField(
        _("rekomendasi monev"), null=True, blank=True, unique=True
    )  # id of a monitoring.Recommendation (apps talk through services, not foreign keys)

    class Meta:
        ordering = ["minutes", "id"]
        verbose_name = _("tindak lanjut rapat")
        verbose_name_plural = _("tindak lanjut rapat")

    def __str__(self) -> str:
        return self.description[:80]


class MeetingDocument(models.Model):
    meeting = models.ForeignKey(Meeting, on_delete=models.CASCADE, related_name="documents")
    title = models.CharField(_("judul"), max_length=300)
    file = models.FileField(_("berkas"), upload_to="institutions/meetings/")
    sha256 = models.CharField(max_length=64)
    size = models.PositiveBigIntegerField()
    content_type = models.CharField(max_length=100)
    uploaded_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, on_delete=models.PROTECT, related_name="+"
    )
    uploaded_at = models.DateTimeField(auto_now_add=True)

    class Meta:
        ordering = ["meeting", "uploaded_at", "id"]
        verbose_name = _("dokumen rapat")
        verbose_name_plural = _("dokumen rapat")

    def __str__(self) -> str:
        return self.title


class ChecklistItem(models.Model):
    """The secretariat's preparation checklist of a meeting (Pasal 12)."""

    meeting = models.ForeignKey(Meeting, on_delete=models.CASCADE, related_name="checklist")
    label = models.CharField(_("persiapan"), max_length=200)
    order = models.PositiveSmallIntegerField(default=0)
    done_at = models.DateTimeField(_("selesai"), null=True, blank=True)
    done_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.PROTECT, related_name="+"
    )

    class Meta:
        ordering = ["meeting", "order", "id"]
        verbose_name = _("daftar persiapan rapat")
        verbose_name_plural = _("daftar persiapan rapat")

    def __str__(self) -> str:
        return self.label


class MinutesDistribution(models.Model):
    """Who received the minutes, and when (Pasal 12)."""

    minutes = models.ForeignKey(Minutes, on_delete=models.CASCADE, related_name="distributions")
    person = models.ForeignKey("core.Person", on_delete=models.PROTECT, related_name="+")
    sent_at = models.DateTimeField(_("dikirim"))
    channel = models.CharField(_("saluran"), max_length=20, default="email")
    received_at = models.DateTimeField(_("diterima"), null=True, blank=True)
    # When the e-mail actually left (channel "email"); set once, so it is never sent twice.
    emailed_at = models.DateTimeField(_("surel terkirim"), null=True, blank=True)
    sent_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, on_delete=models.PROTECT, related_name="+"
    )

    class Meta:
        ordering = ["minutes", "person__name"]
        verbose_name = _("distribusi notulen")
        verbose_name_plural = _("distribusi notulen")
        constraints = [
            models.UniqueConstraint(fields=["minutes", "person"], name="minutes_sent_once")
        ]

    def __str__(self) -> str:
        return f"{self.minutes} -> {self.person}"


class CalendarFeed(models.Model):
    """The secret address of a user's iCalendar feed (calendar apps cannot sign in)."""

    user = models.OneToOneField(
        settings.AUTH_USER_MODEL, on_delete=models.CASCADE, related_name="calendar_feed"
    )
    token = models.CharField(max_length=64, unique=True)
    created_at = models.DateTimeField(auto_now_add=True)

    class Meta:
        verbose_name = _("umpan kalender")
        verbose_name_plural = _("umpan kalender")

    def __str__(self) -> str:
        return f"Kalender {self.user}"

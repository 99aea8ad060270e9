from django.conf import settings
from django.db import models
from django.utils.translation import gettext_lazy as _

from .categories import CaseType


class Channel(models.TextChoices):
    CALL_CENTER = "call_center", _("Call Center 1500444")
    LAPOR = "lapor", _("SP4N-LAPOR!")
    WEB = "web", _("Formulir web")
    OPEN311 = "open311", _("Aplikasi (Open311)")
    WALK_IN = "walk_in", _("Datang langsung")


class Privacy(models.TextChoices):
    PUBLIC = "public", _("Publik")
    NAME_HIDDEN = "name_hidden", _("Nama disembunyikan")
    CONFIDENTIAL = "confidential", _("Isi rahasia")
    ANONYMOUS = "anonymous", _("Anonim")


class CaseState(models.TextChoices):
    RECEIVED = "received", _("Diterima")
    VERIFIED = "verified", _("Terverifikasi")
    DISPATCHED = "dispatched", _("Diteruskan")
    IN_PROGRESS = "in_progress", _("Sedang ditangani")
    RESOLVED = "resolved", _("Selesai ditangani")
    CLOSED = "closed", _("Ditutup")


OPEN_STATES = (
    CaseState.RECEIVED,
    CaseState.VERIFIED,
    CaseState.DISPATCHED,
    CaseState.IN_PROGRESS,
    CaseState.RESOLVED,
)


class CaseOutcome(models.TextChoices):
    NONE = "", _("Belum ada")
    CONFIRMED = "confirmed", _("Selesai, dikonfirmasi pelapor")
    AUTO_CLOSED = "auto_closed", _("Selesai, ditutup otomatis")
    DECLINED_AUTHORITY = "declined_authority", _("Ditolak: bukan kewenangan Pemerintah Kota")
    DECLINED_INCOMPLETE = "declined_incomplete", _("Ditolak: laporan tidak lengkap")
    DUPLICATE = "duplicate", _("Digabung: laporan ganda")
    WITHDRAWN = "withdrawn", _("Dicabut pelapor")


class UrcStatus(models.TextChoices):
    NONE = "", _("-")
    ASSIGNED = "assigned", _("Ditugaskan")
    ACCEPTED = "accepted", _("Diterima petugas")
    EN_ROUTE = "en_route", _("Dalam perjalanan")
    ON_SITE = "on_site", _("Di lokasi")
    DONE = "done", _("Selesai")


class SlaStage(models.TextChoices):
    VERIFY = "verify", _("Verifikasi")
    RESPOND = "respond", _("Tindak lanjut")
    URC = "urc", _("Respons URC")
    CONFIRM = "confirm", _("Menunggu konfirmasi pelapor")
    NONE = "", _("-")


class Case(models.Model):
    """One complaint, aspiration or information request, whatever the channel (Pasal 26)."""

    tracking_number = models.CharField(_("nomor lacak"), max_length=30, unique=True)
    channel = models.CharField(_("kanal"), max_length=12, choices=Channel.choices)
    case_type = models.CharField(_("jenis"), max_length=10, choices=CaseType.choices)
    category = models.ForeignKey(
        "complaints.Category",
        verbose_name=_("kategori"),
        on_delete=models.PROTECT,
        related_name="cases",
    )
    title = models.CharField(_("judul"), max_length=200)
    description = models.TextField(_("uraian"))
    attributes = models.JSONField(_("atribut"), default=dict, blank=True)
    # Location: a point inside Kota Bekasi and/or the kecamatan/kelurahan, and an address.
    lat = models.FloatField(_("lintang"), null=True, blank=True)
    lng = models.FloatField(_("bujur"), null=True, blank=True)
    kecamatan = models.ForeignKey(
        "core.Region",
        verbose_name=_("kecamatan"),
        null=True,
        blank=True,
        on_delete=models.PROTECT,
        related_name="+",
    )
    kelurahan = models.ForeignKey(
        "core.Region",
        verbose_name=_("kelurahan"),
        null=True,
        blank=True,
        on_delete=models.PROTECT,
        related_name="+",
    )
    address = models.CharField(_("alamat"), max_length=300, blank=True)
    # Reporter (personal data: never in public pages or public APIs).
    privacy = models.CharField(
        _("kerahasiaan"), max_length=12, choices=Privacy.choices, default=Privacy.PUBLIC
    )
    reporter_name = models.CharField(_("nama pelapor"), max_length=200, blank=True)
    reporter_phone = models.CharField(_("telepon pelapor"), max_length=40, blank=True)
    reporter_email = models.EmailField(_("surel pelapor"), blank=True)
    reporter_user = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="reported_cases",
    )
    # Secret for the reporter: confirm / reopen / rate without an account.
    reporter_secret_hash = models.CharField(max_length=64, blank=True)
    # Lifecycle state and outcome are separate (issue #5 item 4).
    state = models.CharField(
        _("status"), max_length=12, choices=CaseState.choices, default=CaseState.RECEIVED
    )
    outcome = models.CharField(
        _("hasil"),
        max_length=20,
        choices=CaseOutcome.choices,
        default=CaseOutcome.NONE,
        blank=True,
    )
    decline_note = models.TextField(_("alasan penolakan"), blank=True)
    assigned_agency = models.ForeignKey(
        "core.Agency",
        verbose_name=_("Perangkat Daerah"),
        null=True,
        blank=True,
        on_delete=models.PROTECT,
        related_name="complaint_cases",
    )
    assigned_urc = models.ForeignKey(
        "complaints.UrcUnit",
        verbose_name=_("URC"),
        null=True,
        blank=True,
        on_delete=models.PROTECT,
        related_name="cases",
    )
    urc_status = models.CharField(
        _("status URC"), max_length=10, choices=UrcStatus.choices, default="", blank=True
    )
    merged_into = models.ForeignKey(
        "self",
        verbose_name=_("digabung ke"),
        null=True,
        blank=True,
        on_delete=models.PROTECT,
        related_name="merged_cases",
    )
    reopened_count = models.PositiveSmallIntegerField(default=0)
    rating = models.PositiveSmallIntegerField(_("penilaian"), null=True, blank=True)  # 1-5
    rating_comment = models.TextField(_("komentar penilaian"), blank=True)
    # Milestones.
    received_at = models.DateTimeField(_("diterima"))
    verified_at = models.DateTimeField(null=True, blank=True)
    dispatched_at = models.DateTimeField(null=True, blank=True)
    responded_at = models.DateTimeField(null=True, blank=True)  # agency/URC started work
    resolved_at = models.DateTimeField(null=True, blank=True)
    closed_at = models.DateTimeField(null=True, blank=True)
    # SLA clocks (computed by services on each transition; swept by the SLA task).
    sla_stage = models.CharField(
        max_length=10, choices=SlaStage.choices, default=SlaStage.VERIFY, blank=True
    )
    sla_started_at = models.DateTimeField(null=True, blank=True)
    sla_due_at = models.DateTimeField(null=True, blank=True)
    sla_warn_at = models.DateTimeField(null=True, blank=True)
    sla_warned = models.BooleanField(default=False)
    sla_escalated = models.BooleanField(default=False)
    outer_due_at = models.DateTimeField(null=True, blank=True)  # received + outer_days
    autoclose_at = models.DateTimeField(null=True, blank=True)  # resolved + autoclose_days
    reopen_until = models.DateTimeField(null=True, blank=True)
    paused_at = models.DateTimeField(null=True, blank=True)  # waiting for the reporter
    is_overdue = models.BooleanField(_("terlambat"), default=False)
    # External identities.
    lapor_id = models.CharField(
        _("ID SP4N-LAPOR!"), max_length=64, null=True, blank=True, unique=True
    )
    open311_token = models.CharField(max_length=64, null=True, blank=True, unique=True)
    suggested_agencies = models.JSONField(default=list, blank=True)  # [{"agency_id", "score"}]
    version = models.PositiveIntegerField(default=1)  # optimistic lock for concurrent agents
    created_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        null=True,
        blank=True,
        on_delete=models.PROTECT,
        related_name="+",
    )
    is_demo = models.BooleanField(_("data contoh"), default=False)
    created_at = models.DateTimeField(auto_now_add=True)
    updated_at = models.DateTimeField(auto_now=True)

    class Meta:
        ordering = ["-received_at", "-id"]
        verbose_name = _("laporan masyarakat")
        verbose_name_plural = _("laporan masyarakat")
        indexes = [
            models.Index(fields=["state", "sla_due_at"], name="case_sla_due"),
            models.Index(fields=["state", "sla_warn_at"], name="case_sla_warn"),
            models.Index(fields=["state", "autoclose_at"], name="case_autoclose"),
            models.Index(fields=["assigned_agency", "state"], name="case_agency_state"),
            models.Index(fields=["category", "received_at"], name="case_category_time"),
            models.Index(fields=["reporter_phone"], name="case_reporter_phone"),
            models.Index(fields=["updated_at"], name="case_updated"),
        ]

    def __str__(self) -> str:
        return f"{self.tracking_number} {self.title}"


class CaseEventKind(models.TextChoices):
    CREATED = "created", _("Laporan diterima")
    STATE = "state", _("Perubahan status")
    NOTE = "note", _("Catatan")
    DISPATCH = "dispatch", _("Disposisi")
    URC = "urc", _("Status URC")
    SLA_WARNING = "sla_warning", _("Peringatan SLA")
    SLA_ESCALATION = "sla_escalation", _("Eskalasi SLA")
    PAUSE = "pause", _("Menunggu pelapor")
    RESUME = "resume", _("Dilanjutkan")
    MERGE = "merge", _("Penggabungan")
    REPLY = "reply", _("Balasan pelapor")
    RATING = "rating", _("Penilaian")
    LAPOR_SYNC = "lapor_sync", _("Sinkronisasi SP4N-LAPOR!")


class CaseEvent(models.Model):
    """The timeline of a case: every transition, timestamped (and audited by the services)."""

    case = models.ForeignKey(Case, on_delete=models.CASCADE, related_name="events")
    at = models.DateTimeField(_("waktu"))
    kind = models.CharField(_("jenis"), max_length=16, choices=CaseEventKind.choices)
    from_state = models.CharField(max_length=12, blank=True)
    to_state = models.CharField(max_length=12, blank=True)
    note = models.TextField(_("catatan"), blank=True)
    is_public = models.BooleanField(_("tampil untuk publik"), default=True)
    actor = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        null=True,
        blank=True,
        on_delete=models.PROTECT,
        related_name="+",
    )
    data = models.JSONField(default=dict, blank=True)

    class Meta:
        ordering = ["case", "at", "id"]
        verbose_name = _("riwayat laporan")
        verbose_name_plural = _("riwayat laporan")

    def __str__(self) -> str:
        return f"{self.case_id} {self.kind} {self.at:%Y-%m-%d %H:%M}"


class AttachmentRole(models.TextChoices):
    REPORT = "report", _("Lampiran pelapor")
    EVIDENCE = "evidence", _("Bukti penanganan")


class CaseAttachment(models.Model):
    case = models.ForeignKey(Case, on_delete=models.CASCADE, related_name="attachments")
    role = models.CharField(_("jenis"), max_length=10, choices=AttachmentRole.choices)
    file = models.FileField(_("berkas"), upload_to="complaints/%Y/%m/")
    sha256 = models.CharField(max_length=64)
    size = models.PositiveBigIntegerField()
    content_type = models.CharField(max_length=100)
    lat = models.FloatField(null=True, blank=True)  # where a URC evidence photo was taken
    lng = models.FloatField(null=True, blank=True)
    is_public = models.BooleanField(default=False)
    uploaded_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        null=True,
        blank=True,
        on_delete=models.PROTECT,
        related_name="+",
    )
    uploaded_at = models.DateTimeField(auto_now_add=True)

    class Meta:
        ordering = ["case", "uploaded_at", "id"]
        verbose_name = _("lampiran laporan")
        verbose_name_plural = _("lampiran laporan")

    def __str__(self) -> str:
        return f"{self.case_id} {self.file.name}"


class TrackingSequence(models.Model):
    """The last tracking number issued per year (locked row; numbers never repeat)."""

    year = models.PositiveSmallIntegerField(unique=True)
    last = models.PositiveIntegerField(default=0)

    def __str__(self) -> str:
        return f"{self.year}: {self.last}"

from django.conf import settings
from django.db import models
from django.utils.translation import gettext_lazy as _


class ImplementationTeam(models.Model):
    """The Tim Pelaksana set by a decree (Pasal 13-14); the newest active one is current."""

    name = models.CharField(_("nama"), max_length=200, default="Tim Pelaksana Kota Cerdas")
    decree = models.ForeignKey(
        "institutions.Decree",
        verbose_name=_("Keputusan Wali Kota"),
        null=True,
        blank=True,
        on_delete=models.PROTECT,
        related_name="teams",
    )
    start_date = models.DateField(_("mulai"))
    end_date = models.DateField(_("berakhir"), null=True, blank=True)
    is_active = models.BooleanField(_("aktif"), default=True)
    is_demo = models.BooleanField(_("data contoh"), default=False)
    created_at = models.DateTimeField(auto_now_add=True)
    updated_at = models.DateTimeField(auto_now=True)

    class Meta:
        ordering = ["-start_date", "-id"]
        verbose_name = _("Tim Pelaksana")
        verbose_name_plural = _("Tim Pelaksana")

    def __str__(self) -> str:
        return f"{self.name} ({self.start_date:%Y})"


class WorkingGroup(models.Model):
    """A pokja of the team: one per dimension; masterplan programs are assigned to it."""

    team = models.ForeignKey(
        ImplementationTeam, on_delete=models.CASCADE, related_name="working_groups"
    )
    dimension = models.ForeignKey(
        "masterplan.Dimension", on_delete=models.PROTECT, related_name="working_groups"
    )
    name = models.CharField(_("nama"), max_length=200)
    programs = models.ManyToManyField(
        "masterplan.Program",
        verbose_name=_("program rencana induk"),
        blank=True,
        related_name="working_groups",
    )

    class Meta:
        ordering = ["team", "dimension__order"]
        verbose_name = _("kelompok kerja")
        verbose_name_plural = _("kelompok kerja")
        constraints = [
            models.UniqueConstraint(fields=["team", "dimension"], name="working_group_dimension")
        ]

    def __str__(self) -> str:
        return self.name


class SupportTeamKind(models.TextChoices):
    MIS = "mis", _("Tim Tata Kelola Sistem Informasi Manajemen")
    INFRASTRUCTURE = "infrastructure", _("Tim Infrastruktur, Teknologi dan Informatika")
    SATU_DATA = "satu_data", _("Tim Satu Data")
    PUBLICATION = "publication", _("Tim Publikasi dan Pengaduan")


class SupportTeam(models.Model):
    team = models.ForeignKey(
        ImplementationTeam, on_delete=models.CASCADE, related_name="support_teams"
    )
    kind = models.CharField(_("jenis"), max_length=16, choices=SupportTeamKind.choices)

    class Meta:
        ordering = ["team", "kind"]
        verbose_name = _("tim penunjang")
        verbose_name_plural = _("tim penunjang")
        constraints = [models.UniqueConstraint(fields=["team", "kind"], name="support_team_kind")]

    def __str__(self) -> str:
        return self.get_kind_display()


class TeamPosition(models.TextChoices):
    KETUA = "ketua", _("Ketua")
    WAKIL_KETUA = "wakil_ketua", _("Wakil Ketua")
    SEKRETARIS = "sekretaris", _("Sekretaris")
    KOORDINATOR_POKJA = "koordinator_pokja", _("Koordinator Pokja")
    ANGGOTA_POKJA = "anggota_pokja", _("Anggota Pokja")
    KOORDINATOR_PENUNJANG = "koordinator_penunjang", _("Koordinator Tim Penunjang")
    ANGGOTA_PENUNJANG = "anggota_penunjang", _("Anggota Tim Penunjang")


class TeamMembership(models.Model):
    team = models.ForeignKey(ImplementationTeam, on_delete=models.CASCADE, related_name="members")
    person = models.ForeignKey("core.Person", on_delete=models.PROTECT, related_name="team_roles")
    agency = models.ForeignKey(
        "core.Agency",
        verbose_name=_("Perangkat Daerah"),
        null=True,
        blank=True,
        on_delete=models.PROTECT,
        related_name="+",
    )
    position = models.CharField(_("jabatan"), max_length=24, choices=TeamPosition.choices)
    working_group = models.ForeignKey(
        WorkingGroup, null=True, blank=True, on_delete=models.PROTECT, related_name="members"
    )
    support_team = models.ForeignKey(
        SupportTeam, null=True, blank=True, on_delete=models.PROTECT, related_name="members"
    )
    start_date = models.DateField(_("mulai"))
    end_date = models.DateField(_("berakhir"), null=True, blank=True)
    is_demo = models.BooleanField(_("data contoh"), default=False)
    created_at = models.DateTimeField(auto_now_add=True)

    class Meta:
        ordering = ["team", "position", "id"]
        verbose_name = _("anggota Tim Pelaksana")
        verbose_name_plural = _("anggota Tim Pelaksana")

    def __str__(self) -> str:
        return f"{self.person} — {self.get_position_display()}"


class Assistance(models.Model):
    """Assistance to an agency before Musrenbang (Pasal 13d)."""

    team = models.ForeignKey(
        ImplementationTeam, on_delete=models.PROTECT, related_name="assistances"
    )
    agency = models.ForeignKey(
        "core.Agency",
        verbose_name=_("Perangkat Daerah"),
        on_delete=models.PROTECT,
        related_name="+",
    )
    date = models.DateField(_("tanggal"))
    musrenbang_year = models.PositiveSmallIntegerField(_("Musrenbang tahun"))
    activities = models.ManyToManyField(
        "masterplan.Activity",
        verbose_name=_("butir peta jalan yang dibahas"),
        blank=True,
        related_name="+",
    )
    discussion = models.TextField(_("pembahasan"), blank=True)
    follow_ups = models.TextField(_("tindak lanjut yang disepakati"))
    recorded_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, on_delete=models.PROTECT, related_name="+"
    )
    is_demo = models.BooleanField(_("data contoh"), default=False)
    created_at = models.DateTimeField(auto_now_add=True)
    updated_at = models.DateTimeField(auto_now=True)

    class Meta:
        ordering = ["-date", "-id"]
        verbose_name = _("pendampingan pra-Musrenbang")
        verbose_name_plural = _("pendampingan pra-Musrenbang")

    def __str__(self) -> str:
        return f"{self.agency} {self.date}"

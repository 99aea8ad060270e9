from django.db import models
from django.utils.translation import gettext_lazy as _

from kotacerdas.core.models import Helix

from .council import CouncilPosition


class ElectionStage(models.TextChoices):
    TEAM = "team", _("Pembentukan tim pemilihan")
    SCREENING = "screening", _("Penjaringan")
    SELECTION = "selection", _("Penyaringan")
    PROPOSED = "proposed", _("Diusulkan kepada Wali Kota")
    DECREED = "decreed", _("Ditetapkan dengan Keputusan Wali Kota")
    CANCELLED = "cancelled", _("Dibatalkan")


class Election(models.Model):
    """The election of the council for the term after `ending_term` (Pasal 11(2)-(4)).

    It must start (`started_on`) at least one month before `ending_term` ends;
    `institutions.rules.election_deadline` gives the date.
    """

    ending_term = models.OneToOneField(
        "institutions.CouncilTerm",
        verbose_name=_("masa jabatan yang berakhir"),
        on_delete=models.PROTECT,
        related_name="election",
    )
    stage = models.CharField(
        _("tahap"), max_length=10, choices=ElectionStage.choices, default=ElectionStage.TEAM
    )
    started_on = models.DateField(_("dimulai"), null=True, blank=True)
    team_decree = models.ForeignKey(
        "institutions.Decree",
        verbose_name=_("keputusan tim pemilihan"),
        null=True,
        blank=True,
        on_delete=models.PROTECT,
        related_name="+",
    )
    proposal_letter = models.ForeignKey(
        "institutions.Letter",
        verbose_name=_("surat usulan kepada Wali Kota"),
        null=True,
        blank=True,
        on_delete=models.PROTECT,
        related_name="+",
    )
    proposed_on = models.DateField(_("diusulkan"), null=True, blank=True)
    result_decree = models.ForeignKey(
        "institutions.Decree",
        verbose_name=_("keputusan penetapan anggota"),
        null=True,
        blank=True,
        on_delete=models.PROTECT,
        related_name="+",
    )
    next_term = models.OneToOneField(
        "institutions.CouncilTerm",
        verbose_name=_("masa jabatan berikutnya"),
        null=True,
        blank=True,
        on_delete=models.PROTECT,
        related_name="elected_by",
    )
    note = models.TextField(_("catatan"), blank=True)
    is_demo = models.BooleanField(_("data contoh"), default=False)
    created_at = models.DateTimeField(auto_now_add=True)
    updated_at = models.DateTimeField(auto_now=True)

    class Meta:
        ordering = ["-ending_term__number"]
        verbose_name = _("pemilihan anggota Dewan")
        verbose_name_plural = _("pemilihan anggota Dewan")

    def __str__(self) -> str:
        return f"Pemilihan Dewan setelah periode {self.ending_term.number}"


class ElectionTeamRole(models.TextChoices):
    GOVERNMENT = "government", _("Unsur pemerintah")
    PREVIOUS_CHAIR = "previous_chair", _("Ketua Dewan periode sebelumnya")
    OTHER = "other", _("Unsur lain sesuai keputusan")


class ElectionTeamMember(models.Model):
    election = models.ForeignKey(Election, on_delete=models.CASCADE, related_name="team")
    person = models.ForeignKey("core.Person", on_delete=models.PROTECT, related_name="+")
    role = models.CharField(_("unsur"), max_length=16, choices=ElectionTeamRole.choices)
    is_demo = models.BooleanField(_("data contoh"), default=False)

    class Meta:
        ordering = ["election", "role", "id"]
        verbose_name = _("anggota tim pemilihan")
        verbose_name_plural = _("anggota tim pemilihan")
        constraints = [
            models.UniqueConstraint(fields=["election", "person"], name="election_team_once")
        ]

    def __str__(self) -> str:
        return f"{self.person} ({self.get_role_display()})"


class CandidateStatus(models.TextChoices):
    REGISTERED = "registered", _("Terdaftar")
    SCREENED = "screened", _("Lolos penjaringan")
    REJECTED = "rejected", _("Tidak lolos")
    SELECTED = "selected", _("Terpilih")
    NOT_SELECTED = "not_selected", _("Tidak terpilih")


class Candidate(models.Model):
    """A candidate for one position of the next term (a komisi position names its dimension)."""

    election = models.ForeignKey(Election, on_delete=models.CASCADE, related_name="candidates")
    person = models.ForeignKey("core.Person", on_delete=models.PROTECT, related_name="+")
    helix = models.CharField(_("unsur"), max_length=20, choices=Helix.choices)
    organisation = models.ForeignKey(
        "core.Organisation", verbose_name=_("mewakili"), on_delete=models.PROTECT, related_name="+"
    )
    position = models.CharField(_("jabatan"), max_length=20, choices=CouncilPosition.choices)
    dimension = models.ForeignKey(
        "masterplan.Dimension",
        verbose_name=_("komisi (dimensi)"),
        null=True,
        blank=True,
        on_delete=models.PROTECT,
        related_name="+",
    )
    status = models.CharField(
        _("status"), max_length=12, choices=CandidateStatus.choices, default="registered"
    )
    score = models.DecimalField(_("nilai"), max_digits=5, decimal_places=2, null=True, blank=True)
    note = models.CharField(_("catatan"), max_length=300, blank=True)
    is_demo = models.BooleanField(_("data contoh"), default=False)

    class Meta:
        ordering = ["election", "position", "dimension", "-score", "id"]
        verbose_name = _("calon anggota Dewan")
        verbose_name_plural = _("calon anggota Dewan")

    def __str__(self) -> str:
        return f"{self.person} — {self.get_position_display()}"

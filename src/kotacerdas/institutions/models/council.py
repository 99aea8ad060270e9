from django.db import models
from django.utils.translation import gettext_lazy as _

from kotacerdas.core.models import Helix


class TermStatus(models.TextChoices):
    DRAFT = "draft", _("Disusun")
    ACTIVE = "active", _("Aktif")
    ENDED = "ended", _("Berakhir")


class CouncilTerm(models.Model):
    """A term (masa jabatan) of the Dewan Kota Cerdas: three years from its decree (Pasal 11(1)).

    `start_date` is the decree's date; `end_date` is the last day of the term (see
    `institutions.rules.term_end`).
    """

    number = models.PositiveSmallIntegerField(_("periode ke"), unique=True)
    decree = models.ForeignKey(
        "institutions.Decree",
        verbose_name=_("Keputusan Wali Kota"),
        null=True,
        blank=True,
        on_delete=models.PROTECT,
        related_name="council_terms",
    )
    start_date = models.DateField(_("mulai"))
    end_date = models.DateField(_("berakhir"))
    status = models.CharField(
        _("status"), max_length=8, choices=TermStatus.choices, default=TermStatus.DRAFT
    )
    activated_at = models.DateTimeField(null=True, blank=True)
    is_demo = models.BooleanField(_("data contoh"), default=False)
    created_at = models.DateTimeField(auto_now_add=True)
    updated_at = models.DateTimeField(auto_now=True)

    class Meta:
        ordering = ["-number"]
        verbose_name = _("masa jabatan Dewan")
        verbose_name_plural = _("masa jabatan Dewan")

    def __str__(self) -> str:
        return f"Dewan Kota Cerdas periode {self.number} ({self.start_date:%Y}-{self.end_date:%Y})"


class Commission(models.Model):
    """A komisi of a term: one per dimension of the masterplan (Pasal 10(2))."""

    term = models.ForeignKey(CouncilTerm, on_delete=models.CASCADE, related_name="commissions")
    dimension = models.ForeignKey(
        "masterplan.Dimension", on_delete=models.PROTECT, related_name="commissions"
    )
    name = models.CharField(_("nama"), max_length=200)

    class Meta:
        ordering = ["term", "dimension__order"]
        verbose_name = _("komisi")
        verbose_name_plural = _("komisi")
        constraints = [
            models.UniqueConstraint(
                fields=["term", "dimension"], name="commission_one_per_dimension"
            )
        ]

    def __str__(self) -> str:
        return self.name


class CouncilPosition(models.TextChoices):
    KETUA = "ketua", _("Ketua")
    WAKIL_KETUA = "wakil_ketua", _("Wakil Ketua")
    SEKRETARIS = "sekretaris", _("Sekretaris")
    KETUA_KOMISI = "ketua_komisi", _("Ketua Komisi")
    SEKRETARIS_KOMISI = "sekretaris_komisi", _("Sekretaris Komisi")
    ANGGOTA_KOMISI = "anggota_komisi", _("Anggota Komisi")


# Positions held inside a komisi (the membership names its commission).
COMMISSION_POSITIONS = {
    CouncilPosition.KETUA_KOMISI,
    CouncilPosition.SEKRETARIS_KOMISI,
    CouncilPosition.ANGGOTA_KOMISI,
}


class MembershipEnd(models.TextChoices):
    RESIGNED = "resigned", _("Mengundurkan diri")
    REPLACED = "replaced", _("Diganti")
    DIED = "died", _("Meninggal dunia")
    DISMISSED = "dismissed", _("Diberhentikan")
    MOVED = "moved", _("Pindah jabatan")
    TERM_ENDED = "term_ended", _("Masa jabatan berakhir")


class CouncilMembership(models.Model):
    """A person in a position of a term, from `start_date` to `end_date` (open while serving).

    Changes during a term end one membership and start another, so history is kept.
    """

    term = models.ForeignKey(CouncilTerm, on_delete=models.CASCADE, related_name="memberships")
    person = models.ForeignKey(
        "core.Person", on_delete=models.PROTECT, related_name="council_memberships"
    )
    helix = models.CharField(_("unsur"), max_length=20, choices=Helix.choices)
    organisation = models.ForeignKey(
        "core.Organisation",
        verbose_name=_("mewakili"),
        on_delete=models.PROTECT,
        related_name="council_memberships",
    )
    position = models.CharField(_("jabatan"), max_length=20, choices=CouncilPosition.choices)
    commission = models.ForeignKey(
        Commission,
        verbose_name=_("komisi"),
        null=True,
        blank=True,
        on_delete=models.PROTECT,
        related_name="memberships",
    )
    start_date = models.DateField(_("mulai"))
    end_date = models.DateField(_("berakhir"), null=True, blank=True)
    end_reason = models.CharField(
        _("alasan berakhir"), max_length=12, choices=MembershipEnd.choices, blank=True
    )
    replaces = models.ForeignKey(
        "self",
        verbose_name=_("menggantikan"),
        null=True,
        blank=True,
        on_delete=models.PROTECT,
        related_name="replaced_by",
    )
    decree = models.ForeignKey(
        "institutions.Decree",
        null=True,
        blank=True,
        on_delete=models.PROTECT,
        related_name="council_memberships",
    )
    note = models.CharField(_("catatan"), max_length=300, blank=True)
    is_demo = models.BooleanField(_("data contoh"), default=False)
    created_at = models.DateTimeField(auto_now_add=True)
    updated_at = models.DateTimeField(auto_now=True)

    class Meta:
        ordering = ["term", "commission", "position", "start_date", "id"]
        verbose_name = _("keanggotaan Dewan")
        verbose_name_plural = _("keanggotaan Dewan")
        indexes = [models.Index(fields=["person", "start_date"], name="council_member_person")]

    def __str__(self) -> str:
        return f"{self.person} — {self.get_position_display()}"


class ResourcePerson(models.Model):
    """A narasumber the council invites to its meetings (Pasal 10(3))."""

    person = models.OneToOneField(
        "core.Person", on_delete=models.PROTECT, related_name="resource_person"
    )
    expertise = models.CharField(_("keahlian"), max_length=300)
    note = models.TextField(_("catatan"), blank=True)
    is_active = models.BooleanField(_("aktif"), default=True)
    is_demo = models.BooleanField(_("data contoh"), default=False)
    created_at = models.DateTimeField(auto_now_add=True)
    updated_at = models.DateTimeField(auto_now=True)

    class Meta:
        ordering = ["person__name"]
        verbose_name = _("narasumber")
        verbose_name_plural = _("narasumber")

    def __str__(self) -> str:
        return str(self.person)

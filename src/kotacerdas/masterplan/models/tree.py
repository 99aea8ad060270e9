"""The program tree of Pasal 7: the mayor's priority programs carried out as agency programs,
activities and sub-activities (Permendagri 90/2019 codes), plus stakeholders' programs."""

from django.core.validators import MinValueValidator
from django.db import models
from django.utils.translation import gettext_lazy as _


class RoadmapPhase(models.TextChoices):
    FOUNDATION = "fondasi", _("Tahap 1: Fondasi")
    STRENGTHENING = "penguatan", _("Tahap 2: Penguatan")
    EXPANSION = "pengembangan", _("Tahap 3: Pengembangan")


class BudgetSource(models.TextChoices):
    """Pasal 30: APBD and other lawful sources."""

    APBD = "apbd", _("APBD Kota Bekasi")
    APBD_PROVINSI = "apbd_provinsi", _("APBD Provinsi Jawa Barat")
    APBN = "apbn", _("APBN")
    CSR = "csr", _("Tanggung jawab sosial perusahaan (CSR)")
    KPBU = "kpbu", _("Kerja sama pemerintah dan badan usaha (KPBU)")
    HIBAH = "hibah", _("Hibah")
    LAINNYA = "lainnya", _("Sumber lain yang sah")


class PlanNode(models.Model):
    """What every node of the tree carries (Issue 3, item 3)."""

    name = models.CharField(_("nama"), max_length=300)
    description = models.TextField(_("uraian"), blank=True)
    agency = models.ForeignKey(
        "core.Agency",
        verbose_name=_("Perangkat Daerah penanggung jawab"),
        null=True,
        blank=True,
        on_delete=models.PROTECT,
        related_name="+",
    )
    organisation = models.ForeignKey(
        "core.Organisation",
        verbose_name=_("pemangku kepentingan pelaksana"),
        null=True,
        blank=True,
        on_delete=models.PROTECT,
        related_name="+",
        help_text=_("Untuk program partisipatif pemangku kepentingan non-pemerintah."),
    )
    dimension = models.ForeignKey(
        "masterplan.Dimension",
        verbose_name=_("dimensi"),
        null=True,
        blank=True,
        on_delete=models.PROTECT,
        related_name="+",
    )
    elements = models.ManyToManyField(
        "masterplan.Element", verbose_name=_("unsur"), blank=True, related_name="+"
    )
    quick_win = models.BooleanField(_("Quick Win"), default=False)
    roadmap_start_year = models.PositiveSmallIntegerField(_("tahun mulai"), null=True, blank=True)
    roadmap_end_year = models.PositiveSmallIntegerField(_("tahun selesai"), null=True, blank=True)
    phase = models.CharField(
        _("tahap peta jalan"), max_length=20, choices=RoadmapPhase.choices, blank=True
    )
    is_demo = models.BooleanField(_("data contoh"), default=False)
    created_at = models.DateTimeField(auto_now_add=True)
    updated_at = models.DateTimeField(auto_now=True)

    class Meta:
        abstract = True

    def __str__(self) -> str:
        code = getattr(self, "code", "")
        return f"{code} {self.name}".strip()


class PriorityProgram(PlanNode):
    """One of the mayor's 45 priority programs of RPJMD 2018-2023 (Pasal 7(1))."""

    number = models.PositiveSmallIntegerField(_("nomor"), unique=True)
    rpjmd_period = models.CharField(_("periode RPJMD"), max_length=20, default="2018-2023")
    priority_area = models.ForeignKey(
        "masterplan.PriorityArea",
        verbose_name=_("bidang program prioritas"),
        null=True,
        blank=True,
        on_delete=models.PROTECT,
        related_name="priority_programs",
    )

    class Meta:
        ordering = ["number"]
        verbose_name = _("program prioritas")
        verbose_name_plural = _("program prioritas")

    @property
    def code(self) -> str:
        return f"PP-{self.number:02d}"


class Program(PlanNode):
    """An agency program (Permendagri 90/2019 `X.XX.XX`) or a stakeholder's participatory
    program (Pasal 7(3))."""

    priority_program = models.ForeignKey(
        PriorityProgram,
        verbose_name=_("program prioritas"),
        null=True,
        blank=True,
        on_delete=models.PROTECT,
        related_name="programs",
    )
    code = models.CharField(_("kode"), max_length=40)
    is_participatory = models.BooleanField(_("partisipatif/koordinatif"), default=False)

    class Meta:
        ordering = ["code"]
        verbose_name = _("program")
        verbose_name_plural = _("program")
        constraints = [
            models.UniqueConstraint(fields=["code", "agency"], name="program_code_per_agency"),
            models.CheckConstraint(
                condition=models.Q(agency__isnull=False) | models.Q(organisation__isnull=False),
                name="program_has_implementer",
            ),
        ]


class Activity(PlanNode):
    """A kegiatan (`X.XX.XX.X.XX`): the unit of quarterly realisation."""

    program = models.ForeignKey(
        Program, verbose_name=_("program"), on_delete=models.PROTECT, related_name="activities"
    )
    code = models.CharField(_("kode"), max_length=40)

    class Meta:
        ordering = ["code"]
        verbose_name = _("kegiatan")
        verbose_name_plural = _("kegiatan")
        constraints = [
            models.UniqueConstraint(fields=["program", "code"], name="activity_code_per_program")
        ]


class SubActivity(PlanNode):
    """A sub-kegiatan (`X.XX.XX.X.XX.XXXX`)."""

    activity = models.ForeignKey(
        Activity,
        verbose_name=_("kegiatan"),
        on_delete=models.PROTECT,
        related_name="sub_activities",
    )
    code = models.CharField(_("kode"), max_length=40)

    class Meta:
        ordering = ["code"]
        verbose_name = _("sub-kegiatan")
        verbose_name_plural = _("sub-kegiatan")
        constraints = [
            models.UniqueConstraint(
                fields=["activity", "code"], name="subactivity_code_per_activity"
            )
        ]


class BudgetAllocation(models.Model):
    """An activity's budget for a year from one source, in rupiah (Pasal 30)."""

    activity = models.ForeignKey(Activity, on_delete=models.CASCADE, related_name="budgets")
    year = models.PositiveSmallIntegerField(_("tahun"))
    source = models.CharField(_("sumber dana"), max_length=20, choices=BudgetSource.choices)
    amount = models.DecimalField(
        _("jumlah (Rp)"), max_digits=18, decimal_places=2, validators=[MinValueValidator(0)]
    )

    class Meta:
        ordering = ["activity", "year", "source"]
        verbose_name = _("alokasi anggaran")
        verbose_name_plural = _("alokasi anggaran")
        constraints = [
            models.UniqueConstraint(
                fields=["activity", "year", "source"], name="budget_unique_source_year"
            ),
            models.CheckConstraint(condition=models.Q(amount__gte=0), name="budget_not_negative"),
        ]

    def __str__(self) -> str:
        return f"{self.activity_id} {self.year} {self.source}: {self.amount}"

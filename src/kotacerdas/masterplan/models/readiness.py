from django.db import models
from django.utils.translation import gettext_lazy as _


class ReadinessAspect(models.TextChoices):
    """Pasal 6a: the existing condition and ICT readiness, in three aspects."""

    STRUKTUR = "struktur", _("Struktur")
    INFRASTRUKTUR = "infrastruktur", _("Infrastruktur")
    SUPRASTRUKTUR = "suprastruktur", _("Suprastruktur")


class ReadinessQuestion(models.Model):
    aspect = models.CharField(_("aspek"), max_length=20, choices=ReadinessAspect.choices)
    code = models.CharField(_("kode"), max_length=20, unique=True)
    text = models.CharField(_("pertanyaan"), max_length=400)
    weight = models.DecimalField(_("bobot"), max_digits=6, decimal_places=2, default=1)
    order = models.PositiveSmallIntegerField(default=0)

    class Meta:
        ordering = ["aspect", "order"]
        verbose_name = _("butir kesiapan")
        verbose_name_plural = _("butir kesiapan")

    def __str__(self) -> str:
        return f"{self.code} {self.text}"


class ReadinessAssessment(models.Model):
    year = models.PositiveSmallIntegerField(_("tahun"), unique=True)
    notes = models.TextField(_("catatan"), blank=True)
    created_at = models.DateTimeField(auto_now_add=True)

    class Meta:
        ordering = ["-year"]
        verbose_name = _("penilaian kesiapan")
        verbose_name_plural = _("penilaian kesiapan")

    def __str__(self) -> str:
        return str(self.year)


class ReadinessAnswer(models.Model):
    """Score 0-4 per question (0 tidak ada ... 4 optimal)."""

    assessment = models.ForeignKey(
        ReadinessAssessment, on_delete=models.CASCADE, related_name="answers"
    )
    question = models.ForeignKey(ReadinessQuestion, on_delete=models.PROTECT, related_name="+")
    score = models.PositiveSmallIntegerField(_("skor"))
    evidence = models.CharField(_("bukti"), max_length=400, blank=True)

    class Meta:
        constraints = [
            models.UniqueConstraint(fields=["assessment", "question"], name="readiness_unique"),
            models.CheckConstraint(condition=models.Q(score__lte=4), name="readiness_score_max"),
        ]

    def __str__(self) -> str:
        return f"{self.assessment_id}/{self.question_id}: {self.score}"

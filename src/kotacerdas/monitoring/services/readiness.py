"""Writes of the readiness assessment (Pasal 6a: struktur, infrastruktur, suprastruktur)."""

from __future__ import annotations

from typing import Any

from django.core.exceptions import PermissionDenied, ValidationError
from django.db import transaction
from django.utils.translation import gettext as _

from kotacerdas.core import permissions
from kotacerdas.core.audit.chain import audit_record
from kotacerdas.core.models import Role
from kotacerdas.masterplan.models import ReadinessAnswer, ReadinessAssessment, ReadinessQuestion
from kotacerdas.monitoring.evaluation.readiness import MAX_SCORE


def can_assess_readiness(user: Any) -> bool:
    return permissions.is_admin(user) or permissions.has_role(user, Role.TEAM_MEMBER)


@transaction.atomic
def readiness_answers_record(
    *, actor: Any, year: int, answers: dict[int, tuple[int | None, str]], notes: str | None = None
) -> ReadinessAssessment:
    """Pasal 6a: the team records the year's readiness checklist (score 0-4 per question).

    `answers` maps question id -> (score or None to clear, evidence text). Every answer is
    checked before anything is written.
    """
    if not can_assess_readiness(actor):
        raise PermissionDenied(
            _("Hanya Tim Pelaksana dan administrator yang boleh mengisi penilaian kesiapan.")
        )
    if year < 2000 or year > 2100:
        raise ValidationError({"year": _("Tahun tidak valid.")})
    questions = ReadinessQuestion.objects.in_bulk(list(answers))
    errors = {}
    for question_id, (score, evidence) in answers.items():
        if question_id not in questions:
            errors[str(question_id)] = _("Butir kesiapan tidak dikenal.")
        elif score is not None and not (0 <= int(score) <= MAX_SCORE):
            errors[str(question_id)] = _("Skor harus 0 sampai 4.")
        elif len(evidence or "") > 400:
            errors[str(question_id)] = _("Bukti paling banyak 400 karakter.")
    if errors:
        raise ValidationError(errors)
    assessment, created = ReadinessAssessment.objects.get_or_create(year=year)
    existing = {a.question_id: a for a in assessment.answers.all()}
    changes: dict[str, list[Any]] = {}
    for question_id, (score, evidence) in sorted(answers.items()):
        code = questions[question_id].code
        old = existing.get(question_id)
        if score is None:
            if old is not None:
                changes[code] = [old.score, None]
                old.delete()
            continue
        if old is None:
            ReadinessAnswer.objects.create(
                assessment=assessment, question_id=question_id, score=score, evidence=evidence
            )
            changes[code] = [None, int(score)]
        elif old.score != int(score) or old.evidence != (evidence or ""):
            changes[code] = [old.score, int(score)]
            old.score = int(score)
            old.evidence = evidence or ""
            old.save(update_fields=["score", "evidence"])
    if notes is not None and notes != assessment.notes:
        changes["notes"] = [assessment.notes, notes]
        assessment.notes = notes
        assessment.save(update_fields=["notes"])
    audit_record(
        actor=actor,
        action="create" if created else "update",
        obj=assessment,
        changes=changes,
    )
    return assessment

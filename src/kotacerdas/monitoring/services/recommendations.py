"""Writes of recommendations and their follow-up (Pasal 9(2)b-d, 13c).

The council (Pasal 9(2)b-d: it evaluates and recommends) and the implementation team
(Pasal 13c) raise recommendations from an evaluation; the owner agency (or the team) records
follow-up; open ones are carried into the next cycle.
"""

from __future__ import annotations

import datetime as dt
from typing import Any

from django.core.exceptions import PermissionDenied, ValidationError
from django.db import transaction
from django.utils import timezone
from django.utils.translation import gettext as _

from kotacerdas.core import permissions
from kotacerdas.core.audit.chain import audit_record, diff, snapshot
from kotacerdas.core.models import Agency, Role
from kotacerdas.masterplan.models import Activity, Dimension
from kotacerdas.monitoring.models import (
    FollowUp,
    Recommendation,
    RecommendationSource,
    RecommendationStatus,
)

OPEN_STATUSES = (RecommendationStatus.OPEN, RecommendationStatus.IN_PROGRESS)
COUNCIL_ROLES = (Role.COUNCIL_MEMBER, Role.COUNCIL_SECRETARIAT)


def _tracked(obj: Any) -> dict[str, Any]:
    return {k: v for k, v in snapshot(obj).items() if k not in {"created_at", "updated_at"}}


def allowed_sources(user: Any) -> list[str]:
    """Which source a user may raise for: council roles for the council, team for the team."""
    if permissions.is_admin(user):
        return [RecommendationSource.COUNCIL, RecommendationSource.TEAM]
    sources = []
    if permissions.has_role(user, *COUNCIL_ROLES):
        sources.append(RecommendationSource.COUNCIL)
    if permissions.has_role(user, Role.TEAM_MEMBER):
        sources.append(RecommendationSource.TEAM)
    return sources


def can_raise(user: Any) -> bool:
    return bool(allowed_sources(user))


def can_manage(user: Any) -> bool:
    """Status changes and carry-over: the council, the team and administrators."""
    return can_raise(user)


def can_follow_up(user: Any, recommendation: Recommendation) -> bool:
    if permissions.is_admin(user) or permissions.has_role(user, Role.TEAM_MEMBER):
        return True
    if recommendation.owner_agency_id is None:
        return False
    return permissions.has_role(user, Role.AGENCY_OFFICER) and permissions.can_access_agency(
        user, recommendation.owner_agency_id
    )


@transaction.atomic
def recommendation_raise(
    *,
    actor: Any,
    source: str,
    title: str,
    description: str = "",
    year: int,
    quarter: int | None = None,
    dimension: Dimension | None = None,
    activity: Activity | None = None,
    owner_agency: Agency | None = None,
    owner_team: str = "",
    due_date: dt.date,
    is_demo: bool = False,
) -> Recommendation:
    """Pasal 9(2)b-d, 13c: the council or the team raises a recommendation from an evaluation,
    with one owner (an agency or a team) and a due date."""
    sources = allowed_sources(actor)
    if not sources:
        raise PermissionDenied(
            _(
                "Hanya Dewan Kota Cerdas, sekretariatnya, Tim Pelaksana dan administrator yang "
                "boleh mengajukan rekomendasi."
            )
        )
    if source not in RecommendationSource.values:
        raise ValidationError({"source": _("Pilih Dewan Kota Cerdas atau Tim Pelaksana.")})
    if source not in sources:
        raise PermissionDenied(_("Anda tidak boleh mengajukan rekomendasi atas nama pihak ini."))
    errors = {}
    title = (title or "").strip()
    owner_team = (owner_team or "").strip()
    if not title:
        errors["title"] = _("Judul wajib diisi.")
    if owner_agency is None and not owner_team:
        errors["owner_agency"] = _("Pilih Perangkat Daerah atau isi tim penanggung jawab.")
    if owner_agency is not None and owner_team:
        errors["owner_team"] = _("Pilih satu penanggung jawab saja: Perangkat Daerah atau tim.")
    if quarter is not None and not 1 <= quarter <= 4:
        errors["quarter"] = _("Triwulan harus 1 sampai 4.")
    if due_date is None:
        errors["due_date"] = _("Tenggat wajib diisi.")
    if (
        activity is not None
        and dimension is not None
        and activity.dimension_id
        not in (
            None,
            dimension.id,
        )
    ):
        errors["activity"] = _("Kegiatan ini tidak termasuk dimensi yang dipilih.")
    if errors:
        raise ValidationError(errors)
    recommendation = Recommendation(
        source=source,
        title=title,
        description=(description or "").strip(),
        year=year,
        quarter=quarter,
        dimension=dimension,
        activity=activity,
        owner_agency=owner_agency,
        owner_team=owner_team,
        due_date=due_date,
        created_by=actor if getattr(actor, "pk", None) else None,
        is_demo=is_demo,
    )
    recommendation.full_clean()
    recommendation.save()
    audit_record(actor=actor, action="create", obj=recommendation, changes=_tracked(recommendation))
    return recommendation


@transaction.atomic
def follow_up_add(
    *, actor: Any, recommendation: Recommendation, date: dt.date, note: str, progress: int
) -> FollowUp:
    """Pasal 13c: the owner agency (only its own recommendations) or the team records what was
    done. The first follow-up moves an open recommendation to "ditindaklanjuti"."""
    recommendation = Recommendation.objects.select_for_update().get(pk=recommendation.pk)
    if not can_follow_up(actor, recommendation):
        raise PermissionDenied(_("Anda tidak berwenang menindaklanjuti rekomendasi ini."))
    errors = {}
    note = (note or "").strip()
    if recommendation.status not in OPEN_STATUSES:
        errors["__all__"] = _("Rekomendasi yang sudah selesai atau dibatalkan tidak dapat "
                              "ditindaklanjuti lagi.")  # fmt: skip
    if not note:
        errors["note"] = _("Uraian tindak lanjut wajib diisi.")
    if progress is None or not 0 <= int(progress) <= 100:
        errors["progress"] = _("Kemajuan harus 0 sampai 100 persen.")
    if date is None:
        errors["date"] = _("Tanggal wajib diisi.")
    elif date > timezone.localdate():
        errors["date"] = _("Tanggal tindak lanjut tidak boleh di masa depan.")
    if errors:
        raise ValidationError(errors)
    follow_up = FollowUp.objects.create(
        recommendation=recommendation,
        date=date,
        note=note,
        progress=int(progress),
        created_by=actor if getattr(actor, "pk", None) else None,
    )
    audit_record(actor=actor, action="create", obj=follow_up, changes=snapshot(follow_up))
    if recommendation.status == RecommendationStatus.OPEN:
        before = _tracked(recommendation)
        recommendation.status = RecommendationStatus.IN_PROGRESS
        recommendation.save(update_fields=["status", "updated_at"])
        audit_record(
            actor=actor,
            action="update",
            obj=recommendation,
            changes=diff(before, _tracked(recommendation)),
        )
    return follow_up


@transaction.atomic
def recommendation_set_status(
    *, actor: Any, recommendation: Recommendation, status: str, reason: str = ""
) -> Recommendation:
    """Pasal 9(2)d, 13c: the council or the team closes a recommendation as done or drops it.
    Dropping needs a reason; the reason is kept in the follow-up timeline and the audit."""
    if not can_manage(actor):
        raise PermissionDenied(_("Anda tidak berwenang mengubah status rekomendasi."))
    recommendation = Recommendation.objects.select_for_update().get(pk=recommendation.pk)
    reason = (reason or "").strip()
    allowed = {
        RecommendationStatus.DONE,
        RecommendationStatus.DROPPED,
        RecommendationStatus.OPEN,
        RecommendationStatus.IN_PROGRESS,
    }
    if status not in allowed:
        raise ValidationError({"status": _("Status tidak dikenal.")})
    if status == recommendation.status:
        raise ValidationError({"status": _("Rekomendasi sudah berstatus ini.")})
    if status == RecommendationStatus.DROPPED and not reason:
        raise ValidationError({"reason": _("Alasan pembatalan wajib diisi.")})
    if status in OPEN_STATUSES and not reason:
        raise ValidationError({"reason": _("Alasan membuka kembali wajib diisi.")})
    before = _tracked(recommendation)
    recommendation.status = status
    recommendation.save(update_fields=["status", "updated_at"])
    label = RecommendationStatus(status).label
    note = _("Status diubah menjadi %(status)s.") % {"status": label}
    if reason:
        note = f"{note} {_('Alasan')}: {reason}"
    latest = recommendation.follow_ups.order_by("-date", "-id").first()
    progress = 100 if status == RecommendationStatus.DONE else (latest.progress if latest else 0)
    FollowUp.objects.create(
        recommendation=recommendation,
        date=timezone.localdate(),
        note=note,
        progress=progress,
        created_by=actor if getattr(actor, "pk", None) else None,
    )
    changes = diff(before, _tracked(recommendation))
    changes["reason"] = reason
    audit_record(actor=actor, action="status", obj=recommendation, changes=changes)
    return recommendation


def _shift_year(date: dt.date, years: int) -> dt.date:
    try:
        return date.replace(year=date.year + years)
    except ValueError:  # 29 February
        return date.replace(year=date.year + years, day=28)


@transaction.atomic
def recommendation_carry_over(*, actor: Any, from_year: int, to_year: int) -> list[Recommendation]:
    """Issue 3 item 7: every open or in-progress recommendation of `from_year` is carried into
    the `to_year` cycle as a new recommendation linked by `carried_from`. Idempotent: one
    already carried into `to_year` is not carried again. The due date moves by the years."""
    if not can_manage(actor):
        raise PermissionDenied(
            _("Anda tidak berwenang melanjutkan rekomendasi ke siklus berikutnya.")
        )
    if to_year <= from_year:
        raise ValidationError({"to_year": _("Siklus tujuan harus sesudah siklus asal.")})
    carried = []
    candidates = (
        Recommendation.objects.select_for_update()
        .filter(year=from_year, status__in=OPEN_STATUSES)
        .exclude(carried_to__year=to_year)
        .order_by("id")
    )
    for original in candidates:
        copy = Recommendation.objects.create(
            source=original.source,
            title=original.title,
            description=original.description,
            year=to_year,
            quarter=None,
            dimension_id=original.dimension_id,
            activity_id=original.activity_id,
            owner_agency_id=original.owner_agency_id,
            owner_team=original.owner_team,
            due_date=_shift_year(original.due_date, to_year - from_year),
            status=original.status,
            carried_from=original,
            created_by=actor if getattr(actor, "pk", None) else None,
            is_demo=original.is_demo,
        )
        audit_record(
            actor=actor,
            action="carry_over",
            obj=copy,
            changes={"carried_from": original.pk, "year": [from_year, to_year]},
        )
        carried.append(copy)
    return carried

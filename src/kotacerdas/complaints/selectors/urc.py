"""Reads of the URC console: the cases assigned to the officer's units (Pasal 26(2))."""

from __future__ import annotations

from typing import Any

from django.core.exceptions import PermissionDenied
from django.db.models import Case as Conditional
from django.db.models import IntegerField, QuerySet, Value, When
from django.http import Http404
from django.utils.translation import gettext as _

from kotacerdas.complaints.models import Case, CaseState, UrcUnit
from kotacerdas.core import permissions
from kotacerdas.core.models import Role

ACTIVE_STATES = (CaseState.DISPATCHED, CaseState.IN_PROGRESS)
RELATED = ("category", "kecamatan", "kelurahan", "assigned_urc", "assigned_agency")


def require_urc_officer(actor: Any) -> None:
    if not (permissions.is_admin(actor) or permissions.has_role(actor, Role.URC_OFFICER)):
        raise PermissionDenied(_("Konsol URC hanya untuk petugas Unit Reaksi Cepat."))


def officer_units(actor: Any) -> QuerySet[UrcUnit]:
    """The active units the officer belongs to (administrators: every active unit)."""
    require_urc_officer(actor)
    units = UrcUnit.objects.filter(is_active=True).select_related("agency")
    if permissions.is_admin(actor):
        return units
    return units.filter(members=actor)


def urc_cases(*, actor: Any, active: bool = True) -> QuerySet[Case]:
    """The units' cases: those to handle now (emergencies and the oldest first), or those
    handled (resolved or closed, newest first)."""
    units = officer_units(actor)
    cases = Case.objects.select_related(*RELATED).filter(assigned_urc__in=units)
    if not active:
        return cases.filter(state__in=(CaseState.RESOLVED, CaseState.CLOSED)).order_by(
            "-resolved_at", "-id"
        )
    return (
        cases.filter(state__in=ACTIVE_STATES)
        .annotate(
            urgent=Conditional(
                When(category__is_emergency=True, then=Value(0)),
                default=Value(1),
                output_field=IntegerField(),
            )
        )
        .order_by("urgent", "dispatched_at", "id")
    )


def urc_case_get(*, actor: Any, tracking_number: str) -> Case:
    """One case of the officer's units, or 404 (another unit's numbers are not confirmed)."""
    case = (
        Case.objects.select_related(*RELATED)
        .filter(assigned_urc__in=officer_units(actor), tracking_number=tracking_number)
        .first()
    )
    if case is None:
        raise Http404(_("Laporan tidak ditemukan di unit Anda."))
    return case

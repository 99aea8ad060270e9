"""Reads of realisation per quarter, scoped by agency (Issue 3 item 5)."""

from __future__ import annotations

from typing import Any

from django.core.exceptions import PermissionDenied
from django.db.models import Q, QuerySet
from django.http import Http404
from django.utils.translation import gettext as _

from kotacerdas.core import permissions
from kotacerdas.core.models import Role
from kotacerdas.masterplan.models import Activity, Indicator, IndicatorTarget
from kotacerdas.monitoring.models import Evidence, Realisation, RealisationStatus, ReportingPeriod
from kotacerdas.monitoring.services.realisation import can_verify

QUARTERS = (1, 2, 3, 4)
# Who may open evidence files of every agency (never the public).
EVIDENCE_READ_ALL_ROLES = (Role.ADMINISTRATOR, Role.TEAM_MEMBER, Role.EXECUTIVE)


def _scope_filter(actor: Any, prefix: str = "activity__") -> Q | None:
    """None: no restriction; otherwise the Q limiting to the actor's agencies (may be empty)."""
    scope = permissions.agency_scope_ids(actor)
    if scope is None:
        return None
    return Q(**{f"{prefix}agency_id__in": scope})


def realisation_list(
    *,
    actor: Any,
    year: int | None = None,
    quarter: int | None = None,
    status: str = "",
    agency_id: int | None = None,
) -> QuerySet[Realisation]:
    """Realisations the actor may see: an officer their agency's, read-all roles (team,
    executive, walidata, admin) every agency's; filtered by period, status and agency."""
    qs = Realisation.objects.select_related(
        "activity", "activity__agency", "activity__program", "period"
    )
    scope = _scope_filter(actor)
    if scope is not None:
        qs = qs.filter(scope)
    if year:
        qs = qs.filter(period__year=year)
    if quarter:
        qs = qs.filter(period__quarter=quarter)
    if status:
        qs = qs.filter(status=status)
    if agency_id:
        qs = qs.filter(activity__agency_id=agency_id)
    return qs.order_by("-period__year", "-period__quarter", "activity__code", "pk")


def verification_queue(*, actor: Any, agency_id: int | None = None) -> QuerySet[Realisation]:
    """Submitted realisations waiting for the Tim Pelaksana, oldest submission first."""
    if not can_verify(actor):
        raise PermissionDenied(_("Antrean verifikasi hanya untuk Tim Pelaksana."))
    qs = Realisation.objects.select_related(
        "activity", "activity__agency", "period", "submitted_by"
    ).filter(status=RealisationStatus.SUBMITTED)
    if agency_id:
        qs = qs.filter(activity__agency_id=agency_id)
    return qs.order_by("submitted_at", "pk")


def realisation_get(*, actor: Any, pk: int) -> Realisation:
    """One realisation the actor may see; 404 otherwise (no hint that it exists)."""
    qs = Realisation.objects.select_related(
        "activity",
        "activity__agency",
        "activity__program",
        "period",
        "submitted_by",
        "verified_by",
    )
    scope = _scope_filter(actor)
    if scope is not None:
        qs = qs.filter(scope)
    realisation = qs.filter(pk=pk).first()
    if realisation is None:
        raise Http404(_("Realisasi tidak ditemukan."))
    return realisation


def realisation_for(*, activity: Activity, period: ReportingPeriod) -> Realisation | None:
    return (
        Realisation.objects.select_related("activity", "period")
        .filter(activity=activity, period=period)
        .first()
    )


def activity_get_for_actor(*, actor: Any, pk: int) -> Activity:
    """An activity whose realisation the actor may see; 404 otherwise."""
    qs = Activity.objects.select_related("agency", "program")
    scope = _scope_filter(actor, prefix="")
    if scope is not None:
        qs = qs.filter(scope)
    activity = qs.filter(pk=pk).first()
    if activity is None:
        raise Http404(_("Kegiatan tidak ditemukan."))
    return activity


def activities_for_actor(*, actor: Any, agency_id: int | None = None) -> QuerySet[Activity]:
    """The activities whose realisation the actor sees (officer: their agency's)."""
    qs = Activity.objects.select_related("agency", "program")
    scope = _scope_filter(actor, prefix="")
    if scope is not None:
        qs = qs.filter(scope)
    if agency_id:
        qs = qs.filter(agency_id=agency_id)
    return qs.order_by("agency__name", "code", "pk")


def realisation_grid(*, activities: list[Activity], year: int) -> list[dict[str, Any]]:
    """Rows of {activity, cells: [realisation or None for Q1..Q4]} in two queries."""
    by_key = {
        (r.activity_id, r.period.quarter): r
        for r in Realisation.objects.select_related("period").filter(
            activity__in=activities, period__year=year
        )
    }
    return [
        {"activity": activity, "cells": [by_key.get((activity.pk, q)) for q in QUARTERS]}
        for activity in activities
    ]


def indicator_rows(*, activity: Activity, realisation: Realisation | None, year: int):
    """The activity's indicators with this year's target and the realisation's value."""
    indicators = list(Indicator.objects.filter(activity=activity).order_by("code"))
    targets = dict(
        IndicatorTarget.objects.filter(indicator__in=indicators, year=year).values_list(
            "indicator_id", "value"
        )
    )
    values = (
        dict(realisation.indicator_values.values_list("indicator_id", "value"))
        if realisation is not None
        else {}
    )
    return [
        {"indicator": ind, "target": targets.get(ind.pk), "value": values.get(ind.pk)}
        for ind in indicators
    ]


def can_read_evidence(actor: Any, realisation: Realisation) -> bool:
    if permissions.is_admin(actor) or permissions.has_role(actor, *EVIDENCE_READ_ALL_ROLES):
        return True
    if not permissions.has_role(actor, Role.AGENCY_OFFICER):
        return False
    agency_id = realisation.activity.agency_id
    return agency_id is not None and permissions.can_access_agency(actor, agency_id)


def evidence_list(*, actor: Any, realisation: Realisation) -> list[Evidence]:
    if not can_read_evidence(actor, realisation):
        return []
    return list(realisation.evidence.select_related("uploaded_by").order_by("uploaded_at", "pk"))


def evidence_get(*, actor: Any, pk: int) -> Evidence:
    """An evidence file for download: its agency's officers, the team, executives and
    administrators only; 404 for everyone else (never public)."""
    evidence = (
        Evidence.objects.select_related("realisation", "realisation__activity")
        .filter(pk=pk)
        .first()
    )
    if evidence is None or not can_read_evidence(actor, evidence.realisation):
        raise Http404(_("Berkas tidak ditemukan."))
    return evidence


def periods_of_year(*, year: int) -> dict[int, ReportingPeriod]:
    return {p.quarter: p for p in ReportingPeriod.objects.filter(year=year)}

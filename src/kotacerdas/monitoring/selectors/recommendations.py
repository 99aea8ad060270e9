"""Reads of recommendations (Pasal 9(2)b-d, 13c), scoped: an agency officer sees only the
recommendations owned by their agency; the council, the team, executives and administrators
see all."""

from __future__ import annotations

import datetime as dt
from typing import Any

from django.db.models import Count, Exists, OuterRef, Q, QuerySet
from django.shortcuts import get_object_or_404
from django.utils import timezone

from kotacerdas.core import permissions
from kotacerdas.core.models import Role
from kotacerdas.monitoring.models import Recommendation, RecommendationStatus

OPEN_STATUSES = (RecommendationStatus.OPEN, RecommendationStatus.IN_PROGRESS)


def _scope(actor: Any, queryset: QuerySet) -> QuerySet:
    if actor is None or not actor.is_authenticated:
        return queryset.none()
    if permissions.has_role(actor, Role.COUNCIL_MEMBER, Role.COUNCIL_SECRETARIAT):
        return queryset
    scope = permissions.agency_scope_ids(actor)
    if scope is None:
        return queryset
    return queryset.filter(owner_agency_id__in=scope)


def _base() -> QuerySet:
    carried = Recommendation.objects.filter(carried_from=OuterRef("pk"))
    return (
        Recommendation.objects.select_related("owner_agency", "dimension", "activity")
        .annotate(follow_up_count=Count("follow_ups"), is_carried=Exists(carried))
        .order_by("due_date", "id")
    )


def recommendation_list(
    *,
    actor: Any,
    year: int | None = None,
    status: str = "",
    source: str = "",
    agency_id: int | None = None,
    dimension_id: int | None = None,
    search: str = "",
) -> QuerySet:
    queryset = _scope(actor, _base())
    if year:
        queryset = queryset.filter(year=year)
    if status:
        queryset = queryset.filter(status=status)
    if source:
        queryset = queryset.filter(source=source)
    if agency_id:
        queryset = queryset.filter(owner_agency_id=agency_id)
    if dimension_id:
        queryset = queryset.filter(dimension_id=dimension_id)
    if search:
        queryset = queryset.filter(Q(title__icontains=search) | Q(description__icontains=search))
    return queryset


def recommendation_overdue(*, actor: Any, today: dt.date | None = None) -> QuerySet:
    """Past due and neither done nor dropped; one carried into a later cycle is followed
    there, not here."""
    today = today or timezone.localdate()
    return recommendation_list(actor=actor).filter(
        due_date__lt=today, status__in=OPEN_STATUSES, is_carried=False
    )


def recommendations_for_agency(*, actor: Any, agency_id: int) -> QuerySet:
    return recommendation_list(actor=actor, agency_id=agency_id)


def recommendation_get(*, actor: Any, pk: int) -> Recommendation:
    """404 when the recommendation does not exist or is outside the actor's scope."""
    return get_object_or_404(_scope(actor, _base()), pk=pk)


def recommendation_timeline(*, recommendation: Recommendation) -> QuerySet:
    return recommendation.follow_ups.select_related("created_by").order_by("date", "id")


def recommendation_years() -> list[int]:
    return sorted(set(Recommendation.objects.values_list("year", flat=True)), reverse=True)

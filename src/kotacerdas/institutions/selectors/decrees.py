"""Reads of the registry of Keputusan Wali Kota."""

from __future__ import annotations

from typing import Any

from django.db.models import Q, QuerySet
from django.shortcuts import get_object_or_404

from kotacerdas.institutions.models import Decree
from kotacerdas.institutions.permissions import require_read


def decree_list(
    *, actor: Any, kind: str = "", year: int | None = None, search: str = ""
) -> QuerySet[Decree]:
    """Decrees newest first, filtered by kind, year of the date and a search in number/subject."""
    require_read(actor)
    queryset = Decree.objects.all()
    if kind:
        queryset = queryset.filter(kind=kind)
    if year:
        queryset = queryset.filter(date__year=year)
    search = (search or "").strip()
    if search:
        queryset = queryset.filter(Q(number__icontains=search) | Q(subject__icontains=search))
    return queryset.order_by("-date", "-id")


def decree_years() -> list[int]:
    return sorted({d.year for d in Decree.objects.values_list("date", flat=True)}, reverse=True)


def decree_get(*, actor: Any, pk: int) -> Decree:
    require_read(actor)
    return get_object_or_404(Decree, pk=pk)


def decree_choices(*, kind: str = "") -> QuerySet[Decree]:
    """Decrees to pick in a form (e.g. an election's decrees), newest first."""
    queryset = Decree.objects.all()
    if kind:
        queryset = queryset.filter(kind=kind)
    return queryset.order_by("-date", "-id").only("id", "number", "date", "subject")

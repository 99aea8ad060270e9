"""Reading the Daftar Data: entries scoped to the reader (the walidata sees every agency's,
an agency officer their own agency's)."""

from __future__ import annotations

from typing import Any

from django.core.exceptions import PermissionDenied
from django.db.models import Count, QuerySet
from django.shortcuts import get_object_or_404
from django.utils.translation import gettext as _

from kotacerdas.opendata import permissions
from kotacerdas.opendata.models import DataListEntry


def can_use_management(user: Any) -> bool:
    """The management pages are for the walidata and agency officers (their own data)."""
    return permissions.internal_agency_ids(user) != set()


def require_management(user: Any) -> None:
    if not can_use_management(user):
        raise PermissionDenied(_("Halaman ini hanya untuk walidata dan produsen data."))


def entry_list(
    *,
    actor: Any,
    year: int | None = None,
    agency_id: int | None = None,
    priority: bool | None = None,
    q: str = "",
) -> QuerySet:
    queryset = DataListEntry.objects.select_related("agency", "topic", "dataset").annotate(
        submission_count=Count("submissions")
    )
    scope = permissions.internal_agency_ids(actor)
    if scope is not None:
        queryset = queryset.filter(agency_id__in=scope)
    if year:
        queryset = queryset.filter(year=year)
    if agency_id:
        queryset = queryset.filter(agency_id=agency_id)
    if priority is not None:
        queryset = queryset.filter(priority=priority)
    if q:
        queryset = queryset.filter(title__icontains=q)
    return queryset.order_by("-year", "agency__name", "title")


def entry_get(*, actor: Any, pk: int) -> DataListEntry:
    entry = get_object_or_404(
        DataListEntry.objects.select_related("agency", "topic", "dataset"), pk=pk
    )
    if not permissions.can_read_internal(actor, entry.agency_id):
        raise PermissionDenied(_("Anda tidak berwenang melihat entri Daftar Data ini."))
    return entry


def entry_years(*, actor: Any) -> list[int]:
    queryset = DataListEntry.objects.all()
    scope = permissions.internal_agency_ids(actor)
    if scope is not None:
        queryset = queryset.filter(agency_id__in=scope)
    return sorted(set(queryset.values_list("year", flat=True)), reverse=True)

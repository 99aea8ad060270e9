"""Reads of Perangkat Daerah: directory search, lineage after merges, officers (scoped)."""

from __future__ import annotations

from typing import Any

from django.core.exceptions import PermissionDenied
from django.db.models import Q, QuerySet
from django.http import Http404
from django.utils.translation import gettext as _

from kotacerdas.core import permissions
from kotacerdas.core.models import Agency, AgencyName, User


def agency_list(
    *, search: str = "", type: str = "", active: bool | None = None
) -> QuerySet[Agency]:
    """The directory. `search` matches code, name, short name and every former name."""
    queryset = Agency.objects.select_related("region", "merged_into")
    search = (search or "").strip()
    if search:
        former = AgencyName.objects.filter(
            Q(name__icontains=search) | Q(short_name__icontains=search)
        ).values("agency_id")
        queryset = queryset.filter(
            Q(name__icontains=search)
            | Q(short_name__icontains=search)
            | Q(code__icontains=search)
            | Q(pk__in=former)
        )
    if type:
        queryset = queryset.filter(type=type)
    if active is not None:
        queryset = queryset.filter(is_active=active)
    return queryset.order_by("type", "name")


def agency_get(*, code: str) -> Agency:
    try:
        return Agency.objects.select_related("region", "merged_into").get(code=code)
    except Agency.DoesNotExist:
        raise Http404(_("Perangkat Daerah tidak ditemukan.")) from None


def agency_lineage_ids(agency_id: int) -> set[int]:
    """`agency_id` and every agency merged into it, directly or through other merges.

    (Positional or keyword: permissions and other apps' selectors call it both ways.)

    Records keep pointing at a merged (retired) agency; its successor's officers see them
    because permissions scope by this set.
    """
    lineage = {agency_id}
    frontier = {agency_id}
    while frontier:
        frontier = (
            set(Agency.objects.filter(merged_into_id__in=frontier).values_list("pk", flat=True))
            - lineage
        )
        lineage |= frontier
    return lineage


def agency_merged_sources(*, agency: Agency) -> QuerySet[Agency]:
    """The agencies merged into `agency`, directly or transitively (public history)."""
    ids = agency_lineage_ids(agency_id=agency.pk) - {agency.pk}
    return Agency.objects.filter(pk__in=ids).order_by("retired_on", "name")


def agency_name_history(*, agency: Agency) -> QuerySet[AgencyName]:
    return AgencyName.objects.filter(agency=agency).order_by("-valid_from", "-pk")


def can_view_officers(*, actor: Any, agency: Agency) -> bool:
    return permissions.can_access_agency(actor, agency.pk)


def agency_officers(*, actor: Any, agency: Agency) -> QuerySet[User]:
    """The user accounts of `agency` (internal: admins, read-all roles, its own officers)."""
    if not can_view_officers(actor=actor, agency=agency):
        raise PermissionDenied(_("Daftar petugas hanya untuk Perangkat Daerah yang bersangkutan."))
    return User.objects.filter(agency=agency, is_active=True).order_by(
        "first_name", "last_name", "username"
    )


def can_edit_agency(*, actor: Any, agency: Agency) -> bool:
    """Whether the edit page may be opened (admin, or the agency's own officer)."""
    from kotacerdas.core.services.agencies import agency_editable_fields

    return bool(agency_editable_fields(actor=actor, agency=agency))

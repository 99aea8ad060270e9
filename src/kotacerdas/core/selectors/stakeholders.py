"""Reads of stakeholders (Pasal 9: pemerintah, akademisi, masyarakat, dunia usaha)."""

from __future__ import annotations

from typing import Any

from django.db.models import Q, QuerySet
from django.http import Http404
from django.utils.translation import gettext as _

from kotacerdas.core.models import Organisation, Person


def can_see_contacts(user: Any) -> bool:
    """People's e-mail and phone are for signed-in staff: any account holding a role."""
    return bool(user is not None and user.is_authenticated and (user.is_superuser or user.roles))


def organisation_list(
    *, helix: str = "", search: str = "", active: bool | None = True
) -> QuerySet[Organisation]:
    queryset = Organisation.objects.select_related("agency")
    if helix:
        queryset = queryset.filter(helix=helix)
    if search.strip():
        queryset = queryset.filter(
            Q(name__icontains=search.strip()) | Q(kind__icontains=search.strip())
        )
    if active is not None:
        queryset = queryset.filter(is_active=active)
    return queryset.order_by("helix", "name")


def organisation_get(*, pk: int) -> Organisation:
    try:
        return Organisation.objects.select_related("agency").get(pk=pk)
    except Organisation.DoesNotExist:
        raise Http404(_("Organisasi tidak ditemukan.")) from None


def person_list(*, helix: str = "", search: str = "") -> QuerySet[Person]:
    """People by helix. Callers show e-mail and phone only when `can_see_contacts`."""
    queryset = Person.objects.select_related("organisation")
    if helix:
        queryset = queryset.filter(organisation__helix=helix)
    if search.strip():
        queryset = queryset.filter(
            Q(name__icontains=search.strip()) | Q(expertise__icontains=search.strip())
        )
    return queryset.order_by("name")

"""Who may do what in Satu Data (Pasal 28): the walidata checks and publishes; each producer
(an agency officer) hands in and edits only its own agency's data; the public reads what
is published. Used by services and selectors, never only by templates."""

from __future__ import annotations

from typing import Any

from django.core.exceptions import PermissionDenied
from django.utils.translation import gettext as _

from kotacerdas.core import permissions as core_permissions
from kotacerdas.core.models import Role


def is_walidata(user: Any) -> bool:
    return core_permissions.is_admin(user) or core_permissions.has_role(user, Role.WALIDATA)


def is_producer_of(user: Any, agency_id: int) -> bool:
    """An agency officer of this agency (or of an agency merged into it), or the walidata."""
    if is_walidata(user):
        return True
    return core_permissions.has_role(user, Role.AGENCY_OFFICER) and (
        core_permissions.can_access_agency(user, agency_id)
    )


def can_read_internal(user: Any, agency_id: int) -> bool:
    """Unpublished records (entries, submissions, drafts) of an agency."""
    if is_walidata(user) or core_permissions.can_read_all_agencies(user):
        return True
    return core_permissions.has_role(user, Role.AGENCY_OFFICER) and (
        core_permissions.can_access_agency(user, agency_id)
    )


def require_walidata(user: Any) -> None:
    if not is_walidata(user):
        raise PermissionDenied(_("Hanya walidata (Diskominfostandi) yang boleh melakukan ini."))


def require_producer_of(user: Any, agency_id: int) -> None:
    if not is_producer_of(user, agency_id):
        raise PermissionDenied(_("Anda hanya boleh mengelola data Perangkat Daerah Anda sendiri."))


def internal_agency_ids(user: Any) -> set[int] | None:
    """Agencies whose unpublished records `user` may read; None means all, empty means none."""
    if is_walidata(user) or core_permissions.can_read_all_agencies(user):
        return None
    if core_permissions.has_role(user, Role.AGENCY_OFFICER):
        return core_permissions.agency_scope_ids(user) or set()
    return set()

"""Who may do what. Used by services and selectors (never only by templates)."""

from __future__ import annotations

from typing import Any

from django.conf import settings
from django.core.exceptions import PermissionDenied
from django.utils.translation import gettext as _

from kotacerdas.core.models import Role

# Roles that read every agency's records (Foundation item 5: executive reads everything).
READ_ALL_ROLES = (Role.ADMINISTRATOR, Role.EXECUTIVE, Role.WALIDATA, Role.TEAM_MEMBER)


def has_role(user: Any, *roles: str) -> bool:
    return bool(user is not None and user.is_authenticated and user.has_role(*roles))


def is_admin(user: Any) -> bool:
    return bool(
        user is not None
        and user.is_authenticated
        and (user.is_superuser or user.has_role(Role.ADMINISTRATOR))
    )


def can_read_all_agencies(user: Any) -> bool:
    return is_admin(user) or has_role(user, *READ_ALL_ROLES)


def requires_two_factor(user: Any) -> bool:
    if user is None or not user.is_authenticated:
        return False
    required = set(settings.KOTACERDAS_2FA_REQUIRED_ROLES)
    return user.is_superuser or bool(required & set(user.roles or []))


def require_admin(user: Any) -> None:
    if not is_admin(user):
        raise PermissionDenied(_("Hanya administrator yang boleh melakukan ini."))


def agency_scope_ids(user: Any) -> set[int] | None:
    """The agency ids whose internal records `user` may see; None means every agency.

    An officer sees their own agency and any agency that was merged into it (history
    follows the successor). Anyone else without a read-all role sees none.
    """
    if can_read_all_agencies(user):
        return None
    if user is None or not user.is_authenticated or user.agency_id is None:
        return set()
    from kotacerdas.core.selectors.agencies import agency_lineage_ids

    return agency_lineage_ids(agency_id=user.agency_id)


def can_access_agency(user: Any, agency_id: int) -> bool:
    scope = agency_scope_ids(user)
    return scope is None or agency_id in scope


def require_agency_access(user: Any, agency_id: int) -> None:
    if not can_access_agency(user, agency_id):
        raise PermissionDenied(_("Anda tidak berwenang atas data Perangkat Daerah ini."))

"""Who may do what in `institutions`.

- The council secretariat and administrators manage everything (terms, members, elections,
  meetings, letters, decrees, budget, reports).
- Team members (Tim Pelaksana) manage the team's own records: pokja, support teams, program
  assignment and the pre-Musrenbang assistance log, and the team's reports.
- Council members, team members, the mayor's office (executive) read everything.
- Agency officers read the assistance log of their own agency only, and the public directory.
"""

from __future__ import annotations

from typing import Any

from django.core.exceptions import PermissionDenied
from django.utils.translation import gettext as _

from kotacerdas.core import permissions
from kotacerdas.core.models import Role


def can_manage(user: Any) -> bool:
    return permissions.is_admin(user) or permissions.has_role(user, Role.COUNCIL_SECRETARIAT)


def can_manage_team(user: Any) -> bool:
    return can_manage(user) or permissions.has_role(user, Role.TEAM_MEMBER)


def can_read(user: Any) -> bool:
    return can_manage_team(user) or permissions.has_role(user, Role.COUNCIL_MEMBER, Role.EXECUTIVE)


def require_manage(user: Any) -> None:
    if not can_manage(user):
        raise PermissionDenied(
            _("Hanya Sekretariat Dewan dan administrator yang boleh mengubah ini.")
        )


def require_manage_team(user: Any) -> None:
    if not can_manage_team(user):
        raise PermissionDenied(
            _("Hanya Tim Pelaksana, Sekretariat Dewan dan administrator yang boleh mengubah ini.")
        )


def require_read(user: Any) -> None:
    if not can_read(user):
        raise PermissionDenied(_("Halaman ini hanya untuk Dewan, Tim Pelaksana dan Sekretariat."))

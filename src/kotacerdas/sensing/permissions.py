"""Who may write sensor entities (Pasal 24(4): the Command Center and the agencies run the
devices). Used by the services of `sensing`, never only by views.

- an administrator or a sensor operator writes everything;
- an agency officer writes only the Things of their own agency (or of an agency merged into
  it) and what hangs off them; the Things they create get their agency;
- internal callers (the command line, the demo seed, the system) pass a string actor from
  `SYSTEM_ACTORS` and are trusted;
- everybody else gets `PermissionDenied`.
"""

from __future__ import annotations

from collections.abc import Iterable
from typing import Any

from django.utils.translation import gettext as _

from kotacerdas.core import permissions as core_permissions
from kotacerdas.core.models import Role
from kotacerdas.sensing.errors import PermissionDenied

SYSTEM_ACTORS = frozenset({"cli", "demo", "system", "simulator"})


def is_system_actor(actor: Any) -> bool:
    return isinstance(actor, str) and actor in SYSTEM_ACTORS


def writes_everything(actor: Any) -> bool:
    """Administrators, sensor operators and internal callers write every Thing."""
    if isinstance(actor, str):
        return is_system_actor(actor)
    return core_permissions.is_admin(actor) or core_permissions.has_role(
        actor, Role.SENSOR_OPERATOR
    )


def is_agency_writer(actor: Any) -> bool:
    if isinstance(actor, str):
        return False
    return core_permissions.has_role(actor, Role.AGENCY_OFFICER) and actor.agency_id is not None


def can_write_agency(actor: Any, agency_id: int | None) -> bool:
    """May `actor` write a Thing whose agency is `agency_id` (None: a Thing of no agency)?"""
    if writes_everything(actor):
        return True
    if not is_agency_writer(actor) or agency_id is None:
        return False
    return core_permissions.can_access_agency(actor, agency_id)


def require_sensing_writer(actor: Any, thing: Any = None) -> None:
    """Raise `PermissionDenied` unless `actor` may write sensor entities (of `thing`, if given).

    Without a Thing this asks whether `actor` writes sensor entities at all (creating a Thing,
    a Sensor, an ObservedProperty...); with one, whether they write that Thing and what hangs
    off it (its Datastreams, Observations, Locations).
    """
    if writes_everything(actor):
        return
    if not is_agency_writer(actor):
        raise PermissionDenied(
            _(
                "Hanya administrator, operator sensor atau petugas Perangkat Daerah "
                "yang boleh mengubah data sensor."
            )
        )
    if thing is not None and not can_write_agency(actor, thing.agency_id):
        raise PermissionDenied(
            _("Anda hanya boleh mengubah perangkat milik Perangkat Daerah Anda sendiri."),
        )


def require_sensing_writer_of_agencies(actor: Any, agency_ids: Iterable[int | None]) -> None:
    """`require_sensing_writer` for every Thing touched by a write, given their agencies."""
    require_sensing_writer(actor)
    for agency_id in set(agency_ids):
        if not can_write_agency(actor, agency_id):
            raise PermissionDenied(
                _(
                    "Perubahan ini menyentuh perangkat Perangkat Daerah lain; "
                    "Anda hanya boleh mengubah perangkat milik Perangkat Daerah Anda sendiri."
                ),
            )


def default_agency_id(actor: Any) -> int | None:
    """The agency a new Thing gets: the officer's own; none for everybody else."""
    if writes_everything(actor):
        return None
    return actor.agency_id if is_agency_writer(actor) else None

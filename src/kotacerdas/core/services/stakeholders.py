"""Writes of stakeholders: organisations and people of the quadruple helix (Pasal 9(1)).

Administrators and the council secretariat (Pasal 12: it prepares meetings and letters, so
it invites and records stakeholders) keep this register. The government helix's organisations
are kept in step with the Perangkat Daerah by `services.agencies`.
"""

from __future__ import annotations

from typing import Any

from django.core.exceptions import PermissionDenied, ValidationError
from django.db import transaction
from django.utils.translation import gettext as _

from kotacerdas.core import permissions
from kotacerdas.core.audit.chain import audit_record, diff, snapshot
from kotacerdas.core.models import Agency, Organisation, Person, Role, User

ORGANISATION_FIELDS = ("name", "helix", "kind", "address", "email", "phone", "website", "is_active")
PERSON_FIELDS = ("name", "title", "organisation", "user", "email", "phone", "expertise")


def can_manage_stakeholders(user: Any) -> bool:
    return permissions.is_admin(user) or permissions.has_role(user, Role.COUNCIL_SECRETARIAT)


def _require_manager(actor: Any) -> None:
    if not can_manage_stakeholders(actor):
        raise PermissionDenied(
            _("Hanya administrator dan sekretariat dewan yang boleh mengubah pemangku kepentingan.")
        )


def _tracked(obj: Any) -> dict[str, Any]:
    """The fields whose changes are audited (timestamps move on every save)."""
    return {k: v for k, v in snapshot(obj).items() if k not in {"created_at", "updated_at"}}


def _strip(value: Any) -> Any:
    return value.strip() if isinstance(value, str) else value


def _check_fields(data: dict[str, Any], allowed: tuple[str, ...]) -> None:
    unknown = sorted(set(data) - set(allowed))
    if unknown:
        raise ValidationError(
            {field: _("Kolom ini tidak dapat diubah di sini.") for field in unknown}
        )


@transaction.atomic
def organisation_create(
    *,
    actor: Any,
    name: str,
    helix: str,
    kind: str = "",
    agency: Agency | None = None,
    address: str = "",
    email: str = "",
    phone: str = "",
    website: str = "",
    is_demo: bool = False,
) -> Organisation:
    """Pasal 9(1): register a stakeholder organisation (akademisi, masyarakat, dunia usaha...)."""
    _require_manager(actor)
    organisation = Organisation(
        name=_strip(name),
        helix=helix,
        kind=_strip(kind),
        agency=agency,
        address=_strip(address),
        email=_strip(email),
        phone=_strip(phone),
        website=_strip(website),
        is_demo=is_demo,
    )
    organisation.full_clean()
    organisation.save()
    audit_record(actor=actor, action="create", obj=organisation, changes=snapshot(organisation))
    return organisation


@transaction.atomic
def organisation_update(
    *, actor: Any, organisation: Organisation, data: dict[str, Any]
) -> Organisation:
    """Pasal 9(1): keep a stakeholder organisation's details up to date."""
    _require_manager(actor)
    _check_fields(data, ORGANISATION_FIELDS)
    organisation = Organisation.objects.select_for_update().get(pk=organisation.pk)
    if organisation.agency_id and ({"name", "helix", "is_active"} & set(data)):
        raise ValidationError(
            {
                "name": _(
                    "Nama dan status organisasi Perangkat Daerah mengikuti Perangkat Daerahnya."
                )
            }
        )
    before = _tracked(organisation)
    for field, value in data.items():
        setattr(organisation, field, _strip(value))
    changes = diff(before, _tracked(organisation))
    if not changes:
        return organisation
    organisation.full_clean()
    organisation.save()
    audit_record(actor=actor, action="update", obj=organisation, changes=changes)
    return organisation


@transaction.atomic
def person_create(
    *,
    actor: Any,
    name: str,
    title: str = "",
    organisation: Organisation | None = None,
    user: User | None = None,
    email: str = "",
    phone: str = "",
    expertise: str = "",
    is_demo: bool = False,
) -> Person:
    """Pasal 9(1) and 10(3): a person representing a stakeholder, or a narasumber."""
    _require_manager(actor)
    person = Person(
        name=_strip(name),
        title=_strip(title),
        organisation=organisation,
        user=user,
        email=_strip(email),
        phone=_strip(phone),
        expertise=_strip(expertise),
        is_demo=is_demo,
    )
    person.full_clean()
    person.save()
    audit_record(actor=actor, action="create", obj=person, changes=snapshot(person))
    return person


@transaction.atomic
def person_update(*, actor: Any, person: Person, data: dict[str, Any]) -> Person:
    """Pasal 9(1) and 10(3): keep a person's details up to date."""
    _require_manager(actor)
    _check_fields(data, PERSON_FIELDS)
    person = Person.objects.select_for_update().get(pk=person.pk)
    before = _tracked(person)
    for field, value in data.items():
        setattr(person, field, _strip(value))
    changes = diff(before, _tracked(person))
    if not changes:
        return person
    person.full_clean()
    person.save()
    audit_record(actor=actor, action="update", obj=person, changes=changes)
    return person

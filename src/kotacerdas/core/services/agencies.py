"""Writes of Perangkat Daerah: create, update, rename, merge, retire (Foundation item 4).

Agencies are never deleted: a rename keeps the old name in `AgencyName`, a merge retires the
source and points it at its successor, and records keep pointing at the agency they were made
for. Each agency has one Organisation in the government helix (Pasal 9(1) huruf a) so that
people can be linked to it; these services keep that organisation's name and status in step.
"""

from __future__ import annotations

import datetime as dt
from typing import Any

from django.core.exceptions import PermissionDenied, ValidationError
from django.db import transaction
from django.utils import timezone
from django.utils.translation import gettext as _

from kotacerdas.core import permissions
from kotacerdas.core.audit.chain import audit_record, diff, snapshot
from kotacerdas.core.models import Agency, AgencyName, Helix, Organisation, Region, Role

# What an agency's own officer may keep up to date.
CONTACT_FIELDS = ("address", "phone", "email", "website")
# What an administrator may change with agency_update; the name goes through agency_rename
# (history), status through agency_merge / agency_retire, the code never changes (URLs, API).
ADMIN_FIELDS = (
    "name",
    "short_name",
    "type",
    "region",
    "is_platform_operator",
    "is_walidata",
    *CONTACT_FIELDS,
)


def agency_editable_fields(*, actor: Any, agency: Agency) -> tuple[str, ...]:
    """The fields `actor` may change on `agency` (empty: none)."""
    if permissions.is_admin(actor):
        return ADMIN_FIELDS
    if (
        permissions.has_role(actor, Role.AGENCY_OFFICER)
        and actor.agency_id == agency.pk
        and agency.is_active
    ):
        return CONTACT_FIELDS
    return ()


def _tracked(obj: Any) -> dict[str, Any]:
    """The fields whose changes are audited (timestamps move on every save)."""
    return {k: v for k, v in snapshot(obj).items() if k not in {"created_at", "updated_at"}}


def _full_clean(obj: Any, *, exclude: list[str] | None = None) -> None:
    # Django's messages are already Indonesian (LANGUAGE_CODE = "id").
    obj.full_clean(exclude=exclude)


def _today() -> dt.date:
    return timezone.localdate()


def _sync_government_organisation(*, actor: Any, agency: Agency) -> None:
    """Keep the agency's Organisation (helix pemerintah) in step with its name and status."""
    organisation = Organisation.objects.filter(agency=agency, helix=Helix.PEMERINTAH).first()
    if organisation is None:
        organisation = Organisation(
            agency=agency, helix=Helix.PEMERINTAH, kind="Perangkat Daerah", name=agency.name
        )
        organisation.is_active = agency.is_active
        _full_clean(organisation)
        organisation.save()
        audit_record(actor=actor, action="create", obj=organisation, changes=snapshot(organisation))
        return
    before = _tracked(organisation)
    organisation.name = agency.name
    organisation.is_active = agency.is_active
    changes = diff(before, _tracked(organisation))
    if changes:
        _full_clean(organisation)
        organisation.save()
        audit_record(actor=actor, action="update", obj=organisation, changes=changes)


@transaction.atomic
def agency_create(
    *,
    actor: Any,
    code: str,
    name: str,
    short_name: str,
    type: str,
    region: Region | None = None,
    is_platform_operator: bool = False,
    is_walidata: bool = False,
    address: str = "",
    phone: str = "",
    email: str = "",
    website: str = "",
    valid_from: dt.date | None = None,
) -> Agency:
    """Pasal 7 and 13: the Perangkat Daerah carry out the programs; a new one (admins only)."""
    permissions.require_admin(actor)
    agency = Agency(
        code=code.strip().upper(),
        name=name.strip(),
        short_name=short_name.strip(),
        type=type,
        region=region,
        is_platform_operator=is_platform_operator,
        is_walidata=is_walidata,
        address=address,
        phone=phone,
        email=email,
        website=website,
    )
    _full_clean(agency)
    agency.save()
    AgencyName.objects.create(
        agency=agency,
        name=agency.name,
        short_name=agency.short_name,
        valid_from=valid_from or _today(),
    )
    audit_record(actor=actor, action="create", obj=agency, changes=snapshot(agency))
    _sync_government_organisation(actor=actor, agency=agency)
    return agency


@transaction.atomic
def agency_update(*, actor: Any, agency: Agency, data: dict[str, Any]) -> Agency:
    """Pasal 27(2)b: only the right people change data.

    Administrators: everything in ADMIN_FIELDS; an agency's own officer: only its contact
    fields. A name change is recorded as a rename (history kept)."""
    allowed = agency_editable_fields(actor=actor, agency=agency)
    if not allowed:
        raise PermissionDenied(_("Anda tidak berwenang mengubah Perangkat Daerah ini."))
    unknown = sorted(set(data) - set(ADMIN_FIELDS))
    if unknown:
        raise ValidationError(
            {field: _("Kolom ini tidak dapat diubah di sini.") for field in unknown}
        )
    forbidden = sorted(set(data) - set(allowed))
    if forbidden:
        raise PermissionDenied(
            _("Anda hanya boleh mengubah kontak Perangkat Daerah Anda: %(fields)s.")
            % {"fields": ", ".join(allowed)}
        )
    agency = Agency.objects.select_for_update().get(pk=agency.pk)
    new_name = data.get("name", agency.name)
    new_short_name = data.get("short_name", agency.short_name)
    if (new_name, new_short_name) != (agency.name, agency.short_name):
        agency = agency_rename(actor=actor, agency=agency, name=new_name, short_name=new_short_name)
    before = _tracked(agency)
    for field, value in data.items():
        if field in {"name", "short_name"}:
            continue
        setattr(agency, field, value.strip() if isinstance(value, str) else value)
    changes = diff(before, _tracked(agency))
    if not changes:
        return agency
    _full_clean(agency)
    agency.save()
    audit_record(actor=actor, action="update", obj=agency, changes=changes)
    return agency


@transaction.atomic
def agency_rename(
    *,
    actor: Any,
    agency: Agency,
    name: str,
    short_name: str,
    valid_from: dt.date | None = None,
) -> Agency:
    """Pasal 7: programs stay with the agency across renames.

    The current name row is closed and a new one opened (e.g. after a new Perda on Perangkat
    Daerah), so old names stay visible and searchable."""
    permissions.require_admin(actor)
    agency = Agency.objects.select_for_update().get(pk=agency.pk)
    valid_from = valid_from or _today()
    name, short_name = name.strip(), short_name.strip()
    if (name, short_name) == (agency.name, agency.short_name):
        raise ValidationError({"name": _("Nama baru sama dengan nama sekarang.")})
    current = agency.names.filter(valid_to__isnull=True).order_by("-valid_from").first()
    if current is not None and valid_from < current.valid_from:
        raise ValidationError(
            {
                "valid_from": _("Tanggal berlaku nama baru tidak boleh sebelum %(date)s.")
                % {"date": current.valid_from.isoformat()}
            }
        )
    before = snapshot(agency, fields=["name", "short_name"])
    agency.name, agency.short_name = name, short_name
    _full_clean(agency)
    new_row = AgencyName(agency=agency, name=name, short_name=short_name, valid_from=valid_from)
    _full_clean(new_row, exclude=["agency"])
    agency.save()
    if current is not None:
        current.valid_to = valid_from
        current.save(update_fields=["valid_to"])
    new_row.save()
    changes = diff(before, snapshot(agency, fields=["name", "short_name"]))
    changes["valid_from"] = [None, valid_from.isoformat()]
    audit_record(actor=actor, action="agency.rename", obj=agency, changes=changes)
    _sync_government_organisation(actor=actor, agency=agency)
    return agency


@transaction.atomic
def agency_merge(
    *, actor: Any, source: Agency, target: Agency, merged_on: dt.date | None = None
) -> Agency:
    """Pasal 7 and 29: evaluation per implementer survives reorganisation.

    Merge `source` into `target`: the source is retired and points at its successor.

    Records stay with the source; the target's officers see them through
    `agency_lineage_ids`. Returns the (retired) source."""
    permissions.require_admin(actor)
    if source.pk == target.pk:
        raise ValidationError({"target": _("Perangkat Daerah tidak dapat digabung ke dirinya.")})
    source = Agency.objects.select_for_update().get(pk=source.pk)
    target = Agency.objects.select_for_update().get(pk=target.pk)
    if not source.is_active:
        raise ValidationError({"source": _("Perangkat Daerah asal sudah tidak aktif.")})
    if not target.is_active:
        raise ValidationError({"target": _("Perangkat Daerah tujuan sudah tidak aktif.")})
    before = _tracked(source)
    source.is_active = False
    source.retired_on = merged_on or _today()
    source.merged_into = target
    _full_clean(source)
    source.save()
    current = source.names.filter(valid_to__isnull=True).first()
    if current is not None:
        current.valid_to = source.retired_on
        current.save(update_fields=["valid_to"])
    audit_record(
        actor=actor, action="agency.merge", obj=source, changes=diff(before, _tracked(source))
    )
    _sync_government_organisation(actor=actor, agency=source)
    return source


@transaction.atomic
def agency_retire(*, actor: Any, agency: Agency, retired_on: dt.date | None = None) -> Agency:
    """Pasal 29: an implementer's history outlives it.

    Retire (bubarkan) an agency without a successor; its records and history stay."""
    permissions.require_admin(actor)
    agency = Agency.objects.select_for_update().get(pk=agency.pk)
    if not agency.is_active:
        raise ValidationError({"is_active": _("Perangkat Daerah ini sudah tidak aktif.")})
    before = _tracked(agency)
    agency.is_active = False
    agency.retired_on = retired_on or _today()
    _full_clean(agency)
    agency.save()
    current = agency.names.filter(valid_to__isnull=True).first()
    if current is not None:
        current.valid_to = agency.retired_on
        current.save(update_fields=["valid_to"])
    audit_record(
        actor=actor, action="agency.retire", obj=agency, changes=diff(before, _tracked(agency))
    )
    _sync_government_organisation(actor=actor, agency=agency)
    return agency

"""Links to the plan (issue #6 item 9): a masterplan indicator names a dataset as its data
source. The walidata, administrators and the Tim Pelaksana (team members) keep the links."""

from __future__ import annotations

from typing import Any

from django.core.exceptions import PermissionDenied, ValidationError
from django.db import transaction
from django.utils.translation import gettext as _

from kotacerdas.core import permissions as core_permissions
from kotacerdas.core.audit.chain import audit_record
from kotacerdas.core.models import Role
from kotacerdas.opendata import permissions
from kotacerdas.opendata.models import DatasetState, IndicatorDataSource

NOTE_MAX = 300


def can_manage_links(user: Any) -> bool:
    return permissions.is_walidata(user) or core_permissions.has_role(user, Role.TEAM_MEMBER)


def require_manage_links(user: Any) -> None:
    if not can_manage_links(user):
        raise PermissionDenied(
            _("Hanya walidata, administrator dan Tim Pelaksana yang boleh menautkan indikator.")
        )


@transaction.atomic
def indicator_source_add(*, actor: Any, indicator, dataset, note: str = "") -> IndicatorDataSource:
    """Indicator X is measured from dataset Y. A draft dataset may be named (planning comes
    before the first release); a deleted one may not. The public sees published ones only."""
    require_manage_links(actor)
    errors: dict[str, list[str]] = {}
    if indicator is None:
        errors["indicator"] = [_("Pilih indikator.")]
    if dataset is None:
        errors["dataset"] = [_("Pilih dataset.")]
    elif dataset.state == DatasetState.DELETED:
        errors["dataset"] = [_("Dataset ini sudah dihapus.")]
    note = str(note or "").strip()
    if len(note) > NOTE_MAX:
        errors["note"] = [_("Catatan paling banyak %(limit)s karakter.") % {"limit": NOTE_MAX}]
    if errors:
        raise ValidationError(errors)
    if IndicatorDataSource.objects.filter(indicator=indicator, dataset=dataset).exists():
        raise ValidationError(
            _("Indikator %(code)s sudah bersumber dari dataset %(dataset)s.")
            % {"code": indicator.code, "dataset": dataset.title}
        )
    link = IndicatorDataSource.objects.create(
        indicator=indicator, dataset=dataset, note=note, created_by=actor
    )
    audit_record(
        actor=actor,
        action="opendata.indicator_source.add",
        obj=link,
        changes={"indicator": indicator.code, "dataset": dataset.name, "note": note},
    )
    return link


@transaction.atomic
def indicator_source_remove(*, actor: Any, link: IndicatorDataSource) -> None:
    require_manage_links(actor)
    changes = {"indicator": link.indicator.code, "dataset": link.dataset.name}
    audit_record(actor=actor, action="opendata.indicator_source.remove", obj=link, changes=changes)
    link.delete()

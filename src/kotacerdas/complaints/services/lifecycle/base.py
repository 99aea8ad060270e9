"""What every lifecycle transition shares: who may act, the optimistic save on `version`, the
timeline event and the audit record.

A transition is saved with `UPDATE ... WHERE id = %s AND version = %s`: when another officer
changed the case since the page was loaded, nothing is written and the caller is told to reload
(two agents verifying at once: exactly one wins).
"""

from __future__ import annotations

import datetime as dt
from typing import Any

from django.core.exceptions import PermissionDenied, ValidationError
from django.utils.translation import gettext as _

from kotacerdas.complaints.models import Case, CaseEvent, CaseEventKind, CaseState
from kotacerdas.complaints.services.sla import sla_apply
from kotacerdas.core import permissions
from kotacerdas.core.audit.chain import audit_record, diff, snapshot
from kotacerdas.core.models import Role

NOTE_MAX = 2000

# Fields a transition may change; saved together with the new version.
SAVED_FIELDS = (
    "state",
    "outcome",
    "decline_note",
    "category",
    "case_type",
    "assigned_agency",
    "assigned_urc",
    "urc_status",
    "merged_into",
    "reopened_count",
    "rating",
    "rating_comment",
    "verified_at",
    "dispatched_at",
    "responded_at",
    "resolved_at",
    "closed_at",
    "sla_stage",
    "sla_started_at",
    "sla_due_at",
    "sla_warn_at",
    "sla_warned",
    "sla_escalated",
    "outer_due_at",
    "autoclose_at",
    "reopen_until",
    "paused_at",
    "is_overdue",
    "suggested_agencies",
    "version",
    "updated_at",
)
AUDITED_FIELDS = [
    "state",
    "outcome",
    "category",
    "case_type",
    "assigned_agency",
    "assigned_urc",
    "urc_status",
    "merged_into",
    "reopened_count",
    "rating",
    "paused_at",
]


class CaseConflict(ValidationError):
    """Another officer changed the case since it was loaded (a stale `version`)."""


def stale_error() -> CaseConflict:
    return CaseConflict(_("Laporan ini baru saja diubah oleh petugas lain; muat ulang halaman."))


def illegal(case: Case, action: str) -> ValidationError:
    return ValidationError(
        _('Tindakan "%(action)s" tidak dapat dilakukan pada laporan berstatus %(state)s.')
        % {"action": action, "state": case.get_state_display()}
    )


def require_version(case: Case, version: Any) -> int:
    try:
        version = int(version)
    except (TypeError, ValueError):
        raise stale_error() from None
    if version != case.version:
        raise stale_error()
    return version


def require_state(case: Case, action: str, *states: str) -> None:
    if case.state not in states:
        raise illegal(case, action)


def clean_note(note: str, *, field: str = "note", required: bool = False, label: str = "") -> str:
    note = (note or "").strip()
    if required and not note:
        raise ValidationError({field: label or _("Catatan wajib diisi.")})
    if len(note) > NOTE_MAX:
        raise ValidationError(
            {field: _("Catatan terlalu panjang: maksimum %(max)s karakter.") % {"max": NOTE_MAX}}
        )
    return note


# --- who may act


def is_staff_dispatcher(actor: Any) -> bool:
    """Call-center agents (and administrators) verify, decline and dispatch."""
    return permissions.is_admin(actor) or permissions.has_role(actor, Role.CALL_CENTER_AGENT)


def is_agency_handler(actor: Any, case: Case) -> bool:
    """An officer of the agency holding the case (or of its successor after a merger)."""
    if not case.assigned_agency_id or not permissions.has_role(actor, Role.AGENCY_OFFICER):
        return False
    if not actor.agency_id:
        return False
    from kotacerdas.core.selectors.agencies import agency_lineage_ids

    return case.assigned_agency_id in agency_lineage_ids(agency_id=actor.agency_id)


def is_urc_handler(actor: Any, case: Case) -> bool:
    """A field officer of the URC unit the case is dispatched to."""
    if not case.assigned_urc_id or not permissions.has_role(actor, Role.URC_OFFICER):
        return False
    return case.assigned_urc.members.filter(pk=actor.pk).exists()


def is_handler(actor: Any, case: Case) -> bool:
    return (
        permissions.is_admin(actor) or is_agency_handler(actor, case) or is_urc_handler(actor, case)
    )


def require_dispatcher(actor: Any) -> None:
    if not is_staff_dispatcher(actor):
        raise PermissionDenied(
            _("Hanya agen Call Center atau administrator yang boleh melakukan ini.")
        )


def require_handler(actor: Any, case: Case) -> None:
    if not is_handler(actor, case):
        raise PermissionDenied(
            _(
                "Anda hanya boleh menangani laporan yang ditugaskan ke Perangkat Daerah atau unit "
                "URC Anda."
            )
        )


def require_handler_or_dispatcher(actor: Any, case: Case) -> None:
    if not (is_staff_dispatcher(actor) or is_handler(actor, case)):
        raise PermissionDenied(
            _(
                "Anda hanya boleh menangani laporan yang ditugaskan ke Perangkat Daerah atau unit "
                "URC Anda."
            )
        )


# --- saving


def save_versioned(case: Case, version: int, *, now: dt.datetime) -> None:
    """Write the transition when nobody changed the case since `version`; else raise."""
    case.version = version + 1
    case.updated_at = now
    values = {}
    for name in SAVED_FIELDS:
        field = Case._meta.get_field(name)
        values[field.attname] = getattr(case, field.attname)
    updated = Case.objects.filter(pk=case.pk, version=version).update(**values)
    if updated != 1:
        case.version = version
        raise stale_error()


def user_or_none(actor: Any) -> Any:
    return actor if getattr(actor, "is_authenticated", False) else None


def record(
    *,
    actor: Any,
    case: Case,
    before: dict[str, Any],
    action: str,
    now: dt.datetime,
    kind: str = CaseEventKind.STATE,
    from_state: str = "",
    note: str = "",
    is_public: bool = True,
    data: dict[str, Any] | None = None,
) -> CaseEvent:
    """The timeline event and the audit record of a saved transition."""
    event = CaseEvent.objects.create(
        case=case,
        at=now,
        kind=kind,
        from_state=from_state,
        to_state=case.state if from_state or kind == CaseEventKind.STATE else "",
        note=note,
        is_public=is_public,
        actor=user_or_none(actor),
        data=data or {},
    )
    changes = diff(before, snapshot(case, AUDITED_FIELDS))
    changes["event"] = kind
    audit_record(actor=actor, action=f"complaints.{action}", obj=case, changes=changes)
    return event


def commit(
    *,
    actor: Any,
    case: Case,
    version: int,
    before: dict[str, Any],
    action: str,
    now: dt.datetime,
    clock: Any = sla_apply,
    **event: Any,
) -> CaseEvent:
    """Recompute the SLA clocks (`clock`: sla_apply, sla_pause or sla_resume, or None), save
    the transition against `version`, and write its timeline event and audit record."""
    if clock is not None:
        clock(case, now=now)
    save_versioned(case, version, now=now)
    return record(actor=actor, case=case, before=before, action=action, now=now, **event)


def before_snapshot(case: Case) -> dict[str, Any]:
    return snapshot(case, AUDITED_FIELDS)


OPEN_FOR_PAUSE = (
    CaseState.RECEIVED,
    CaseState.VERIFIED,
    CaseState.DISPATCHED,
    CaseState.IN_PROGRESS,
)

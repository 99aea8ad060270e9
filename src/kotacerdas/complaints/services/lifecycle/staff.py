"""Transitions made by the city: verify, decline, dispatch, start, resolve, pause, resume, note.

received -> verified -> dispatched -> in_progress -> resolved -> closed (confirmed/auto_closed);
received/verified -> closed (declined); a case may be dispatched again while open.
"""

from __future__ import annotations

from collections.abc import Iterable
from typing import Any

from django.core.exceptions import ValidationError
from django.db import transaction
from django.utils import timezone
from django.utils.translation import gettext as _

from kotacerdas.complaints.models import (
    AttachmentRole,
    Case,
    CaseEventKind,
    CaseOutcome,
    CaseState,
    CaseType,
    Category,
    Privacy,
    UrcStatus,
    UrcUnit,
)
from kotacerdas.complaints.services.intake import check_uploads, store_attachments
from kotacerdas.complaints.services.sla import sla_pause, sla_resume
from kotacerdas.core.models import Agency, Role, User

from .base import (
    OPEN_FOR_PAUSE,
    before_snapshot,
    clean_note,
    commit,
    illegal,
    is_staff_dispatcher,
    record,
    require_dispatcher,
    require_handler,
    require_handler_or_dispatcher,
    require_state,
    require_version,
)

DECLINE_REASONS = (CaseOutcome.DECLINED_AUTHORITY, CaseOutcome.DECLINED_INCOMPLETE)
DISPATCHABLE = (CaseState.VERIFIED, CaseState.DISPATCHED, CaseState.IN_PROGRESS)


def _notify_handlers(case: Case, *, users: list[Any]) -> None:
    """Tell the agency officers or URC members that a case reached them (in-app + e-mail)."""
    if not users:
        return
    from django.urls import reverse

    from kotacerdas.core.services.notifications import notify

    notify(
        users=users,
        event_key=f"complaints.dispatch.{case.pk}.{case.version}",
        title=_("Laporan %(number)s diteruskan kepada Anda") % {"number": case.tracking_number},
        body=case.title,
        url=reverse("complaints:case_detail", args=[case.tracking_number]),
    )


def _agency_officers(agency: Agency) -> list[User]:
    officers = User.objects.filter(agency=agency, is_active=True)
    return [user for user in officers if Role.AGENCY_OFFICER in (user.roles or [])]


@transaction.atomic
def case_verify(
    *,
    actor: Any,
    case: Case,
    version: int,
    category: Category | None = None,
    agency: Agency | None = None,
    urc: UrcUnit | None = None,
    case_type: str | None = None,
    note: str = "",
) -> Case:
    """A call-center agent checks a received case; category, type, agency may be corrected."""
    version = require_version(case, version)
    require_dispatcher(actor)
    require_state(case, _("verifikasi"), CaseState.RECEIVED)
    note = clean_note(note)
    if category is not None and category.pk != case.category_id and not category.is_active:
        raise ValidationError({"category": _("Kategori ini tidak aktif lagi.")})
    if case_type and case_type not in CaseType.values:
        raise ValidationError({"case_type": _("Jenis laporan tidak dikenal.")})
    if urc is not None and not urc.is_active:
        raise ValidationError({"urc": _("Unit URC ini tidak aktif.")})
    now = timezone.now()
    before = before_snapshot(case)
    if category is not None:
        case.category = category
    if case_type:
        case.case_type = case_type
    agency = agency or (urc.agency if urc else None) or case.assigned_agency
    agency = agency or case.category.default_agency
    suggested_ids = [item.get("agency_id") for item in case.suggested_agencies or []]
    case.assigned_agency = agency
    if urc is not None:
        case.assigned_urc = urc
    case.state = CaseState.VERIFIED
    case.verified_at = now
    commit(
        actor=actor,
        case=case,
        version=version,
        before=before,
        action="case.verify",
        now=now,
        from_state=CaseState.RECEIVED,
        note=note,
        data={
            "agency_id": agency.pk if agency else None,
            "suggested_agency_ids": suggested_ids,
            "followed_suggestion": bool(agency and suggested_ids and suggested_ids[0] == agency.pk),
        },
    )
    return case


@transaction.atomic
def case_decline(*, actor: Any, case: Case, version: int, reason: str, note: str) -> Case:
    """Decline a case (not the city's authority, or incomplete): closed with that outcome."""
    version = require_version(case, version)
    require_dispatcher(actor)
    require_state(case, _("tolak"), CaseState.RECEIVED, CaseState.VERIFIED)
    if reason not in DECLINE_REASONS:
        raise ValidationError({"reason": _("Pilih alasan penolakan.")})
    note = clean_note(note, required=True, label=_("Jelaskan alasan penolakan kepada pelapor."))
    now = timezone.now()
    before = before_snapshot(case)
    from_state = case.state
    case.state = CaseState.CLOSED
    case.outcome = reason
    case.decline_note = note
    case.closed_at = now
    case.paused_at = None
    commit(
        actor=actor,
        case=case,
        version=version,
        before=before,
        action="case.decline",
        now=now,
        from_state=from_state,
        note=note,
        data={"outcome": reason},
    )
    return case


@transaction.atomic
def case_dispatch(
    *,
    actor: Any,
    case: Case,
    version: int,
    agency: Agency | None = None,
    urc: UrcUnit | None = None,
    note: str = "",
) -> Case:
    """Send a verified case to an agency or a URC unit (again, when it is already open)."""
    version = require_version(case, version)
    require_dispatcher(actor)
    require_state(case, _("teruskan"), *DISPATCHABLE)
    if case.paused_at is not None:
        raise ValidationError(_("Laporan ini sedang menunggu pelapor; lanjutkan dahulu."))
    if agency is None and urc is None:
        raise ValidationError({"agency": _("Pilih Perangkat Daerah atau unit URC tujuan.")})
    if urc is not None and not urc.is_active:
        raise ValidationError({"urc": _("Unit URC ini tidak aktif.")})
    note = clean_note(note)
    now = timezone.now()
    before = before_snapshot(case)
    from_state = case.state
    if urc is not None:
        case.assigned_urc = urc
        case.assigned_agency = urc.agency
        case.urc_status = UrcStatus.ASSIGNED
        users = list(urc.members.filter(is_active=True))
    else:
        case.assigned_agency = agency
        case.assigned_urc = None
        case.urc_status = UrcStatus.NONE
        users = _agency_officers(agency)
    case.state = CaseState.DISPATCHED
    case.dispatched_at = now
    case.responded_at = None
    commit(
        actor=actor,
        case=case,
        version=version,
        before=before,
        action="case.dispatch",
        now=now,
        kind=CaseEventKind.DISPATCH,
        from_state=from_state,
        note=note or _("Diteruskan ke %(to)s.") % {"to": urc.name if urc else agency.name},
        data={"agency_id": case.assigned_agency_id, "urc_id": urc.pk if urc else None},
    )
    _notify_handlers(case, users=users)
    return case


@transaction.atomic
def case_start(*, actor: Any, case: Case, version: int, note: str = "") -> Case:
    """The agency officer or URC member starts handling: in progress, `responded_at` set."""
    version = require_version(case, version)
    require_handler(actor, case)
    require_state(case, _("mulai tangani"), CaseState.DISPATCHED)
    note = clean_note(note)
    now = timezone.now()
    before = before_snapshot(case)
    case.state = CaseState.IN_PROGRESS
    case.responded_at = case.responded_at or now
    if case.assigned_urc_id and case.urc_status == UrcStatus.ASSIGNED:
        case.urc_status = UrcStatus.ACCEPTED
    commit(
        actor=actor,
        case=case,
        version=version,
        before=before,
        action="case.start",
        now=now,
        from_state=CaseState.DISPATCHED,
        note=note or _("Laporan mulai ditangani."),
    )
    return case


def resolve_fields(case: Case, *, now) -> None:
    case.state = CaseState.RESOLVED
    case.resolved_at = now
    case.responded_at = case.responded_at or now
    case.paused_at = None


@transaction.atomic
def case_resolve(
    *, actor: Any, case: Case, version: int, note: str, evidence: Iterable[Any] = ()
) -> Case:
    """The handler reports the case handled, with evidence (photo or document)."""
    version = require_version(case, version)
    require_handler(actor, case)
    require_state(case, _("selesaikan"), CaseState.DISPATCHED, CaseState.IN_PROGRESS)
    note = clean_note(note, required=True, label=_("Jelaskan tindak lanjut yang dilakukan."))
    checked = check_uploads(evidence, field="evidence")
    if not checked:
        raise ValidationError(
            {"evidence": _("Lampirkan bukti penanganan (foto JPG/PNG atau PDF).")}
        )
    now = timezone.now()
    before = before_snapshot(case)
    from_state = case.state
    resolve_fields(case, now=now)
    commit(
        actor=actor,
        case=case,
        version=version,
        before=before,
        action="case.resolve",
        now=now,
        from_state=from_state,
        note=note,
        data={"evidence": len(checked)},
    )
    store_attachments(
        case,
        checked,
        role=AttachmentRole.EVIDENCE,
        actor=actor,
        is_public=case.privacy != Privacy.CONFIDENTIAL,
    )
    return case


@transaction.atomic
def case_pause(*, actor: Any, case: Case, version: int, reason: str) -> Case:
    """Wait for the reporter (more information needed): the SLA clock stops."""
    version = require_version(case, version)
    require_handler_or_dispatcher(actor, case)
    if case.state not in OPEN_FOR_PAUSE:
        raise illegal(case, _("tunggu pelapor"))
    if case.paused_at is not None:
        raise ValidationError(_("Laporan ini sudah menunggu pelapor."))
    reason = clean_note(
        reason,
        field="reason",
        required=True,
        label=_("Tuliskan apa yang perlu dilengkapi pelapor."),
    )
    now = timezone.now()
    before = before_snapshot(case)
    commit(
        actor=actor,
        case=case,
        version=version,
        clock=sla_pause,
        before=before,
        action="case.pause",
        now=now,
        kind=CaseEventKind.PAUSE,
        note=reason,
    )
    return case


@transaction.atomic
def case_resume(*, actor: Any, case: Case, version: int, note: str = "") -> Case:
    """Continue a case that waited for the reporter; the SLA clock moves on by the pause."""
    version = require_version(case, version)
    require_handler_or_dispatcher(actor, case)
    if case.paused_at is None:
        raise ValidationError(_("Laporan ini tidak sedang menunggu pelapor."))
    note = clean_note(note)
    now = timezone.now()
    before = before_snapshot(case)
    commit(
        actor=actor,
        case=case,
        version=version,
        clock=sla_resume,
        before=before,
        action="case.resume",
        now=now,
        kind=CaseEventKind.RESUME,
        note=note,
    )
    return case


@transaction.atomic
def case_add_note(
    *, actor: Any, case: Case, note: str, public: bool = False, version: int | None = None
) -> Case:
    """A note on the timeline (public: shown on the tracking page). Changes no state."""
    if not is_staff_dispatcher(actor):
        require_handler(actor, case)
    if version is not None:
        require_version(case, version)
    note = clean_note(note, required=True)
    now = timezone.now()
    record(
        actor=actor,
        case=case,
        before=before_snapshot(case),
        action="case.note",
        now=now,
        kind=CaseEventKind.NOTE,
        note=note,
        is_public=bool(public),
    )
    return case

"""Reads of cases for the back office: scoped lists, the verification queue, timelines.

Scope: administrators, executives and other read-all roles and call-center agents see every
case; agency officers see their agency's (and merged predecessors'); URC officers their units'.
"""

from __future__ import annotations

from typing import Any

from django.core.exceptions import PermissionDenied
from django.db.models import Q, QuerySet
from django.http import Http404
from django.utils.translation import gettext as _

from kotacerdas.complaints.models import (
    OPEN_STATES,
    Case,
    CaseEvent,
    CaseState,
    Channel,
    UrcUnit,
)
from kotacerdas.complaints.services.lifecycle import (
    DECLINE_REASONS,
    URC_ORDER,
    is_handler,
    is_staff_dispatcher,
)
from kotacerdas.core import permissions
from kotacerdas.core.models import Role

LIST_RELATED = ("category", "assigned_agency", "assigned_urc", "kecamatan", "kelurahan")


def can_see_all_cases(actor: Any) -> bool:
    return permissions.can_read_all_agencies(actor) or permissions.has_role(
        actor, Role.CALL_CENTER_AGENT
    )


def can_use_back_office(actor: Any) -> bool:
    return can_see_all_cases(actor) or permissions.has_role(
        actor, Role.AGENCY_OFFICER, Role.URC_OFFICER
    )


def case_scope(actor: Any) -> QuerySet[Case]:
    """Every case `actor` may see in the back office (none for citizens)."""
    cases = Case.objects.select_related(*LIST_RELATED)
    if can_see_all_cases(actor):
        return cases
    if actor is None or not actor.is_authenticated:
        return cases.none()
    condition = Q(pk__in=[])
    if permissions.has_role(actor, Role.AGENCY_OFFICER) and actor.agency_id:
        scope = permissions.agency_scope_ids(actor) or set()
        condition |= Q(assigned_agency_id__in=scope)
    if permissions.has_role(actor, Role.URC_OFFICER):
        condition |= Q(assigned_urc__in=UrcUnit.objects.filter(members=actor))
    return cases.filter(condition)


def case_list(
    *,
    actor: Any,
    state: str = "",
    category_id: int | None = None,
    agency_id: int | None = None,
    kecamatan_id: int | None = None,
    channel: str = "",
    overdue: bool = False,
    search: str = "",
) -> QuerySet[Case]:
    cases = case_scope(actor)
    if state == "open":
        cases = cases.filter(state__in=OPEN_STATES)
    elif state in CaseState.values:
        cases = cases.filter(state=state)
    if category_id:
        cases = cases.filter(category_id=category_id)
    if agency_id:
        cases = cases.filter(assigned_agency_id=agency_id)
    if kecamatan_id:
        cases = cases.filter(kecamatan_id=kecamatan_id)
    if channel in Channel.values:
        cases = cases.filter(channel=channel)
    if overdue:
        cases = cases.filter(is_overdue=True)
    if search:
        cases = cases.filter(
            Q(tracking_number__icontains=search)
            | Q(title__icontains=search)
            | Q(address__icontains=search)
        )
    return cases.order_by("-received_at", "-id")


def verify_queue(*, actor: Any) -> QuerySet[Case]:
    """Received cases, oldest first (the call center works them in order)."""
    if not is_staff_dispatcher(actor):
        raise PermissionDenied(_("Antrean verifikasi hanya untuk agen Call Center."))
    return (
        Case.objects.select_related(*LIST_RELATED)
        .filter(state=CaseState.RECEIVED)
        .order_by("received_at", "id")
    )


def case_get(*, actor: Any, tracking_number: str) -> Case:
    """One case in `actor`'s scope, or 404 (not 403: numbers of others are not confirmed)."""
    case = case_scope(actor).filter(tracking_number=tracking_number).first()
    if case is None:
        raise Http404(_("Laporan tidak ditemukan."))
    return case


def case_timeline(*, case: Case, public_only: bool = False) -> QuerySet[CaseEvent]:
    events = case.events.select_related("actor").order_by("at", "id")
    return events.filter(is_public=True) if public_only else events


def allowed_actions(actor: Any, case: Case) -> list[str]:
    """The transitions `actor` may offer on `case` now (the services check again)."""
    actions: list[str] = []
    dispatcher = is_staff_dispatcher(actor)
    handler = is_handler(actor, case)
    state = case.state
    if dispatcher and state == CaseState.RECEIVED:
        actions.append("verify")
    if dispatcher and state in (CaseState.RECEIVED, CaseState.VERIFIED):
        actions.append("decline")
    if (
        dispatcher
        and state
        in (
            CaseState.VERIFIED,
            CaseState.DISPATCHED,
            CaseState.IN_PROGRESS,
        )
        and case.paused_at is None
    ):
        actions.append("dispatch")
    if handler and state == CaseState.DISPATCHED:
        actions.append("start")
    if handler and state in (CaseState.DISPATCHED, CaseState.IN_PROGRESS):
        actions.append("resolve")
        if case.assigned_urc_id and case.urc_status != URC_ORDER[-1]:
            actions.append("urc")
    if (dispatcher or handler) and state not in (CaseState.RESOLVED, CaseState.CLOSED):
        actions.append("resume" if case.paused_at else "pause")
    if dispatcher or handler:
        actions.append("note")
    return actions


DECLINE_CHOICES = [(reason.value, reason.label) for reason in DECLINE_REASONS]

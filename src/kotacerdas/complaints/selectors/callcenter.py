"""Reads of the call-center console: caller lookup by phone, call logs, shift handovers."""

from __future__ import annotations

import re
from typing import Any

from django.core.exceptions import PermissionDenied
from django.db.models import Q, QuerySet
from django.utils.translation import gettext as _

from kotacerdas.complaints.models import (
    OPEN_STATES,
    CallLog,
    Case,
    CaseState,
    ShiftHandover,
)
from kotacerdas.complaints.services.callcenter import is_agent

LOOKUP_LIMIT = 20
WATCH_LIMIT = 50
MIN_LOOKUP_DIGITS = 6


def require_agent_reader(actor: Any) -> None:
    if not is_agent(actor):
        raise PermissionDenied(_("Konsol ini hanya untuk agen Call Center 1500444."))


def phone_digits(phone: str) -> str:
    """The national form of an Indonesian number: digits only, +62/62 written as 0."""
    digits = re.sub(r"\D", "", phone or "")
    if digits.startswith("62"):
        digits = "0" + digits[2:]
    return digits


def phone_variants(phone: str) -> list[str]:
    """The ways the same number is commonly written (0812..., +62812..., 62812...)."""
    digits = phone_digits(phone)
    if len(digits) < MIN_LOOKUP_DIGITS:
        return []
    variants = {digits, (phone or "").strip()}
    if digits.startswith("0"):
        variants |= {"+62" + digits[1:], "62" + digits[1:]}
    return sorted(v for v in variants if v)


def caller_cases(*, actor: Any, phone: str, limit: int = LOOKUP_LIMIT) -> list[Case]:
    """The caller's earlier cases (newest first), matched on the reporter's phone number."""
    require_agent_reader(actor)
    variants = phone_variants(phone)
    if not variants:
        return []
    return list(
        Case.objects.select_related("category", "kecamatan", "assigned_agency")
        .filter(reporter_phone__in=variants)
        .order_by("-received_at", "-id")[:limit]
    )


def caller_calls(*, actor: Any, phone: str, limit: int = LOOKUP_LIMIT) -> list[CallLog]:
    """The caller's earlier calls (newest first)."""
    require_agent_reader(actor)
    variants = phone_variants(phone)
    if not variants:
        return []
    return list(
        CallLog.objects.select_related("agent", "case")
        .filter(caller_phone__in=variants)
        .order_by("-started_at", "-id")[:limit]
    )


def call_log_list(*, actor: Any, phone: str = "", handed_to: str = "") -> QuerySet[CallLog]:
    require_agent_reader(actor)
    calls = CallLog.objects.select_related("agent", "case")
    if phone:
        variants = phone_variants(phone)
        calls = calls.filter(caller_phone__in=variants) if variants else calls.none()
    if handed_to == "any":
        calls = calls.exclude(handed_to="")
    elif handed_to:
        calls = calls.filter(handed_to=handed_to)
    return calls.order_by("-started_at", "-id")


def handover_list(*, actor: Any) -> QuerySet[ShiftHandover]:
    require_agent_reader(actor)
    return ShiftHandover.objects.select_related("agent", "acknowledged_by").order_by("-at", "-id")


def pending_handovers(*, actor: Any) -> list[ShiftHandover]:
    """Handovers not yet acknowledged, written by another agent (oldest first)."""
    require_agent_reader(actor)
    return list(
        ShiftHandover.objects.select_related("agent")
        .filter(acknowledged_at__isnull=True)
        .exclude(agent=actor)
        .order_by("at", "id")[:10]
    )


def cases_to_watch(*, actor: Any, limit: int = WATCH_LIMIT) -> list[Case]:
    """Open cases the next shift should keep an eye on: overdue, escalated or waiting to be
    verified, oldest first (the default list of a handover)."""
    require_agent_reader(actor)
    return list(
        Case.objects.select_related("category")
        .filter(state__in=OPEN_STATES)
        .filter(
            Q(is_overdue=True)
            | Q(sla_escalated=True)
            | Q(sla_warned=True)
            | Q(state=CaseState.RECEIVED)
        )
        .exclude(state=CaseState.RESOLVED)
        .order_by("received_at", "id")[:limit]
    )


def handover_cases(handover: ShiftHandover) -> list[Case]:
    """The cases listed in a handover, in the order written."""
    numbers = list(handover.open_cases or [])
    found = {
        case.tracking_number: case
        for case in Case.objects.select_related("category").filter(tracking_number__in=numbers)
    }
    return [found[number] for number in numbers if number in found]

"""Reads of the audit chain (Pasal 27(2)b): the administrators' audit page and its CSV."""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass
from typing import Any

from django.core.paginator import Page, Paginator
from django.db.models import Q, QuerySet

from kotacerdas.core.models import AuditCheckpoint, AuditEvent
from kotacerdas.core.permissions import require_admin

PAGE_SIZE = 50


@dataclass(frozen=True)
class AuditFilters:
    """Every field optional; `until` is exclusive."""

    actor: str = ""  # username as recorded, or the user's id
    action: str = ""
    object_type: str = ""  # the model label, e.g. "core.Agency"
    object_id: str = ""
    since: dt.datetime | None = None
    until: dt.datetime | None = None


def audit_event_list(*, user: Any, filters: AuditFilters) -> QuerySet[AuditEvent]:
    """The events matching `filters`, newest first. Only administrators read the trail."""
    require_admin(user)
    queryset = AuditEvent.objects.all()
    actor = filters.actor.strip()
    if actor:
        by_actor = Q(actor_repr__iexact=actor)
        if actor.isdigit():
            by_actor |= Q(actor_id=int(actor))
        queryset = queryset.filter(by_actor)
    if filters.action.strip():
        queryset = queryset.filter(action=filters.action.strip())
    if filters.object_type.strip():
        queryset = queryset.filter(object_type__iexact=filters.object_type.strip())
    if filters.object_id.strip():
        queryset = queryset.filter(object_id=filters.object_id.strip())
    if filters.since is not None:
        queryset = queryset.filter(occurred_at__gte=filters.since)
    if filters.until is not None:
        queryset = queryset.filter(occurred_at__lt=filters.until)
    return queryset.order_by("-seq")


def audit_event_page(
    *, user: Any, filters: AuditFilters, page: Any = 1, per_page: int = PAGE_SIZE
) -> Page:
    """One page of `audit_event_list`; an out-of-range or malformed page gives the nearest."""
    paginator = Paginator(audit_event_list(user=user, filters=filters), per_page)
    return paginator.get_page(page)


def audit_checkpoint_latest(*, user: Any) -> AuditCheckpoint | None:
    """The newest signed checkpoint, shown on the audit page."""
    require_admin(user)
    return AuditCheckpoint.objects.order_by("-count", "-id").first()

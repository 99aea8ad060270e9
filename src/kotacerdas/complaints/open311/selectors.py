"""Reads behind the Open311 endpoints: services (categories) and service requests (cases)."""

from __future__ import annotations

import datetime as dt
from collections.abc import Sequence

from django.db.models import Exists, OuterRef, Prefetch, QuerySet

from kotacerdas.complaints.models import (
    AttachmentRole,
    Case,
    CaseAttachment,
    CaseEvent,
    CaseEventKind,
    CaseState,
    Category,
    CategoryAttribute,
)

from .tokens import request_token_unsign

MAX_REQUESTS = 1000  # the specification's recommended ceiling of one GET requests answer


def service_list() -> QuerySet[Category]:
    """Active categories with `has_attributes` (the service's `metadata` flag)."""
    attributes = CategoryAttribute.objects.filter(category=OuterRef("pk"))
    return (
        Category.objects.filter(is_active=True)
        .annotate(has_attributes=Exists(attributes))
        .order_by("group", "name", "code")
    )


def service_get(*, code: str, with_attributes: bool = True) -> Category | None:
    """An active category (with its attributes prefetched, for the service definition)."""
    categories = Category.objects.filter(is_active=True, code=code)
    if with_attributes:
        attributes = CategoryAttribute.objects.order_by("order", "id")
        categories = categories.prefetch_related(Prefetch("attributes", attributes))
    found = list(categories.select_related("default_agency").order_by())  # code is unique
    return found[0] if found else None


def _requests() -> QuerySet[Case]:
    public_media = CaseAttachment.objects.filter(
        is_public=True, role=AttachmentRole.REPORT
    ).order_by("id")
    media_links = CaseEvent.objects.filter(
        kind=CaseEventKind.NOTE, is_public=True, data__has_key="media_url"
    ).order_by("id")
    return Case.objects.select_related(
        "category", "category__default_agency", "assigned_agency", "kecamatan", "kelurahan"
    ).prefetch_related(
        Prefetch("attachments", public_media, to_attr="public_media"),
        Prefetch("events", media_links, to_attr="media_links"),
    )


def request_list(
    *,
    tracking_numbers: Sequence[str] = (),
    service_codes: Sequence[str] = (),
    start: dt.datetime | None = None,
    end: dt.datetime | None = None,
    statuses: Sequence[str] = (),
    limit: int = MAX_REQUESTS,
) -> list[Case]:
    """Cases by tracking number (which overrides every other filter), or by service code,
    received time window and open/closed status; newest first, at most `limit`."""
    cases = _requests()
    if tracking_numbers:
        cases = cases.filter(tracking_number__in=list(tracking_numbers))
    else:
        if service_codes:
            cases = cases.filter(category__code__in=list(service_codes))
        if start is not None:
            cases = cases.filter(received_at__gte=start)
        if end is not None:
            cases = cases.filter(received_at__lte=end)
        if set(statuses) == {"closed"}:
            cases = cases.filter(state=CaseState.CLOSED)
        elif set(statuses) == {"open"}:
            cases = cases.exclude(state=CaseState.CLOSED)
    return list(cases.order_by("-received_at", "-id")[:limit])


def request_get(*, tracking_number: str) -> Case | None:
    # Unique column: no ORDER BY needed (cheaper than .first() on a model with an ordering).
    cases = list(_requests().filter(tracking_number=tracking_number).order_by())
    return cases[0] if cases else None


def request_id_for_token(*, token: str) -> str | None:
    """The tracking number behind an Open311 token (one this server signed, or one stored
    on the case by an import), or None."""
    if not token:
        return None
    tracking_number = request_token_unsign(token)
    cases = Case.objects.all()
    if tracking_number is not None:
        cases = cases.filter(tracking_number=tracking_number)
    else:
        cases = cases.filter(open311_token=token)
    return cases.values_list("tracking_number", flat=True).first()

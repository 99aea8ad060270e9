"""Reads of public data requests. The public list and page never carry the requester's
name or e-mail: the public queryset does not even load them."""

from __future__ import annotations

from typing import Any

from django.db.models import QuerySet

from kotacerdas.core.models import Agency
from kotacerdas.opendata import permissions
from kotacerdas.opendata.dcat.queries import public_datasets
from kotacerdas.opendata.models import DataRequest, DataRequestStatus, Dataset

PRIVATE_FIELDS = ("requester_name", "requester_email", "requester_organisation")


def data_request_list(*, status: str = "") -> QuerySet[DataRequest]:
    """Every request, newest first, optionally of one status (an unknown status: none)."""
    queryset = DataRequest.objects.select_related("agency", "fulfilled_dataset").defer(
        *PRIVATE_FIELDS
    )
    if status:
        queryset = queryset.filter(status=status if status in DataRequestStatus.values else "-")
    return queryset.order_by("-created_at", "-id")


def data_request_get(*, uuid: Any, user: Any) -> DataRequest | None:
    """One request; the requester's contact is loaded only for the walidata."""
    queryset = DataRequest.objects.select_related("agency", "fulfilled_dataset", "handled_by")
    if not permissions.is_walidata(user):
        queryset = queryset.defer(*PRIVATE_FIELDS)
    return queryset.filter(uuid=uuid).first()


def data_request_status_counts() -> dict[str, int]:
    from django.db.models import Count

    rows = DataRequest.objects.values_list("status").annotate(n=Count("id")).order_by()
    return dict(rows)


def triage_agency_choices() -> QuerySet[Agency]:
    return Agency.objects.filter(is_active=True).order_by("name")


def fulfil_dataset_choices() -> QuerySet[Dataset]:
    return public_datasets().select_related("organization").order_by("title")

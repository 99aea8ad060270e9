"""Reads behind the DCAT-AP documents: published public datasets only (`state` active and not
private), each with its current release's resources, in a constant number of queries."""

from __future__ import annotations

from django.db.models import Count, Max, Min, Prefetch, QuerySet

from kotacerdas.core.models import Agency
from kotacerdas.opendata.models import Dataset, DatasetState, Release, Resource


def public_datasets() -> QuerySet[Dataset]:
    return Dataset.objects.filter(state=DatasetState.ACTIVE, private=False)


def with_dcat_relations(queryset: QuerySet[Dataset]) -> QuerySet[Dataset]:
    """Everything a dataset's DCAT description reads, prefetched (no query per dataset)."""
    resources = Resource.objects.order_by("position", "id")
    return queryset.select_related("organization").prefetch_related(
        "tags",
        "topics",
        Prefetch(
            "current_release",
            queryset=Release.objects.prefetch_related(Prefetch("resources", queryset=resources)),
        ),
    )


def catalog_summary() -> dict:
    """Count and first/last publication dates of the public catalogue, in one query."""
    return public_datasets().aggregate(
        total=Count("id"), issued=Min("published_at"), modified=Max("released_at")
    )


def catalog_page(*, offset: int, limit: int) -> list[Dataset]:
    """One page of the catalogue in a stable order (by URL name) for harvesters' paging."""
    return list(with_dcat_relations(public_datasets().order_by("name"))[offset : offset + limit])


def public_dataset_by_name(name: str) -> Dataset | None:
    return with_dcat_relations(public_datasets().filter(name=name)).first()


def catalog_publisher() -> Agency | None:
    """The walidata's agency (Diskominfostandi), publisher of the catalogue itself."""
    return Agency.objects.filter(is_walidata=True, is_active=True).order_by("id").first()

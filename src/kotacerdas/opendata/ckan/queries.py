"""The reads behind the CKAN actions: what the caller may see, by CKAN's names and ids."""

from __future__ import annotations

import uuid
from typing import Any

from django.db.models import Count, Prefetch, Q

from kotacerdas.core.models import Agency
from kotacerdas.opendata import permissions
from kotacerdas.opendata.models import Dataset, DatasetState, Release, Resource, Tag, Topic
from kotacerdas.opendata.selectors.search import (
    organization_slug,
    organization_uuid,
    visible_datasets,
)

PUBLIC = Q(state=DatasetState.ACTIVE, private=False)


def with_relations(queryset):
    resources = Resource.objects.order_by("position", "id")
    return queryset.select_related("organization", "current_release").prefetch_related(
        "tags",
        "topics",
        Prefetch("resources", queryset=resources),
        Prefetch("current_release__resources", queryset=resources),
    )


def dataset_by_id_or_name(user: Any, id_or_name: str) -> Dataset | None:
    """A dataset `user` may read (public, or internal within their scope), never deleted."""
    queryset = visible_datasets(user, include_private=True)
    try:
        key = Q(uuid=uuid.UUID(id_or_name))
    except ValueError:
        key = Q(name=id_or_name)
    return with_relations(queryset.filter(key)).first()


def dataset_for_write(id_or_name: str) -> Dataset | None:
    """Any non-deleted dataset (the service decides whether the caller may change it)."""
    try:
        key = Q(uuid=uuid.UUID(id_or_name))
    except ValueError:
        key = Q(name=id_or_name)
    return Dataset.objects.exclude(state=DatasetState.DELETED).filter(key).first()


def public_names(*, limit: int | None, offset: int) -> list[str]:
    names = Dataset.objects.filter(PUBLIC).order_by("name").values_list("name", flat=True)
    return list(names[offset : offset + limit] if limit is not None else names[offset:])


def agencies() -> list[Agency]:
    return list(Agency.objects.filter(is_active=True))


def agency_by_id_or_name(id_or_name: str) -> Agency | None:
    for agency in Agency.objects.all():
        if id_or_name in (organization_slug(agency), organization_uuid(agency), agency.code):
            return agency
    return None


def public_counts_by_agency() -> dict[int, int]:
    rows = Dataset.objects.filter(PUBLIC).values_list("organization_id").annotate(n=Count("pk"))
    return dict(rows.order_by())


def public_counts_by_topic() -> dict[int, int]:
    rows = (
        Dataset.topics.through.objects.filter(dataset__state=DatasetState.ACTIVE)
        .filter(dataset__private=False)
        .values_list("topic_id")
        .annotate(n=Count("pk"))
    )
    return dict(rows.order_by())


def topics() -> list[Topic]:
    return list(Topic.objects.all())


def topic_by_id_or_name(id_or_name: str) -> Topic | None:
    from kotacerdas.opendata.ckan.serializers import topic_uuid

    for topic in Topic.objects.all():
        if id_or_name in (topic.name, topic_uuid(topic)):
            return topic
    return None


def public_tag_names(query: str = "") -> list[str]:
    tags = Tag.objects.filter(datasets__state=DatasetState.ACTIVE, datasets__private=False)
    if query:
        tags = tags.filter(name__icontains=query)
    return list(tags.order_by("name").values_list("name", flat=True).distinct())


def resource_for(user: Any, resource_id: str) -> Resource | None:
    """A resource the caller may read: one in a release of a public dataset; producers and
    the walidata also their own unreleased ones."""
    try:
        key = uuid.UUID(str(resource_id))
    except ValueError:
        return None
    resource = (
        Resource.objects.select_related("dataset", "dataset__organization").filter(uuid=key).first()
    )
    if resource is None or resource.dataset.state == DatasetState.DELETED:
        return None
    if permissions.can_read_internal(user, resource.dataset.organization_id):
        return resource
    released = Release.objects.filter(resources=resource).exists()
    return resource if resource.dataset.is_public and released else None

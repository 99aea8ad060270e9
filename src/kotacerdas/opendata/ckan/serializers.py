"""Datasets, resources, agencies and topics as CKAN dictionaries (CKAN's field names).

Satu Data metadata CKAN has no column for (frequency, period, unit, reference codes,
region key, quality, freshness) travels as `extras` key/value pairs, sorted by key.
Timestamps are UTC without offset, as CKAN writes them. URLs are absolute when a request
is given.
"""

from __future__ import annotations

import datetime as dt
import json
import uuid
from typing import Any

from django.urls import NoReverseMatch, reverse

from kotacerdas.core.models import Agency
from kotacerdas.opendata.licenses import LICENSES_BY_ID, license_title
from kotacerdas.opendata.models import Dataset, Resource, Topic
from kotacerdas.opendata.selectors.search import organization_slug, organization_uuid

TOPIC_NAMESPACE = uuid.UUID("7c0e6f3e-4b1a-5d8c-9e2f-0a1b2c3d4e5f")


def ckan_time(value: dt.datetime | None) -> str | None:
    if value is None:
        return None
    if value.tzinfo is not None:
        value = value.astimezone(dt.UTC).replace(tzinfo=None)
    return value.isoformat()


def _absolute(request, path: str) -> str:
    return request.build_absolute_uri(path) if request is not None else path


def _reverse(name: str, fallback: str, *argsets) -> str:
    for args in argsets:
        try:
            return reverse(name, args=args)
        except NoReverseMatch:
            continue
    return fallback


def dataset_url(dataset: Dataset, *, request=None) -> str:
    path = _reverse("opendata:dataset_detail", f"/satudata/dataset/{dataset.name}/", [dataset.name])
    return _absolute(request, path)


def resource_url(resource: Resource, dataset: Dataset, *, request=None) -> str:
    """A link resource's own URL; a file's download URL (the original file)."""
    if resource.url and not resource.file:
        return resource.url
    path = _reverse(
        "opendata:resource_file",
        resource.file.url if resource.file else "",
        [dataset.name, resource.uuid],
        [resource.uuid],
    )
    return _absolute(request, path) if path else ""


def topic_uuid(topic: Topic) -> str:
    return str(uuid.uuid5(TOPIC_NAMESPACE, topic.name))


def organization_dict(
    agency: Agency, *, package_count: int | None = None, request=None
) -> dict[str, Any]:
    name = organization_slug(agency)
    return {
        "id": organization_uuid(agency),
        "name": name,
        "title": agency.name,
        "display_name": agency.name,
        "description": agency.short_name if agency.short_name != agency.name else "",
        "image_url": "",
        "image_display_url": "",
        "created": ckan_time(getattr(agency, "created_at", None)),
        "package_count": package_count if package_count is not None else 0,
        "type": "organization",
        "is_organization": True,
        "state": "active" if getattr(agency, "is_active", True) else "deleted",
        "approval_status": "approved",
    }


def group_dict(topic: Topic, *, package_count: int | None = None) -> dict[str, Any]:
    return {
        "id": topic_uuid(topic),
        "name": topic.name,
        "title": topic.title,
        "display_name": topic.title,
        "description": topic.description,
        "image_url": "",
        "image_display_url": "",
        "created": ckan_time(topic.created_at),
        "package_count": package_count if package_count is not None else 0,
        "type": "group",
        "is_organization": False,
        "state": "active",
        "approval_status": "approved",
    }


def tag_dict(tag) -> dict[str, Any]:
    return {
        "id": str(uuid.uuid5(TOPIC_NAMESPACE, f"tag:{tag.name}")),
        "name": tag.name,
        "display_name": tag.name,
        "state": "active",
        "vocabulary_id": None,
    }


def resource_dict(resource: Resource, *, request=None, dataset: Dataset | None = None) -> dict:
    dataset = dataset or resource.dataset
    return {
        "id": str(resource.uuid),
        "package_id": str(dataset.uuid),
        "name": resource.name,
        "description": resource.description,
        "format": resource.format,
        "mimetype": resource.media_type or None,
        "size": resource.size,
        "hash": f"sha256:{resource.sha256}" if resource.sha256 else "",
        "url": resource_url(resource, dataset, request=request),
        "url_type": "upload" if resource.file else "",
        "datastore_active": resource.datastore_active,
        "created": ckan_time(resource.created_at),
        "last_modified": ckan_time(resource.created_at),
        "metadata_modified": ckan_time(resource.created_at),
        "position": resource.position,
        "state": "active",
        # Satu Data: a file waits for validation and the walidata until a release holds it.
        "load_state": resource.load_state,
        "row_count": resource.row_count,
    }


def _extras(dataset: Dataset) -> list[dict[str, str]]:
    from kotacerdas.opendata import rules

    code, label = rules.freshness(dataset)
    values = {
        "frequency": dataset.frequency,
        "period_start": dataset.period_start.isoformat() if dataset.period_start else "",
        "period_end": dataset.period_end.isoformat() if dataset.period_end else "",
        "unit": dataset.unit,
        "reference_codes": ",".join(dataset.reference_codes or []),
        "region_level": dataset.region_level,
        "region_field": dataset.region_field,
        "contact_name": dataset.contact_name,
        "contact_email": dataset.contact_email,
        "quality": json.dumps(dataset.quality, sort_keys=True) if dataset.quality else "",
        "freshness": code,
        "freshness_label": str(label),
        "released_at": ckan_time(dataset.released_at) or "",
    }
    return [{"key": key, "value": values[key]} for key in sorted(values) if values[key] != ""]


def _shown_resources(dataset: Dataset) -> list[Resource]:
    if dataset.current_release_id:
        return list(dataset.current_release.resources.all())
    return list(dataset.resources.all())


def package_dict(dataset: Dataset, *, request=None) -> dict[str, Any]:
    """A CKAN package; prefetch organization, tags, topics and resources for lists."""
    license = LICENSES_BY_ID.get(dataset.license_id)
    tags = sorted(dataset.tags.all(), key=lambda tag: tag.name)
    topics = sorted(dataset.topics.all(), key=lambda topic: topic.name)
    resources = sorted(_shown_resources(dataset), key=lambda r: (r.position, r.pk))
    return {
        "id": str(dataset.uuid),
        "name": dataset.name,
        "title": dataset.title,
        "notes": dataset.notes,
        "type": "dataset",
        "state": dataset.state,
        "private": dataset.private or not dataset.is_public,
        "owner_org": organization_uuid(dataset.organization),
        "organization": organization_dict(dataset.organization, request=request),
        "author": dataset.organization.name,
        "author_email": None,
        "maintainer": dataset.contact_name or None,
        "maintainer_email": dataset.contact_email or None,
        "license_id": dataset.license_id,
        "license_title": license_title(dataset.license_id),
        "license_url": license.url if license else "",
        "isopen": bool(license and license.od_conformance == "approved"),
        "metadata_created": ckan_time(dataset.created_at),
        "metadata_modified": ckan_time(dataset.metadata_modified),
        "version": dataset.version or None,
        "url": dataset_url(dataset, request=request),
        "creator_user_id": None,
        "num_resources": len(resources),
        "num_tags": len(tags),
        "tags": [tag_dict(tag) for tag in tags],
        "groups": [
            {
                "id": topic_uuid(topic),
                "name": topic.name,
                "title": topic.title,
                "display_name": topic.title,
                "description": topic.description,
                "image_display_url": "",
            }
            for topic in topics
        ],
        "resources": [
            resource_dict(resource, request=request, dataset=dataset) for resource in resources
        ],
        "extras": _extras(dataset),
        "relationships_as_object": [],
        "relationships_as_subject": [],
    }

"""Datasets, resources, agencies and topics as CKAN dictionaries (CKAN's field names).

Satu Data metadata CKAN has no column for (frequency, period, unit, reference codes,
region key, quality, freshness) travels as `extras` key/value pairs, sorted by key.
Timestamps are UTC without offset, as CKAN writes them. URLs are absolute when a request
is given.
"""

from __future__ import annotations

import datetime as dt
import json
import re
import uuid
from functools import lru_cache
from typing import Any

from django.urls import NoReverseMatch, get_script_prefix, reverse
from django.utils import timezone

from kotacerdas.core.models import Agency
from kotacerdas.opendata.licenses import LICENSES_BY_ID, license_title
from kotacerdas.opendata.models import Dataset, Resource, Topic
from kotacerdas.opendata.selectors.search import (
    RESOURCE_FIELDS,
    organization_slug,
    organization_uuid,
)

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
    return dataset_url_from_name(dataset.name, request=request)


def topic_uuid(topic: Topic) -> str:
    return _topic_id(topic.name)


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
        "id": _tag_id(tag.name),
        "name": tag.name,
        "display_name": tag.name,
        "state": "active",
        "vocabulary_id": None,
    }


def resource_dict(resource: Resource, *, request=None, dataset: Dataset | None = None) -> dict:
    dataset = dataset or resource.dataset
    return _resource_from_row(_resource_row(resource), dataset, PackageContext(request))


class PackageContext:
    """What every package of one response shares, computed once: the absolute-URL prefix,
    URL templates of the dataset page and the resource file (reversed once, then filled
    in), organization dicts, freshness labels and today's date."""

    def __init__(self, request=None, *, prefix: str | None = None):
        from kotacerdas.opendata import rules

        self.request = request
        if prefix is None:
            prefix = request.build_absolute_uri("/")[:-1] if request is not None else ""
        self.prefix = prefix
        script = get_script_prefix()
        self.dataset_url = _template("opendata:dataset_detail", (_NAME,), script)
        self.resource_url = _template("opendata:resource_file", (_NAME, _UUID), script)
        self.labels = rules.freshness_labels()
        self.today = timezone.localdate()
        self.organizations: dict[int, dict[str, Any]] = {}

    def organization(self, agency: Agency) -> dict[str, Any]:
        found = self.organizations.get(agency.pk)
        if found is None:
            found = self.organizations[agency.pk] = organization_dict(agency, request=self.request)
        return dict(found)

    # What a stored package (ckan/stored.py) leaves as a placeholder, filled when it is sent.

    def organization_id(self, agency: Agency) -> str:
        return organization_uuid(agency)

    def author(self, agency: Agency) -> str:
        return agency.name

    def group(self, topic: dict) -> Any:
        return {
            "id": _topic_id(topic["name"]),
            "name": topic["name"],
            "title": topic["title"],
            "display_name": topic["title"],
            "description": topic["description"],
            "image_display_url": "",
        }

    def freshness(self, dataset: Any) -> tuple[str, str]:
        released_at = dataset.released_at
        if isinstance(released_at, dt.datetime):
            released_at = timezone.localtime(released_at).date()
        code = _freshness_code(dataset.frequency, released_at, self.today)
        return code, str(self.labels.get(code, code))

    def released_at(self, dataset: Any) -> str:
        return ckan_time(dataset.released_at) or ""

    def absolute(self, path: str) -> str:
        return self.prefix + path if path.startswith("/") else _absolute(self.request, path)

    def url_of_dataset(self, name: str) -> str:
        if self.dataset_url is None or not SLUG_RE.fullmatch(name):
            return dataset_url_from_name(name, request=self.request)
        return self.absolute(self.dataset_url.replace(_NAME, name))

    def url_of_resource(self, row: dict, dataset_name: str) -> str:
        file = str(row["file"] or "")
        if row["url"] and not file:
            return row["url"]
        if self.resource_url is not None and SLUG_RE.fullmatch(dataset_name):
            path = self.resource_url.replace(_NAME, dataset_name).replace(_UUID, str(row["uuid"]))
        else:
            fallback = Resource._meta.get_field("file").storage.url(file) if file else ""
            path = _reverse(
                "opendata:resource_file", fallback, [dataset_name, row["uuid"]], [row["uuid"]]
            )
        return self.absolute(path) if path else ""


_NAME = "x0dataset0name0x"
_UUID = "0c0ffee0-1234-4abc-8def-0123456789ab"
SLUG_RE = re.compile(r"[-a-zA-Z0-9_]+")


@lru_cache(maxsize=64)
def _template(name: str, args: tuple[str, ...], script_prefix: str) -> str | None:
    """The reversed URL of `name` with placeholder `args` (kept: URLs do not change while
    the process runs; keyed by the script prefix `reverse` puts in front)."""
    try:
        return reverse(name, args=list(args))
    except NoReverseMatch:
        return None


def dataset_url_from_name(name: str, *, request=None) -> str:
    path = _reverse("opendata:dataset_detail", f"/satudata/dataset/{name}/", [name])
    return _absolute(request, path)


@lru_cache(maxsize=8192)
def _freshness_code(frequency: str, released_on: dt.date | None, today: dt.date) -> str:
    """rules.freshness's code, which depends on nothing else (its label is per language)."""
    from types import SimpleNamespace

    from kotacerdas.opendata import rules

    return rules.freshness(SimpleNamespace(frequency=frequency, released_at=released_on), today)[0]


@lru_cache(maxsize=4096)
def _tag_id(name: str) -> str:
    return str(uuid.uuid5(TOPIC_NAMESPACE, f"tag:{name}"))


@lru_cache(maxsize=1024)
def _topic_id(name: str) -> str:
    return str(uuid.uuid5(TOPIC_NAMESPACE, name))


def _resource_row(resource: Resource) -> dict[str, Any]:
    return {name: getattr(resource, name) for name in RESOURCE_FIELDS}


def _resource_from_row(row: dict, dataset: Dataset, context: PackageContext) -> dict:
    file = row["file"]
    return {
        "id": str(row["uuid"]),
        "package_id": str(dataset.uuid),
        "name": row["name"],
        "description": row["description"],
        "format": row["format"],
        "mimetype": row["media_type"] or None,
        "size": row["size"],
        "hash": f"sha256:{row['sha256']}" if row["sha256"] else "",
        "url": context.url_of_resource(row, dataset.name),
        "url_type": "upload" if file else "",
        "datastore_active": row["datastore_active"],
        "created": (created := ckan_time(row["created_at"])),
        "last_modified": created,
        "metadata_modified": created,
        "position": row["position"],
        "state": "active",
        # Satu Data: a file waits for validation and the walidata until a release holds it.
        "load_state": row["load_state"],
        "row_count": row["row_count"],
    }


def _extras(dataset: Dataset, context: PackageContext) -> list[dict[str, str]]:
    code, label = context.freshness(dataset)
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
        "freshness_label": label,
        "released_at": context.released_at(dataset),
    }
    return [{"key": key, "value": values[key]} for key in sorted(values) if values[key] != ""]


def _shown_resources(dataset: Dataset) -> list[dict]:
    if hasattr(dataset, "link_resources"):
        return dataset.link_resources
    if dataset.current_release_id:
        resources = list(dataset.current_release.resources.all())
    else:
        resources = list(dataset.resources.all())
    return [_resource_row(r) for r in sorted(resources, key=lambda r: (r.position, r.pk))]


def _topics(dataset: Dataset) -> list[dict]:
    if hasattr(dataset, "link_topics"):
        return dataset.link_topics
    topics = sorted(dataset.topics.all(), key=lambda topic: topic.name)
    return [{"name": t.name, "title": t.title, "description": t.description} for t in topics]


def package_dicts(datasets: list[Dataset], *, request=None) -> list[dict[str, Any]]:
    """CKAN packages of a search page (one shared `PackageContext`); datasets from
    `dataset_search(..., with_resources=True)` carry their tags, topics and resources."""
    context = PackageContext(request)
    return [package_dict(dataset, request=request, context=context) for dataset in datasets]


def package_dict(
    dataset: Dataset, *, request=None, context: PackageContext | None = None
) -> dict[str, Any]:
    """A CKAN package; for lists use `package_dicts` (tags, topics, resources attached)."""
    context = context or PackageContext(request)
    license = LICENSES_BY_ID.get(dataset.license_id)
    if hasattr(dataset, "link_tags"):
        tags = dataset.link_tags
    else:
        tags = sorted(tag.name for tag in dataset.tags.all())
    topics = _topics(dataset)
    resources = _shown_resources(dataset)
    agency = dataset.organization
    organization = context.organization(agency)
    return {
        "id": str(dataset.uuid),
        "name": dataset.name,
        "title": dataset.title,
        "notes": dataset.notes,
        "type": "dataset",
        "state": dataset.state,
        "private": dataset.private or not dataset.is_public,
        "owner_org": context.organization_id(agency),
        "organization": organization,
        "author": context.author(agency),
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
        "url": context.url_of_dataset(dataset.name),
        "creator_user_id": None,
        "num_resources": len(resources),
        "num_tags": len(tags),
        "tags": [
            {
                "id": _tag_id(name),
                "name": name,
                "display_name": name,
                "state": "active",
                "vocabulary_id": None,
            }
            for name in tags
        ],
        "groups": [context.group(topic) for topic in topics],
        "resources": [_resource_from_row(row, dataset, context) for row in resources],
        "extras": _extras(dataset, context),
        "relationships_as_object": [],
        "relationships_as_subject": [],
    }

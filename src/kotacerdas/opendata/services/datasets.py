"""Writing datasets (CKAN packages): create, update, delete and the search text.

A dataset is born a draft (`state` draft): nobody but its producer and the walidata sees it
until the walidata publishes a checked release ("invalid or unchecked data is never
published", issue #6). Producers write only their own agency's unpublished datasets; the
walidata writes every dataset. Deleting sets `state` deleted (CKAN's soft delete): the row,
its releases and resources stay for history, and it disappears from search and the API.

Bad input raises a `ValidationError` with Indonesian messages per field and writes nothing.
"""

from __future__ import annotations

import datetime as dt
import re
from typing import Any

from django.core.exceptions import PermissionDenied, ValidationError
from django.core.validators import URLValidator, validate_email
from django.db import transaction
from django.utils.translation import gettext as _

from kotacerdas.core.audit.chain import audit_record, diff, snapshot
from kotacerdas.core.models import Agency
from kotacerdas.opendata import permissions
from kotacerdas.opendata.licenses import LICENSES_BY_ID
from kotacerdas.opendata.models import (
    Dataset,
    DatasetState,
    Frequency,
    RegionLevelKey,
    Resource,
    Tag,
    Topic,
)
from kotacerdas.opendata.selectors.search_cache import catalogue_changed

# CKAN's package name rule (ckan.logic.validators.name_validator): 2-100 characters,
# lowercase alphanumerics, `-` and `_`.
NAME_RE = re.compile(r"^[a-z0-9_-]{2,100}$")
# CKAN's tag rule (tag_name_validator): alphanumerics, spaces, `-`, `_` and `.`; 2-100 chars.
TAG_RE = re.compile(r"^[\w .-]{2,100}$")
SYSTEM_ACTORS = frozenset({"cli", "demo", "system"})

TEXT_LIMITS = {
    "title": 300,
    "notes": 20000,
    "unit": 80,
    "version": 20,
    "contact_name": 200,
    "region_field": 100,
}
METADATA_FIELDS = frozenset(
    {
        "notes",
        "topics",
        "tags",
        "frequency",
        "period_start",
        "period_end",
        "unit",
        "license_id",
        "reference_codes",
        "region_level",
        "region_field",
        "contact_name",
        "contact_email",
        "version",
        "is_demo",
    }
)
# What dataset_update may change besides the metadata (private: walidata only).
UPDATE_FIELDS = METADATA_FIELDS | {"name", "title", "organization", "private"}
AUDITED = [
    "name",
    "title",
    "organization",
    *sorted(METADATA_FIELDS - {"tags", "topics", "is_demo"}),
    "private",
    "state",
]


# --- permission


def _is_system(actor: Any) -> bool:
    return isinstance(actor, str) and actor in SYSTEM_ACTORS


def _require_producer(actor: Any, agency_id: int) -> None:
    if not _is_system(actor):
        permissions.require_producer_of(actor, agency_id)


def _require_may_change(actor: Any, dataset: Dataset) -> None:
    """Producers change their own agency's unpublished datasets; the walidata any."""
    if _is_system(actor) or permissions.is_walidata(actor):
        return
    permissions.require_producer_of(actor, dataset.organization_id)
    if dataset.state != DatasetState.DRAFT:
        raise PermissionDenied(
            _("Dataset yang sudah terbit atau dihapus hanya dapat diubah oleh walidata.")
        )


# --- cleaning


def _clean_text(errors: dict, data: dict, name: str, *, required: bool = False) -> None:
    if name not in data:
        return
    value = str(data[name] if data[name] is not None else "").strip()
    if required and not value:
        errors[name] = _("Wajib diisi.")
    elif len(value) > TEXT_LIMITS.get(name, 20000):
        errors[name] = _("Terlalu panjang: maksimum %(max)s karakter.") % {"max": TEXT_LIMITS[name]}
    data[name] = value


def _clean_date(errors: dict, data: dict, name: str) -> None:
    if name not in data:
        return
    value = data[name]
    if value in (None, ""):
        data[name] = None
        return
    if isinstance(value, dt.datetime):
        data[name] = value.date()
        return
    if isinstance(value, dt.date):
        return
    try:
        data[name] = dt.date.fromisoformat(str(value)[:10])
    except ValueError:
        errors[name] = _("Tanggal tidak valid (gunakan format TTTT-BB-HH).")


def _clean_name(errors: dict, name: Any, *, exclude_pk: int | None = None) -> str:
    name = str(name or "").strip()
    if not NAME_RE.match(name):
        errors["name"] = _(
            "Nama URL harus 2-100 karakter: huruf kecil, angka, tanda hubung (-) atau garis "
            "bawah (_)."
        )
        return name
    taken = Dataset.objects.filter(name=name)
    if exclude_pk is not None:
        taken = taken.exclude(pk=exclude_pk)
    if taken.exists():
        errors["name"] = _("Nama URL ini sudah dipakai dataset lain.")
    return name


def _clean_tags(errors: dict, value: Any) -> list[str]:
    if value in (None, ""):
        return []
    if isinstance(value, str):
        value = [part for part in value.split(",")]
    names: list[str] = []
    for item in value:
        if isinstance(item, dict):  # CKAN sends [{"name": ...}]
            item = item.get("name", "")
        tag = str(item or "").strip()
        if not TAG_RE.match(tag):
            errors["tags"] = _(
                "Kata kunci “%(tag)s” tidak valid: 2-100 karakter berupa huruf, angka, spasi, "
                "-, _ atau titik."
            ) % {"tag": tag}
            return []
        if tag not in names:
            names.append(tag)
    return names


def _clean_topics(errors: dict, value: Any) -> list[Topic]:
    if value in (None, ""):
        return []
    if isinstance(value, str):
        value = [value]
    wanted: list[str] = []
    for item in value:
        if isinstance(item, Topic):
            item = item.name
        elif isinstance(item, dict):  # CKAN sends groups as [{"name": ...}]
            item = item.get("name") or item.get("id") or ""
        wanted.append(str(item).strip())
    found = {topic.name: topic for topic in Topic.objects.filter(name__in=wanted)}
    unknown = [name for name in wanted if name not in found]
    if unknown:
        errors["groups"] = _("Topik tidak dikenal: %(names)s.") % {"names": ", ".join(unknown)}
        return []
    return [found[name] for name in dict.fromkeys(wanted)]


def _clean_metadata(data: dict, errors: dict) -> tuple[dict, list[str] | None, list | None]:
    """Validated model values, the tag names and topics (None when not given)."""
    unknown = sorted(set(data) - UPDATE_FIELDS)
    for key in unknown:
        errors[key] = _("Kolom tidak dikenal.")
    for name in ("title", "notes", "unit", "version", "contact_name", "region_field"):
        _clean_text(errors, data, name, required=name == "title")
    for name in ("period_start", "period_end"):
        _clean_date(errors, data, name)
    if "frequency" in data and data["frequency"] not in Frequency.values:
        errors["frequency"] = _("Frekuensi tidak dikenal.")
    if "region_level" in data:
        data["region_level"] = data["region_level"] or ""
        if data["region_level"] not in RegionLevelKey.values:
            errors["region_level"] = _("Kunci wilayah tidak dikenal.")
    if "license_id" in data:
        data["license_id"] = str(data["license_id"] or "").strip()
        if data["license_id"] not in LICENSES_BY_ID:
            errors["license_id"] = _("Lisensi tidak dikenal.")
    if "contact_email" in data:
        data["contact_email"] = str(data["contact_email"] or "").strip()
        if data["contact_email"]:
            try:
                validate_email(data["contact_email"])
            except ValidationError:
                errors["contact_email"] = _("Alamat surel tidak valid.")
    if "reference_codes" in data:
        codes = data["reference_codes"] or []
        if isinstance(codes, str):
            codes = [part.strip() for part in codes.split(",") if part.strip()]
        if not isinstance(codes, list) or not all(isinstance(c, str) for c in codes):
            errors["reference_codes"] = _("Kode referensi harus berupa daftar teks.")
        data["reference_codes"] = codes
    if "private" in data:
        data["private"] = bool(data["private"])
    if "is_demo" in data:
        data["is_demo"] = bool(data["is_demo"])
    tags = _clean_tags(errors, data.pop("tags")) if "tags" in data else None
    topics = _clean_topics(errors, data.pop("topics")) if "topics" in data else None
    return data, tags, topics


def _check_period(errors: dict, start: Any, end: Any) -> None:
    if start and end and start > end and "period_end" not in errors:
        errors["period_end"] = _("Akhir periode tidak boleh sebelum awal periode.")


def _set_tags(dataset: Dataset, names: list[str]) -> None:
    existing = {tag.name: tag for tag in Tag.objects.filter(name__in=names)}
    missing = [Tag(name=name) for name in names if name not in existing]
    if missing:
        Tag.objects.bulk_create(missing, ignore_conflicts=True)
        existing = {tag.name: tag for tag in Tag.objects.filter(name__in=names)}
    dataset.tags.set([existing[name] for name in names])


def _relations(dataset: Dataset) -> dict[str, list[str]]:
    return {
        "tags": sorted(dataset.tags.values_list("name", flat=True)),
        "topics": sorted(dataset.topics.values_list("name", flat=True)),
    }


# --- services


@transaction.atomic
def dataset_create(*, actor, organization: Agency, name: str, title: str, **metadata) -> Dataset:
    """A new draft dataset of `organization` (private until the walidata publishes it)."""
    _require_producer(actor, organization.pk)
    errors: dict[str, str] = {}
    data, tags, topics = _clean_metadata({"title": title, **metadata}, errors)
    for key in ("name", "organization", "private"):
        if key in data:
            errors[key] = _("Kolom tidak dikenal.")
    name = _clean_name(errors, name)
    _check_period(errors, data.get("period_start"), data.get("period_end"))
    if errors:
        raise ValidationError(errors)
    dataset = Dataset.objects.create(
        name=name,
        organization=organization,
        state=DatasetState.DRAFT,
        created_by=actor if getattr(actor, "is_authenticated", False) else None,
        **data,
    )
    if tags:
        _set_tags(dataset, tags)
    if topics:
        dataset.topics.set(topics)
    dataset_refresh_search(dataset)
    audit_record(
        actor=actor,
        action="opendata.dataset.create",
        obj=dataset,
        changes={**snapshot(dataset, AUDITED), **_relations(dataset)},
    )
    return dataset


@transaction.atomic
def dataset_update(*, actor, dataset: Dataset, **changes) -> Dataset:
    """Change the given fields (tags and topics by name replace the whole list)."""
    dataset = Dataset.objects.select_for_update().get(pk=dataset.pk)
    _require_may_change(actor, dataset)
    errors: dict[str, str] = {}
    data, tags, topics = _clean_metadata(dict(changes), errors)
    if "private" in data and not (_is_system(actor) or permissions.is_walidata(actor)):
        errors["private"] = _("Hanya walidata yang boleh mengubah status privat dataset.")
    if "name" in data:
        data["name"] = _clean_name(errors, data["name"], exclude_pk=dataset.pk)
    if "organization" in data:
        organization = data["organization"]
        if not isinstance(organization, Agency):
            errors["organization"] = _("Produsen data tidak dikenal.")
        elif organization.pk != dataset.organization_id:
            try:
                _require_producer(actor, organization.pk)
            except PermissionDenied as exc:
                errors["organization"] = str(exc)
    _check_period(
        errors,
        data.get("period_start", dataset.period_start),
        data.get("period_end", dataset.period_end),
    )
    if errors:
        raise ValidationError(errors)
    before = {**snapshot(dataset, AUDITED), **_relations(dataset)}
    for key, value in data.items():
        setattr(dataset, key, value)
    dataset.save()
    if tags is not None:
        _set_tags(dataset, tags)
    if topics is not None:
        dataset.topics.set(topics)
    dataset_refresh_search(dataset)
    changed = diff(before, {**snapshot(dataset, AUDITED), **_relations(dataset)})
    if changed:
        audit_record(actor=actor, action="opendata.dataset.update", obj=dataset, changes=changed)
    return dataset


@transaction.atomic
def dataset_delete(*, actor, dataset: Dataset) -> Dataset:
    """CKAN's delete: `state` deleted; releases and resources are kept for history."""
    dataset = Dataset.objects.select_for_update().get(pk=dataset.pk)
    _require_may_change(actor, dataset)
    if dataset.state == DatasetState.DELETED:
        return dataset
    before = dataset.state
    dataset.state = DatasetState.DELETED
    dataset.save(update_fields=["state", "metadata_modified"])
    audit_record(
        actor=actor,
        action="opendata.dataset.delete",
        obj=dataset,
        changes={"state": [before, DatasetState.DELETED]},
    )
    catalogue_changed()
    return dataset


def dataset_resources(dataset: Dataset) -> list[Resource]:
    """The resources a dataset shows: its current release's, or (a draft) its own."""
    if dataset.current_release_id:
        return list(dataset.current_release.resources.order_by("position", "id"))
    return list(dataset.resources.order_by("position", "id"))


def search_text_for(dataset: Dataset, *, tags, topics, resources) -> str:
    organization = dataset.organization
    parts = [
        dataset.title,
        dataset.name.replace("-", " ").replace("_", " "),
        dataset.notes,
        organization.name,
        organization.short_name,
        organization.code,
        *tags,
        *(f"{topic.name.replace('-', ' ')} {topic.title}" for topic in topics),
        *(f"{resource.name} {resource.format}" for resource in resources),
        dataset.unit,
    ]
    return " ".join(part for part in parts if part).strip()


def dataset_refresh_search(dataset: Dataset) -> None:
    """Recompute `search_text`, `formats` and `num_resources` (not audited: derived data).

    On PostgreSQL the full-text vector is a generated column over `title` and `search_text`
    (migration 0003), so writing `search_text` is all it needs. Every write to a dataset, its
    releases or resources ends here, so this also invalidates cached search results and
    stores the dataset's CKAN package again.
    """
    catalogue_changed()
    resources = dataset_resources(dataset)
    formats = sorted({resource.format.upper() for resource in resources if resource.format})
    text = search_text_for(
        dataset,
        tags=list(dataset.tags.values_list("name", flat=True)),
        topics=list(dataset.topics.all()),
        resources=resources,
    )
    # .update(): no metadata_modified bump for derived data.
    Dataset.objects.filter(pk=dataset.pk).update(
        search_text=text, formats=formats, num_resources=len(resources)
    )
    dataset.search_text, dataset.formats, dataset.num_resources = text, formats, len(resources)
    _refresh_packages([dataset.pk])


def _refresh_packages(dataset_ids: list[int]) -> None:
    """The stored CKAN packages of package_search follow every write (ckan/stored.py)."""
    from kotacerdas.opendata.ckan.stored import packages_refresh

    packages_refresh(dataset_ids)


def dataset_refresh_search_bulk(datasets) -> int:
    """`dataset_refresh_search` for many datasets with a few queries (imports, benches)."""
    from django.db.models import Prefetch

    rows = list(
        Dataset.objects.filter(pk__in=[d.pk for d in datasets])
        .select_related("organization", "current_release")
        .prefetch_related(
            "tags",
            "topics",
            Prefetch("resources", queryset=Resource.objects.order_by("position", "id")),
            Prefetch(
                "current_release__resources",
                queryset=Resource.objects.order_by("position", "id"),
            ),
        )
    )
    for dataset in rows:
        resources = list(
            dataset.current_release.resources.all()
            if dataset.current_release_id
            else dataset.resources.all()
        )
        dataset.formats = sorted({r.format.upper() for r in resources if r.format})
        dataset.num_resources = len(resources)
        dataset.search_text = search_text_for(
            dataset,
            tags=[tag.name for tag in dataset.tags.all()],
            topics=list(dataset.topics.all()),
            resources=resources,
        )
    Dataset.objects.bulk_update(rows, ["search_text", "formats", "num_resources"], batch_size=500)
    _refresh_packages([dataset.pk for dataset in rows])
    catalogue_changed()
    return len(rows)


@transaction.atomic
def resource_link_create(
    *, actor, dataset: Dataset, name: str, url: str, format: str = "", description: str = ""
) -> Resource:
    """A link resource (an external URL, no file) on a dataset the actor may change; like a
    file it is published only with the dataset's next release."""
    dataset = Dataset.objects.select_for_update().get(pk=dataset.pk)
    _require_may_change(actor, dataset)
    errors: dict[str, str] = {}
    url = str(url or "").strip()
    try:
        URLValidator(schemes=["http", "https"])(url)
    except ValidationError:
        errors["url"] = _("Tautan harus berupa URL http(s) yang valid.")
    if len(url) > 1000:
        errors["url"] = _("Terlalu panjang: maksimum %(max)s karakter.") % {"max": 1000}
    name = str(name or "").strip() or url.rsplit("/", 1)[-1][:300]
    if len(name) > 300:
        errors["name"] = _("Terlalu panjang: maksimum %(max)s karakter.") % {"max": 300}
    format = str(format or "").strip().upper()
    if len(format) > 20:
        errors["format"] = _("Terlalu panjang: maksimum %(max)s karakter.") % {"max": 20}
    if errors:
        raise ValidationError(errors)
    resource = Resource.objects.create(
        dataset=dataset,
        name=name,
        url=url,
        format=format,
        description=str(description or "").strip(),
        position=dataset.resources.count(),
        created_by=actor if getattr(actor, "is_authenticated", False) else None,
        is_demo=dataset.is_demo,
    )
    dataset_refresh_search(dataset)
    audit_record(
        actor=actor,
        action="opendata.resource.create",
        obj=resource,
        changes={"dataset": dataset.pk, "name": name, "url": url, "format": format},
    )
    return resource

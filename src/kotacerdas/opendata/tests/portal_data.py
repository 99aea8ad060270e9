"""Published datasets for the portal tests, built from rows (a release with its resources),
and datastore tables loaded through the engine."""

from __future__ import annotations

import datetime as dt
import hashlib
from pathlib import Path

from django.utils import timezone

from kotacerdas.opendata.models import Dataset, DatasetState, Release, Resource
from kotacerdas.opendata.services.datasets import dataset_refresh_search
from kotacerdas.opendata.tests.factories import DatasetFactory, ResourceFactory


def add_release(
    dataset: Dataset,
    *,
    resources: list[Resource],
    version: int | None = None,
    metadata: dict | None = None,
    notes: str = "",
    published_at: dt.datetime | None = None,
    quality: dict | None = None,
) -> Release:
    """A published release of `dataset` holding `resources` (what the publish service does)."""
    published_at = published_at or timezone.now()
    version = version or (dataset.releases.count() + 1)
    release = Release.objects.create(
        dataset=dataset,
        version=version,
        metadata=metadata if metadata is not None else {"title": dataset.title},
        notes=notes,
        quality=quality or {},
        published_at=published_at,
    )
    release.resources.set(resources)
    dataset.current_release = release
    dataset.state = DatasetState.ACTIVE
    dataset.released_at = published_at
    dataset.published_at = dataset.published_at or published_at
    dataset.formats = sorted({r.format for r in resources if r.format})
    dataset.num_resources = len(resources)
    if quality:
        dataset.quality = quality
    dataset.save()
    dataset_refresh_search(dataset)
    return release


def published_dataset(*, topics=(), tags=(), fmt: str = "CSV", released_at=None, **fields):
    """A published dataset with one file resource in release 1."""
    dataset = DatasetFactory(**fields)
    if topics:
        dataset.topics.set(topics)
    if tags:
        dataset.tags.set(tags)
    content = f"isi {dataset.name}".encode()
    resource = ResourceFactory(
        dataset=dataset,
        name=f"Berkas {dataset.title}",
        format=fmt,
        size=len(content),
        sha256=hashlib.sha256(content).hexdigest(),
    )
    add_release(dataset, resources=[resource], published_at=released_at)
    return dataset


def tabular_resource(dataset: Dataset, *, csv_text: str, schema: dict, tmp_path: Path) -> Resource:
    """A resource whose rows are loaded into a datastore table by the engine."""
    from kotacerdas.opendata.datastore import datastore_load

    path = tmp_path / f"{dataset.name}-{dataset.resources.count()}.csv"
    path.write_text(csv_text, encoding="utf-8")
    resource = ResourceFactory(
        dataset=dataset,
        name=f"Tabel {dataset.title}",
        format="CSV",
        size=path.stat().st_size,
        sha256=hashlib.sha256(path.read_bytes()).hexdigest(),
        table_schema=schema,
    )
    datastore_load(resource=resource, path=path, table_schema=schema, file_format="csv")
    resource.refresh_from_db()
    return resource

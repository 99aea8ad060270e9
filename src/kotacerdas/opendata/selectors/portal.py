"""Reads of the public pages of the Portal Satu Data (Pasal 28: data accessible to the public).

The public sees a dataset only when it is published (`state` active, not `private`); a
producer sees the drafts and private datasets of its own agency and the walidata sees all
(`permissions.can_read_internal`). Anything else is a 404, so the portal never confirms that
an unpublished dataset exists.
"""

from __future__ import annotations

from dataclasses import dataclass
from decimal import Decimal
from typing import Any

from django.db.models import Count, Prefetch, Q, QuerySet
from django.http import Http404
from django.utils.translation import gettext as _

from kotacerdas.core.models import Agency, Region
from kotacerdas.opendata import permissions
from kotacerdas.opendata.licenses import license_title
from kotacerdas.opendata.models import (
    Dataset,
    DatasetState,
    Frequency,
    RegionLevelKey,
    Release,
    Resource,
    Topic,
)
from kotacerdas.opendata.selectors.search import organization_slug

AGGREGATIONS = ("sum", "avg", "min", "max", "count")
NUMERIC_TYPES = {"int", "numeric", "integer", "number", "float", "bigint"}
PUBLIC = Q(state=DatasetState.ACTIVE, private=False)


class ChartQueryError(ValueError):
    """A chart or map request naming a column or function the table does not have."""


def organization_name(agency: Agency) -> str:
    """The CKAN `name` of a producer (e.g. `dinkes`), as the search and the API use it."""
    return organization_slug(agency)


def dataset_get_for_viewer(*, user: Any, name: str) -> Dataset:
    """The dataset the viewer may read, or 404 (drafts only for its producer and walidata)."""
    dataset = (
        Dataset.objects.select_related("organization", "current_release")
        .prefetch_related("topics", "tags")
        .filter(name=name)
        .exclude(state=DatasetState.DELETED)
        .first()
    )
    if dataset is None:
        raise Http404(_("Dataset tidak ditemukan."))
    if dataset.is_public:
        return dataset
    if user is not None and permissions.can_read_internal(user, dataset.organization_id):
        return dataset
    raise Http404(_("Dataset tidak ditemukan."))


def dataset_resources(*, dataset: Dataset) -> list[Resource]:
    """The resources of the current release (a draft: the resources handed in so far)."""
    if dataset.current_release_id:
        queryset = dataset.current_release.resources.all()
    else:
        queryset = dataset.resources.all()
    return list(queryset.order_by("position", "id"))


def main_tabular_resource(resources: list[Resource]) -> Resource | None:
    """The newest resource whose data lives in a datastore table (preview, chart, map): the
    resources of a release are in period order, and readers want the latest period first."""
    for resource in reversed(resources):
        if resource.datastore_active and resource.datastore_table:
            return resource
    return None


def resource_of_dataset(*, dataset: Dataset, resource_uuid: str | None) -> Resource | None:
    """A shown resource by uuid (default: the main tabular one)."""
    resources = dataset_resources(dataset=dataset)
    if not resource_uuid:
        return main_tabular_resource(resources)
    for resource in resources:
        if str(resource.uuid) == str(resource_uuid):
            return resource
    return None


def dataset_releases(*, dataset: Dataset) -> list[dict[str, Any]]:
    """Each release, newest first, with the version before it (for the diff link)."""
    releases = list(
        dataset.releases.order_by("-version").only(
            "id", "version", "notes", "published_at", "dataset_id"
        )
    )
    rows = []
    for index, release in enumerate(releases):
        previous = releases[index + 1] if index + 1 < len(releases) else None
        rows.append({"release": release, "previous": previous})
    return rows


def release_get(*, dataset: Dataset, version: int) -> Release:
    release = (
        Release.objects.filter(dataset=dataset, version=version)
        .prefetch_related(Prefetch("resources", queryset=Resource.objects.order_by("position")))
        .first()
    )
    if release is None:
        raise Http404(_("Versi dataset tidak ditemukan."))
    return release


def organizations_with_counts() -> QuerySet[Agency]:
    """Active producers with the number of their published datasets, most datasets first."""
    return (
        Agency.objects.filter(is_active=True)
        .annotate(
            dataset_count=Count(
                "datasets",
                filter=Q(datasets__state=DatasetState.ACTIVE, datasets__private=False),
            )
        )
        .order_by("-dataset_count", "name")
    )


def organization_get(*, name: str) -> Agency:
    """A producer by its CKAN name (the slug of its code; codes are few, so compare all)."""
    for agency in organizations_with_counts():
        if organization_slug(agency) == name:
            return agency
    raise Http404(_("Produsen data tidak ditemukan."))


def topics_with_counts() -> QuerySet[Topic]:
    return Topic.objects.annotate(
        dataset_count=Count(
            "datasets", filter=Q(datasets__state=DatasetState.ACTIVE, datasets__private=False)
        )
    ).order_by("position", "title")


@dataclass(frozen=True)
class ColumnChoices:
    """The columns of a datastore table a chart or map may use."""

    all: list[str]
    numeric: list[str]
    labels: dict[str, str]


def column_choices(resource: Resource) -> ColumnChoices:
    titles = {
        field.get("name"): field.get("title") or field.get("name")
        for field in (resource.table_schema or {}).get("fields", [])
    }
    names, numeric = [], []
    for field in resource.datastore_fields or []:
        name = field.get("id")
        if not name or name.startswith("_"):
            continue
        names.append(name)
        if str(field.get("type", "")).lower() in NUMERIC_TYPES:
            numeric.append(name)
    return ColumnChoices(all=names, numeric=numeric, labels={n: titles.get(n, n) for n in names})


def _check_aggregation(resource: Resource, *, group_by: str, value: str, func: str) -> None:
    choices = column_choices(resource)
    if func not in AGGREGATIONS:
        raise ChartQueryError(
            _("Fungsi agregasi harus salah satu dari: %(choices)s.")
            % {"choices": ", ".join(AGGREGATIONS)}
        )
    if group_by not in choices.all:
        raise ChartQueryError(
            _("Kolom kategori “%(column)s” tidak ada di tabel ini.") % {"column": group_by}
        )
    if func == "count" and not value:
        return
    if value not in choices.all:
        raise ChartQueryError(
            _("Kolom nilai “%(column)s” tidak ada di tabel ini.") % {"column": value}
        )
    if func != "count" and value not in choices.numeric:
        raise ChartQueryError(
            _("Kolom nilai “%(column)s” bukan angka; pilih kolom angka atau fungsi hitung.")
            % {"column": value}
        )


def _number(value: Any) -> float | int | None:
    if value is None:
        return None
    if isinstance(value, Decimal):
        return int(value) if value == value.to_integral_value() else float(value)
    if isinstance(value, int | float):
        return value
    return float(value)


def aggregate_rows(*, resource: Resource, group_by: str, value: str, func: str) -> list[dict]:
    """[{"key": category, "value": number}] for the chart builder and the map."""
    from kotacerdas.opendata.datastore import DatastoreQueryError, datastore_aggregate

    _check_aggregation(resource, group_by=group_by, value=value, func=func)
    try:
        rows = datastore_aggregate(
            resource=resource, group_by=group_by, value=value or group_by, func=func
        )
    except DatastoreQueryError as exc:
        raise ChartQueryError(str(exc)) from exc
    result = []
    for row in rows:
        key = row.get("key", row.get(group_by))
        result.append({"key": "" if key is None else str(key), "value": _number(row.get("value"))})
    return result


def chart_data(*, resource: Resource, group_by: str, value: str, func: str) -> dict[str, Any]:
    rows = aggregate_rows(resource=resource, group_by=group_by, value=value, func=func)
    return {
        "labels": [row["key"] for row in rows],
        "values": [row["value"] for row in rows],
        "group_by": group_by,
        "value": value,
        "func": func,
    }


def map_data(*, dataset: Dataset, resource: Resource, value: str, func: str) -> dict[str, Any]:
    """Values per region code of the dataset's region column, with the region names."""
    if not dataset.region_level or not dataset.region_field:
        raise ChartQueryError(_("Dataset ini tidak berkode wilayah."))
    rows = aggregate_rows(resource=resource, group_by=dataset.region_field, value=value, func=func)
    values = {row["key"]: row["value"] for row in rows if row["key"]}
    names = dict(
        Region.objects.filter(level=dataset.region_level, code__in=list(values)).values_list(
            "code", "name"
        )
    )
    numbers = [v for v in values.values() if v is not None]
    return {
        "level": dataset.region_level,
        "value": value,
        "func": func,
        "values": values,
        "names": names,
        "unknown": sorted(code for code in values if code not in names),
        "min": min(numbers) if numbers else None,
        "max": max(numbers) if numbers else None,
    }


def public_datasets_of(*, agency: Agency) -> QuerySet[Dataset]:
    """A producer's published datasets, most recently released first."""
    return (
        Dataset.objects.filter(PUBLIC, organization=agency)
        .select_related("organization")
        .prefetch_related("topics")
        .order_by("-released_at", "title")
    )


SAMPLES_SHOWN = 10
SKIPPED_KEYS = frozenset({"resources"})  # shown as the release's resource list


def _metadata_labels() -> dict[str, str]:
    return {
        "name": _("Nama URL"),
        "title": _("Judul"),
        "notes": _("Deskripsi"),
        "organization": _("Produsen data"),
        "topics": _("Topik"),
        "groups": _("Topik"),
        "tags": _("Kata kunci"),
        "frequency": _("Frekuensi"),
        "period_start": _("Awal periode"),
        "period_end": _("Akhir periode"),
        "unit": _("Satuan"),
        "license_id": _("Lisensi"),
        "reference_codes": _("Kode referensi"),
        "region_level": _("Kunci wilayah"),
        "region_field": _("Kolom kode wilayah"),
        "contact_name": _("Nama kontak"),
        "contact_email": _("Surel kontak"),
        "version": _("Versi"),
    }


def _display(value: Any) -> str:
    if value is None or value == "" or value == []:
        return "—"
    if isinstance(value, list):
        return ", ".join(_display(item) for item in value)
    if isinstance(value, dict):
        for key in ("title", "display_name", "name"):
            if value.get(key):
                return str(value[key])
        return ", ".join(f"{k}: {_display(v)}" for k, v in value.items())
    return str(value)


def release_metadata_rows(release: Release) -> list[tuple[str, str]]:
    """The frozen metadata of a release as (label, text), known fields first."""
    labels = _metadata_labels()
    metadata = release.metadata or {}
    known = [key for key in labels if key in metadata]
    others = sorted(key for key in metadata if key not in labels and key not in SKIPPED_KEYS)
    return [(labels.get(key, key), _metadata_value(key, metadata[key])) for key in known + others]


def _metadata_value(key: str, value: Any) -> str:
    """A frozen metadata value as text (codes shown with their names)."""
    if key == "frequency" and value in Frequency.values:
        return str(Frequency(value).label)
    if key == "license_id" and value:
        return license_title(value)
    if key == "region_level" and value in RegionLevelKey.values:
        return str(RegionLevelKey(value).label) if value else "—"
    if key == "organization" and value:
        agency = Agency.objects.filter(code=value).only("name").first()
        return agency.name if agency else str(value)
    return _display(value)


def metadata_changes(diff: dict) -> list[dict[str, str]]:
    """The metadata fields a new release changed: [{"field", "label", "old", "new"}]."""
    labels = _metadata_labels()
    rows = []
    for field, (old, new) in (diff.get("metadata") or {}).items():
        rows.append(
            {
                "field": field,
                "label": labels.get(field, field),
                "old": _metadata_value(field, old),
                "new": _metadata_value(field, new),
            }
        )
    return rows


def _diff_kinds(diff: dict) -> list[dict[str, Any]]:
    """Counts and samples of added, removed and changed rows of the engine's datastore diff."""
    return [
        {
            "kind": kind,
            "label": label,
            "count": diff.get(kind) or 0,
            "samples": (diff.get(f"{kind}_sample") or [])[:SAMPLES_SHOWN],
        }
        for kind, label in (
            ("added", _("Baris ditambahkan")),
            ("removed", _("Baris dihapus")),
            ("changed", _("Baris berubah")),
        )
    ]


def data_changes(diff: dict) -> list[dict[str, Any]]:
    """Per compared resource: its old and new row counts and the datastore diff, if any."""
    rows = []
    for entry in diff.get("data") or []:
        table_diff = entry.get("diff")
        rows.append(
            {
                "old": entry.get("old"),
                "new": entry.get("new"),
                "kinds": _diff_kinds(table_diff) if table_diff else [],
                "fields_added": (table_diff or {}).get("fields_added") or [],
                "fields_removed": (table_diff or {}).get("fields_removed") or [],
            }
        )
    return rows


def resource_get_for_download(*, user: Any, dataset: Dataset, resource_uuid: Any) -> Resource:
    """A resource of `dataset` the viewer may download, or 404: one in a release of the
    dataset (any version), or an unreleased one for its producer and the walidata."""
    resource = Resource.objects.filter(dataset=dataset, uuid=resource_uuid).first()
    if resource is None:
        raise Http404(_("Sumber daya tidak ditemukan."))
    if permissions.can_read_internal(user, dataset.organization_id):
        return resource
    if Release.objects.filter(dataset=dataset, resources=resource).exists():
        return resource
    raise Http404(_("Sumber daya tidak ditemukan."))

"""The dataset page: metadata, freshness and quality, resources and downloads, a preview
table, a chart builder, a choropleth map, the API example, versions and indicators (issue #6
items 4, 6 and 9). The chart and the map read small JSON endpoints of this module."""

from __future__ import annotations

from django.http import JsonResponse
from django.shortcuts import render
from django.urls import reverse
from django.utils.translation import gettext as _
from django.views.decorators.http import require_GET

from kotacerdas.core.models import RegionLevel
from kotacerdas.opendata.licenses import LICENSES_BY_ID
from kotacerdas.opendata.selectors import portal as selectors
from kotacerdas.opendata.selectors.links import indicators_for_dataset

from .common import freshness_of, int_param, optional_url, quality_rows

PREVIEW_ROWS = 10


def _preview(*, dataset, resource, page: int) -> dict | None:
    """One page of rows of the main tabular resource (fields without the internal `_id`)."""
    if resource is None:
        return None
    from kotacerdas.opendata.datastore import datastore_search

    offset = (page - 1) * PREVIEW_ROWS
    result = datastore_search(resource=resource, limit=PREVIEW_ROWS, offset=offset)
    fields = [field["id"] for field in result["fields"] if not field["id"].startswith("_")]
    total = result.get("total") or 0
    last = max(1, -(-total // PREVIEW_ROWS))
    return {
        "resource": resource,
        "fields": fields,
        "rows": [[record.get(name) for name in fields] for record in result["records"]],
        "total": total,
        "page": page,
        "last": last,
        "first_row": offset + 1 if total else 0,
        "last_row": min(offset + PREVIEW_ROWS, total),
        "url": reverse("opendata:dataset_preview", args=[dataset.name]),
    }


def _downloads(dataset, resource) -> dict:
    links = {}
    if resource.datastore_active:
        for fmt in ("csv", "json", "xlsx"):
            url = optional_url("opendata:resource_download", dataset.name, resource.uuid, fmt)
            if url:
                links[fmt.upper()] = url
    original = ""
    if resource.file or resource.url:
        original = optional_url("opendata:resource_file", dataset.name, resource.uuid)
        if not original and resource.url:
            original = resource.url
    return {"formats": links, "original": original}


def _value_column(resource, columns) -> str:
    """The numeric column the chart and the map show first: the first one outside the primary
    key (a count, not the year that keys the rows)."""
    if not columns or not columns.numeric:
        return ""
    key = (resource.table_schema or {}).get("primaryKey") or []
    key = [key] if isinstance(key, str) else key
    return next((name for name in columns.numeric if name not in key), columns.numeric[0])


def _api_example(request, dataset, resource) -> dict:
    base = request.build_absolute_uri(reverse("opendata:portal")).rstrip("/")
    curl = [f'curl "{base}/api/3/action/package_show?id={dataset.name}"']
    python = [
        "from ckanapi import RemoteCKAN",
        "",
        f'portal = RemoteCKAN("{base}")',
        f'dataset = portal.action.package_show(id="{dataset.name}")',
    ]
    if resource is not None:
        curl.append(
            f'curl "{base}/api/3/action/datastore_search?resource_id={resource.uuid}&limit=5"'
        )
        python.append(
            f'rows = portal.action.datastore_search(resource_id="{resource.uuid}", limit=5)'
        )
        python.append('print(rows["total"], rows["records"][:2])')
    return {"curl": "\n".join(curl), "python": "\n".join(python)}


@require_GET
def dataset_detail(request, name):
    dataset = selectors.dataset_get_for_viewer(user=request.user, name=name)
    resources = selectors.dataset_resources(dataset=dataset)
    main = selectors.main_tabular_resource(resources)
    columns = selectors.column_choices(main) if main else None
    license = LICENSES_BY_ID.get(dataset.license_id)
    has_map = bool(
        main
        and dataset.region_level in (RegionLevel.KECAMATAN, RegionLevel.KELURAHAN)
        and dataset.region_field
        and columns
        and dataset.region_field in columns.all
    )
    return render(
        request,
        "opendata/portal/dataset_detail.html",
        {
            "dataset": dataset,
            "is_draft": not dataset.is_public,
            "freshness": freshness_of(dataset),
            "quality": quality_rows(dataset.quality),
            "license": license,
            "organization_name": selectors.organization_name(dataset.organization),
            "resources": [{"resource": r, **_downloads(dataset, r)} for r in resources],
            "main_resource": main,
            "preview": _preview(dataset=dataset, resource=main, page=1),
            "columns": columns,
            "value_column": _value_column(main, columns),
            "aggregations": _aggregation_choices(),
            "has_map": has_map,
            "region_geojson_url": reverse("core:region_geojson")
            + f"?tingkat={dataset.region_level}",
            "api": _api_example(request, dataset, main),
            "releases": selectors.dataset_releases(dataset=dataset),
            "indicators": indicators_for_dataset(dataset),
            "jsonld_url": optional_url("opendata:dataset_jsonld", dataset.name),
            "ttl_url": optional_url("opendata:dataset_ttl", dataset.name),
            "request_url": optional_url("opendata:request_create"),
        },
    )


def _aggregation_choices() -> list[tuple[str, str]]:
    return [
        ("sum", _("Jumlah")),
        ("avg", _("Rata-rata")),
        ("min", _("Minimum")),
        ("max", _("Maksimum")),
        ("count", _("Banyaknya baris")),
    ]


@require_GET
def dataset_preview(request, name):
    """The preview table alone, one page (htmx swaps it in place)."""
    dataset = selectors.dataset_get_for_viewer(user=request.user, name=name)
    resource = selectors.resource_of_dataset(dataset=dataset, resource_uuid=None)
    page = int_param(request.GET.get("halaman"), 1)
    preview = _preview(dataset=dataset, resource=resource, page=page)
    return render(
        request,
        "opendata/portal/_preview.html",
        {"dataset": dataset, "preview": preview},
    )


def _aggregate_response(request, name, build) -> JsonResponse:
    """The JSON of the chart or the map; a bad column or function is a 400 with a message."""
    dataset = selectors.dataset_get_for_viewer(user=request.user, name=name)
    resource = selectors.resource_of_dataset(
        dataset=dataset, resource_uuid=request.GET.get("sumber")
    )
    if resource is None or not resource.datastore_active:
        message = _("Dataset ini tidak memiliki tabel data untuk grafik atau peta.")
        return JsonResponse({"error": message}, status=400)
    try:
        data = build(
            dataset, resource, request.GET.get("nilai", ""), request.GET.get("fungsi", "sum")
        )
    except selectors.ChartQueryError as exc:
        return JsonResponse({"error": str(exc)}, status=400)
    return JsonResponse(data)


@require_GET
def dataset_chart_data(request, name):
    """Aggregated values for the chart builder: ?kategori=<col>&nilai=<col>&fungsi=sum."""
    group_by = request.GET.get("kategori", "")
    return _aggregate_response(
        request,
        name,
        lambda dataset, resource, value, func: selectors.chart_data(
            resource=resource, group_by=group_by, value=value, func=func
        ),
    )


@require_GET
def dataset_map_data(request, name):
    """Aggregated values per region code for the choropleth: ?nilai=<col>&fungsi=sum."""
    return _aggregate_response(
        request,
        name,
        lambda dataset, resource, value, func: selectors.map_data(
            dataset=dataset, resource=resource, value=value, func=func
        ),
    )

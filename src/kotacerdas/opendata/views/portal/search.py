"""The portal's home: search the published datasets with facets (issue #6 item 6).

Query parameters follow CKAN's web interface (`q`, `organization`, `groups`, `tags`,
`res_format`, `year`, `sort`) so links between CKAN portals stay familiar; the page number
is `halaman`."""

from __future__ import annotations

from urllib.parse import urlencode

from django.shortcuts import render
from django.utils.translation import gettext as _
from django.views.decorators.http import require_GET

from .common import freshness_of, int_param, optional_url, page_numbers

PAGE_SIZE = 20
FACET_FIELDS = ("organization", "groups", "tags", "res_format", "year")


def sort_choices() -> list[tuple[str, str]]:
    return [
        ("", _("Paling relevan")),
        ("metadata_modified desc", _("Terakhir diperbarui")),
        ("title_string asc", _("Judul A-Z")),
        ("title_string desc", _("Judul Z-A")),
    ]


def facet_titles() -> dict[str, str]:
    return {
        "organization": _("Produsen data"),
        "groups": _("Topik"),
        "tags": _("Kata kunci"),
        "res_format": _("Format"),
        "year": _("Tahun"),
    }


def _facet_groups(result, filters: dict[str, list[str]], params, labels) -> list[dict]:
    """Each facet with its values: count, whether chosen, and the link toggling it."""
    groups = []
    for field in FACET_FIELDS:
        values = (result.facets or {}).get(field) or {}
        chosen = set(filters.get(field, []))
        items = []
        for value, count in sorted(values.items(), key=lambda item: (-item[1], str(item[0]))):
            value = str(value)
            active = value in chosen
            if active:
                toggled = [(k, v) for k, v in params if not (k == field and v == value)]
            else:
                toggled = [*params, (field, value)]
            items.append(
                {
                    "value": value,
                    "label": labels.get(field, {}).get(value, value),
                    "count": count,
                    "active": active,
                    "url": "?" + urlencode(toggled),
                }
            )
        # A chosen value with no hit left still shows, so it can be switched off.
        for value in sorted(chosen - {item["value"] for item in items}):
            toggled = [(k, v) for k, v in params if not (k == field and v == value)]
            items.append(
                {
                    "value": value,
                    "label": labels.get(field, {}).get(value, value),
                    "count": 0,
                    "active": True,
                    "url": "?" + urlencode(toggled),
                }
            )
        groups.append({"field": field, "title": facet_titles()[field], "items": items[:15]})
    return groups


@require_GET
def portal(request):
    from kotacerdas.opendata.selectors.search import (
        SearchQueryError,
        SearchResult,
        dataset_search,
    )

    q = request.GET.get("q", "").strip()
    sort = request.GET.get("sort", "")
    if sort not in dict(sort_choices()):
        sort = ""
    filters = {field: [v for v in request.GET.getlist(field) if v] for field in FACET_FIELDS}
    filters = {field: values for field, values in filters.items() if values}
    page = int_param(request.GET.get("halaman"), 1)
    error = ""
    try:
        result = dataset_search(
            user=request.user,
            q=q,
            filters=filters,
            sort=sort,
            rows=PAGE_SIZE,
            start=(page - 1) * PAGE_SIZE,
            facet_fields=FACET_FIELDS,
        )
    except SearchQueryError as exc:
        error = str(exc)
        result = SearchResult(count=0, results=[])
    last = max(1, -(-result.count // PAGE_SIZE))
    # Everything but the page number, to keep the search when paging.
    params = [(k, v) for k in request.GET if k != "halaman" for v in request.GET.getlist(k) if v]
    labels = result.facet_labels or {}
    return render(
        request,
        "opendata/portal/search.html",
        {
            "q": q,
            "error": error,
            "sort": sort,
            "sort_choices": sort_choices(),
            "filters": filters,
            "chosen": [
                {
                    "title": facet_titles()[field],
                    "label": labels.get(field, {}).get(value, value),
                    "url": "?"
                    + urlencode([(k, v) for k, v in params if not (k == field and v == value)]),
                }
                for field, values in filters.items()
                for value in values
            ],
            "result": result,
            "results": [
                {"dataset": dataset, "freshness": freshness_of(dataset)}
                for dataset in result.results
            ],
            "facets": _facet_groups(result, filters, params, labels),
            "page": page,
            "last_page": last,
            "page_numbers": page_numbers(page, last),
            "page_query": urlencode(params),
            "hidden_filters": [(k, v) for k, v in params if k in FACET_FIELDS],
            "api_url": optional_url("opendata:ckan_action", "package_search"),
            "catalog_url": optional_url("opendata:catalog_jsonld"),
            "catalog_ttl_url": optional_url("opendata:catalog_ttl"),
            "request_url": optional_url("opendata:request_create"),
        },
    )

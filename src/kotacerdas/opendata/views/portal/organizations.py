"""Producers (CKAN organizations) and topics (CKAN groups) with their published datasets."""

from __future__ import annotations

from urllib.parse import urlencode

from django.core.paginator import Paginator
from django.shortcuts import render
from django.views.decorators.http import require_GET

from kotacerdas.opendata.selectors import portal as selectors

from .common import freshness_of

PAGE_SIZE = 20


@require_GET
def organization_list(request):
    organizations = [
        {"agency": agency, "name": selectors.organization_name(agency)}
        for agency in selectors.organizations_with_counts()
    ]
    return render(
        request, "opendata/portal/organization_list.html", {"organizations": organizations}
    )


@require_GET
def organization_detail(request, name):
    agency = selectors.organization_get(name=name)
    ckan_name = selectors.organization_name(agency)
    page = Paginator(selectors.public_datasets_of(agency=agency), PAGE_SIZE).get_page(
        request.GET.get("halaman")
    )
    return render(
        request,
        "opendata/portal/organization_detail.html",
        {
            "agency": agency,
            "page": page,
            "results": [{"dataset": d, "freshness": freshness_of(d)} for d in page.object_list],
            "search_url": "?" + urlencode({"organization": ckan_name}),
        },
    )


@require_GET
def topic_list(request):
    topics = [
        {"topic": topic, "search_query": urlencode({"groups": topic.name})}
        for topic in selectors.topics_with_counts()
    ]
    return render(request, "opendata/portal/topic_list.html", {"topics": topics})

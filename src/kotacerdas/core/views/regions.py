"""Pages of the wilayah: the map of kecamatan/kelurahan (with an accessible table), detail."""

from __future__ import annotations

from django.http import Http404, JsonResponse
from django.shortcuts import render
from django.urls import reverse
from django.views.decorators.http import require_GET

from kotacerdas.core.models import RegionLevel
from kotacerdas.core.selectors import regions as selectors


@require_GET
def region_map(request):
    geojson_url = reverse("core:region_geojson")
    return render(
        request,
        "core/regions/map.html",
        {
            "kecamatan": selectors.kecamatan_with_counts(),
            "kecamatan_geojson_url": f"{geojson_url}?tingkat={RegionLevel.KECAMATAN}",
            "kelurahan_geojson_url": f"{geojson_url}?tingkat={RegionLevel.KELURAHAN}",
        },
    )


@require_GET
def region_geojson(request):
    level = request.GET.get("tingkat") or request.GET.get("level") or RegionLevel.KECAMATAN
    if level not in RegionLevel.values:
        raise Http404
    response = JsonResponse(
        selectors.region_feature_collection(level=level), content_type="application/geo+json"
    )
    response["Cache-Control"] = "public, max-age=3600"
    return response


@require_GET
def region_detail(request, code):
    region = selectors.region_get(code=code)
    return render(
        request,
        "core/regions/detail.html",
        {
            "region": region,
            "children": selectors.region_children(region=region),
            "agencies": region.agencies.order_by("name"),
        },
    )

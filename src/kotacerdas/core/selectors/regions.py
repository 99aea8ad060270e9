"""Reads of kecamatan and kelurahan (Kemendagri codes 32.75.xx)."""

from __future__ import annotations

from typing import Any

from django.db.models import Count, QuerySet
from django.http import Http404
from django.utils.translation import gettext as _

from kotacerdas.core.models import Region, RegionLevel


def region_list(*, level: str = "", parent_code: str = "") -> QuerySet[Region]:
    queryset = Region.objects.select_related("parent").defer("boundary")
    if level:
        queryset = queryset.filter(level=level)
    if parent_code:
        queryset = queryset.filter(parent__code=parent_code)
    return queryset.order_by("code")


def region_get(*, code: str) -> Region:
    try:
        return Region.objects.select_related("parent").get(code=code)
    except Region.DoesNotExist:
        raise Http404(_("Wilayah tidak ditemukan.")) from None


def kecamatan_with_counts() -> QuerySet[Region]:
    """The kecamatan with the number of their kelurahan (for the accessible table)."""
    return (
        Region.objects.filter(level=RegionLevel.KECAMATAN)
        .defer("boundary")
        .annotate(kelurahan_count=Count("children"))
        .order_by("code")
    )


def region_children(*, region: Region) -> QuerySet[Region]:
    return region.children.defer("boundary").order_by("code")


def region_feature_collection(*, level: str = RegionLevel.KECAMATAN) -> dict[str, Any]:
    """A GeoJSON FeatureCollection (RFC 7946) of the regions of one level."""
    if level not in RegionLevel.values:
        raise Http404(_("Tingkat wilayah tidak dikenal."))
    features = []
    regions = Region.objects.filter(level=level, boundary__isnull=False).select_related("parent")
    for region in regions.order_by("code"):
        features.append(
            {
                "type": "Feature",
                "id": region.code,
                "geometry": region.boundary,
                "properties": {
                    "code": region.code,
                    "name": region.name,
                    "alias": region.alias,
                    "display_name": region.display_name,
                    "level": region.level,
                    "parent": region.parent.code if region.parent else None,
                    "area_km2": region.area_km2,
                    "url": region.get_absolute_url(),
                },
            }
        )
    return {"type": "FeatureCollection", "features": features}

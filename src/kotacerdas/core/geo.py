"""Where a point lies in Kota Bekasi: the kelurahan (and its kecamatan) holding it.

The kelurahan boundaries (GeoJSON in `Region.boundary`) are turned into shapely prepared
geometries once per process and cached; a lookup is then a bounding-box pre-filter and a
prepared `contains` test. The cache is rebuilt when the set of kelurahan codes changes.
"""

from __future__ import annotations

import threading
from dataclasses import dataclass

from shapely import prepare
from shapely.geometry import Point, shape
from shapely.geometry.base import BaseGeometry

from kotacerdas.core.models import Region
from kotacerdas.core.models.regions import RegionLevel


@dataclass(frozen=True)
class _Area:
    code: str
    parent_code: str
    geometry: BaseGeometry
    bounds: tuple[float, float, float, float]


_lock = threading.Lock()
_cache: dict[str, object] = {"areas": None, "signature": None}


def _signature() -> tuple:
    rows = Region.objects.filter(level=RegionLevel.KELURAHAN, boundary__isnull=False)
    return tuple(rows.order_by("code").values_list("code", flat=True))


def _build() -> list[_Area]:
    areas = []
    rows = Region.objects.filter(
        level=RegionLevel.KELURAHAN, boundary__isnull=False
    ).select_related("parent")
    for region in rows.order_by("code"):
        geometry = shape(region.boundary)
        if not geometry.is_valid:
            geometry = geometry.buffer(0)
        prepare(geometry)
        areas.append(
            _Area(
                code=region.code,
                parent_code=region.parent.code if region.parent else "",
                geometry=geometry,
                bounds=geometry.bounds,
            )
        )
    return areas


def _areas() -> list[_Area]:
    """The prepared kelurahan geometries, built on first use (and when the regions change)."""
    signature = _signature()
    with _lock:
        if _cache["signature"] != signature or _cache["areas"] is None:
            _cache["areas"] = _build() if signature else []
            _cache["signature"] = signature
        return _cache["areas"]  # type: ignore[return-value]


def clear_cache() -> None:
    with _lock:
        _cache["areas"] = None
        _cache["signature"] = None


def _find_area(lat: float, lng: float) -> _Area | None:
    try:
        lat, lng = float(lat), float(lng)
    except (TypeError, ValueError):
        return None
    if not (-90 <= lat <= 90 and -180 <= lng <= 180):
        return None
    point = Point(lng, lat)  # GeoJSON order: longitude, latitude
    for area in _areas():
        min_x, min_y, max_x, max_y = area.bounds
        if min_x <= lng <= max_x and min_y <= lat <= max_y and area.geometry.covers(point):
            return area
    return None


def locate_point(lat: float, lng: float) -> tuple[Region, Region] | None:
    """(kecamatan, kelurahan) holding the point, or None when it lies outside Kota Bekasi."""
    area = _find_area(lat, lng)
    if area is None:
        return None
    kelurahan = Region.objects.select_related("parent").filter(code=area.code).first()
    if kelurahan is None:
        return None
    kecamatan = kelurahan.parent
    if kecamatan is None:
        return None
    return kecamatan, kelurahan


def inside_bekasi(lat: float, lng: float) -> bool:
    """True when the point lies inside one of the kelurahan of Kota Bekasi."""
    return _find_area(lat, lng) is not None

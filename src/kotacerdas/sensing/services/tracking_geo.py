"""Geometry for GPS tracking: distance and speed between fixes, geofence shapes and the cache of
prepared geofence geometries that every fix is tested against.

Distances use the haversine formula on a sphere of the mean Earth radius (IUGG, 6371.0088 km);
over the few kilometres between fixes its error against the WGS84 ellipsoid is below 0.5 %,
well inside GPS noise.
"""

from __future__ import annotations

import math
import threading
from dataclasses import dataclass
from typing import Any

from django.db.models import Count, Max
from django.utils.translation import gettext as _
from shapely import prepare
from shapely.geometry import Point, shape
from shapely.geometry.base import BaseGeometry

from kotacerdas.sensing.errors import InvalidEntity

EARTH_RADIUS_KM = 6371.0088
MAX_GEOFENCE_VERTICES = 20_000


def haversine_km(lat1: float, lon1: float, lat2: float, lon2: float) -> float:
    """Great-circle distance in kilometres between two WGS84 points."""
    phi1, phi2 = math.radians(lat1), math.radians(lat2)
    dphi = phi2 - phi1
    dlmb = math.radians(lon2 - lon1)
    a = math.sin(dphi / 2) ** 2 + math.cos(phi1) * math.cos(phi2) * math.sin(dlmb / 2) ** 2
    return 2 * EARTH_RADIUS_KM * math.asin(min(1.0, math.sqrt(a)))


def speed_kmh(distance_km: float, seconds: float) -> float | None:
    """Average speed over a stretch; None when the time step is too short to mean anything."""
    if seconds < 1:
        return None
    return distance_km / (seconds / 3600.0)


def _vertex_count(geometry: dict[str, Any]) -> int:
    coordinates = geometry.get("coordinates") or []
    if geometry.get("type") == "Polygon":
        return sum(len(ring) for ring in coordinates)
    return sum(len(ring) for polygon in coordinates for ring in polygon)


def geofence_shape(geometry: Any) -> tuple[dict[str, Any], tuple[float, float, float, float]]:
    """Check a GeoJSON Polygon/MultiPolygon; returns it (as plain JSON) and its (min_lon, min_lat,
    max_lon, max_lat) bounds. Raises InvalidEntity with a message naming what is wrong."""
    if not isinstance(geometry, dict) or geometry.get("type") not in ("Polygon", "MultiPolygon"):
        raise InvalidEntity(
            _("Batas geofence harus GeoJSON bertipe Polygon atau MultiPolygon."), field="geometry"
        )
    try:
        if _vertex_count(geometry) > MAX_GEOFENCE_VERTICES:
            raise InvalidEntity(
                _("Batas geofence terlalu rinci: maksimum %(max)s titik.")
                % {"max": MAX_GEOFENCE_VERTICES},
                field="geometry",
            )
        geom = shape(geometry)
    except InvalidEntity:
        raise
    except Exception as exc:  # shapely raises several types for malformed coordinates
        raise InvalidEntity(
            _("Koordinat geofence tidak dapat dibaca: %(error)s") % {"error": exc},
            field="geometry",
        ) from exc
    if geom.is_empty or geom.area <= 0:
        raise InvalidEntity(_("Geofence harus melingkupi suatu luas."), field="geometry")
    min_lon, min_lat, max_lon, max_lat = geom.bounds
    if not (-180 <= min_lon <= max_lon <= 180 and -90 <= min_lat <= max_lat <= 90):
        raise InvalidEntity(
            _("Koordinat geofence di luar batas bumi (bujur -180..180, lintang -90..90)."),
            field="geometry",
        )
    if not geom.is_valid:
        raise InvalidEntity(
            _("Poligon geofence tidak sah (misalnya sisi yang saling memotong)."),
            field="geometry",
        )
    return {"type": geometry["type"], "coordinates": geometry["coordinates"]}, geom.bounds


def kecamatan_geofences_seed(Geofence: Any, Region: Any) -> int:
    """One geofence per kecamatan with a boundary (reference data; also used by the migration,
    so it takes the model classes). Existing ones are refreshed; returns how many rows."""
    count = 0
    for region in Region.objects.filter(level="kecamatan", boundary__isnull=False):
        geom = shape(region.boundary)
        if not geom.is_valid:
            geom = geom.buffer(0)
        min_lon, min_lat, max_lon, max_lat = geom.bounds
        Geofence.objects.update_or_create(
            region=region,
            defaults={
                "name": region.alias or region.name,
                "kind": "kecamatan",
                "geometry": region.boundary,
                "min_lat": min_lat,
                "min_lon": min_lon,
                "max_lat": max_lat,
                "max_lon": max_lon,
                "is_active": True,
            },
        )
        count += 1
    return count


@dataclass(frozen=True)
class PreparedGeofence:
    id: int
    agency_id: int | None
    geometry: BaseGeometry
    min_lon: float
    min_lat: float
    max_lon: float
    max_lat: float

    def covers(self, lat: float, lon: float) -> bool:
        if not (self.min_lon <= lon <= self.max_lon and self.min_lat <= lat <= self.max_lat):
            return False
        return self.geometry.covers(Point(lon, lat))


_lock = threading.Lock()
_cache: dict[str, Any] = {"signature": None, "fences": []}


def _signature() -> tuple:
    from kotacerdas.sensing.models.tracking import Geofence

    row = Geofence.objects.aggregate(n=Count("id"), top=Max("id"), changed=Max("updated_at"))
    return (row["n"], row["top"], row["changed"])


def active_geofences() -> list[PreparedGeofence]:
    """The active geofences, prepared once per process and rebuilt when any geofence changes
    (one aggregate query per call decides that)."""
    from kotacerdas.sensing.models.tracking import Geofence

    signature = _signature()
    with _lock:
        if _cache["signature"] == signature:
            return _cache["fences"]
    fences = []
    for fence in Geofence.objects.filter(is_active=True).order_by("id"):
        geom = shape(fence.geometry)
        if not geom.is_valid:
            geom = geom.buffer(0)
        prepare(geom)
        fences.append(
            PreparedGeofence(
                fence.id,
                fence.agency_id,
                geom,
                fence.min_lon,
                fence.min_lat,
                fence.max_lon,
                fence.max_lat,
            )
        )
    with _lock:
        _cache["signature"], _cache["fences"] = signature, fences
    return fences


def clear_cache() -> None:
    with _lock:
        _cache["signature"], _cache["fences"] = None, []

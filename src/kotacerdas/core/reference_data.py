"""Reference data of Kota Bekasi (regions, Perangkat Daerah) read from `core/data/`.

Used by the data migrations, which pass in their historical models, so this module imports
no model. Loading is idempotent (update_or_create by code): running it again over an existing
database changes nothing that is already right. Geometry is computed in pure Python (no
shapely): the shoelace formula on an equirectangular projection centred on the polygon's own
latitude, good to well under 1 % for polygons the size of a kecamatan.
"""

from __future__ import annotations

import csv
import datetime as dt
import itertools
import json
import math
from pathlib import Path
from typing import Any

DATA_DIR = Path(__file__).resolve().parent / "data"
EARTH_RADIUS_KM = 6371.0088  # mean Earth radius (IUGG)


def _ring_area_centroid(ring: list[list[float]], lat0: float) -> tuple[float, float, float]:
    """Signed area (km²) and centroid (lng, lat) of one ring, projected around `lat0`."""
    kx = math.radians(1) * EARTH_RADIUS_KM * math.cos(math.radians(lat0))
    ky = math.radians(1) * EARTH_RADIUS_KM
    points = [(lng * kx, lat * ky) for lng, lat, *_ in ring]
    if points[0] != points[-1]:
        points.append(points[0])
    twice_area = cx = cy = 0.0
    for (x1, y1), (x2, y2) in itertools.pairwise(points):
        cross = x1 * y2 - x2 * y1
        twice_area += cross
        cx += (x1 + x2) * cross
        cy += (y1 + y2) * cross
    area = twice_area / 2
    if area == 0:
        return 0.0, points[0][0] / kx, points[0][1] / ky
    return area, cx / (6 * area) / kx, cy / (6 * area) / ky


def _polygons(geometry: dict[str, Any]) -> list[list[list[list[float]]]]:
    if geometry["type"] == "Polygon":
        return [geometry["coordinates"]]
    if geometry["type"] == "MultiPolygon":
        return list(geometry["coordinates"])
    raise ValueError(f"unsupported geometry type {geometry['type']}")


def geometry_area_centroid(geometry: dict[str, Any]) -> tuple[float, float, float]:
    """(area in km², centroid latitude, centroid longitude) of a GeoJSON (Multi)Polygon.

    Holes are subtracted; the centroid is the area-weighted mean of the rings' centroids.
    """
    polygons = _polygons(geometry)
    all_lats = [pt[1] for poly in polygons for pt in poly[0]]
    lat0 = (min(all_lats) + max(all_lats)) / 2
    total = sx = sy = 0.0
    for polygon in polygons:
        for index, ring in enumerate(polygon):
            area, lng, lat = _ring_area_centroid(ring, lat0)
            # Exterior rings add, holes subtract, whatever their winding order.
            area = abs(area) if index == 0 else -abs(area)
            total += area
            sx += lng * area
            sy += lat * area
    if total <= 0:
        raise ValueError("geometry has no area")
    return total, sy / total, sx / total


def read_csv(name: str) -> list[dict[str, str]]:
    with (DATA_DIR / name).open(encoding="utf-8", newline="") as handle:
        return list(csv.DictReader(handle))


def read_geojson(name: str) -> dict[str, Any]:
    with (DATA_DIR / name).open(encoding="utf-8") as handle:
        return json.load(handle)


def load_regions(Region: Any) -> int:
    """Load the 12 kecamatan and 56 kelurahan; returns how many rows were written."""
    features = {}
    for name in ("kecamatan.geojson", "kelurahan.geojson"):
        for feature in read_geojson(name)["features"]:
            features[feature["properties"]["kode"]] = feature
    rows = read_csv("wilayah.csv")
    by_code = {}
    # Kecamatan first, so that every kelurahan finds its parent.
    for row in sorted(rows, key=lambda r: (r["tingkat"] != "kecamatan", r["kode"])):
        feature = features.get(row["kode"])
        geometry = feature["geometry"] if feature else None
        alias = ""
        if feature and row["tingkat"] == "kecamatan":
            alias = feature["properties"].get("kecamatan_alias", "")
            if alias == row["nama"]:
                alias = ""
        defaults: dict[str, Any] = {
            "name": row["nama"],
            "alias": alias,
            "level": row["tingkat"],
            "parent": by_code.get(row["kode_induk"]),
            "boundary": geometry,
            "centroid_lat": None,
            "centroid_lng": None,
            "area_km2": None,
        }
        if geometry:
            area, lat, lng = geometry_area_centroid(geometry)
            defaults.update(
                centroid_lat=round(lat, 6), centroid_lng=round(lng, 6), area_km2=round(area, 3)
            )
        region, _ = Region.objects.update_or_create(code=row["kode"], defaults=defaults)
        by_code[row["kode"]] = region
    return len(by_code)


def load_agencies(Agency: Any, AgencyName: Any, Region: Any, Organisation: Any) -> int:
    """Load the Perangkat Daerah of Kota Bekasi with their first name-history row and
    their Organisation in the government helix; returns how many agencies were written."""
    count = 0
    for row in read_csv("perangkat_daerah.csv"):
        region = Region.objects.get(code=row["region_code"]) if row["region_code"] else None
        agency, created = Agency.objects.get_or_create(
            code=row["code"],
            defaults={
                "name": row["name"],
                "short_name": row["short_name"],
                "type": row["type"],
                "region": region,
                "is_platform_operator": row["is_platform_operator"] == "1",
                "is_walidata": row["is_walidata"] == "1",
            },
        )
        if not created:
            # The name is left alone once the agency exists: renames made on the platform
            # (with their history) win over the file. Classification follows the file.
            Agency.objects.filter(pk=agency.pk).update(
                type=row["type"],
                region=region,
                is_platform_operator=row["is_platform_operator"] == "1",
                is_walidata=row["is_walidata"] == "1",
            )
            agency.refresh_from_db()
        if not AgencyName.objects.filter(agency=agency).exists():
            AgencyName.objects.create(
                agency=agency,
                name=agency.name,
                short_name=agency.short_name,
                valid_from=dt.date.fromisoformat(row["valid_from"]),
            )
        Organisation.objects.update_or_create(
            agency=agency,
            helix="pemerintah",
            defaults={"name": agency.name, "kind": "Perangkat Daerah", "is_demo": False},
        )
        count += 1
    return count

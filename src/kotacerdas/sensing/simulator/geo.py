"""The outline of Kota Bekasi (union of its 12 kecamatan) for keeping simulated points inside.

Read from the reference GeoJSON that `core` ships (`core/reference_data.read_geojson`), not from
the database, so the generators work without one.
"""

from __future__ import annotations

import math
from functools import lru_cache

import numpy as np
from shapely import prepare
from shapely.geometry import LineString, Point, Polygon, shape
from shapely.ops import unary_union

from kotacerdas.core.reference_data import read_geojson

METRES_PER_DEGREE = 111_320.0


@lru_cache(maxsize=1)
def kecamatan_shapes() -> tuple[tuple[str, object], ...]:
    """(kecamatan name, prepared shapely geometry) for the 12 kecamatan."""
    shapes = []
    for feature in read_geojson("kecamatan.geojson")["features"]:
        geometry = shape(feature["geometry"])
        if not geometry.is_valid:
            geometry = geometry.buffer(0)
        prepare(geometry)
        shapes.append((feature["properties"]["kecamatan"], geometry))
    return tuple(shapes)


@lru_cache(maxsize=1)
def city():
    """Kota Bekasi as one prepared polygon, shrunk by ~60 m so points stay clear of the edge.

    The kecamatan do not fit exactly: the slivers between them are closed first (grow, then
    shrink), the crumbs a shrink leaves are dropped, and so are holes.
    """
    union = unary_union([g for _name, g in kecamatan_shapes()])
    outline = union.buffer(0.0005).buffer(-0.0011)
    if outline.geom_type == "MultiPolygon":
        outline = max(outline.geoms, key=lambda part: part.area)
    outline = Polygon(outline.exterior)
    prepare(outline)
    return outline


def inside(lat: float, lon: float) -> bool:
    return city().contains(Point(lon, lat))


def segment_inside(a: tuple[float, float], b: tuple[float, float]) -> bool:
    return city().contains(LineString([(a[1], a[0]), (b[1], b[0])]))


def kecamatan_of(lat: float, lon: float) -> str:
    point = Point(lon, lat)
    for name, geometry in kecamatan_shapes():
        if geometry.covers(point):
            return name
    return ""


def distance_m(a: tuple[float, float], b: tuple[float, float]) -> float:
    """Equirectangular distance in metres between (lat, lon) points (fine within a city)."""
    k = math.cos(math.radians((a[0] + b[0]) / 2))
    return math.hypot((b[0] - a[0]), (b[1] - a[1]) * k) * METRES_PER_DEGREE


def random_point(rng: np.random.Generator) -> tuple[float, float]:
    """A uniformly random (lat, lon) inside the city."""
    min_x, min_y, max_x, max_y = city().bounds
    while True:
        lon, lat = rng.uniform(min_x, max_x), rng.uniform(min_y, max_y)
        if inside(lat, lon):
            return round(float(lat), 6), round(float(lon), 6)


def snap_inside(lat: float, lon: float) -> tuple[float, float]:
    """The point itself when inside, else the nearest point a little inside the outline."""
    if inside(lat, lon):
        return lat, lon
    boundary_point = city().exterior.interpolate(city().exterior.project(Point(lon, lat)))
    centre = city().centroid
    for share in (0.01, 0.02, 0.05, 0.1, 0.2):
        x = boundary_point.x + (centre.x - boundary_point.x) * share
        y = boundary_point.y + (centre.y - boundary_point.y) * share
        if inside(y, x):
            return round(y, 6), round(x, 6)
    return round(centre.y, 6), round(centre.x, 6)

"""Geography literals (WKT) and SQL expressions for points stored as plain lat/lon float columns.

No PostGIS here: point-in-polygon is a bounding-box pre-filter plus an even-odd ray-casting test
written as ordinary Django expressions (one CASE per polygon edge), so SQLite and PostgreSQL both
run it. Distances are great-circle (haversine) metres on a sphere of radius 6,371,008.8 m.
"""

from __future__ import annotations

import math
import warnings
from itertools import pairwise

from django.db.models import Case, F, FloatField, Q, Value, When
from django.db.models.expressions import ExpressionWrapper
from django.db.models.functions import ASin, Cos, Mod, Power, Radians, Sin, Sqrt
from django.db.models.lookups import GreaterThanOrEqual, LessThan, LessThanOrEqual
from django.utils.translation import gettext as _

from .errors import QueryError

EARTH_RADIUS_M = 6_371_008.8
MAX_POLYGON_VERTICES = 500  # each edge is one CASE in the SQL


def parse_wkt(text: str, position: int, option: str):
    """A shapely geometry from WKT, longitude first (x = lon, y = lat), on the Earth."""
    import shapely
    from shapely import wkt

    try:
        with warnings.catch_warnings():
            warnings.simplefilter("ignore")
            geometry = wkt.loads(text)
    except Exception:  # shapely raises GEOSException and others on malformed WKT
        raise QueryError(
            _("%(text)s is not valid WKT, e.g. POINT(106.99 -6.24) or POLYGON((...))")
            % {"text": repr(text[:60])},
            position,
            option,
        ) from None
    if geometry.is_empty:
        raise QueryError(_("the geography is empty"), position, option)
    minx, miny, maxx, maxy = geometry.bounds
    if not (-180 <= minx <= maxx <= 180 and -90 <= miny <= maxy <= 90):
        raise QueryError(
            _("the geography is outside the Earth's bounds (longitude first, then latitude)"),
            position,
            option,
        )
    if shapely.get_num_coordinates(geometry) > MAX_POLYGON_VERTICES:
        raise QueryError(
            _("the geography has more than %(max)d points") % {"max": MAX_POLYGON_VERTICES},
            position,
            option,
        )
    return geometry


def _float(expression) -> ExpressionWrapper:
    return ExpressionWrapper(expression, output_field=FloatField())


def haversine_sql(lat: str, lon: str, point_lat: float, point_lon: float):
    """Great-circle distance in metres between columns (lat, lon) and a fixed point."""
    lat1 = Radians(F(lat))
    lon1 = Radians(F(lon))
    lat2 = math.radians(point_lat)
    lon2 = math.radians(point_lon)
    half_dlat = Sin(_float((lat1 - Value(lat2)) / Value(2.0)))
    half_dlon = Sin(_float((lon1 - Value(lon2)) / Value(2.0)))
    inner = _float(Power(half_dlat, 2) + Cos(lat1) * Value(math.cos(lat2)) * Power(half_dlon, 2))
    return _float(Value(2 * EARTH_RADIUS_M) * ASin(Sqrt(inner)))


def haversine(lat1: float, lon1: float, lat2: float, lon2: float) -> float:
    p1, p2 = math.radians(lat1), math.radians(lat2)
    dlat, dlon = p2 - p1, math.radians(lon2 - lon1)
    a = math.sin(dlat / 2) ** 2 + math.cos(p1) * math.cos(p2) * math.sin(dlon / 2) ** 2
    return 2 * EARTH_RADIUS_M * math.asin(math.sqrt(min(1.0, a)))


def line_length_m(geometry) -> float:
    """geo.length of a literal LineString (or the boundary length of other geometries), metres."""
    total = 0.0
    for line in _lines(geometry):
        for a, b in pairwise(line.coords):
            total += haversine(a[1], a[0], b[1], b[0])
    return total


def _lines(geometry):
    kind = geometry.geom_type
    if kind in ("LineString", "LinearRing"):
        return [geometry]
    if kind == "Polygon":
        return [geometry.exterior, *geometry.interiors]
    if kind.startswith("Multi") or kind == "GeometryCollection":
        return [line for part in geometry.geoms for line in _lines(part)]
    return []


def _rings(geometry):
    if geometry.geom_type == "Polygon":
        return [geometry.exterior, *geometry.interiors]
    if geometry.geom_type == "MultiPolygon":
        return [ring for polygon in geometry.geoms for ring in _rings(polygon)]
    return []


def _balanced_sum(terms: list):
    """a + b + c ... as a balanced tree: a left-deep chain of 500 terms would exceed Python's
    recursion limit inside Django's expression resolver."""
    if len(terms) == 1:
        return terms[0]
    middle = len(terms) // 2
    return _balanced_sum(terms[:middle]) + _balanced_sum(terms[middle:])


def point_in_polygon_q(lat: str, lon: str, geometry) -> Q:
    """Points (lat, lon columns) inside a Polygon/MultiPolygon: bbox, then the even-odd rule.

    Holes work (their edges count as crossings too). Points exactly on an edge may fall either way.
    """
    minx, miny, maxx, maxy = geometry.bounds
    bbox = Q(
        GreaterThanOrEqual(F(lon), Value(minx)),
        LessThanOrEqual(F(lon), Value(maxx)),
        GreaterThanOrEqual(F(lat), Value(miny)),
        LessThanOrEqual(F(lat), Value(maxy)),
    )
    crossings = []
    for ring in _rings(geometry):
        for (xi, yi), (xj, yj) in pairwise(c[:2] for c in ring.coords):
            if yi == yj:
                continue  # a horizontal edge is never crossed by the horizontal ray
            slope = (xj - xi) / (yj - yi)
            # The ray from the point towards +x crosses the edge when the point's y lies in
            # [min(yi, yj), max(yi, yj)) and x < xi + (y - yi) * slope,
            # i.e. x - slope * y < xi - slope * yi.
            condition = Q(
                GreaterThanOrEqual(F(lat), Value(min(yi, yj))),
                LessThan(F(lat), Value(max(yi, yj))),
                LessThan(_float(F(lon) - Value(slope) * F(lat)), Value(xi - slope * yi)),
            )
            crossings.append(Case(When(condition, then=Value(1)), default=Value(0)))
    if not crossings:
        return Q(pk__in=[])
    total = _balanced_sum(crossings)
    from django.db.models.lookups import Exact

    return bbox & Q(Exact(Mod(_float(total), Value(2.0)), Value(1.0)))

"""Distance, speed and geofence shape checks of GPS tracking (no database)."""

import math

import pytest

from kotacerdas.sensing.errors import InvalidEntity
from kotacerdas.sensing.services.tracking_geo import (
    EARTH_RADIUS_KM,
    MAX_GEOFENCE_VERTICES,
    geofence_shape,
    haversine_km,
    speed_kmh,
)

from .tracking_factories import STEP_KM, STEP_LAT


def test_haversine_one_degree_on_equator_and_meridian():
    one_degree = 2 * math.pi * EARTH_RADIUS_KM / 360
    assert haversine_km(0, 0, 0, 1) == pytest.approx(one_degree, rel=1e-12)
    assert haversine_km(0, 0, 1, 0) == pytest.approx(one_degree, rel=1e-12)
    assert one_degree == pytest.approx(111.195, abs=0.001)


def test_haversine_monas_to_bekasi_alun_alun():
    # Monas (-6.1754, 106.8272) to Alun-alun Kota Bekasi (-6.2349, 106.9896): about 19 km.
    distance = haversine_km(-6.1754, 106.8272, -6.2349, 106.9896)
    assert distance == pytest.approx(19.18, abs=0.05)
    assert haversine_km(-6.2349, 106.9896, -6.1754, 106.8272) == pytest.approx(distance)


def test_haversine_step_used_by_the_trip_tests():
    assert abs(STEP_KM - EARTH_RADIUS_KM * math.radians(STEP_LAT)) < 1e-5
    assert haversine_km(-6.2362, 107.0231, -6.2362 + STEP_LAT, 107.0231) == pytest.approx(
        STEP_KM, abs=1e-5
    )


def test_haversine_antipodes_and_same_point():
    assert haversine_km(-6.2, 107.0, -6.2, 107.0) == 0
    assert haversine_km(0, 0, 0, 180) == pytest.approx(math.pi * EARTH_RADIUS_KM)


def test_speed_from_distance_and_time():
    assert speed_kmh(1.0, 60) == pytest.approx(60.0)
    assert speed_kmh(0.4003, 30) == pytest.approx(48.036)
    assert speed_kmh(5.0, 0.5) is None


SQUARE = {
    "type": "Polygon",
    "coordinates": [[[107.0, -6.3], [107.1, -6.3], [107.1, -6.2], [107.0, -6.2], [107.0, -6.3]]],
}


def test_geofence_shape_returns_geometry_and_bounds():
    geometry, bounds = geofence_shape(SQUARE | {"extra": 1})
    assert geometry == SQUARE
    assert bounds == pytest.approx((107.0, -6.3, 107.1, -6.2))


@pytest.mark.parametrize(
    "geometry",
    [
        None,
        "POLYGON((0 0, 1 0, 1 1, 0 0))",
        {"type": "Point", "coordinates": [107.0, -6.2]},
        {"type": "Polygon", "coordinates": "x"},
        {"type": "Polygon", "coordinates": [[[107.0, -6.3], [107.1]]]},
        # a bow tie: its sides cross
        {"type": "Polygon", "coordinates": [[[0, 0], [1, 1], [1, 0], [0, 1], [0, 0]]]},
        # no area
        {"type": "Polygon", "coordinates": [[[0, 0], [1, 1], [2, 2], [0, 0]]]},
        # outside the Earth
        {"type": "Polygon", "coordinates": [[[170, 0], [190, 0], [190, 1], [170, 1], [170, 0]]]},
        {"type": "Polygon", "coordinates": [[[0, 80], [1, 80], [1, 95], [0, 80]]]},
    ],
)
def test_geofence_shape_rejects_bad_geometry(geometry):
    with pytest.raises(InvalidEntity) as excinfo:
        geofence_shape(geometry)
    assert excinfo.value.field == "geometry"
    assert excinfo.value.message


def test_geofence_shape_rejects_too_many_vertices():
    n = MAX_GEOFENCE_VERTICES + 1
    ring = [
        [107.0 + 0.01 * math.cos(2 * math.pi * i / n), -6.2 + 0.01 * math.sin(2 * math.pi * i / n)]
        for i in range(n)
    ]
    with pytest.raises(InvalidEntity, match=str(MAX_GEOFENCE_VERTICES)):
        geofence_shape({"type": "Polygon", "coordinates": [[*ring, ring[0]]]})

"""Fixes of one vehicle processed at the same moment on two connections (PostgreSQL): the
profile row lock serialises them, so the trip stays consistent."""

import itertools

import pytest

from kotacerdas.complaints.tests.threads import run_together
from kotacerdas.sensing.models import TrackPoint, Trip, VehicleProfile
from kotacerdas.sensing.services.tracking_geo import haversine_km

from .tracking_factories import LAT_BEKASI_TIMUR as LAT0
from .tracking_factories import STEP_LAT, fix, make_vehicle


@pytest.mark.django_db(transaction=True)
def test_concurrent_fixes_of_one_vehicle_keep_the_trip_consistent(postgres_only):
    truck = make_vehicle()

    def sender(parity):
        def send():
            for i in range(parity, 40, 2):
                fix(truck, i * 0.25, LAT0 + i * STEP_LAT / 2)

        return send

    _, errors = run_together(sender(0), sender(1))
    assert errors == []
    assert VehicleProfile.objects.filter(thing=truck).count() == 1
    trip = Trip.objects.get(thing=truck)
    points = list(
        TrackPoint.objects.filter(trip=trip).order_by("id").values_list("time", "lat", "lon")
    )
    times = [p[0] for p in points]
    assert times == sorted(times) and len(set(times)) == len(times)
    assert trip.points_count == len(points) >= 2
    legs = sum(haversine_km(a[1], a[2], b[1], b[2]) for a, b in itertools.pairwise(points))
    assert trip.distance_km == pytest.approx(legs, rel=1e-9)
    profile = VehicleProfile.objects.get(thing=truck)
    assert profile.last_fix_time == times[-1]

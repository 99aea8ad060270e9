"""core.geo: which kelurahan holds a point (kelurahan boundaries loaded by the data migration)."""

import pytest

from kotacerdas.core import geo
from kotacerdas.core.models import Region

pytestmark = pytest.mark.django_db


def test_a_point_in_bekasi_timur_gives_its_kecamatan_and_kelurahan():
    kecamatan, kelurahan = geo.locate_point(-6.2362, 107.0231)
    assert kecamatan.name == "Bekasi Timur"
    assert kelurahan.level == "kelurahan" and kelurahan.parent_id == kecamatan.pk
    assert geo.inside_bekasi(-6.2362, 107.0231)


def test_a_point_in_jakarta_is_outside():
    assert geo.locate_point(-6.1754, 106.8272) is None  # Monas
    assert not geo.inside_bekasi(-6.1754, 106.8272)


def test_a_point_in_the_sea_is_outside():
    assert geo.locate_point(-5.9, 106.95) is None  # Teluk Jakarta
    assert not geo.inside_bekasi(-5.9, 106.95)


def test_nonsense_coordinates_are_outside():
    assert geo.locate_point(95, 400) is None
    assert geo.locate_point("abc", None) is None


def test_every_kelurahan_centroid_lies_in_that_kelurahan():
    kelurahan = Region.objects.filter(level="kelurahan", boundary__isnull=False)
    assert kelurahan.count() > 50
    misses = []
    for region in kelurahan:
        found = geo.locate_point(region.centroid_lat, region.centroid_lng)
        if found is None or found[1].code != region.code:
            misses.append(region.code)
    # Centroids of odd-shaped polygons may fall outside them; nearly all must match.
    assert len(misses) <= 3, misses


def test_the_cache_follows_the_regions_in_the_database():
    geo.clear_cache()
    assert geo.inside_bekasi(-6.2362, 107.0231)
    Region.objects.filter(level="kelurahan").update(boundary=None)
    assert not geo.inside_bekasi(-6.2362, 107.0231)
    geo.clear_cache()

import math

import pytest

from kotacerdas.core import reference_data
from kotacerdas.core.models import Agency, AgencyName, AgencyType, Helix, Organisation, Region


@pytest.mark.django_db
def test_exactly_12_kecamatan_and_56_kelurahan():
    assert Region.objects.filter(level="kecamatan").count() == 12
    assert Region.objects.filter(level="kelurahan").count() == 56


@pytest.mark.django_db
def test_every_kelurahan_has_a_kecamatan_parent_with_matching_code_prefix():
    for kelurahan in Region.objects.filter(level="kelurahan").select_related("parent"):
        assert kelurahan.parent is not None, kelurahan.code
        assert kelurahan.parent.level == "kecamatan"
        assert kelurahan.code.startswith(kelurahan.parent.code + ".")
    assert not Region.objects.filter(level="kecamatan", parent__isnull=False).exists()


@pytest.mark.django_db
def test_kecamatan_carry_kemendagri_names_and_aliases():
    medansatria = Region.objects.get(code="32.75.06")
    assert (medansatria.name, medansatria.alias) == ("Medansatria", "Medan Satria")
    assert medansatria.display_name == "Medan Satria"
    assert Region.objects.get(code="32.75.09").alias == ""  # Jatiasih: same spelling
    assert list(Region.objects.get(code="32.75.07").children.values_list("code", flat=True)) == [
        "32.75.07.1003",
        "32.75.07.1004",
        "32.75.07.1007",
        "32.75.07.1008",
    ]


@pytest.mark.django_db
def test_regions_have_boundary_centroid_inside_kota_bekasi_and_area():
    for region in Region.objects.all():
        assert region.boundary["type"] == "Polygon", region.code
        assert -6.40 < region.centroid_lat < -6.17
        assert 106.89 < region.centroid_lng < 107.05
        assert region.area_km2 > 0
    kecamatan_total = sum(
        Region.objects.filter(level="kecamatan").values_list("area_km2", flat=True)
    )
    # BIG gives 213.036 km² for Kota Bekasi; the simplified polygons come to about 214.
    assert 212 < kecamatan_total < 216


def test_geometry_area_centroid_of_a_known_square_with_a_hole():
    # 0.01° x 0.01° square at the equator: 1.11195 km a side; the hole is a quarter of it.
    outer = [[0, 0], [0.01, 0], [0.01, 0.01], [0, 0.01], [0, 0]]
    hole = [[0, 0], [0, 0.005], [0.005, 0.005], [0.005, 0], [0, 0]]
    side = math.radians(0.01) * reference_data.EARTH_RADIUS_KM
    area, lat, lng = reference_data.geometry_area_centroid(
        {"type": "Polygon", "coordinates": [outer]}
    )
    assert area == pytest.approx(side * side, rel=1e-4)
    assert (lat, lng) == (pytest.approx(0.005), pytest.approx(0.005))
    area, lat, lng = reference_data.geometry_area_centroid(
        {"type": "Polygon", "coordinates": [outer, hole]}
    )
    assert area == pytest.approx(side * side * 0.75, rel=1e-4)
    # Centroid of an L-shape: shifted away from the removed quarter.
    assert lat == pytest.approx(0.005 + 0.0025 / 3, rel=1e-3)
    assert lng == pytest.approx(0.005 + 0.0025 / 3, rel=1e-3)


@pytest.mark.django_db
def test_diskominfostandi_is_platform_operator_and_walidata():
    agency = Agency.objects.get(code="DISKOMINFOSTANDI")
    assert agency.name == "Dinas Komunikasi, Informatika, Statistik dan Persandian"
    assert agency.short_name == "Diskominfostandi"
    assert agency.type == AgencyType.DINAS
    assert agency.is_platform_operator is True
    assert agency.is_walidata is True
    assert list(
        Agency.objects.filter(is_platform_operator=True).values_list("code", flat=True)
    ) == ["DISKOMINFOSTANDI"]
    assert list(Agency.objects.filter(is_walidata=True).values_list("code", flat=True)) == [
        "DISKOMINFOSTANDI"
    ]


@pytest.mark.django_db
def test_12_kecamatan_agencies_each_linked_to_its_region():
    kecamatan_agencies = Agency.objects.filter(type=AgencyType.KECAMATAN).select_related("region")
    assert kecamatan_agencies.count() == 12
    assert sorted(a.region.code for a in kecamatan_agencies) == [
        f"32.75.{n:02d}" for n in range(1, 13)
    ]
    assert all(a.region.level == "kecamatan" for a in kecamatan_agencies)
    assert Agency.objects.get(code="KEC-MEDANSATRIA").name == "Kecamatan Medan Satria"


@pytest.mark.django_db
def test_perangkat_daerah_counts_by_type():
    counts = {t: Agency.objects.filter(type=t).count() for t in AgencyType.values}
    assert counts == {
        "sekretariat": 2,
        "inspektorat": 1,
        "dinas": 21,
        "badan": 6,
        "satuan": 1,
        "rsud": 1,
        "kecamatan": 12,
        "kelurahan": 0,
        "lainnya": 0,
    }
    assert Agency.objects.get(code="RSUD-CAM").name == (
        "Rumah Sakit Umum Daerah dr. Chasbullah Abdulmadjid"
    )
    assert Agency.objects.get(code="BAPPELITBANGDA").short_name == "Bappelitbangda"


@pytest.mark.django_db
def test_every_agency_has_one_open_name_row_and_a_government_organisation():
    assert AgencyName.objects.count() == Agency.objects.count() == 44
    assert AgencyName.objects.filter(valid_to__isnull=True).count() == 44
    organisations = Organisation.objects.filter(helix=Helix.PEMERINTAH, agency__isnull=False)
    assert organisations.count() == 44
    assert organisations.get(agency__code="DISHUB").name == "Dinas Perhubungan"


@pytest.mark.django_db
def test_loading_again_is_idempotent_and_keeps_platform_renames():
    agency = Agency.objects.get(code="DISHUB")
    Agency.objects.filter(pk=agency.pk).update(name="Dinas Perhubungan (nama baru)")
    regions_before = list(Region.objects.order_by("code").values())

    assert reference_data.load_regions(Region) == 68
    assert reference_data.load_agencies(Agency, AgencyName, Region, Organisation) == 44

    assert list(Region.objects.order_by("code").values()) == regions_before
    assert Agency.objects.count() == 44
    assert AgencyName.objects.count() == 44
    assert Organisation.objects.filter(helix=Helix.PEMERINTAH).count() == 44
    assert Agency.objects.get(code="DISHUB").name == "Dinas Perhubungan (nama baru)"

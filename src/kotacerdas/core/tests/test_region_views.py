import re

import pytest

pytestmark = pytest.mark.django_db


def test_region_map_page_has_map_element_script_and_accessible_table(client):
    response = client.get("/wilayah/")
    assert response.status_code == 200
    body = response.content.decode()
    assert re.search(r'<div id="peta-wilayah"[^>]*aria-label="[^"]+"', body)
    assert 'data-kecamatan-url="/wilayah/peta.geojson?tingkat=kecamatan"' in body
    assert 'data-kelurahan-url="/wilayah/peta.geojson?tingkat=kelurahan"' in body
    assert 'data-tile-url=""' in body  # no tile server by default: works offline
    assert '<script src="/static/vendor/leaflet/leaflet.js"></script>' in body
    assert '<script src="/static/js/region_map.js"></script>' in body
    assert "<caption>Kecamatan Kota Bekasi dengan jumlah kelurahan dan luasnya</caption>" in body
    kecamatan = list(response.context["kecamatan"])
    assert len(kecamatan) == 12
    counts = {r.code: r.kelurahan_count for r in kecamatan}
    assert counts["32.75.03"] == 6
    assert sum(counts.values()) == 56
    assert '<a href="/wilayah/32.75.06/">Medan Satria</a>' in body


def test_region_map_passes_configured_tile_layer(client, settings):
    settings.MAP_TILE_URL = "https://peta.contoh.invalid/{z}/{x}/{y}.png"
    settings.MAP_TILE_ATTRIBUTION = "© Kontributor Peta Contoh"
    body = client.get("/wilayah/").content.decode()
    assert 'data-tile-url="https://peta.contoh.invalid/{z}/{x}/{y}.png"' in body
    assert 'data-tile-attribution="© Kontributor Peta Contoh"' in body


def test_region_geojson_feature_collections(client):
    response = client.get("/wilayah/peta.geojson")
    assert response.status_code == 200
    assert response["Content-Type"] == "application/geo+json"
    data = response.json()
    assert data["type"] == "FeatureCollection"
    assert len(data["features"]) == 12
    feature = next(f for f in data["features"] if f["id"] == "32.75.06")
    assert feature["geometry"]["type"] == "Polygon"
    assert feature["properties"]["name"] == "Medansatria"
    assert feature["properties"]["alias"] == "Medan Satria"
    assert feature["properties"]["parent"] is None
    assert feature["properties"]["url"] == "/wilayah/32.75.06/"
    kelurahan = client.get("/wilayah/peta.geojson?tingkat=kelurahan").json()
    assert len(kelurahan["features"]) == 56
    assert {f["properties"]["parent"] for f in kelurahan["features"]} == {
        f"32.75.{n:02d}" for n in range(1, 13)
    }
    assert client.get("/wilayah/peta.geojson?tingkat=provinsi").status_code == 404


def test_region_map_script_draws_kecamatan_shapes_without_tiles_by_default():
    from pathlib import Path

    import kotacerdas

    script = (Path(kotacerdas.__file__).parent / "static/js/region_map.js").read_text()
    assert 'className: "kecamatan-shape"' in script
    assert "if (data.tileUrl)" in script
    assert "L.control.layers" in script


def test_kecamatan_detail_lists_kelurahan_and_agency(client):
    response = client.get("/wilayah/32.75.06/")
    assert response.status_code == 200
    body = response.content.decode()
    assert '<h1 class="h3">Kecamatan Medan Satria</h1>' in body
    assert [r.code for r in response.context["children"]] == [
        "32.75.06.1001",
        "32.75.06.1002",
        "32.75.06.1003",
        "32.75.06.1004",
    ]
    assert "4 kelurahan di Kecamatan Medan Satria" in body
    assert '<a href="/perangkat-daerah/KEC-MEDANSATRIA/">Kecamatan Medan Satria</a>' in body


def test_kelurahan_detail_links_its_parent(client):
    response = client.get("/wilayah/32.75.06.1003/")
    assert response.status_code == 200
    body = response.content.decode()
    assert "Kelurahan Pejuang" in body
    assert '<a href="/wilayah/32.75.06/">Medan Satria</a>' in body
    assert list(response.context["children"]) == []


def test_region_detail_unknown_code_is_404(client):
    assert client.get("/wilayah/32.16.01/").status_code == 404

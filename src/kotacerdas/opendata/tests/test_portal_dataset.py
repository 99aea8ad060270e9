"""The dataset page of the portal: metadata, freshness and quality, resources, preview,
chart and map data, the API example, indicators; drafts hidden (issue #6 items 4, 6, 9)."""

from __future__ import annotations

import pytest
from django.urls import reverse

from kotacerdas.core.tests.factories import AgencyFactory
from kotacerdas.masterplan.tests.factories import IndicatorFactory
from kotacerdas.opendata.models import DatasetState, IndicatorDataSource
from kotacerdas.opendata.tests.factories import (
    KECAMATAN_CSV,
    KECAMATAN_SCHEMA,
    DatasetFactory,
    ProducerFactory,
    TagFactory,
    TopicFactory,
    WalidataFactory,
)
from kotacerdas.opendata.tests.portal_data import add_release, tabular_resource

pytestmark = pytest.mark.django_db

QUALITY = {"completeness": 0.975, "conformity": 1.0, "timeliness": 0.5, "uniqueness": 0.9}
# 24 rows: the 12 kecamatan of Kota Bekasi in two years (for the preview's second page).
LONG_CSV = "tahun,kode_kecamatan,jumlah,keterangan\n" + "".join(
    f"{year},32.75.{code:02d},{year - 2000 + code},baris {year}-{code}\n"
    for year in (2024, 2025)
    for code in range(1, 13)
)


@pytest.fixture
def agency():
    return AgencyFactory(code="DUKCAPILUJI", name="Dinas Kependudukan Uji", short_name="DKPU")


def _dataset(agency, tmp_path, *, csv_text=KECAMATAN_CSV, **fields):
    dataset = DatasetFactory(
        organization=agency,
        name=fields.pop("name", "penduduk-per-kecamatan"),
        title=fields.pop("title", "Jumlah Penduduk per Kecamatan"),
        notes="Jumlah penduduk Kota Bekasi menurut kecamatan.",
        unit="jiwa",
        license_id="cc-by-4.0",
        reference_codes=["kemendagri-kecamatan"],
        region_level="kecamatan",
        region_field="kode_kecamatan",
        contact_name="Bidang Data",
        contact_email="data@contoh.id",
        **fields,
    )
    dataset.topics.set([TopicFactory(name="kependudukan-uji", title="Kependudukan Uji")])
    dataset.tags.set([TagFactory(name="penduduk")])
    resource = tabular_resource(
        dataset, csv_text=csv_text, schema=KECAMATAN_SCHEMA, tmp_path=tmp_path
    )
    return dataset, resource


@pytest.fixture
def published(agency, tmp_path):
    dataset, resource = _dataset(agency, tmp_path)
    add_release(dataset, resources=[resource], quality=QUALITY, notes="Rilis pertama.")
    dataset.refresh_from_db()
    return dataset, resource


def _url(dataset, name="opendata:dataset_detail"):
    return reverse(name, args=[dataset.name])


def test_dataset_page_shows_metadata(client, published):
    dataset, _resource = published
    response = client.get(_url(dataset))
    assert response.status_code == 200
    html = response.content.decode()
    assert '<h1 class="h3 mb-1">Jumlah Penduduk per Kecamatan</h1>' in html
    assert reverse("opendata:organization_detail", args=["dukcapiluji"]) in html
    assert "Kependudukan Uji" in html and "?tags=penduduk" in html
    assert "Tahunan" in html and "jiwa" in html
    assert 'href="https://creativecommons.org/licenses/by/4.0/" rel="license"' in html
    assert "kemendagri-kecamatan" in html
    assert "mailto:data@contoh.id" in html
    assert str(dataset.uuid) in html
    assert 'data-testid="version">1<' in html
    assert 'data-testid="draft-banner"' not in html


def test_dataset_page_shows_freshness_and_quality(client, published):
    dataset, _resource = published
    response = client.get(_url(dataset))
    assert response.context["freshness"]["code"] == "fresh"
    assert response.context["freshness"]["label"] == "Mutakhir"
    assert [(row["key"], row["percent"]) for row in response.context["quality"]] == [
        ("completeness", 98),
        ("conformity", 100),
        ("timeliness", 50),
        ("uniqueness", 90),
    ]
    html = response.content.decode()
    assert 'data-freshness="fresh"' in html
    assert "98%" in html and "Kelengkapan" in html


def test_dataset_page_lists_resources_with_checksum_and_size(client, published):
    dataset, resource = published
    html = client.get(_url(dataset)).content.decode()
    assert f'data-resource="{resource.uuid}"' in html
    assert resource.sha256 in html
    assert "3 baris" in html


def test_dataset_page_preview_shows_the_first_rows(client, published):
    dataset, _resource = published
    response = client.get(_url(dataset))
    preview = response.context["preview"]
    assert preview["fields"] == ["tahun", "kode_kecamatan", "jumlah", "keterangan"]
    assert preview["rows"][0] == [2025, "32.75.01", 251000, "Bekasi Timur"]
    assert preview["total"] == 3
    assert "Bekasi Utara" in response.content.decode()


def test_preview_chart_and_map_show_the_newest_period(client, agency, tmp_path):
    dataset, older = _dataset(agency, tmp_path, csv_text=LONG_CSV)
    newer = tabular_resource(
        dataset, csv_text=KECAMATAN_CSV, schema=KECAMATAN_SCHEMA, tmp_path=tmp_path
    )
    add_release(dataset, resources=[older, newer])
    response = client.get(_url(dataset))
    assert response.context["main_resource"] == newer
    assert response.context["preview"]["total"] == 3


def test_preview_fragment_pages_in_place(client, agency, tmp_path):
    dataset, resource = _dataset(agency, tmp_path, csv_text=LONG_CSV)
    add_release(dataset, resources=[resource])
    response = client.get(_url(dataset, "opendata:dataset_preview"), {"halaman": 2})
    assert response.status_code == 200
    html = response.content.decode()
    assert '<div id="pratinjau"' in html and "<html" not in html
    assert "Baris 11\N{EN DASH}20 dari 24" in html
    assert response.context["preview"]["rows"][0] == [2024, "32.75.11", 35, "baris 2024-11"]
    assert 'hx-target="#pratinjau"' in html


def test_api_example_names_this_dataset_and_resource(client, published):
    dataset, resource = published
    response = client.get(_url(dataset))
    api = response.context["api"]
    assert (
        'curl "http://testserver/satudata/api/3/action/package_show?id=penduduk-per-kecamatan"'
        in (api["curl"])
    )
    assert f"datastore_search?resource_id={resource.uuid}&limit=5" in api["curl"]
    assert 'RemoteCKAN("http://testserver/satudata")' in api["python"]
    assert f'datastore_search(resource_id="{resource.uuid}"' in api["python"]
    assert 'data-copy="#api-curl"' in response.content.decode()


def test_chart_data_sums_by_category(client, published):
    dataset, _resource = published
    response = client.get(
        _url(dataset, "opendata:dataset_chart_data"),
        {"kategori": "kode_kecamatan", "nilai": "jumlah", "fungsi": "sum"},
    )
    assert response.status_code == 200
    data = response.json()
    assert data["labels"] == ["32.75.01", "32.75.02", "32.75.03"]
    assert data["values"] == [251000, 281000, 330000]


def test_chart_data_other_aggregations(client, published):
    dataset, _resource = published
    url = _url(dataset, "opendata:dataset_chart_data")
    by_year = {"kategori": "tahun", "nilai": "jumlah"}
    assert client.get(url, {**by_year, "fungsi": "avg"}).json()["values"] == [287333.3333333333]
    assert client.get(url, {**by_year, "fungsi": "max"}).json()["values"] == [330000]
    assert client.get(url, {**by_year, "fungsi": "count"}).json()["values"] == [3]
    assert client.get(url, {**by_year, "fungsi": "count"}).json()["labels"] == ["2025"]


@pytest.mark.parametrize(
    ("params", "message"),
    [
        ({"kategori": "tidak_ada", "nilai": "jumlah", "fungsi": "sum"}, "tidak ada di tabel"),
        ({"kategori": "tahun", "nilai": "kolom_x", "fungsi": "sum"}, "tidak ada di tabel"),
        ({"kategori": "tahun", "nilai": "keterangan", "fungsi": "sum"}, "bukan angka"),
        ({"kategori": "tahun", "nilai": "jumlah", "fungsi": "median"}, "Fungsi agregasi"),
    ],
)
def test_chart_data_bad_input_is_400_in_indonesian(client, published, params, message):
    dataset, _resource = published
    response = client.get(_url(dataset, "opendata:dataset_chart_data"), params)
    assert response.status_code == 400
    assert message in response.json()["error"]


def test_map_data_gives_values_per_region_code(client, published):
    dataset, _resource = published
    response = client.get(
        _url(dataset, "opendata:dataset_map_data"), {"nilai": "jumlah", "fungsi": "sum"}
    )
    assert response.status_code == 200
    data = response.json()
    assert data["level"] == "kecamatan"
    assert data["values"] == {"32.75.01": 251000, "32.75.02": 281000, "32.75.03": 330000}
    assert data["names"]["32.75.01"] == "Bekasi Timur"
    assert data["unknown"] == []
    assert (data["min"], data["max"]) == (251000, 330000)


def test_map_is_offered_only_for_region_keyed_data(client, published, agency, tmp_path):
    dataset, _resource = published
    html = client.get(_url(dataset)).content.decode()
    assert 'id="peta-dataset"' in html
    assert "/wilayah/peta.geojson?tingkat=kecamatan" in html
    plain, resource = _dataset(agency, tmp_path, name="tanpa-wilayah", title="Tanpa Wilayah")
    plain.region_level = ""
    plain.region_field = ""
    plain.save()
    add_release(plain, resources=[resource])
    assert 'id="peta-dataset"' not in client.get(_url(plain)).content.decode()
    response = client.get(_url(plain, "opendata:dataset_map_data"), {"nilai": "jumlah"})
    assert response.status_code == 400
    assert response.json()["error"] == "Dataset ini tidak berkode wilayah."


def test_dataset_page_lists_indicators_using_it(client, published):
    dataset, _resource = published
    indicator = IndicatorFactory(code="IND-PDD-01", name="Laju pertumbuhan penduduk")
    IndicatorDataSource.objects.create(indicator=indicator, dataset=dataset, note="Data dasar")
    html = client.get(_url(dataset)).content.decode()
    assert "IND-PDD-01 Laju pertumbuhan penduduk" in html
    assert reverse("masterplan:activity_indicators", args=[indicator.activity_id]) in html


def test_draft_is_404_for_the_public_and_other_agencies(client, agency, tmp_path):
    draft, _resource = _dataset(agency, tmp_path, name="data-draf", title="Data Draf")
    assert draft.state == DatasetState.DRAFT
    urls = [
        _url(draft),
        _url(draft, "opendata:dataset_preview"),
        _url(draft, "opendata:dataset_chart_data") + "?kategori=tahun&nilai=jumlah",
        _url(draft, "opendata:dataset_map_data") + "?nilai=jumlah",
    ]
    for url in urls:
        assert client.get(url).status_code == 404
    client.force_login(ProducerFactory())
    for url in urls:
        assert client.get(url).status_code == 404


def test_draft_is_shown_to_its_producer_and_the_walidata_with_a_banner(client, agency, tmp_path):
    draft, _resource = _dataset(agency, tmp_path, name="data-draf", title="Data Draf")
    for user in (ProducerFactory(agency=agency), WalidataFactory()):
        client.force_login(user)
        response = client.get(_url(draft))
        assert response.status_code == 200
        html = response.content.decode()
        assert 'data-testid="draft-banner"' in html
        assert "<strong>Draf</strong>" in html
        assert response.context["preview"]["total"] == 3


def test_private_dataset_is_404_for_the_public(client, published):
    dataset, _resource = published
    dataset.private = True
    dataset.save()
    assert client.get(_url(dataset)).status_code == 404


def test_deleted_dataset_is_404_even_for_the_walidata(client, published):
    dataset, _resource = published
    dataset.state = DatasetState.DELETED
    dataset.save()
    client.force_login(WalidataFactory())
    assert client.get(_url(dataset)).status_code == 404

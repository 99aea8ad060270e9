"""Dataset search: words ANDed, CKAN fq/q terms, sort, paging, facets over the whole match,
visibility (drafts and private datasets never reach the public), and the fq parser."""

from __future__ import annotations

import datetime as dt

import pytest
from django.utils import timezone

from kotacerdas.core.tests.factories import AgencyFactory, UserFactory
from kotacerdas.opendata.models import DatasetState
from kotacerdas.opendata.selectors import search_index
from kotacerdas.opendata.selectors.search import (
    Range,
    SearchQueryError,
    dataset_search,
    organization_slug,
    parse_fq,
    parse_sort,
)
from kotacerdas.opendata.services.datasets import dataset_refresh_search
from kotacerdas.opendata.tests.factories import (
    DatasetFactory,
    ProducerFactory,
    ResourceFactory,
    TagFactory,
    TopicFactory,
    WalidataFactory,
)

pytestmark = pytest.mark.django_db


@pytest.fixture(autouse=True, params=["sql", "index"])
def search_engine(request, monkeypatch):
    """Every test here runs twice: answered by SQL, and by the in-memory index
    (search_index.py) built afresh for each search."""
    monkeypatch.setattr(search_index, "FORCE", request.param == "index")
    return request.param


def make(title, *, organization, tags=(), topics=(), formats=(), state="active", **fields):
    dataset = DatasetFactory(title=title, organization=organization, state=state, **fields)
    dataset.tags.set([TagFactory(name=name) for name in tags])
    dataset.topics.set([TopicFactory(name=name) for name in topics])
    for fmt in formats:
        ResourceFactory(dataset=dataset, format=fmt)
    dataset_refresh_search(dataset)
    return dataset


@pytest.fixture
def catalogue():
    dinkes = AgencyFactory(code="DINKES-UJI", name="Dinas Kesehatan Uji")
    disdik = AgencyFactory(code="DISDIK-UJI", name="Dinas Pendidikan Uji")
    return {
        "dinkes": dinkes,
        "disdik": disdik,
        "puskesmas": make(
            "Jumlah Puskesmas per Kecamatan",
            organization=dinkes,
            tags=["puskesmas", "air bersih"],
            topics=["kesehatan"],
            formats=["CSV"],
            period_end=dt.date(2025, 12, 31),
        ),
        "gizi": make(
            "Prevalensi Gizi Buruk",
            organization=dinkes,
            tags=["gizi"],
            topics=["kesehatan"],
            formats=["CSV", "XLSX"],
            period_end=dt.date(2024, 12, 31),
            license_id="odc-by",
        ),
        "sekolah": make(
            "Jumlah Sekolah Dasar",
            organization=disdik,
            tags=["sekolah"],
            topics=["pendidikan"],
            formats=["XLSX"],
            released_at=timezone.make_aware(dt.datetime(2023, 6, 1)),
        ),
        "draft": make("Jumlah Puskesmas Draf", organization=dinkes, state=DatasetState.DRAFT),
        "private": make("Jumlah Puskesmas Privat", organization=disdik, private=True),
        "deleted": make("Jumlah Puskesmas Lama", organization=dinkes, state="deleted"),
    }


def names(result):
    return sorted(dataset.name for dataset in result.results)


def test_words_are_anded_and_only_public_datasets_are_found(catalogue):
    result = dataset_search(q="jumlah puskesmas", rows=50)
    assert result.count == 1
    assert names(result) == [catalogue["puskesmas"].name]
    assert dataset_search(q="jumlah", rows=50).count == 2
    assert dataset_search(q="jumlah gizi").count == 0


def test_words_match_tags_topics_organization_and_formats(catalogue):
    assert names(dataset_search(q="bersih")) == [catalogue["puskesmas"].name]
    assert names(dataset_search(q="pendidikan uji")) == [catalogue["sekolah"].name]
    assert dataset_search(q="xlsx").count == 2


def test_filters_are_anded_and_negations_exclude(catalogue):
    dinkes = organization_slug(catalogue["dinkes"])
    assert dinkes == "dinkes-uji"
    assert dataset_search(filters={"organization": [dinkes]}).count == 2
    assert names(dataset_search(filters={"organization": [dinkes], "tags": ["gizi"]})) == [
        catalogue["gizi"].name
    ]
    assert dataset_search(filters={"tags": ["gizi", "puskesmas"]}).count == 0
    assert names(dataset_search(filters={"res_format": ["xlsx"], "-groups": ["kesehatan"]})) == [
        catalogue["sekolah"].name
    ]
    assert names(dataset_search(filters={"year": ["2023"]})) == [catalogue["sekolah"].name]
    assert names(dataset_search(filters=parse_fq('tags:"air bersih"'))) == [
        catalogue["puskesmas"].name
    ]


def test_field_terms_inside_q(catalogue):
    result = dataset_search(q="jumlah groups:kesehatan")
    assert names(result) == [catalogue["puskesmas"].name]
    assert dataset_search(q="res_format:CSV").count == 2
    with pytest.raises(SearchQueryError, match="kolom “warna” tidak dikenal"):
        dataset_search(q="warna:biru")


def test_facets_count_the_whole_match_not_the_page(catalogue):
    result = dataset_search(
        rows=1,
        facet_fields=["organization", "groups", "tags", "res_format", "license_id", "year"],
    )
    assert result.count == 3
    assert len(result.results) == 1
    assert result.facets == {
        "organization": {"dinkes-uji": 2, "disdik-uji": 1},
        "groups": {"kesehatan": 2, "pendidikan": 1},
        "tags": {"air bersih": 1, "gizi": 1, "puskesmas": 1, "sekolah": 1},
        "res_format": {"CSV": 2, "XLSX": 2},
        "license_id": {"cc-by-4.0": 2, "odc-by": 1},
        "year": {"2023": 1, "2024": 1, "2025": 1},
    }
    assert result.facet_labels["organization"]["dinkes-uji"] == "Dinas Kesehatan Uji"
    assert result.facet_titles["organization"] == "Produsen data"
    assert dataset_search(q="tidakadakatanya", facet_fields=["tags"]).facets == {"tags": {}}


def test_sort_and_paging(catalogue):
    by_name = dataset_search(sort="name asc", rows=2, start=1)
    expected = sorted(
        [catalogue["puskesmas"].name, catalogue["gizi"].name, catalogue["sekolah"].name]
    )
    assert [d.name for d in by_name.results] == expected[1:]
    by_title = dataset_search(sort="title_string desc", rows=3)
    assert [d.title for d in by_title.results] == [
        "Prevalensi Gizi Buruk",
        "Jumlah Sekolah Dasar",
        "Jumlah Puskesmas per Kecamatan",
    ]
    assert dataset_search(rows=100000).count == 3
    with pytest.raises(SearchQueryError, match="Urutan “popularitas desc” tidak dikenal"):
        dataset_search(sort="popularitas desc")


def test_include_private_for_walidata_and_the_producers_own_agency_only(catalogue):
    walidata = WalidataFactory()
    assert dataset_search(user=walidata, q="puskesmas", include_private=True).count == 3
    assert dataset_search(user=walidata, q="puskesmas").count == 1
    producer = ProducerFactory(agency=catalogue["dinkes"])
    assert names(dataset_search(user=producer, q="puskesmas", include_private=True)) == sorted(
        [catalogue["puskesmas"].name, catalogue["draft"].name]
    )
    citizen = UserFactory()
    assert dataset_search(user=citizen, q="puskesmas", include_private=True).count == 1


def test_parse_fq_terms_signs_and_ranges():
    assert parse_fq('organization:dinkes +groups:kesehatan -tags:"air bersih" res_format:CSV') == {
        "organization": ["dinkes"],
        "groups": ["kesehatan"],
        "-tags": ["air bersih"],
        "res_format": ["CSV"],
    }
    parsed = parse_fq("metadata_modified:[2025-01-01T00:00:00Z TO NOW] year:[2020 TO *]")
    modified = parsed["metadata_modified"][0]
    assert modified.start == dt.datetime(2025, 1, 1, tzinfo=dt.UTC)
    assert parsed["year"] == [Range(2020, None)]
    assert parse_fq("") == {}
    assert parse_fq("*:* +dataset_type:dataset") == {"dataset_type": ["dataset"]}


@pytest.mark.parametrize(
    ("fq", "message"),
    [
        ('tags:"air bersih', "tanda kutip tidak berpasangan"),
        ("metadata_modified:[2025-01-01T00:00:00Z TO NOW", "kurung siku tidak berpasangan"),
        ("organization:dinkes]", "kurung tutup tanpa kurung buka"),
        ("warna:biru", "kolom “warna” tidak dikenal"),
        ("organization", "harus berbentuk kolom:nilai"),
        ("tags:", "nilai untuk “tags” kosong"),
        ("tags:[a TO b]", "tidak mendukung rentang"),
        ("metadata_modified:[kemarin TO NOW]", "tanggal “kemarin” tidak dikenal"),
        ("metadata_modified:[2025]", "harus berbentuk [awal TO akhir]"),
    ],
)
def test_malformed_fq_is_a_search_query_error(fq, message):
    with pytest.raises(SearchQueryError) as raised:
        parse_fq(fq)
    assert message in raised.value.message
    assert raised.value.message.startswith("Parameter fq tidak valid")


def test_modified_range_filters(catalogue):
    future = parse_fq("metadata_modified:[NOW+1DAY TO *]")
    assert dataset_search(filters=future).count == 0
    past = parse_fq("metadata_modified:[2000-01-01T00:00:00Z TO NOW]")
    assert dataset_search(filters=past).count == 3


def test_parse_sort_default_is_ckans():
    assert parse_sort("") == [("score", True), ("metadata_modified", True)]
    assert parse_sort("name asc, metadata_modified desc") == [
        ("name", False),
        ("metadata_modified", True),
    ]

"""The in-memory search index (selectors/search_index.py) answers exactly what SQL answers:
random catalogues and random queries (words, every `field:value` term and its negation,
ranges, sorts, pages, facets) compared result by result; and, outside a transaction, the
live index answers public searches without a query and follows committed writes."""

from __future__ import annotations

import datetime as dt
import random

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.utils import timezone

from kotacerdas.core.tests.factories import AgencyFactory
from kotacerdas.opendata.models import Dataset, DatasetState
from kotacerdas.opendata.selectors import search_cache, search_index
from kotacerdas.opendata.selectors.search import (
    SORT_FIELDS,
    SearchQueryError,
    dataset_search,
    organization_slug,
    organization_uuid,
    parse_fq,
)
from kotacerdas.opendata.services.datasets import dataset_refresh_search
from kotacerdas.opendata.tests.factories import (
    DatasetFactory,
    ResourceFactory,
    TagFactory,
    TopicFactory,
)

WORDS = ("jumlah", "puskesmas", "sekolah", "banjir", "penduduk", "kecamatan", "air", "gizi")
TAGS = ("kesehatan ibu", "gizi", "sekolah", "banjir", "air bersih", "umkm")
TOPICS = ("kesehatan", "pendidikan", "lingkungan", "ekonomi")
FORMATS = ("CSV", "XLSX", "PDF", "JSON")
LICENSES = ("cc-by-4.0", "odc-by", "cc-zero")
FACETS = ["organization", "groups", "tags", "res_format", "license_id", "year"]


def catalogue(rng: random.Random, size: int = 60) -> dict:
    agencies = [AgencyFactory(code=f"OPD-{i}", name=f"Dinas Uji {i}") for i in range(4)]
    tags = {name: TagFactory(name=name) for name in TAGS}
    topics = {name: TopicFactory(name=name, title=name.title()) for name in TOPICS}
    datasets = []
    base = timezone.make_aware(dt.datetime(2024, 1, 1))
    for i in range(size):
        words = " ".join(rng.sample(WORDS, rng.randrange(1, 4)))
        year = rng.choice([2022, 2023, 2024, None])
        state = rng.choices(["active", "draft", "deleted"], weights=[8, 1, 1])[0]
        released = base + dt.timedelta(days=rng.randrange(0, 400))
        dataset = DatasetFactory(
            title=f"{words.title()} {rng.choice(['Kota', 'kota', 'Bekasi', ''])} {i % 7}",
            organization=rng.choice(agencies),
            state=state,
            private=rng.random() < 0.1,
            license_id=rng.choice(LICENSES),
            period_end=dt.date(year, 12, 31) if year else None,
            released_at=released if rng.random() < 0.8 or year else None,
        )
        # Spread timestamps, with ties, as bulk loads and same-second writes leave them.
        Dataset.objects.filter(pk=dataset.pk).update(
            metadata_modified=base + dt.timedelta(hours=rng.randrange(0, 30)),
            created_at=base - dt.timedelta(hours=rng.randrange(0, 30)),
        )
        dataset.tags.set([tags[name] for name in rng.sample(TAGS, rng.randrange(0, 3))])
        dataset.topics.set([topics[name] for name in rng.sample(TOPICS, rng.randrange(0, 3))])
        for fmt in rng.sample(FORMATS, rng.randrange(0, 3)):
            ResourceFactory(dataset=dataset, format=fmt)
        dataset.refresh_from_db()
        dataset_refresh_search(dataset)
        datasets.append(dataset)
    return {"agencies": agencies, "datasets": datasets}


def random_fq(rng: random.Random, data: dict) -> str:
    dataset = rng.choice(data["datasets"])
    agency = rng.choice(data["agencies"])
    terms = [
        f"organization:{organization_slug(agency)}",
        f"owner_org:{organization_uuid(agency)}",
        "organization:tidak-ada",
        f"groups:{rng.choice(TOPICS)}",
        f'tags:"{rng.choice(TAGS)}"',
        f"res_format:{rng.choice(FORMATS).lower()}",
        f"license_id:{rng.choice(LICENSES)}",
        f"year:{rng.choice([2022, 2023, 2024])}",
        "year:abc",
        f"year:[{rng.choice(['*', '2023'])} TO {rng.choice(['*', '2023'])}]",
        "metadata_modified:[2024-01-01T05:00:00Z TO *]",
        "metadata_created:[* TO 2023-12-31T12:00:00Z]",
        f"name:{dataset.name}",
        f"id:{dataset.uuid}",
        f"id:{dataset.name}",
        f"title:{rng.choice(WORDS)}",
        f"capacity:{rng.choice(['public', 'private'])}",
        f"state:{rng.choice(['active', 'draft'])}",
        f"dataset_type:{rng.choice(['dataset', 'harvest'])}",
    ]
    chosen = rng.sample(terms, rng.randrange(0, 4))
    return " ".join(("-" if rng.random() < 0.3 else "") + term for term in chosen)


def random_sort(rng: random.Random) -> str:
    fields = rng.sample(sorted(SORT_FIELDS), rng.randrange(0, 3))
    return ", ".join(f"{name} {rng.choice(['asc', 'desc'])}" for name in fields)


def answer(monkeypatch, force: bool, **query):
    monkeypatch.setattr(search_index, "FORCE", force)
    result = dataset_search(**query)
    # A stored page row whole (its package text and times too), a dataset by its key.
    rows = [tuple(row) if isinstance(row, tuple) else row.pk for row in result.results]
    return result.count, result.facets, result.facet_labels, rows


@pytest.mark.django_db
@pytest.mark.parametrize("seed", [1, 2])
def test_the_index_answers_what_sql_answers(seed, monkeypatch):
    rng = random.Random(seed)
    data = catalogue(rng)
    compared = 0
    for _ in range(120):
        query = {
            "q": " ".join(rng.sample([*WORDS, "pus", "kec", "tidakada"], rng.randrange(0, 3))),
            "filters": parse_fq(random_fq(rng, data)),
            "sort": random_sort(rng),
            "rows": rng.choice([0, 1, 5, 20, 100]),
            "start": rng.choice([0, 0, 3, 10]),
            "facet_fields": rng.sample(FACETS, rng.randrange(0, len(FACETS) + 1)),
            "facet_limit": rng.choice([-1, 2, 50]),
            "stored": rng.random() < 0.5,
        }
        expected = answer(monkeypatch, False, **query)
        assert answer(monkeypatch, True, **query) == expected, query
        compared += expected[0] > 0
    assert compared > 40  # most queries found something: the comparison is not vacuous


@pytest.mark.django_db
def test_the_index_leaves_private_searches_and_unusual_words_to_sql(monkeypatch):
    monkeypatch.setattr(search_index, "FORCE", True)
    index = search_index.current()
    assert index.accepts(["puskesmas", "2024"])
    # The PostgreSQL query parser would treat these differently from a plain word.
    assert index.accepts(["a_b", "élan"]) is (connection.vendor != "postgresql")
    with pytest.raises(SearchQueryError):
        dataset_search(q="warna:biru")


@pytest.mark.django_db(transaction=True)
def test_the_live_index_answers_without_a_query_and_follows_committed_writes(
    client, monkeypatch, settings
):
    from django.core.cache import cache
    from django.core.management import call_command

    from kotacerdas.opendata.tests.test_ckan_actions import call, published

    settings.CACHES = {
        "default": {
            "BACKEND": "django.core.cache.backends.db.DatabaseCache",
            "LOCATION": "kotacerdas_cache",
        }
    }
    call_command("createcachetable", verbosity=0)
    cache.clear()
    search_cache.clear_local()
    monkeypatch.setenv("KOTACERDAS_SEARCH_CACHE", "0")  # every answer computed, not cached
    agency = AgencyFactory(code="DINKES-INDEX")
    published("Jumlah Puskesmas", organization=agency, tags=["kesehatan"])

    def search():
        response = call(client, "package_search", q="jumlah", **{"facet.field": '["tags"]'})
        result = response.json()["result"]
        return [p["title"] for p in result["results"]], result["facets"]["tags"]

    assert not connection.in_atomic_block
    assert search() == (["Jumlah Puskesmas"], {"kesehatan": 1})
    built = search_index._current["index"]
    assert built is not None and built.size == 1
    if connection.vendor == "postgresql":
        with CaptureQueriesContext(connection) as queries:
            assert search() == (["Jumlah Puskesmas"], {"kesehatan": 1})
        # The version by NOTIFY, the page from the index's stored packages: no query.
        assert queries.captured_queries == []
    published("Jumlah Sekolah", organization=agency, tags=["kesehatan"])  # commits
    titles, tags = search()
    assert sorted(titles) == ["Jumlah Puskesmas", "Jumlah Sekolah"] and tags == {"kesehatan": 2}
    assert search_index._current["index"] is not built
    assert Dataset.objects.filter(state=DatasetState.ACTIVE).count() == 2
    search_cache.clear_local()

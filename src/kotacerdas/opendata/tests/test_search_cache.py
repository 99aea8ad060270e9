# ruff: noqa: F811  (the fixtures imported from test_ckan_actions)
"""The package_search result cache: public results come from the cache until a write to the
catalogue bumps its version (no stale result after a write); results that depend on who asks
(include_private with a token) are never cached, and private datasets never reach an
anonymous caller through the cache."""

from __future__ import annotations

import uuid

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext

from conftest import require_service
from kotacerdas.opendata.selectors import search_cache
from kotacerdas.opendata.services.datasets import dataset_delete, dataset_update
from kotacerdas.opendata.tests.factories import ProducerFactory, WalidataFactory
from kotacerdas.opendata.tests.test_ckan_actions import (  # noqa: F401  (fixtures)
    call,
    catalogue,
    dinkes,
    token_for,
)

pytestmark = pytest.mark.django_db


BACKENDS = {
    # Results shared between processes through the cache (as with Redis).
    "shared": {
        "BACKEND": "django.core.cache.backends.locmem.LocMemCache",
        "LOCATION": "search-cache-tests",
    },
    # The default database cache: only the version is shared, results stay in the process.
    "database": {
        "BACKEND": "django.core.cache.backends.db.DatabaseCache",
        "LOCATION": "kotacerdas_cache",
    },
    # Redis (REDIS_URL): results and version shared by every process; database 15 of the
    # local server, with a key prefix of each test's own (runs at the same time never meet).
    "redis": {
        "BACKEND": "django.core.cache.backends.redis.RedisCache",
        "LOCATION": "redis://127.0.0.1:6379/15",
        "KEY_PREFIX": "kc-search-cache-tests",
    },
}


@pytest.fixture(autouse=True, params=sorted(BACKENDS))
def search_cache_backend(request, settings):
    if request.param == "redis":
        require_service("Redis", "127.0.0.1", 6379)
    config = dict(BACKENDS[request.param])
    if request.param == "redis":
        config["KEY_PREFIX"] = f"kc-search-cache-tests-{uuid.uuid4().hex}"
    settings.CACHES = {"default": config}
    from django.core.cache import cache

    if request.param != "redis":  # clear() would empty the whole Redis database
        cache.clear()
    search_cache.clear_local()
    yield request.param
    search_cache.clear_local()


def names(response) -> list[str]:
    assert response.status_code == 200, response.content
    return sorted(package["name"] for package in response.json()["result"]["results"])


def dataset_queries(queries) -> list[str]:
    return [q["sql"] for q in queries.captured_queries if "opendata_dataset" in q["sql"]]


def test_a_repeated_public_search_is_answered_from_the_cache(client, catalogue):
    first = call(client, "package_search", q="jumlah", sort="name asc")
    with CaptureQueriesContext(connection) as queries:
        second = call(client, "package_search", q="jumlah", sort="name asc")
    assert second.json() == first.json()
    assert dataset_queries(queries) == []
    with CaptureQueriesContext(connection) as queries:
        other = call(client, "package_search", q="jumlah", sort="name desc")
    assert dataset_queries(queries) != []  # other parameters: computed
    assert names(other) == names(first)


def test_a_write_makes_the_next_search_see_it(
    client, catalogue, dinkes, django_capture_on_commit_callbacks
):
    walidata = WalidataFactory()
    before = call(client, "package_search", q="puskesmas").json()["result"]["results"]
    assert [package["title"] for package in before] == ["Jumlah Puskesmas"]
    # As if the write's transaction committed (the test's never does).
    with django_capture_on_commit_callbacks(execute=True) as callbacks:
        dataset_update(actor=walidata, dataset=catalogue["puskesmas"], title="Jumlah Klinik")
    assert callbacks
    after = call(client, "package_search", q="puskesmas").json()["result"]["results"]
    assert [package["title"] for package in after] == ["Jumlah Klinik"]  # not the cached one
    with django_capture_on_commit_callbacks(execute=True):
        dataset_delete(actor=walidata, dataset=catalogue["sekolah"])
    assert "jumlah-sekolah" not in names(call(client, "package_search", q="jumlah"))


def test_private_results_never_reach_anonymous_callers_through_the_cache(client, catalogue):
    token = token_for(WalidataFactory())
    private = call(client, "package_search", token=token, q="jumlah", include_private=True)
    assert "jumlah-rahasia" in names(private) and "draf-dinkes" not in names(private)
    anonymous = call(client, "package_search", q="jumlah", include_private=True)
    assert names(anonymous) == ["jumlah-puskesmas", "jumlah-sekolah"]
    # The other way round: an anonymous answer cached first is not what a token sees.
    cached = call(client, "package_search", q="rahasia", include_private=True)
    assert names(cached) == []
    seen = call(client, "package_search", token=token, q="rahasia", include_private=True)
    assert names(seen) == ["jumlah-rahasia"]


def test_a_producer_sees_its_drafts_even_after_the_public_search_was_cached(
    client, catalogue, dinkes
):
    assert names(call(client, "package_search", q="puskesmas", include_private=True)) == [
        "jumlah-puskesmas"
    ]
    token = token_for(ProducerFactory(agency=dinkes))
    found = call(client, "package_search", token=token, q="puskesmas", include_private=True)
    assert names(found) == ["draf-dinkes", "jumlah-puskesmas"]


def test_a_write_changes_the_version_at_once_and_again_on_commit(
    catalogue, django_capture_on_commit_callbacks
):
    before = search_cache.catalogue_version()
    with django_capture_on_commit_callbacks(execute=False) as callbacks:
        dataset_update(actor=WalidataFactory(), dataset=catalogue["puskesmas"], title="Baru")
    during = search_cache.catalogue_version()
    assert during != before
    for callback in callbacks:  # the commit
        callback()
    assert search_cache.catalogue_version() not in (before, during)


def test_without_a_usable_shared_cache_nothing_is_cached(client, catalogue, settings):
    settings.CACHES = {
        "default": {
            "BACKEND": "django.core.cache.backends.db.DatabaseCache",
            "LOCATION": "no_such_cache_table",
        }
    }
    search_cache.clear_local()
    assert not search_cache.enabled()
    call(client, "package_search", q="jumlah")
    with CaptureQueriesContext(connection) as queries:
        again = call(client, "package_search", q="jumlah")
    assert names(again) == ["jumlah-puskesmas", "jumlah-sekolah"]
    assert dataset_queries(queries) != []


def test_count_and_facets_shared_between_pages_follow_a_write(
    client, catalogue, django_capture_on_commit_callbacks
):
    facets = '["organization"]'
    first = call(client, "package_search", q="jumlah", rows=1, **{"facet.field": facets})
    assert first.json()["result"]["count"] == 2
    with django_capture_on_commit_callbacks(execute=True):
        dataset_delete(actor=WalidataFactory(), dataset=catalogue["sekolah"])
    # Another page of the same match: the whole answer is not cached, its count and facets
    # would be (shared by every page) but the version changed.
    second = call(client, "package_search", q="jumlah", rows=2, **{"facet.field": facets})
    result = second.json()["result"]
    assert result["count"] == 1
    assert result["facets"]["organization"] == {"dinkes-uji": 1}


def test_a_cache_hit_sends_the_stored_body_without_serialising_or_querying(
    client, catalogue, search_cache_backend, monkeypatch
):
    first = call(client, "package_search", q="jumlah", **{"facet.field": '["organization"]'})
    assert first.json()["success"] is True
    assert first.json()["help"].endswith("/help_show?name=package_search")

    def no_encoding(*args, **kwargs):
        raise AssertionError("a cache hit must not serialise the answer again")

    monkeypatch.setattr("kotacerdas.opendata.ckan.envelope.encode", no_encoding)
    monkeypatch.setattr("kotacerdas.opendata.ckan.views.encode", no_encoding)
    with CaptureQueriesContext(connection) as queries:
        second = call(client, "package_search", q="jumlah", **{"facet.field": '["organization"]'})
    assert second.status_code == 200
    assert second.content == first.content
    # Only the catalogue version, and only where the database holds it: an anonymous GET
    # reads no session, no user, no token.
    sql = [q["sql"] for q in queries.captured_queries]
    if search_cache_backend == "database":
        assert len(sql) == 1 and "kotacerdas_cache" in sql[0]
    else:
        assert sql == []

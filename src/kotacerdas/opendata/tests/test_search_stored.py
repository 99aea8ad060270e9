# ruff: noqa: F811  (the fixtures imported from test_ckan_actions)
"""Stored CKAN packages (ckan/stored.py): package_search sends each released dataset's
package serialised at its last write, filled in per request, and the answer is the same,
byte for byte, as the package built live; what is not the dataset's own (producer, topics,
freshness, host, language) follows without a write to the dataset; a package behind its
dataset is never sent."""

from __future__ import annotations

import datetime as dt

import pytest
from django.core.management import call_command
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.utils import timezone

from kotacerdas.core.models import Agency
from kotacerdas.opendata.ckan import stored
from kotacerdas.opendata.models import Dataset, DatasetPackage, Topic
from kotacerdas.opendata.selectors import search_index
from kotacerdas.opendata.services.datasets import dataset_update
from kotacerdas.opendata.tests.factories import WalidataFactory
from kotacerdas.opendata.tests.test_ckan_actions import (  # noqa: F401  (fixtures)
    call,
    catalogue,
    dinkes,
    published,
    token_for,
)

pytestmark = pytest.mark.django_db
FACETS = '["organization", "groups", "tags", "res_format", "license_id", "year"]'


@pytest.fixture(autouse=True)
def no_answer_cache(monkeypatch):
    """Every call computed (the stored packages, not the answer cache, are under test)."""
    monkeypatch.setenv("KOTACERDAS_SEARCH_CACHE", "0")


@pytest.fixture(params=["sql", "index"])
def search_engine(request, monkeypatch):
    """Run the test twice: the page read by SQL, and from the in-memory index (built
    afresh for each search), which holds the stored packages too."""
    monkeypatch.setattr(search_index, "FORCE", request.param == "index")
    return request.param


def live_and_stored(client, monkeypatch, **params) -> tuple[bytes, bytes]:
    """The body with the stored packages, and the same call with every package built live."""
    with_stored = call(client, "package_search", **params)
    assert with_stored.status_code == 200, with_stored.content
    with monkeypatch.context() as patch:
        patch.setattr(stored.Filler, "fill", lambda self, text, row: None)
        live = call(client, "package_search", **params)
    return with_stored.content, live.content


def test_released_datasets_have_a_stored_package_and_drafts_none(catalogue):
    stored_ids = set(DatasetPackage.objects.values_list("dataset_id", flat=True))
    released = {catalogue[name].pk for name in ("puskesmas", "sekolah", "private")}
    assert stored_ids == released
    body = DatasetPackage.objects.get(dataset=catalogue["puskesmas"]).body
    assert "Dinas Kesehatan Uji" not in body  # the producer is a placeholder
    assert "\x01G" in body and "\x03" in body and "testserver" not in body


@pytest.mark.parametrize(
    "params",
    [
        {"q": "jumlah", "sort": "name asc"},
        {"rows": 1, "start": 1, "facet.field": FACETS},
        {"fq": "organization:dinkes-uji", "facet.field": FACETS, "facet.limit": 1},
        {"q": "tidak-ada-apa-apa"},
    ],
)
@pytest.mark.usefixtures("search_engine")
def test_the_answer_is_byte_for_byte_the_live_one(client, catalogue, monkeypatch, params):
    with_stored, live = live_and_stored(client, monkeypatch, **params)
    assert with_stored == live
    assert b"Dinas Kesehatan Uji" in with_stored or b'"count":0' in with_stored


@pytest.mark.usefixtures("search_engine")
def test_the_same_in_english_and_on_another_host(client, catalogue, monkeypatch, settings):
    settings.ALLOWED_HOSTS = ["*"]
    client.defaults.update(HTTP_ACCEPT_LANGUAGE="en", HTTP_HOST="data.contoh.id")
    with_stored, live = live_and_stored(client, monkeypatch, q="jumlah")
    assert with_stored == live
    assert b"http://data.contoh.id/satudata/dataset/jumlah-puskesmas/" in with_stored


def test_with_a_token_and_include_private_the_same_as_live(client, catalogue, monkeypatch):
    token = token_for(WalidataFactory())
    with_stored, live = live_and_stored(
        client, monkeypatch, token=token, q="jumlah", include_private=True
    )
    assert with_stored == live
    assert b"jumlah-rahasia" in with_stored


@pytest.mark.usefixtures("search_engine")
def test_producer_and_topic_renames_show_without_a_dataset_write(client, catalogue, monkeypatch):
    before = DatasetPackage.objects.get(dataset=catalogue["puskesmas"]).body
    Agency.objects.filter(code="DINKES-UJI").update(name="Dinas Kesehatan Baru")
    Topic.objects.filter(name="kesehatan").update(title="Kesehatan Masyarakat")
    with_stored, live = live_and_stored(client, monkeypatch, q="puskesmas")
    assert with_stored == live
    package = call(client, "package_search", q="puskesmas").json()["result"]["results"][0]
    assert package["organization"]["title"] == "Dinas Kesehatan Baru"
    assert package["author"] == "Dinas Kesehatan Baru"
    assert package["groups"][0]["title"] == "Kesehatan Masyarakat"
    assert DatasetPackage.objects.get(dataset=catalogue["puskesmas"]).body == before


@pytest.mark.usefixtures("search_engine")
def test_released_at_and_freshness_come_from_the_row(client, catalogue, monkeypatch):
    # The demo backdates releases with .update() (no write through the services).
    old = timezone.now() - dt.timedelta(days=3 * 365)
    Dataset.objects.filter(pk=catalogue["puskesmas"].pk).update(released_at=old)
    with_stored, live = live_and_stored(client, monkeypatch, q="puskesmas")
    assert with_stored == live
    extras = call(client, "package_search", q="puskesmas").json()["result"]["results"][0]
    values = {item["key"]: item["value"] for item in extras["extras"]}
    assert values["freshness"] == "stale"
    assert values["released_at"] == old.astimezone(dt.UTC).replace(tzinfo=None).isoformat()


@pytest.mark.usefixtures("search_engine")
def test_a_package_behind_its_dataset_is_not_sent(client, catalogue):
    # A write that bypassed the services: the dataset moved on, its stored package did not.
    Dataset.objects.filter(pk=catalogue["puskesmas"].pk).update(
        title="Jumlah Puskesmas Baru", metadata_modified=timezone.now()
    )
    titles = [
        p["title"]
        for p in call(client, "package_search", q="puskesmas").json()["result"]["results"]
    ]
    assert titles == ["Jumlah Puskesmas Baru"]


def test_a_service_write_stores_the_package_again(client, catalogue):
    dataset_update(actor=WalidataFactory(), dataset=catalogue["puskesmas"], title="Jumlah Klinik")
    package = DatasetPackage.objects.get(dataset=catalogue["puskesmas"])
    assert '"title":"Jumlah Klinik"' in package.body
    assert package.stamp == Dataset.objects.get(pk=catalogue["puskesmas"].pk).metadata_modified


@pytest.mark.usefixtures("search_engine")
def test_data_that_looks_like_a_placeholder_stays_data(client, catalogue, dinkes, monkeypatch):
    tricky = "Judul \x01G kesehatan\x02 \x03 " + stored._VALUE + "O1" + stored._VALUE
    dataset = published("Jumlah Aneh", organization=dinkes, name="jumlah-aneh")
    dataset_update(actor=WalidataFactory(), dataset=dataset, notes=tricky)
    with_stored, live = live_and_stored(client, monkeypatch, q="aneh")
    assert with_stored == live
    package = call(client, "package_search", q="aneh").json()["result"]["results"][0]
    assert package["notes"] == tricky
    # The marker inside the data made the template unsafe: this one is built live.
    assert not DatasetPackage.objects.filter(dataset=dataset).exists()


def test_a_miss_reads_the_page_in_one_query(client, catalogue):
    call(client, "package_search", q="jumlah")  # imports, first connection
    with CaptureQueriesContext(connection) as queries:
        call(client, "package_search", q="jumlah", rows=10)
    page = [q["sql"] for q in queries.captured_queries if "opendata_datasetpackage" in q["sql"]]
    assert len(page) == 1
    # Agencies, the count, the page and the topics; nothing per dataset.
    assert len(queries.captured_queries) == 4


def test_the_command_stores_what_is_missing_or_behind(catalogue):
    DatasetPackage.objects.all().delete()
    call_command("satudata_store_packages", verbosity=0)
    assert DatasetPackage.objects.count() == 3
    Dataset.objects.filter(pk=catalogue["sekolah"].pk).update(metadata_modified=timezone.now())
    call_command("satudata_store_packages", verbosity=0)
    package = DatasetPackage.objects.get(dataset=catalogue["sekolah"])
    assert package.stamp == Dataset.objects.get(pk=catalogue["sekolah"].pk).metadata_modified


@pytest.mark.usefixtures("search_engine")
def test_a_filter_that_matches_nothing_by_construction_is_an_empty_answer(client, catalogue):
    response = call(client, "package_search", fq="year:abc", **{"facet.field": FACETS})
    assert response.status_code == 200
    result = response.json()["result"]
    assert result["count"] == 0 and result["results"] == []
    assert result["facets"]["organization"] == {}


def test_the_index_fills_a_package_once_per_host_language_and_day(client, catalogue, monkeypatch):
    index = search_index.SearchIndex(None, pg_words=connection.vendor == "postgresql")
    monkeypatch.setattr(search_index, "current", lambda: index)  # one index for every search
    first = call(client, "package_search", q="jumlah")
    found = first.json()["result"]["count"]
    assert found == 2
    assert [len(memo) for memo in index.package_memos.values()] == [found]
    with monkeypatch.context() as patch:
        patch.setattr(stored.Filler, "fill", lambda *args: pytest.fail("filled again"))
        assert call(client, "package_search", q="jumlah").content == first.content
    client.defaults.update(HTTP_ACCEPT_LANGUAGE="en")  # another language: filled anew
    english = call(client, "package_search", q="jumlah")
    assert len(index.package_memos) == 2 and english.content != first.content
    monkeypatch.setattr(search_index, "current", lambda: None)  # SQL, nothing kept
    with_stored, live = live_and_stored(client, monkeypatch, q="jumlah")
    assert english.content == with_stored == live

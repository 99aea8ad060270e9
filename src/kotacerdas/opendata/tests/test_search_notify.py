"""The catalogue version by PostgreSQL notification: outside a transaction a cached
package_search answer is sent without any query, and a write committed by another
connection (another process) reaches it by NOTIFY, so the next search sees the write."""

from __future__ import annotations

import threading
import time

import pytest
from django.core.cache import cache
from django.db import connection, connections
from django.test.utils import CaptureQueriesContext
from django.utils import timezone

from kotacerdas.core.tests.factories import AgencyFactory
from kotacerdas.opendata.models import Dataset
from kotacerdas.opendata.selectors import search_cache
from kotacerdas.opendata.tests.test_ckan_actions import call, published

pytestmark = [pytest.mark.django_db(transaction=True), pytest.mark.usefixtures("postgres_only")]


@pytest.fixture(autouse=True)
def database_cache(settings):
    settings.CACHES = {
        "default": {
            "BACKEND": "django.core.cache.backends.db.DatabaseCache",
            "LOCATION": "kotacerdas_cache",
        }
    }
    cache.clear()
    search_cache.clear_local()
    yield
    search_cache.clear_local()


def titles(client) -> list[str]:
    response = call(client, "package_search", q="puskesmas")
    return [package["title"] for package in response.json()["result"]["results"]]


def in_another_connection(sql: str, params: list) -> None:
    """Run one statement on a connection of its own (as another process would), committed."""

    def run():
        try:
            with connections["default"].cursor() as cursor:
                cursor.execute(sql, params)
        finally:
            connections.close_all()

    thread = threading.Thread(target=run)
    thread.start()
    thread.join()


def test_a_hit_needs_no_query_and_a_notified_write_is_seen(client):
    dataset = published("Jumlah Puskesmas", organization=AgencyFactory(code="DINKES-NOTIFY"))
    assert not connection.in_atomic_block
    assert titles(client) == ["Jumlah Puskesmas"]
    with CaptureQueriesContext(connection) as queries:
        assert titles(client) == ["Jumlah Puskesmas"]
    assert queries.captured_queries == []  # not even the version

    # Another process changes the dataset without telling this one: the cached answer stays.
    in_another_connection(
        "UPDATE opendata_dataset SET title = %s, metadata_modified = %s WHERE id = %s",
        ["Jumlah Klinik", timezone.now(), dataset.pk],
    )
    assert titles(client) == ["Jumlah Puskesmas"]
    # Its write service notifies (search_cache._bump): the next searches see the write.
    in_another_connection("SELECT pg_notify(%s, %s)", [search_cache.CHANNEL, "elsewhere-1"])
    deadline = time.monotonic() + 10
    while titles(client) != ["Jumlah Klinik"]:
        assert time.monotonic() < deadline, "the notification never arrived"
        time.sleep(0.05)
    assert Dataset.objects.get(pk=dataset.pk).title == "Jumlah Klinik"


def test_a_new_connection_reads_the_shared_version_once(client):
    published("Jumlah Puskesmas", organization=AgencyFactory(code="DINKES-NOTIFY"))
    titles(client)
    connection.close()  # as CONN_MAX_AGE does: the new one LISTENs and reads the version
    with CaptureQueriesContext(connection) as queries:
        assert titles(client) == ["Jumlah Puskesmas"]
    sql = [query["sql"] for query in queries.captured_queries]
    assert sql[0].startswith("LISTEN") and "kotacerdas_cache" in sql[1]
    assert len(sql) == 2  # still a hit: the version did not change

"""The unmodified `ckanapi` client (library and command line) against the running server:
search, show, organizations, errors as ckanapi's exceptions, `ckanapi dump datasets --all`
and `ckanapi search datasets`."""

from __future__ import annotations

import json
import os
import subprocess
import sys
from importlib import import_module
from pathlib import Path

import pytest
from django.apps import apps
from django.utils import timezone

from kotacerdas.core.services.tokens import token_create
from kotacerdas.core.tests.factories import AgencyFactory
from kotacerdas.opendata.models import Dataset, DatasetState
from kotacerdas.opendata.services.datasets import dataset_refresh_search
from kotacerdas.opendata.tests.factories import (
    DatasetFactory,
    ProducerFactory,
    ResourceFactory,
    TagFactory,
)
from kotacerdas.opendata.tests.portal_data import add_release

ckanapi = pytest.importorskip("ckanapi")

# The server thread needs committed rows.
pytestmark = pytest.mark.django_db(transaction=True)
CKANAPI = str(Path(sys.executable).with_name("ckanapi"))
# `ckanapi dump` starts its workers as `ckanapi` from PATH.
ENV = {**os.environ, "PATH": f"{Path(sys.executable).parent}{os.pathsep}{os.environ['PATH']}"}


@pytest.fixture(autouse=True)
def reference_data():
    """Agencies and topics of the data migrations, loaded again: an earlier transactional
    test may have emptied the tables (the loaders are idempotent)."""
    from kotacerdas.core import reference_data as loaders
    from kotacerdas.core.models import Agency, AgencyName, Organisation, Region

    loaders.load_regions(Region)
    loaders.load_agencies(Agency, AgencyName, Region, Organisation)
    import_module("kotacerdas.opendata.migrations.0002_topics").load(apps, None)


def publish(name, title, *, organization, tags=()):
    dataset = DatasetFactory(
        name=name,
        title=title,
        organization=organization,
        state=DatasetState.ACTIVE,
        published_at=timezone.now(),
        released_at=timezone.now(),
    )
    dataset.tags.set([TagFactory(name=tag) for tag in tags])
    resource = ResourceFactory(dataset=dataset, name=f"{title} (CSV)", sha256="cd" * 32)
    add_release(dataset, resources=[resource])
    return dataset


@pytest.fixture
def catalogue():
    agency = AgencyFactory(code="DINKES-CKAN", name="Dinas Kesehatan (uji ckanapi)")
    publish("jumlah-puskesmas", "Jumlah Puskesmas", organization=agency, tags=["puskesmas"])
    publish("jumlah-posyandu", "Jumlah Posyandu", organization=agency, tags=["posyandu"])
    publish("jumlah-sekolah", "Jumlah Sekolah", organization=AgencyFactory(code="DISDIK-CKAN"))
    draft = DatasetFactory(name="draf-rahasia", title="Jumlah Draf", organization=agency)
    dataset_refresh_search(draft)
    return agency


def test_ckanapi_searches_shows_and_lists_organizations(live_server, catalogue):
    with ckanapi.RemoteCKAN(live_server.url + "/satudata") as ckan:
        result = ckan.action.package_search(
            q="jumlah", fq="organization:dinkes-ckan", sort="name asc", rows=10
        )
        assert result["count"] == 2
        assert [package["name"] for package in result["results"]] == [
            "jumlah-posyandu",
            "jumlah-puskesmas",
        ]
        package = ckan.action.package_show(id="jumlah-puskesmas")
        assert package["organization"]["name"] == "dinkes-ckan"
        assert package["resources"][0]["hash"] == "sha256:" + "cd" * 32
        organizations = ckan.action.organization_list()
        assert "dinkes-ckan" in organizations and "disdik-ckan" in organizations
        assert ckan.action.package_search(rows=1000)["count"] == 3
        with pytest.raises(ckanapi.ValidationError) as refused:  # over CKAN's rows_max
            ckan.action.package_search(rows=100000)
        assert refused.value.error_dict["rows"] == ["Maksimum 1000 baris per permintaan"]


def test_ckanapi_raises_its_own_exceptions_for_ckan_errors(live_server, catalogue):
    with ckanapi.RemoteCKAN(live_server.url + "/satudata") as ckan:
        with pytest.raises(ckanapi.NotFound):
            ckan.action.package_show(id="draf-rahasia")
        with pytest.raises(ckanapi.ValidationError) as invalid:
            ckan.action.package_search(rows="banyak")
        assert invalid.value.error_dict["rows"] == ["Bilangan bulat tidak valid"]
        with pytest.raises(ckanapi.SearchQueryError):
            ckan.action.package_search(fq='tags:"air bersih')
        with pytest.raises(ckanapi.NotAuthorized):
            ckan.action.package_create(name="x-baru", title="X", owner_org="dinkes-ckan")
    other = token_create(actor="cli", user=ProducerFactory(agency=AgencyFactory()), name="t")[1]
    with (
        ckanapi.RemoteCKAN(live_server.url + "/satudata", apikey=other) as ckan,
        pytest.raises(ckanapi.NotAuthorized),
    ):
        ckan.action.package_patch(id="jumlah-puskesmas", title="Dibajak")
    assert Dataset.objects.get(name="jumlah-puskesmas").title == "Jumlah Puskesmas"


def test_ckanapi_creates_a_draft_with_a_producer_token(live_server, catalogue):
    producer = ProducerFactory(agency=catalogue)
    key = token_create(actor="cli", user=producer, name="t")[1]
    with ckanapi.RemoteCKAN(live_server.url + "/satudata", apikey=key) as ckan:
        created = ckan.action.package_create(
            name="gizi-balita", title="Gizi Balita", owner_org="dinkes-ckan"
        )
        assert created["state"] == "draft"
        found = ckan.action.package_search(q="gizi", include_private=True)
        assert [package["name"] for package in found["results"]] == ["gizi-balita"]
    with ckanapi.RemoteCKAN(live_server.url + "/satudata") as anonymous:
        assert anonymous.action.package_search(q="gizi")["count"] == 0


def test_ckanapi_cli_dump_datasets_all(live_server, catalogue, tmp_path):
    output = tmp_path / "datasets.jsonl"
    completed = subprocess.run(
        [CKANAPI, "dump", "datasets", "--all", "-r", live_server.url + "/satudata",
         "-O", str(output), "-p", "1", "-q"],
        capture_output=True, text=True, timeout=120, env=ENV,
    )  # fmt: skip
    assert completed.returncode == 0, completed.stderr
    records = [json.loads(line) for line in output.read_text().splitlines()]
    assert [record["name"] for record in records] == [
        "jumlah-posyandu",
        "jumlah-puskesmas",
        "jumlah-sekolah",
    ]
    assert records[0]["organization"]["name"] == "dinkes-ckan"
    assert records[0]["resources"][0]["format"] == "CSV"


def test_ckanapi_cli_search_datasets(live_server, catalogue):
    completed = subprocess.run(
        [CKANAPI, "search", "datasets", "q=puskesmas", "-r", live_server.url + "/satudata"],
        capture_output=True, text=True, timeout=120, env=ENV,
    )  # fmt: skip
    assert completed.returncode == 0, completed.stderr
    records = [json.loads(line) for line in completed.stdout.splitlines()]
    assert [record["name"] for record in records] == ["jumlah-puskesmas"]

"""DCAT-AP catalogue and dataset documents (item 8), parsed back with rdflib."""

from __future__ import annotations

import datetime as dt
import json

import pytest
from django.urls import reverse
from django.utils import timezone
from rdflib import Graph, Literal, URIRef
from rdflib.namespace import DCAT, DCTERMS, FOAF, OWL, RDF, XSD

from kotacerdas.core.models import Agency
from kotacerdas.core.tests.factories import AgencyFactory
from kotacerdas.opendata.dcat import graph as dcat_graph
from kotacerdas.opendata.dcat.vocab import EU_FREQUENCY, EU_THEME, HYDRA, SPDX, VCARD
from kotacerdas.opendata.models import DatasetState, Release
from kotacerdas.opendata.tests.factories import (
    DatasetFactory,
    ResourceFactory,
    TagFactory,
    TopicFactory,
)

pytestmark = pytest.mark.django_db

SHA = "a" * 64


def published(**fields):
    """A published public dataset with a release of one CSV resource (until the publish
    service of the workflow exists, built directly)."""
    fields.setdefault("state", DatasetState.ACTIVE)
    fields.setdefault("published_at", timezone.now())
    fields.setdefault("released_at", timezone.now())
    dataset = DatasetFactory(**fields)
    resource = ResourceFactory(
        dataset=dataset, name="Data 2025", size=1234, sha256=SHA, media_type="text/csv"
    )
    release = Release.objects.create(dataset=dataset, version=1, published_at=timezone.now())
    release.resources.add(resource)
    dataset.current_release = release
    dataset.num_resources = 1
    dataset.save()
    return dataset


def parse(response, fmt):
    graph = Graph()
    graph.parse(data=response.content.decode(), format=fmt)
    return graph


def dataset_uri(dataset):
    return URIRef(f"http://testserver/satudata/dataset/{dataset.name}/")


@pytest.mark.parametrize("url_name,fmt", [("catalog_jsonld", "json-ld"), ("catalog_ttl", "turtle")])
def test_catalog_lists_published_public_datasets_only(client, url_name, fmt):
    shown = published(title="Jumlah penduduk")
    DatasetFactory(title="Draf")  # draft
    published(title="Privat", private=True)
    published(title="Dihapus", state=DatasetState.DELETED)

    response = client.get(reverse(f"opendata:{url_name}"))

    assert response.status_code == 200
    graph = parse(response, fmt)
    catalogs = list(graph.subjects(RDF.type, DCAT.Catalog))
    assert len(catalogs) == 1
    assert list(graph.objects(catalogs[0], DCAT.dataset)) == [dataset_uri(shown)]
    assert set(graph.subjects(RDF.type, DCAT.Dataset)) == {dataset_uri(shown)}
    titles = {str(t) for t in graph.objects(None, DCTERMS.title)}
    assert "Privat" not in titles and "Draf" not in titles and "Dihapus" not in titles


def test_catalog_content_types(client):
    jsonld = client.get(reverse("opendata:catalog_jsonld"))
    ttl = client.get(reverse("opendata:catalog_ttl"))

    assert jsonld["Content-Type"] == "application/ld+json"
    assert ttl["Content-Type"] == "text/turtle; charset=utf-8"
    assert isinstance(json.loads(jsonld.content), dict | list)


def test_catalog_describes_itself(client):
    walidata = Agency.objects.get(is_walidata=True)  # Diskominfostandi, reference data
    published(published_at=timezone.make_aware(dt.datetime(2025, 3, 1, 8, 0)))

    graph = parse(client.get(reverse("opendata:catalog_ttl")), "turtle")

    catalog = next(graph.subjects(RDF.type, DCAT.Catalog))
    assert graph.value(catalog, DCTERMS.title) == Literal("Portal Satu Data Kota Bekasi", lang="id")
    assert graph.value(catalog, DCTERMS.description) is not None
    publisher = graph.value(catalog, DCTERMS.publisher)
    assert graph.value(publisher, FOAF.name) == Literal(walidata.name, lang="id")
    assert graph.value(catalog, FOAF.homepage) == catalog
    assert graph.value(catalog, DCTERMS.language) == URIRef(
        "http://publications.europa.eu/resource/authority/language/IND"
    )
    issued = graph.value(catalog, DCTERMS.issued)
    assert issued.datatype == XSD.dateTime
    assert issued.toPython().date() == dt.date(2025, 3, 1)
    assert graph.value(catalog, DCTERMS.modified) is not None


@pytest.mark.parametrize("fmt", ["jsonld", "ttl"])
def test_dataset_triples(client, fmt):
    agency = AgencyFactory(name="Dinas Kesehatan", email="dinkes@bekasikota.go.id")
    dataset = published(
        organization=agency,
        title="Jumlah puskesmas",
        notes="Puskesmas per kecamatan.",
        frequency="quarterly",
        period_start=dt.date(2025, 1, 1),
        period_end=dt.date(2025, 12, 31),
        version="2.1",
        contact_name="Seksi Data",
        contact_email="data@dinkes.id",
        license_id="cc-by-4.0",
    )
    dataset.tags.add(TagFactory(name="puskesmas"))
    dataset.topics.add(TopicFactory(name="kesehatan"))

    response = client.get(reverse(f"opendata:dataset_{fmt}", args=[dataset.name]))

    assert response.status_code == 200
    graph = parse(response, "json-ld" if fmt == "jsonld" else "turtle")
    node = dataset_uri(dataset)
    assert (node, RDF.type, DCAT.Dataset) in graph
    assert graph.value(node, DCTERMS.identifier) == Literal(str(dataset.uuid))
    assert graph.value(node, DCTERMS.title) == Literal("Jumlah puskesmas", lang="id")
    assert graph.value(node, DCTERMS.description) == Literal("Puskesmas per kecamatan.", lang="id")
    assert graph.value(node, DCAT.keyword) == Literal("puskesmas", lang="id")
    assert EU_THEME.HEAL in set(graph.objects(node, DCAT.theme))
    assert graph.value(node, DCTERMS.accrualPeriodicity) == EU_FREQUENCY.QUARTERLY
    assert graph.value(node, OWL.versionInfo) == Literal("2.1")
    assert graph.value(node, DCAT.landingPage) == node
    publisher = graph.value(node, DCTERMS.publisher)
    assert publisher == URIRef(f"http://testserver/satudata/organisasi/{agency.code.lower()}/")
    assert (publisher, RDF.type, FOAF.Organization) in graph
    assert graph.value(publisher, FOAF.name) == Literal("Dinas Kesehatan", lang="id")
    contact = graph.value(node, DCAT.contactPoint)
    assert (contact, RDF.type, VCARD.Kind) in graph
    assert graph.value(contact, VCARD.fn) == Literal("Seksi Data")
    assert graph.value(contact, VCARD.hasEmail) == URIRef("mailto:data@dinkes.id")
    period = graph.value(node, DCTERMS.temporal)
    assert (period, RDF.type, DCTERMS.PeriodOfTime) in graph
    assert graph.value(period, DCAT.startDate) == Literal(dt.date(2025, 1, 1), datatype=XSD.date)
    assert graph.value(period, DCAT.endDate) == Literal(dt.date(2025, 12, 31), datatype=XSD.date)
    spatial = graph.value(node, DCTERMS.spatial)
    assert (spatial, RDF.type, DCTERMS.Location) in graph
    assert graph.value(spatial, DCTERMS.identifier) == Literal("32.75")


@pytest.mark.parametrize("fmt", ["jsonld", "ttl"])
def test_distribution_triples(client, fmt):
    dataset = published()
    resource = dataset.current_release.resources.get()

    response = client.get(reverse(f"opendata:dataset_{fmt}", args=[dataset.name]))

    graph = parse(response, "json-ld" if fmt == "jsonld" else "turtle")
    distributions = list(graph.objects(dataset_uri(dataset), DCAT.distribution))
    assert len(distributions) == 1
    dist = distributions[0]
    assert (dist, RDF.type, DCAT.Distribution) in graph
    assert graph.value(dist, DCTERMS.title) == Literal("Data 2025", lang="id")
    assert graph.value(dist, DCAT.accessURL) is not None
    assert graph.value(dist, DCAT.mediaType) == URIRef(
        "https://www.iana.org/assignments/media-types/text/csv"
    )
    assert graph.value(dist, DCTERMS["format"]) == URIRef(
        "http://publications.europa.eu/resource/authority/file-type/CSV"
    )
    assert graph.value(dist, DCAT.byteSize) == Literal(1234, datatype=XSD.nonNegativeInteger)
    checksum = graph.value(dist, SPDX.checksum)
    assert graph.value(checksum, SPDX.algorithm) == SPDX.checksumAlgorithm_sha256
    assert str(graph.value(checksum, SPDX.checksumValue)) == SHA
    assert graph.value(dist, DCTERMS.license) == URIRef(
        "https://creativecommons.org/licenses/by/4.0/"
    )
    assert graph.value(dist, DCTERMS.identifier) == Literal(str(resource.uuid))


def test_link_resource_download_url_is_its_link(client):
    dataset = published()
    link = ResourceFactory(dataset=dataset, name="API", url="https://api.contoh.id/data", format="")
    dataset.current_release.resources.add(link)

    graph = parse(client.get(reverse("opendata:dataset_ttl", args=[dataset.name])), "turtle")

    dist = next(d for d in graph.subjects(DCTERMS.title, Literal("API", lang="id")))
    assert graph.value(dist, DCAT.downloadURL) == URIRef("https://api.contoh.id/data")
    assert graph.value(dist, DCAT.accessURL) == URIRef("https://api.contoh.id/data")


def test_only_current_release_resources(client):
    dataset = published()
    old = ResourceFactory(dataset=dataset, name="Versi lama")
    Release.objects.create(dataset=dataset, version=0, published_at=timezone.now()).resources.add(
        old
    )
    ResourceFactory(dataset=dataset, name="Belum terbit")

    graph = parse(client.get(reverse("opendata:dataset_ttl", args=[dataset.name])), "turtle")

    titles = {str(t) for t in graph.objects(None, DCTERMS.title)}
    assert "Data 2025" in titles
    assert "Versi lama" not in titles and "Belum terbit" not in titles


@pytest.mark.parametrize("url_name", ["dataset_jsonld", "dataset_ttl"])
def test_dataset_document_404_for_unknown_draft_or_private(client, url_name):
    draft = DatasetFactory()
    private = published(private=True)

    for name in ["tidak-ada", draft.name, private.name]:
        assert client.get(reverse(f"opendata:{url_name}", args=[name])).status_code == 404


def test_catalog_paging_links(client, monkeypatch):
    for number in range(5):
        published(name=f"data-{number}")
    url = reverse("opendata:catalog_ttl")
    monkeypatch.setattr(dcat_graph, "PAGE_SIZE", 2)

    first = parse(client.get(url), "turtle")
    second = parse(client.get(url, {"page": "2"}), "turtle")
    last = parse(client.get(url, {"page": "3"}), "turtle")

    base = "http://testserver/satudata/catalog.ttl?page="
    page2 = URIRef(base + "2")
    assert (page2, RDF.type, HYDRA.PagedCollection) in second
    assert second.value(page2, HYDRA.totalItems) == Literal(5, datatype=XSD.integer)
    assert second.value(page2, HYDRA.itemsPerPage) == Literal(2, datatype=XSD.integer)
    assert str(second.value(page2, HYDRA.firstPage)) == base + "1"
    assert str(second.value(page2, HYDRA.previousPage)) == base + "1"
    assert str(second.value(page2, HYDRA.nextPage)) == base + "3"
    assert str(second.value(page2, HYDRA.lastPage)) == base + "3"
    page1 = URIRef(base + "1")
    assert first.value(page1, HYDRA.previousPage) is None
    assert last.value(URIRef(base + "3"), HYDRA.nextPage) is None
    names = [
        sorted(str(d) for d in g.subjects(RDF.type, DCAT.Dataset)) for g in (first, second, last)
    ]
    assert [len(n) for n in names] == [2, 2, 1]
    assert len({uri for page in names for uri in page}) == 5


@pytest.mark.parametrize("page", ["abc", "0", "-1", "1.5", "4"])
def test_catalog_bad_page_is_400(client, page):
    published()

    response = client.get(reverse("opendata:catalog_jsonld"), {"page": page})

    assert response.status_code == 400
    body = response.content.decode()
    assert body.startswith("Parameter page") or body.startswith("Halaman 4 tidak ada")


def test_empty_catalog_has_one_page(client):
    response = client.get(reverse("opendata:catalog_ttl"))

    graph = parse(response, "turtle")
    page = URIRef("http://testserver/satudata/catalog.ttl?page=1")
    assert graph.value(page, HYDRA.totalItems) == Literal(0, datatype=XSD.integer)
    assert list(graph.subjects(RDF.type, DCAT.Dataset)) == []


def test_catalog_queries_do_not_grow_with_datasets(client, django_assert_max_num_queries):
    for _ in range(6):
        dataset = published()
        dataset.tags.add(TagFactory())
        dataset.topics.add(TopicFactory())

    with django_assert_max_num_queries(8):
        response = client.get(reverse("opendata:catalog_jsonld"))

    assert response.status_code == 200

"""DCAT-AP 2/3 graphs of the catalogue and its datasets (item 8), modelled on ckanext-dcat's
`euro_dcat_ap` profiles: catalogue, datasets, distributions, with Hydra paging of the
catalogue (`?page=N`, `hydra:PagedCollection`) as ckanext-dcat's catalogue endpoint does."""

from __future__ import annotations

import math
from typing import Any

from django.conf import settings
from django.urls import NoReverseMatch, reverse
from django.utils.translation import gettext as _
from rdflib import BNode, Graph, Literal, URIRef
from rdflib.namespace import DCAT, DCTERMS, FOAF, OWL, RDF, SKOS, XSD

from kotacerdas.opendata.licenses import LICENSES_BY_ID
from kotacerdas.opendata.selectors.search import organization_slug

from . import queries
from .vocab import (
    ADMS,
    CITY_CODE,
    CITY_NAME,
    EU_THEME,
    FILE_TYPES,
    FREQUENCY_URIS,
    HYDRA,
    IANA_MEDIA_TYPES,
    LANGUAGE_INDONESIAN,
    PREFIXES,
    SPDX,
    TOPIC_THEMES,
    VCARD,
)

PAGE_SIZE = 100
LANG = "id"


class CatalogPageError(ValueError):
    """A `?page=` that is not a page of the catalogue (answered with 400)."""


def parse_page(raw: str | None) -> int:
    """The page number of `?page=` (1 when absent); CatalogPageError for anything else."""
    if raw is None or raw == "":
        return 1
    try:
        page = int(raw)
    except ValueError:
        raise CatalogPageError(
            _("Parameter page harus bilangan bulat positif, bukan %(value)r.") % {"value": raw}
        ) from None
    if page < 1:
        raise CatalogPageError(_("Parameter page harus 1 atau lebih."))
    return page


def site_base(request) -> str:
    """Scheme and host of the URIs: SITE_URL when set (stable URIs), else the request's."""
    return settings.SITE_URL or f"{request.scheme}://{request.get_host()}"


def _url(base: str, viewname: str, args: tuple = (), fallback: str = "") -> str:
    """An absolute page URL; the contract's path when that area's URL is not wired yet."""
    try:
        return base + reverse(viewname, args=args)
    except NoReverseMatch:
        return base + fallback


def new_graph() -> Graph:
    graph = Graph()
    for prefix, namespace in PREFIXES.items():
        graph.bind(prefix, namespace, override=True)
    return graph


class _Builder:
    """Adds catalogue, dataset and distribution triples to one graph; agencies described once."""

    def __init__(self, graph: Graph, base: str) -> None:
        self.graph = graph
        self.base = base
        self.catalog_uri = URIRef(_url(base, "opendata:portal", fallback="/satudata/"))
        self.agencies: dict[int, URIRef] = {}
        self.topics: set[str] = set()
        self.spatial = URIRef(_url(base, "core:region_map", fallback="/wilayah/"))

    def add(self, subject, predicate, value) -> None:
        if value is not None and value != "":
            self.graph.add((subject, predicate, value))

    def text(self, value: str) -> Literal | None:
        return Literal(value, lang=LANG) if value else None

    def when(self, value) -> Literal | None:
        if value is None:
            return None
        return Literal(value.isoformat(), datatype=XSD.dateTime)

    def agency(self, agency) -> URIRef:
        """The producer as foaf:Organization, named by its organisation page (CKAN name)."""
        node = self.agencies.get(agency.pk)
        if node is None:
            slug = organization_slug(agency)
            node = self.agencies[agency.pk] = URIRef(
                _url(
                    self.base,
                    "opendata:organization_detail",
                    (slug,),
                    fallback=f"/satudata/organisasi/{slug}/",
                )
            )
            self.add(node, RDF.type, FOAF.Organization)
            self.add(node, FOAF.name, self.text(agency.name))
            self.add(node, DCTERMS.identifier, Literal(agency.code))
            if agency.email:
                self.add(node, FOAF.mbox, URIRef(f"mailto:{agency.email}"))
            if agency.website:
                self.add(node, FOAF.homepage, URIRef(agency.website))
        return node

    def location(self) -> URIRef:
        if (self.spatial, RDF.type, DCTERMS.Location) not in self.graph:
            self.add(self.spatial, RDF.type, DCTERMS.Location)
            self.add(self.spatial, SKOS.prefLabel, self.text(CITY_NAME))
            self.add(self.spatial, DCTERMS.identifier, Literal(CITY_CODE))
        return self.spatial

    def topic(self, topic) -> URIRef:
        scheme = URIRef(f"{self.catalog_uri}#tema")
        node = URIRef(f"{self.catalog_uri}#tema-{topic.name}")
        if topic.name not in self.topics:
            self.topics.add(topic.name)
            self.add(scheme, RDF.type, SKOS.ConceptScheme)
            self.add(scheme, SKOS.prefLabel, self.text(_("Topik Satu Data Kota Bekasi")))
            self.add(node, RDF.type, SKOS.Concept)
            self.add(node, SKOS.prefLabel, self.text(topic.title))
            self.add(node, SKOS.inScheme, scheme)
        return node

    def catalog(self, *, summary: dict, publisher) -> URIRef:
        node = self.catalog_uri
        self.add(node, RDF.type, DCAT.Catalog)
        self.add(node, DCTERMS.title, self.text(_("Portal Satu Data Kota Bekasi")))
        self.add(
            node,
            DCTERMS.description,
            self.text(
                _(
                    "Katalog data sektoral Pemerintah Kota Bekasi yang diterbitkan walidata "
                    "(Diskominfostandi) dari data Perangkat Daerah."
                )
            ),
        )
        if publisher is not None:
            self.add(node, DCTERMS.publisher, self.agency(publisher))
        else:
            city = BNode("city")
            self.add(city, RDF.type, FOAF.Organization)
            self.add(city, FOAF.name, self.text(_("Pemerintah Kota Bekasi")))
            self.add(node, DCTERMS.publisher, city)
        self.add(node, FOAF.homepage, self.catalog_uri)
        self.add(node, DCTERMS.language, LANGUAGE_INDONESIAN)
        self.add(node, DCTERMS.spatial, self.location())
        self.add(node, DCTERMS.issued, self.when(summary.get("issued")))
        self.add(node, DCTERMS.modified, self.when(summary.get("modified")))
        self.add(node, DCAT.themeTaxonomy, URIRef(f"{self.catalog_uri}#tema"))
        self.add(node, DCAT.themeTaxonomy, URIRef(str(EU_THEME).rstrip("/")))
        return node

    def dataset(self, dataset) -> URIRef:
        landing = _url(
            self.base,
            "opendata:dataset_detail",
            (dataset.name,),
            fallback=f"/satudata/dataset/{dataset.name}/",
        )
        node = URIRef(landing)
        release = dataset.current_release
        self.add(node, RDF.type, DCAT.Dataset)
        self.add(node, DCTERMS.identifier, Literal(str(dataset.uuid)))
        identifier = BNode(f"id-{dataset.uuid.hex}")
        self.add(node, ADMS.identifier, identifier)
        self.add(identifier, RDF.type, ADMS.Identifier)
        self.add(identifier, SKOS.notation, Literal(dataset.name))
        self.add(node, DCTERMS.title, self.text(dataset.title))
        self.add(node, DCTERMS.description, self.text(dataset.notes or dataset.title))
        for tag in dataset.tags.all():
            self.add(node, DCAT.keyword, self.text(tag.name))
        for topic in dataset.topics.all():
            self.add(node, DCAT.theme, self.topic(topic))
            self.add(node, DCAT.theme, TOPIC_THEMES.get(topic.name))
        self.add(node, DCTERMS.publisher, self.agency(dataset.organization))
        self.contact_point(node, dataset)
        self.add(node, DCTERMS.accrualPeriodicity, FREQUENCY_URIS.get(dataset.frequency))
        self.temporal(node, dataset)
        self.add(node, DCTERMS.spatial, self.location())
        version = dataset.version or (str(release.version) if release else "")
        self.add(node, OWL.versionInfo, Literal(version) if version else None)
        self.add(node, DCTERMS.issued, self.when(dataset.published_at))
        self.add(
            node, DCTERMS.modified, self.when(dataset.released_at or dataset.metadata_modified)
        )
        self.add(node, DCAT.landingPage, URIRef(landing))
        self.add(URIRef(landing), RDF.type, FOAF.Document)
        self.add(node, DCTERMS.language, LANGUAGE_INDONESIAN)
        if release is not None:
            for resource in release.resources.all():
                self.add(node, DCAT.distribution, self.distribution(dataset, landing, resource))
        return node

    def contact_point(self, node: URIRef, dataset) -> None:
        agency = dataset.organization
        email = dataset.contact_email or agency.email
        contact = BNode(f"contact-{dataset.uuid.hex}")
        self.add(node, DCAT.contactPoint, contact)
        self.add(contact, RDF.type, VCARD.Kind)
        self.add(contact, VCARD.fn, Literal(dataset.contact_name or agency.name))
        if email:
            self.add(contact, VCARD.hasEmail, URIRef(f"mailto:{email}"))

    def temporal(self, node: URIRef, dataset) -> None:
        if not (dataset.period_start or dataset.period_end):
            return
        period = BNode(f"period-{dataset.uuid.hex}")
        self.add(node, DCTERMS.temporal, period)
        self.add(period, RDF.type, DCTERMS.PeriodOfTime)
        if dataset.period_start:
            self.add(period, DCAT.startDate, Literal(dataset.period_start, datatype=XSD.date))
        if dataset.period_end:
            self.add(period, DCAT.endDate, Literal(dataset.period_end, datatype=XSD.date))

    def distribution(self, dataset, landing: str, resource) -> URIRef:
        node = URIRef(f"{landing}resource/{resource.uuid}")
        self.add(node, RDF.type, DCAT.Distribution)
        self.add(node, DCTERMS.identifier, Literal(str(resource.uuid)))
        self.add(node, DCTERMS.title, self.text(resource.name))
        self.add(node, DCTERMS.description, self.text(resource.description))
        download = self.download_url(dataset, resource)
        self.add(node, DCAT.accessURL, URIRef(download or landing))
        if download:
            self.add(node, DCAT.downloadURL, URIRef(download))
        if resource.media_type:
            self.add(node, DCAT.mediaType, URIRef(IANA_MEDIA_TYPES + resource.media_type))
        file_type = FILE_TYPES.get(resource.format.upper())
        if file_type is not None:
            self.add(node, DCTERMS["format"], file_type)
        elif resource.format:
            self.add(node, DCTERMS["format"], Literal(resource.format))
        if resource.size is not None:
            self.add(node, DCAT.byteSize, Literal(resource.size, datatype=XSD.nonNegativeInteger))
        if resource.sha256:
            checksum = BNode(f"checksum-{resource.uuid.hex}")
            self.add(node, SPDX.checksum, checksum)
            self.add(checksum, RDF.type, SPDX.Checksum)
            self.add(checksum, SPDX.algorithm, SPDX.checksumAlgorithm_sha256)
            self.add(checksum, SPDX.checksumValue, Literal(resource.sha256, datatype=XSD.hexBinary))
        license = LICENSES_BY_ID.get(dataset.license_id)
        if license is not None and license.url:
            self.add(node, DCTERMS.license, URIRef(license.url))
        self.add(node, DCTERMS.issued, self.when(resource.created_at))
        return node

    def download_url(self, dataset, resource) -> str:
        if resource.file:
            return _url(
                self.base,
                "opendata:resource_file",
                (dataset.name, resource.uuid),
                fallback=resource.file.url,
            )
        return resource.url

    def paging(self, *, page_url, page: int, last: int, total: int, page_size: int) -> None:
        """ckanext-dcat's `_add_pagination_triples`: page links as literals on the page URI."""
        node = URIRef(page_url(page))
        self.add(node, RDF.type, HYDRA.PagedCollection)
        self.add(node, HYDRA.totalItems, Literal(total, datatype=XSD.integer))
        self.add(node, HYDRA.itemsPerPage, Literal(page_size, datatype=XSD.integer))
        self.add(node, HYDRA.firstPage, Literal(page_url(1)))
        self.add(node, HYDRA.lastPage, Literal(page_url(last)))
        if page > 1:
            self.add(node, HYDRA.previousPage, Literal(page_url(page - 1)))
        if page < last:
            self.add(node, HYDRA.nextPage, Literal(page_url(page + 1)))


def catalog_graph(*, request, page: int = 1, page_size: int | None = None) -> Graph:
    """One page of the catalogue: the dcat:Catalog, its datasets and the Hydra page links.

    Raises CatalogPageError for a page past the last one."""
    page_size = page_size or PAGE_SIZE
    summary = queries.catalog_summary()
    total = summary["total"]
    last = max(1, math.ceil(total / page_size))
    if page < 1 or page > last:
        raise CatalogPageError(
            _("Halaman %(page)s tidak ada; katalog memiliki %(last)s halaman.")
            % {"page": page, "last": last}
        )
    graph = new_graph()
    builder = _Builder(graph, site_base(request))
    catalog = builder.catalog(summary=summary, publisher=queries.catalog_publisher())
    for dataset in queries.catalog_page(offset=(page - 1) * page_size, limit=page_size):
        builder.add(catalog, DCAT.dataset, builder.dataset(dataset))
    page_path = builder.base + request.path
    builder.paging(
        page_url=lambda number: f"{page_path}?page={number}",
        page=page,
        last=last,
        total=total,
        page_size=page_size,
    )
    return graph


def dataset_graph(*, request, dataset) -> Graph:
    """The DCAT-AP description of one published dataset (loaded by `queries`)."""
    graph = new_graph()
    _Builder(graph, site_base(request)).dataset(dataset)
    return graph


def serialize(graph: Graph, fmt: str) -> str:
    """`jsonld` (compacted with our prefixes) or `ttl`."""
    if fmt == "jsonld":
        context: dict[str, Any] = {prefix: str(ns) for prefix, ns in PREFIXES.items()}
        return graph.serialize(format="json-ld", context=context, auto_compact=True)
    return graph.serialize(format="turtle")

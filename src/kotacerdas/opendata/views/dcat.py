"""DCAT-AP documents (item 8): the paged catalogue and one document per published dataset,
as JSON-LD and Turtle. Thin: the graphs are built in `opendata.dcat`."""

from __future__ import annotations

from django.http import Http404, HttpResponse, HttpResponseBadRequest
from django.utils.translation import gettext as _
from django.views.decorators.http import require_GET

from kotacerdas.opendata import dcat
from kotacerdas.opendata.dcat import queries

CONTENT_TYPES = {"jsonld": "application/ld+json", "ttl": "text/turtle; charset=utf-8"}


def _document(graph, fmt: str) -> HttpResponse:
    response = HttpResponse(dcat.serialize(graph, fmt), content_type=CONTENT_TYPES[fmt])
    response["Access-Control-Allow-Origin"] = "*"
    return response


def _catalog(request, fmt: str) -> HttpResponse:
    try:
        page = dcat.parse_page(request.GET.get("page"))
        graph = dcat.catalog_graph(request=request, page=page)
    except dcat.CatalogPageError as exc:
        return HttpResponseBadRequest(str(exc), content_type="text/plain; charset=utf-8")
    return _document(graph, fmt)


def _dataset(request, name: str, fmt: str) -> HttpResponse:
    dataset = queries.public_dataset_by_name(name)
    if dataset is None:
        raise Http404(_("Dataset tidak ditemukan atau belum terbit."))
    return _document(dcat.dataset_graph(request=request, dataset=dataset), fmt)


@require_GET
def catalog_jsonld(request):
    return _catalog(request, "jsonld")


@require_GET
def catalog_ttl(request):
    return _catalog(request, "ttl")


@require_GET
def dataset_jsonld(request, name: str):
    return _dataset(request, name, "jsonld")


@require_GET
def dataset_ttl(request, name: str):
    return _dataset(request, name, "ttl")

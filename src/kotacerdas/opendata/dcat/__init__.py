"""DCAT-AP catalogue of the Portal Satu Data (item 8): `/satudata/catalog.jsonld|ttl` paged,
and one document per published dataset."""

from .graph import (
    PAGE_SIZE,
    CatalogPageError,
    catalog_graph,
    dataset_graph,
    parse_page,
    serialize,
)

__all__ = [
    "PAGE_SIZE",
    "CatalogPageError",
    "catalog_graph",
    "dataset_graph",
    "parse_page",
    "serialize",
]

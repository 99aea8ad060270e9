"""URLs of the dcat area of `opendata` (see urls/__init__.py): DCAT-AP documents."""

from django.urls import path

from kotacerdas.opendata.views import dcat

urlpatterns = [
    path("catalog.jsonld", dcat.catalog_jsonld, name="catalog_jsonld"),
    path("catalog.ttl", dcat.catalog_ttl, name="catalog_ttl"),
    path("dataset/<slug:name>.jsonld", dcat.dataset_jsonld, name="dataset_jsonld"),
    path("dataset/<slug:name>.ttl", dcat.dataset_ttl, name="dataset_ttl"),
]

"""URLs of the requests area of `opendata` (see urls/__init__.py): public data requests and
the indicator links (under /satudata/kelola/indikator/)."""

from django.urls import path

from kotacerdas.opendata.views import links, requests

urlpatterns = [
    path("permintaan/", requests.request_list, name="request_list"),
    path("permintaan/baru/", requests.request_create, name="request_create"),
    path("permintaan/<uuid:uuid>/", requests.request_detail, name="request_detail"),
    path("kelola/indikator/", links.link_list, name="indicator_link_list"),
    path("kelola/indikator/<int:pk>/hapus/", links.link_remove, name="indicator_link_remove"),
]

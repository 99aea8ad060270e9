"""URLs of the downloads area of `opendata` (see urls/__init__.py): a resource's original
file and its datastore table as CSV, JSON or XLSX."""

from django.urls import path

from kotacerdas.opendata.views.portal import downloads

urlpatterns = [
    path(
        "dataset/<slug:name>/sumber/<uuid:uuid>/berkas/",
        downloads.resource_file,
        name="resource_file",
    ),
    path(
        "dataset/<slug:name>/sumber/<uuid:uuid>/unduh.<slug:fmt>",
        downloads.resource_download,
        name="resource_download",
    ),
]

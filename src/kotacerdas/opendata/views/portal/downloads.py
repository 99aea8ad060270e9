"""Downloads of a resource (issue #6 item 5): the original file as handed in, and the typed
datastore table as CSV, JSON or XLSX (streamed). Only what the viewer may read: resources of
a release, or unreleased ones for their producer and the walidata; anything else is a 404."""

from __future__ import annotations

import os

from django.http import FileResponse, Http404, HttpResponseRedirect
from django.utils.translation import gettext as _
from django.views.decorators.http import require_GET

from kotacerdas.opendata.datastore.errors import DatastoreQueryError
from kotacerdas.opendata.datastore.export import CONTENT_TYPES, datastore_export_response
from kotacerdas.opendata.selectors import portal as selectors


def _resource(request, name, uuid):
    dataset = selectors.dataset_get_for_viewer(user=request.user, name=name)
    resource = selectors.resource_get_for_download(
        user=request.user, dataset=dataset, resource_uuid=uuid
    )
    return dataset, resource


@require_GET
def resource_file(request, name, uuid):
    """The original file (or the link of a link resource)."""
    _dataset, resource = _resource(request, name, uuid)
    if not resource.file:
        if resource.url:
            return HttpResponseRedirect(resource.url)
        raise Http404(_("Sumber daya ini tidak memiliki berkas."))
    try:
        handle = resource.file.open("rb")
    except FileNotFoundError:
        raise Http404(_("Berkas sumber daya tidak ditemukan.")) from None
    filename = resource.original_name or os.path.basename(resource.file.name)
    return FileResponse(
        handle,
        as_attachment=True,
        filename=filename,
        content_type=resource.media_type or "application/octet-stream",
    )


@require_GET
def resource_download(request, name, uuid, fmt):
    """The datastore table as CSV, JSON or XLSX."""
    dataset, resource = _resource(request, name, uuid)
    if fmt not in CONTENT_TYPES or not resource.datastore_active:
        raise Http404(_("Unduhan tidak tersedia untuk sumber daya ini."))
    try:
        return datastore_export_response(
            resource=resource, fmt=fmt, filename=f"{dataset.name}-{str(resource.uuid)[:8]}"
        )
    except DatastoreQueryError:
        raise Http404(_("Unduhan tidak tersedia untuk sumber daya ini.")) from None

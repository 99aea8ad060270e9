"""A published version of a dataset (frozen metadata and resources) and the difference
between two versions (issue #6 item 4: releases are immutable and versioned)."""

from __future__ import annotations

from django.http import Http404
from django.shortcuts import render
from django.utils.translation import gettext as _
from django.views.decorators.http import require_GET

from kotacerdas.opendata.selectors import portal as selectors

from .common import quality_rows


@require_GET
def release_detail(request, name, version):
    dataset = selectors.dataset_get_for_viewer(user=request.user, name=name)
    release = selectors.release_get(dataset=dataset, version=version)
    return render(
        request,
        "opendata/portal/release_detail.html",
        {
            "dataset": dataset,
            "release": release,
            "metadata_rows": selectors.release_metadata_rows(release),
            "quality": quality_rows(release.quality),
            "resources": list(release.resources.all()),
            "is_current": dataset.current_release_id == release.pk,
        },
    )


@require_GET
def release_diff(request, name, a, b):
    from kotacerdas.opendata.selectors.releases import release_diff as diff_releases

    if a == b:
        raise Http404(_("Pilih dua versi yang berbeda."))
    dataset = selectors.dataset_get_for_viewer(user=request.user, name=name)
    old = selectors.release_get(dataset=dataset, version=min(a, b))
    new = selectors.release_get(dataset=dataset, version=max(a, b))
    diff = diff_releases(old=old, new=new)
    return render(
        request,
        "opendata/portal/release_diff.html",
        {
            "dataset": dataset,
            "old": old,
            "new": new,
            "diff": diff,
            "metadata_changes": selectors.metadata_changes(diff),
            "data": selectors.data_changes(diff),
        },
    )

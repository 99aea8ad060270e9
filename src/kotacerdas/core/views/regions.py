"""Placeholder until this area lands (replaced by its owner)."""

from django.http import Http404


def region_map(request, *args, **kwargs):
    raise Http404


def region_geojson(request, *args, **kwargs):
    raise Http404


def region_detail(request, *args, **kwargs):
    raise Http404

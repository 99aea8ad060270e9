"""Placeholder until this area lands (replaced by its owner)."""

from django.http import Http404


def agency_list(request, *args, **kwargs):
    raise Http404


def agency_detail(request, *args, **kwargs):
    raise Http404


def agency_edit(request, *args, **kwargs):
    raise Http404

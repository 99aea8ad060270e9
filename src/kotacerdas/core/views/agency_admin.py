"""Agency administration pages (being written)."""

from django.http import Http404


def agency_create(request):
    raise Http404


def agency_merge(request, code):
    raise Http404


def agency_retire(request, code):
    raise Http404

"""Placeholder until this area lands (replaced by its owner)."""

from django.http import Http404


def help_terms(request, *args, **kwargs):
    raise Http404

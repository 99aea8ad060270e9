"""Placeholder until this area lands (replaced by its owner)."""

from django.http import Http404


def stakeholder_list(request, *args, **kwargs):
    raise Http404

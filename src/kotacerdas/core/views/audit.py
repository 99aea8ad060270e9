"""Placeholder until this area lands (replaced by its owner)."""

from django.http import Http404


def audit_list(request, *args, **kwargs):
    raise Http404


def audit_export(request, *args, **kwargs):
    raise Http404

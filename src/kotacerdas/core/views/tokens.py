"""Placeholder until this area lands (replaced by its owner)."""

from django.http import Http404


def token_list(request, *args, **kwargs):
    raise Http404


def token_revoke(request, *args, **kwargs):
    raise Http404

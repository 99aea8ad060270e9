"""Placeholder until this area lands (replaced by its owner)."""

from django.http import Http404


def login_view(request, *args, **kwargs):
    raise Http404


def logout_view(request, *args, **kwargs):
    raise Http404


def otp_verify(request, *args, **kwargs):
    raise Http404


def otp_setup(request, *args, **kwargs):
    raise Http404

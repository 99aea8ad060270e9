"""Account administration pages (being written)."""

from django.http import Http404


def user_list(request):
    raise Http404


def user_create(request):
    raise Http404


def user_edit(request, pk):
    raise Http404


def user_deactivate(request, pk):
    raise Http404

"""The signed-in user's notifications: a list (unread first) and marking them read."""

from __future__ import annotations

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.paginator import Paginator
from django.shortcuts import redirect, render
from django.utils.http import url_has_allowed_host_and_scheme
from django.utils.translation import gettext as _
from django.views.decorators.http import require_POST

from kotacerdas.core.selectors import notifications as selectors
from kotacerdas.core.services import notifications as services

PAGE_SIZE = 25


@login_required
def notification_list(request):
    unread_only = request.GET.get("belum") == "1"
    queryset = selectors.notification_list(actor=request.user, unread_only=unread_only)
    page = Paginator(queryset, PAGE_SIZE).get_page(request.GET.get("halaman"))
    return render(
        request,
        "core/notifications/list.html",
        {
            "page": page,
            "unread_only": unread_only,
            "unread": selectors.unread_count(actor=request.user),
        },
    )


def notification_badge(request):
    """The bell's unread count (an htmx fragment; empty for anonymous visitors)."""
    response = render(
        request,
        "core/notifications/_badge.html",
        {"unread": selectors.unread_count(actor=request.user)},
    )
    response["Cache-Control"] = "private, no-store"
    return response


@login_required
@require_POST
def notification_read(request, pk: int):
    """Mark one read; with `buka=1` go on to the notification's link."""
    notification = selectors.notification_get(actor=request.user, pk=pk)
    services.notification_mark_read(actor=request.user, notification=notification)
    target = notification.url
    if (
        request.POST.get("buka") == "1"
        and target
        and url_has_allowed_host_and_scheme(target, allowed_hosts={request.get_host()})
    ):
        return redirect(target)
    return redirect("core:notification_list")


@login_required
@require_POST
def notification_read_all(request):
    count = services.notification_mark_all_read(actor=request.user)
    messages.success(request, _("%(n)s notifikasi ditandai sudah dibaca.") % {"n": count})
    return redirect("core:notification_list")

"""Meeting list (filters, pagination, CSV), the schedule form and the edit form."""

from __future__ import annotations

import csv

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import ValidationError
from django.core.paginator import Paginator
from django.http import HttpResponse
from django.shortcuts import redirect, render
from django.utils import timezone
from django.utils.translation import gettext as _
from django.views.decorators.http import require_http_methods

from kotacerdas.core.forms import add_service_errors, style_form
from kotacerdas.institutions import permissions
from kotacerdas.institutions.models import Commission, MeetingKind, MeetingStatus
from kotacerdas.institutions.selectors import meetings as selectors
from kotacerdas.institutions.services import meetings as services

from .common import to_date, to_int
from .forms import MeetingEditForm, MeetingForm

PAGE_SIZE = 25


def _filters(request) -> dict:
    kind = request.GET.get("jenis", "")
    status = request.GET.get("status", "")
    return {
        "term_id": to_int(request.GET.get("periode")),
        "kind": kind if kind in MeetingKind.values else "",
        "commission_id": to_int(request.GET.get("komisi")),
        "status": status if status in MeetingStatus.values else "",
        "date_from": to_date(request.GET.get("dari")),
        "date_to": to_date(request.GET.get("sampai")),
        "search": request.GET.get("q", "").strip()[:100],
    }


@login_required
def meeting_list(request):
    filters = _filters(request)
    queryset = selectors.meeting_list(actor=request.user, **filters)
    page = Paginator(queryset, PAGE_SIZE).get_page(request.GET.get("halaman"))
    context = {
        "filters": filters,
        "page": page,
        "terms": selectors.terms(),
        "kinds": MeetingKind.choices,
        "statuses": MeetingStatus.choices,
        "commissions": Commission.objects.select_related("term").order_by(
            "-term__number", "dimension__order"
        ),
        "can_manage": permissions.can_manage(request.user),
    }
    if request.htmx and not request.htmx.history_restore_request:
        return render(request, "institutions/meetings/list.html#results", context)
    return render(request, "institutions/meetings/list.html", context)


@login_required
def meeting_export(request):
    """The filtered list as CSV (UTF-8 with BOM for spreadsheets)."""
    queryset = selectors.meeting_list(actor=request.user, **_filters(request))
    response = HttpResponse(content_type="text/csv; charset=utf-8")
    response["Content-Disposition"] = 'attachment; filename="rapat.csv"'
    response.write("\ufeff")
    writer = csv.writer(response)
    writer.writerow(
        [
            _("Nomor"),
            _("Judul"),
            _("Jenis"),
            _("Komisi"),
            _("Mulai"),
            _("Selesai"),
            _("Tempat"),
            _("Status"),
            _("Diundang"),
            _("Hadir"),
            _("Surat undangan"),
        ]
    )
    for m in queryset:
        writer.writerow(
            [
                m.pk,
                m.title,
                m.get_kind_display(),
                "; ".join(c.name for c in m.commissions.all()),
                timezone.localtime(m.starts_at).strftime("%Y-%m-%d %H:%M"),
                timezone.localtime(m.ends_at).strftime("%Y-%m-%d %H:%M"),
                m.location,
                m.get_status_display(),
                m.invited_count,
                m.present_count,
                m.invitation.number if m.invitation else "",
            ]
        )
    return response


@login_required
@require_http_methods(["GET", "POST"])
def meeting_schedule(request):
    permissions.require_manage(request.user)
    initial = {}
    current = selectors.current_term()
    if current:
        initial["term"] = current.pk
    if to_int(request.GET.get("term")):  # the term select changed (htmx reloads the komisi)
        initial["term"] = to_int(request.GET.get("term"))
    form = MeetingForm(request.POST or None, initial=initial)
    if request.method == "POST" and form.is_valid():
        data = form.cleaned_data
        try:
            meeting = services.meeting_schedule(
                actor=request.user,
                term=data["term"],
                kind=data["kind"],
                title=data["title"],
                starts_at=data["starts_at"],
                ends_at=data["ends_at"],
                commissions=list(data["commissions"]),
                agenda=data["agenda"],
                location=data["location"],
                online_url=data["online_url"],
                invitees=list(data["invitees"]),
                resource_persons=list(data["resource_persons"]),
            )
        except ValidationError as exc:
            add_service_errors(form, exc)
            style_form(form)
        else:
            messages.success(request, _("Rapat dijadwalkan dan undangan disiapkan."))
            return redirect("institutions:meeting_detail", pk=meeting.pk)
    return render(
        request,
        "institutions/meetings/form.html",
        {"form": form, "meeting": None},
        status=400 if form.errors else 200,
    )


@login_required
@require_http_methods(["GET", "POST"])
def meeting_edit(request, pk: int):
    permissions.require_manage(request.user)
    meeting = selectors.meeting_get(actor=request.user, pk=pk)
    initial = {
        "title": meeting.title,
        "agenda": meeting.agenda,
        "starts_at": timezone.localtime(meeting.starts_at),
        "ends_at": timezone.localtime(meeting.ends_at),
        "location": meeting.location,
        "online_url": meeting.online_url,
    }
    form = MeetingEditForm(request.POST or None, initial=initial)
    if request.method == "POST" and form.is_valid():
        try:
            services.meeting_update(actor=request.user, meeting=meeting, **form.cleaned_data)
        except ValidationError as exc:
            add_service_errors(form, exc)
            style_form(form)
        else:
            messages.success(request, _("Rapat diperbarui."))
            return redirect("institutions:meeting_detail", pk=meeting.pk)
    return render(
        request,
        "institutions/meetings/form.html",
        {"form": form, "meeting": meeting},
        status=400 if form.errors else 200,
    )

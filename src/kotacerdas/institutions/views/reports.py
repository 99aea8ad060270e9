"""Pages of the bodies' reports (Pasal 12 e-f, 13-14): list with filters, pagination and CSV;
create form; detail with the routing timeline, the "send on" and "received" forms; download."""

from __future__ import annotations

import csv

from django import forms
from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import ValidationError
from django.core.paginator import Paginator
from django.http import FileResponse, Http404, HttpResponse
from django.shortcuts import redirect, render
from django.utils import timezone
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy
from django.views.decorators.http import require_http_methods, require_POST

from kotacerdas.core.forms import add_service_errors, style_form
from kotacerdas.core.uploads import MAX_UPLOAD_BYTES, accept_attribute, kinds_label, megabytes_label
from kotacerdas.institutions import permissions
from kotacerdas.institutions.models import BodyReportKind, RoutingStop
from kotacerdas.institutions.selectors import letters as letter_selectors
from kotacerdas.institutions.selectors import reports as selectors
from kotacerdas.institutions.services import reports as services
from kotacerdas.institutions.views.letters import query_int

PAGE_SIZE = 25


def _datetime_widget():
    return forms.DateTimeInput(attrs={"type": "datetime-local"}, format="%Y-%m-%dT%H:%M")


class ReportForm(forms.Form):
    kind = forms.ChoiceField(label=gettext_lazy("Jenis laporan"))
    title = forms.CharField(label=gettext_lazy("Judul"), max_length=300)
    period_start = forms.DateField(
        label=gettext_lazy("Awal periode"), widget=forms.DateInput(attrs={"type": "date"})
    )
    period_end = forms.DateField(
        label=gettext_lazy("Akhir periode"), widget=forms.DateInput(attrs={"type": "date"})
    )
    summary = forms.CharField(
        label=gettext_lazy("Ringkasan"), required=False, widget=forms.Textarea(attrs={"rows": 4})
    )
    file = forms.FileField(
        label=gettext_lazy("Berkas laporan"),
        required=False,
        widget=forms.FileInput(attrs={"accept": accept_attribute(services.REPORT_FILE_KINDS)}),
    )
    monitoring_report_id = forms.TypedChoiceField(
        label=gettext_lazy("Laporan berkala monev yang difasilitasi (laporan Dewan)"),
        coerce=int,
        required=False,
        empty_value=None,
    )

    def __init__(self, *args, actor, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["kind"].choices = [
            (value, label)
            for value, label in BodyReportKind.choices
            if services.can_create(actor, value)
        ]
        self.fields["monitoring_report_id"].choices = [
            ("", "—"),
            *selectors.monitoring_report_choices(actor=actor),
        ]
        self.fields["file"].help_text = _("%(kinds)s, paling besar %(max)s MB.") % {
            "kinds": kinds_label(services.REPORT_FILE_KINDS),
            "max": megabytes_label(MAX_UPLOAD_BYTES),
        }
        style_form(self)


class RouteForm(forms.Form):
    to = forms.ChoiceField(label=gettext_lazy("Kepada"), choices=RoutingStop.choices)
    sent_at = forms.DateTimeField(label=gettext_lazy("Dikirim"), widget=_datetime_widget())
    letter = forms.TypedChoiceField(
        label=gettext_lazy("Surat pengantar"), coerce=int, required=False, empty_value=None
    )
    note = forms.CharField(label=gettext_lazy("Catatan"), max_length=300, required=False)

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["letter"].choices = [("", "—")] + [
            (letter.pk, f"{letter.number} — {letter.subject[:80]}")
            for letter in letter_selectors.letter_choices()[:300]
        ]
        style_form(self)


class ReceiveForm(forms.Form):
    received_at = forms.DateTimeField(label=gettext_lazy("Diterima"), widget=_datetime_widget())

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        style_form(self)


def _filters(request) -> dict:
    kind = request.GET.get("jenis", "")
    return {
        "kind": kind if kind in BodyReportKind.values else "",
        "year": query_int(request.GET.get("tahun")),
        "search": request.GET.get("q", "").strip()[:100],
    }


@login_required
def report_list(request):
    filters = _filters(request)
    queryset = selectors.report_list(actor=request.user, **filters)
    page = Paginator(queryset, PAGE_SIZE).get_page(request.GET.get("halaman"))
    rows = [(report, selectors.report_status(report)) for report in page.object_list]
    return render(
        request,
        "institutions/reports/list.html",
        {
            "page": page,
            "rows": rows,
            "filters": filters,
            "kinds": BodyReportKind.choices,
            "years": selectors.report_years(),
            "can_create": any(services.can_create(request.user, k) for k in BodyReportKind.values),
        },
    )


@login_required
def report_export(request):
    queryset = selectors.report_list(actor=request.user, **_filters(request))
    response = HttpResponse(content_type="text/csv; charset=utf-8")
    response["Content-Disposition"] = 'attachment; filename="laporan-kelembagaan.csv"'
    response.write("\ufeff")  # Excel reads UTF-8 with a BOM
    writer = csv.writer(response)
    writer.writerow(
        [_("Jenis"), _("Judul"), _("Awal periode"), _("Akhir periode"), _("Status"), "SHA-256"]
    )
    for report in queryset:
        writer.writerow(
            [
                report.get_kind_display(),
                report.title,
                report.period_start.isoformat(),
                report.period_end.isoformat(),
                selectors.report_status(report),
                report.file_sha256,
            ]
        )
    return response


@login_required
@require_http_methods(["GET", "POST"])
def report_create(request):
    permissions.require_manage_team(request.user)
    if request.method == "POST":
        form = ReportForm(request.POST, request.FILES, actor=request.user)
        if form.is_valid():
            data = form.cleaned_data
            try:
                report = services.body_report_create(
                    actor=request.user,
                    kind=data["kind"],
                    title=data["title"],
                    period_start=data["period_start"],
                    period_end=data["period_end"],
                    summary=data["summary"],
                    upload=data["file"] or None,
                    monitoring_report_id=data["monitoring_report_id"],
                )
            except ValidationError as exc:
                add_service_errors(form, exc)
                style_form(form)
            else:
                messages.success(request, _("Laporan dicatat."))
                return redirect("institutions:report_detail", pk=report.pk)
        else:
            style_form(form)
    else:
        form = ReportForm(actor=request.user)
    return render(
        request,
        "institutions/reports/form.html",
        {"form": form},
        status=400 if form.is_bound and form.errors else 200,
    )


def _detail(request, report, *, route_form=None, receive_errors=None, status=200):
    timeline = selectors.report_timeline(report)
    next_stop = services.next_stop(report)
    can_route = next_stop is not None and services.can_route(request.user, report, next_stop)
    if can_route and route_form is None:
        route_form = RouteForm(initial={"to": next_stop, "sent_at": timezone.localtime()})
    return render(
        request,
        "institutions/reports/detail.html",
        {
            "report": report,
            "status": selectors.report_status(report),
            "timeline": timeline,
            "next_stop": next_stop,
            "route_form": route_form if can_route else None,
            "can_receive": permissions.can_manage(request.user),
            "receive_form": ReceiveForm(initial={"received_at": timezone.localtime()}),
            "receive_errors": receive_errors or {},
            "monitoring_title": selectors.monitoring_report_title(
                actor=request.user, pk=report.monitoring_report_id
            ),
        },
        status=status,
    )


@login_required
def report_detail(request, pk: int):
    return _detail(request, selectors.report_get(actor=request.user, pk=pk))


@login_required
@require_POST
def report_route(request, pk: int):
    report = selectors.report_get(actor=request.user, pk=pk)
    form = RouteForm(request.POST)
    if form.is_valid():
        data = form.cleaned_data
        letter = None
        if data["letter"]:
            letter = letter_selectors.letter_get(actor=request.user, pk=data["letter"])
        try:
            services.report_route(
                actor=request.user,
                report=report,
                to=data["to"],
                sent_at=data["sent_at"],
                letter=letter,
                note=data["note"],
            )
        except ValidationError as exc:
            add_service_errors(form, exc)
        else:
            messages.success(request, _("Pengiriman laporan dicatat."))
            return redirect("institutions:report_detail", pk=report.pk)
    style_form(form)
    return _detail(request, report, route_form=form, status=400)


@login_required
@require_POST
def report_receive(request, pk: int):
    hop = selectors.routing_get(actor=request.user, pk=pk)
    permissions.require_manage(request.user)
    form = ReceiveForm(request.POST)
    errors = {}
    if form.is_valid():
        try:
            services.report_mark_received(
                actor=request.user, routing=hop, received_at=form.cleaned_data["received_at"]
            )
        except ValidationError as exc:
            errors = {hop.pk: exc.messages}
        else:
            messages.success(request, _("Penerimaan laporan dicatat."))
            return redirect("institutions:report_detail", pk=hop.report_id)
    else:
        errors = {hop.pk: [e for errs in form.errors.values() for e in errs]}
    return _detail(request, hop.report, receive_errors=errors, status=400)


@login_required
def report_download(request, pk: int):
    report = selectors.report_get(actor=request.user, pk=pk)
    if not report.file:
        raise Http404(_("Laporan ini belum punya berkas."))
    response = FileResponse(
        report.file.open("rb"),
        as_attachment=True,
        filename=report.file.name.rsplit("/", 1)[-1],
    )
    response["X-Content-SHA256"] = report.file_sha256
    response["X-Content-Type-Options"] = "nosniff"
    response["Cache-Control"] = "private, no-store"
    return response

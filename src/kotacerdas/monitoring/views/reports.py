"""Pages of the periodic reports (Pasal 15(3)-(4), 29): list and request, progress, download,
distribution log."""

from __future__ import annotations

from django import forms
from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import PermissionDenied, ValidationError
from django.core.paginator import Paginator
from django.http import FileResponse, Http404
from django.shortcuts import redirect, render
from django.utils import timezone
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy
from django.views.decorators.http import require_http_methods, require_POST

from kotacerdas.core.forms import add_service_errors, style_form
from kotacerdas.core.models import Agency
from kotacerdas.core.permissions import is_admin
from kotacerdas.monitoring.models import ReportKind, ReportStatus
from kotacerdas.monitoring.selectors import reports as selectors
from kotacerdas.monitoring.services import reports as services

PAGE_SIZE = 20
CONTENT_TYPES = {
    "pdf": "application/pdf",
    "docx": "application/vnd.openxmlformats-officedocument.wordprocessingml.document",
}


class ReportRequestForm(forms.Form):
    kind = forms.ChoiceField(label=gettext_lazy("Jenis laporan"), choices=ReportKind.choices)
    year = forms.IntegerField(
        label=gettext_lazy("Tahun"),
        required=False,
        min_value=services.MIN_YEAR,
        max_value=services.MAX_YEAR,
        help_text=gettext_lazy("Untuk laporan semester dan tahunan."),
    )
    semester = forms.TypedChoiceField(
        label=gettext_lazy("Semester"),
        required=False,
        coerce=int,
        empty_value=None,
        choices=[
            ("", "—"),
            (1, gettext_lazy("Semester I (Januari-Juni)")),
            (2, gettext_lazy("Semester II (Juli-Desember)")),
        ],
    )
    period_start = forms.DateField(
        label=gettext_lazy("Tanggal awal"),
        required=False,
        widget=forms.DateInput(attrs={"type": "date"}),
        help_text=gettext_lazy("Untuk laporan sewaktu-waktu."),
    )
    period_end = forms.DateField(
        label=gettext_lazy("Tanggal akhir"),
        required=False,
        widget=forms.DateInput(attrs={"type": "date"}),
    )


class DistributionForm(forms.Form):
    recipient = forms.CharField(
        label=gettext_lazy("Penerima"),
        max_length=200,
        widget=forms.TextInput(attrs={"list": "saran-penerima", "autocomplete": "off"}),
    )
    agency = forms.ModelChoiceField(
        label=gettext_lazy("Perangkat Daerah penerima"),
        queryset=Agency.objects.none(),
        required=False,
        empty_label="—",
    )
    channel = forms.CharField(
        label=gettext_lazy("Cara kirim"),
        max_length=50,
        required=False,
        help_text=gettext_lazy("Misalnya: naskah dinas elektronik, surel, diantar langsung."),
    )
    sent_at = forms.DateTimeField(
        label=gettext_lazy("Dikirim"),
        widget=forms.DateTimeInput(attrs={"type": "datetime-local"}, format="%Y-%m-%dT%H:%M"),
    )
    received_at = forms.DateTimeField(
        label=gettext_lazy("Diterima"),
        required=False,
        widget=forms.DateTimeInput(attrs={"type": "datetime-local"}, format="%Y-%m-%dT%H:%M"),
    )


@login_required
@require_http_methods(["GET", "POST"])
def report_list(request):
    can_request = selectors.can_request_reports(request.user)
    form = ReportRequestForm(request.POST or None, initial={"year": timezone.localdate().year})
    if request.method == "POST":
        if not can_request:
            raise PermissionDenied(_("Anda tidak berwenang meminta laporan berkala."))
        if form.is_valid():
            try:
                report = services.report_request(actor=request.user, **form.cleaned_data)
            except ValidationError as exc:
                add_service_errors(form, exc)
            else:
                messages.success(request, _("Permintaan laporan diterima; laporan sedang dibuat."))
                return redirect("monitoring_reports:detail", pk=report.pk)
    style_form(form)
    page = Paginator(selectors.report_list(actor=request.user), PAGE_SIZE).get_page(
        request.GET.get("halaman")
    )
    return render(
        request,
        "monitoring/reports/list.html",
        {"page": page, "form": form, "can_request": can_request},
    )


@login_required
def report_detail(request, pk: int):
    report = selectors.report_get(actor=request.user, pk=pk)
    context = {
        "report": report,
        "running": report.status in (ReportStatus.QUEUED, ReportStatus.RUNNING),
        "can_request": selectors.can_request_reports(request.user),
        "can_force": is_admin(request.user),
        "distributions": selectors.report_distributions(report=report),
    }
    if request.htmx and not request.htmx.history_restore_request:
        return render(request, "monitoring/reports/detail.html#progress", context)
    return render(request, "monitoring/reports/detail.html", context)


@login_required
@require_POST
def report_regenerate(request, pk: int):
    report = selectors.report_get(actor=request.user, pk=pk)
    try:
        services.report_regenerate(
            actor=request.user, report=report, force=request.POST.get("paksa") == "1"
        )
    except ValidationError as exc:
        messages.error(request, " ".join(exc.messages))
    else:
        messages.success(request, _("Laporan dijadwalkan untuk dibuat ulang."))
    return redirect("monitoring_reports:detail", pk=report.pk)


@login_required
def report_download(request, pk: int, fmt: str):
    """The stored file, with its SHA-256 in a header so the receiver can check it."""
    if fmt not in CONTENT_TYPES:
        raise Http404(_("Format tidak dikenal."))
    report = selectors.report_get(actor=request.user, pk=pk)
    if report.status != ReportStatus.DONE:
        raise Http404(_("Laporan belum selesai dibuat."))
    stored = report.pdf_file if fmt == "pdf" else report.docx_file
    digest = report.pdf_sha256 if fmt == "pdf" else report.docx_sha256
    if not stored:
        raise Http404(_("Berkas laporan tidak ada."))
    response = FileResponse(
        stored.open("rb"),
        as_attachment=True,
        filename=f"laporan-kota-cerdas-{report.kind}-{report.year}-{report.pk}.{fmt}",
        content_type=CONTENT_TYPES[fmt],
    )
    response["X-Content-SHA256"] = digest
    response["ETag"] = f'"{digest}"'
    response["Cache-Control"] = "private, no-store"
    return response


@login_required
@require_http_methods(["GET", "POST"])
def report_distribution(request, pk: int):
    report = selectors.report_get(actor=request.user, pk=pk)
    can_record = selectors.can_request_reports(request.user)
    suggestions = selectors.report_distribution_suggestions(report=report)
    agency_ids = [s["agency_id"] for s in report.copies or [] if s.get("agency_id")]
    form = DistributionForm(request.POST or None, initial={"sent_at": timezone.localtime()})
    form.fields["agency"].queryset = Agency.objects.filter(pk__in=agency_ids).order_by("name")
    if request.method == "POST":
        if not can_record:
            raise PermissionDenied(_("Anda tidak berwenang mencatat distribusi laporan."))
        if form.is_valid():
            try:
                services.report_distribution_record(
                    actor=request.user, report=report, **form.cleaned_data
                )
            except ValidationError as exc:
                add_service_errors(form, exc)
            else:
                messages.success(request, _("Distribusi laporan dicatat."))
                return redirect("monitoring_reports:distribution", pk=report.pk)
    style_form(form)
    return render(
        request,
        "monitoring/reports/distribution.html",
        {
            "report": report,
            "form": form,
            "can_record": can_record and report.status == ReportStatus.DONE,
            "suggestions": suggestions,
            "distributions": selectors.report_distributions(report=report),
        },
    )

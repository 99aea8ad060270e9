"""Pages of the correspondence register (Pasal 12): list with direction tabs, filters,
pagination and CSV; register incoming and outgoing letters (with a preview of the number);
detail with attachments (SHA-256, download, removal after confirmation); numbering schemes."""

from __future__ import annotations

import csv
import datetime as dt

from django import forms
from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import ValidationError
from django.core.paginator import Paginator
from django.http import FileResponse, HttpResponse
from django.shortcuts import get_object_or_404, redirect, render
from django.utils import timezone
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy
from django.views.decorators.http import require_http_methods, require_POST

from kotacerdas.core.forms import add_service_errors, style_form
from kotacerdas.core.uploads import (
    DEFAULT_KINDS,
    MAX_UPLOAD_BYTES,
    accept_attribute,
    kinds_label,
    megabytes_label,
)
from kotacerdas.institutions import permissions
from kotacerdas.institutions.models import Letter, LetterDirection, NumberingScheme
from kotacerdas.institutions.selectors import letters as selectors
from kotacerdas.institutions.services import letters as services

PAGE_SIZE = 25
TABS = {"masuk": LetterDirection.INCOMING, "keluar": LetterDirection.OUTGOING}


def _date_widget():
    return forms.DateInput(attrs={"type": "date"})


def _classification_choices():
    return [("", "—")] + [(c.code, str(c)) for c in selectors.classification_choices()]


class _LetterForm(forms.Form):
    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["classification_code"].choices = _classification_choices()
        style_form(self)

    def restyle(self):
        style_form(self)


class IncomingForm(_LetterForm):
    number = forms.CharField(label=gettext_lazy("Nomor surat"), max_length=120)
    date = forms.DateField(label=gettext_lazy("Tanggal surat"), widget=_date_widget())
    received_at = forms.DateField(label=gettext_lazy("Tanggal diterima"), widget=_date_widget())
    classification_code = forms.ChoiceField(label=gettext_lazy("Klasifikasi"))
    subject = forms.CharField(label=gettext_lazy("Perihal"), max_length=500)
    sender = forms.CharField(label=gettext_lazy("Pengirim"), max_length=300)
    recipient = forms.CharField(
        label=gettext_lazy("Penerima"), max_length=500, initial=services.COUNCIL_NAME
    )
    summary = forms.CharField(
        label=gettext_lazy("Ringkasan"), required=False, widget=forms.Textarea(attrs={"rows": 3})
    )


class OutgoingForm(_LetterForm):
    classification_code = forms.ChoiceField(label=gettext_lazy("Klasifikasi"))
    date = forms.DateField(label=gettext_lazy("Tanggal surat"), widget=_date_widget())
    subject = forms.CharField(label=gettext_lazy("Perihal"), max_length=500)
    recipient = forms.CharField(label=gettext_lazy("Penerima"), max_length=500)
    sender = forms.CharField(
        label=gettext_lazy("Pengirim"), max_length=300, initial=services.COUNCIL_NAME
    )
    summary = forms.CharField(
        label=gettext_lazy("Ringkasan"), required=False, widget=forms.Textarea(attrs={"rows": 3})
    )
    number = forms.CharField(
        label=gettext_lazy("Nomor manual (opsional)"),
        max_length=120,
        required=False,
        help_text=gettext_lazy(
            "Kosongkan agar nomor diberikan otomatis menurut pola penomoran yang aktif."
        ),
    )


class AttachmentForm(forms.Form):
    title = forms.CharField(label=gettext_lazy("Judul lampiran"), max_length=300, required=False)
    file = forms.FileField(
        label=gettext_lazy("Berkas"),
        widget=forms.FileInput(attrs={"accept": accept_attribute(DEFAULT_KINDS)}),
    )

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["file"].help_text = _(
            "%(kinds)s, paling besar %(max)s MB; jenis diperiksa dari isi berkas."
        ) % {"kinds": kinds_label(DEFAULT_KINDS), "max": megabytes_label(MAX_UPLOAD_BYTES)}
        style_form(self)


class SchemeForm(forms.Form):
    name = forms.CharField(label=gettext_lazy("Nama pola"), max_length=100)
    pattern = forms.CharField(
        label=gettext_lazy("Pola"),
        max_length=200,
        initial="{klasifikasi}/{nomor}/DKC/{tahun}",
        help_text=gettext_lazy(
            "Isian: {klasifikasi}, {nomor} (wajib; nomor urut yang dimulai lagi setiap tahun), "
            "{tahun}, {bulan_romawi}."
        ),
    )
    sequence_width = forms.IntegerField(
        label=gettext_lazy("Lebar nomor urut (digit)"), min_value=1, max_value=8, initial=3
    )

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        style_form(self)


def query_int(value) -> int | None:
    """An integer from a query string, or None."""
    try:
        return int(value)
    except (TypeError, ValueError):
        return None


def _filters(request) -> dict:
    return {
        "direction": TABS.get(request.GET.get("arah", ""), ""),
        "classification": request.GET.get("klasifikasi", "").strip()[:20],
        "year": query_int(request.GET.get("tahun")),
        "search": request.GET.get("q", "").strip()[:100],
    }


@login_required
def letter_list(request):
    filters = _filters(request)
    queryset = selectors.letter_list(actor=request.user, **filters)
    page = Paginator(queryset, PAGE_SIZE).get_page(request.GET.get("halaman"))
    context = {
        "page": page,
        "filters": filters,
        "tab": request.GET.get("arah", "") if filters["direction"] else "",
        "years": selectors.letter_years(),
        "classifications": selectors.classification_choices(),
        "can_manage": permissions.can_manage(request.user),
    }
    if request.htmx and not request.htmx.history_restore_request:
        return render(request, "institutions/letters/list.html#results", context)
    return render(request, "institutions/letters/list.html", context)


@login_required
def letter_export(request):
    queryset = selectors.letter_list(actor=request.user, **_filters(request))
    response = HttpResponse(content_type="text/csv; charset=utf-8")
    response["Content-Disposition"] = 'attachment; filename="agenda-surat.csv"'
    response.write("\ufeff")  # Excel reads UTF-8 with a BOM
    writer = csv.writer(response)
    writer.writerow(
        [
            _("Arah"),
            _("Nomor"),
            _("Tanggal"),
            _("Tanggal diterima"),
            _("Klasifikasi"),
            _("Perihal"),
            _("Pengirim"),
            _("Penerima"),
            _("Jumlah lampiran"),
        ]
    )
    for letter in queryset:
        writer.writerow(
            [
                letter.get_direction_display(),
                letter.number,
                letter.date.isoformat(),
                letter.received_at.isoformat() if letter.received_at else "",
                letter.classification.code,
                letter.subject,
                letter.sender,
                letter.recipient,
                letter.attachment_count,
            ]
        )
    return response


def _register_page(request, *, direction: str):
    permissions.require_manage(request.user)
    form_class = IncomingForm if direction == LetterDirection.INCOMING else OutgoingForm
    if request.method == "POST":
        form = form_class(request.POST)
        if form.is_valid():
            data = form.cleaned_data
            try:
                if direction == LetterDirection.INCOMING:
                    letter = services.letter_register_incoming(actor=request.user, **data)
                else:
                    letter = services.letter_register_outgoing(
                        actor=request.user, **{**data, "number": data["number"] or None}
                    )
            except ValidationError as exc:
                add_service_errors(form, exc)
                form.restyle()
            else:
                messages.success(
                    request,
                    _("Surat dicatat dengan nomor %(number)s.") % {"number": letter.number},
                )
                return redirect("institutions:letter_detail", pk=letter.pk)
    else:
        today = timezone.localdate()
        initial = {"date": today}
        if direction == LetterDirection.INCOMING:
            initial["received_at"] = today
        form = form_class(initial=initial)
    preview = None
    if direction == LetterDirection.OUTGOING:
        preview = _preview_for(form.data.get("classification_code", ""), form.data.get("date"))
    return render(
        request,
        "institutions/letters/form.html",
        {
            "form": form,
            "direction": direction,
            "direction_label": LetterDirection(direction).label,
            "preview": preview,
            "scheme": selectors.active_scheme(),
        },
        status=400 if form.is_bound and form.errors else 200,
    )


def _preview_for(code: str, date_text) -> str | None:
    try:
        date = dt.date.fromisoformat(date_text) if date_text else timezone.localdate()
    except (TypeError, ValueError):
        date = timezone.localdate()
    return selectors.next_number_preview(classification_code=code, date=date)


@login_required
@require_http_methods(["GET", "POST"])
def letter_register_incoming(request):
    return _register_page(request, direction=LetterDirection.INCOMING)


@login_required
@require_http_methods(["GET", "POST"])
def letter_register_outgoing(request):
    return _register_page(request, direction=LetterDirection.OUTGOING)


@login_required
def letter_number_preview(request):
    """htmx fragment: the number the outgoing letter would get now."""
    permissions.require_manage(request.user)
    preview = _preview_for(
        request.GET.get("classification_code", "").strip()[:20], request.GET.get("date")
    )
    return render(request, "institutions/letters/_preview.html", {"preview": preview})


def _detail(request, letter: Letter, *, form=None, status=200):
    can_manage = permissions.can_manage(request.user)
    return render(
        request,
        "institutions/letters/detail.html",
        {
            "letter": letter,
            "attachments": list(letter.attachments.all()),
            "can_manage": can_manage,
            "form": form or (AttachmentForm() if can_manage else None),
        },
        status=status,
    )


@login_required
def letter_detail(request, pk: int):
    return _detail(request, selectors.letter_get(actor=request.user, pk=pk))


@login_required
@require_POST
def letter_attach(request, pk: int):
    letter = selectors.letter_get(actor=request.user, pk=pk)
    permissions.require_manage(request.user)
    form = AttachmentForm(request.POST, request.FILES)
    if form.is_valid():
        try:
            services.letter_attach(
                actor=request.user,
                letter=letter,
                upload=form.cleaned_data["file"],
                title=form.cleaned_data["title"],
            )
        except ValidationError as exc:
            add_service_errors(form, exc)
        else:
            messages.success(request, _("Lampiran disimpan."))
            return redirect("institutions:letter_detail", pk=letter.pk)
    style_form(form)
    return _detail(request, letter, form=form, status=400)


@login_required
def letter_attachment_download(request, pk: int):
    attachment = selectors.attachment_get(actor=request.user, pk=pk)
    name = attachment.file.name.rsplit("/", 1)[-1]
    response = FileResponse(
        attachment.file.open("rb"),
        as_attachment=True,
        filename=name,
        content_type=attachment.content_type or "application/octet-stream",
    )
    response["X-Content-SHA256"] = attachment.sha256
    response["X-Content-Type-Options"] = "nosniff"
    response["Cache-Control"] = "private, no-store"
    return response


@login_required
@require_http_methods(["GET", "POST"])
def letter_attachment_remove(request, pk: int):
    attachment = selectors.attachment_get(actor=request.user, pk=pk)
    permissions.require_manage(request.user)
    if request.method == "POST":
        services.letter_attachment_remove(actor=request.user, attachment=attachment)
        messages.success(request, _("Lampiran dihapus."))
        return redirect("institutions:letter_detail", pk=attachment.letter_id)
    return render(request, "institutions/letters/attachment_remove.html", {"a": attachment})


@login_required
@require_http_methods(["GET", "POST"])
def numbering_settings(request):
    permissions.require_manage(request.user)
    form = SchemeForm(request.POST or None)
    if request.method == "POST" and form.is_valid():
        try:
            services.numbering_scheme_create(actor=request.user, **form.cleaned_data)
        except ValidationError as exc:
            add_service_errors(form, exc)
            style_form(form)
        else:
            messages.success(request, _("Pola penomoran baru diaktifkan."))
            return redirect("institutions:numbering_settings")
    elif form.is_bound:
        style_form(form)
    today = timezone.localdate()
    schemes = [
        (
            scheme,
            selectors.next_number_preview(classification_code="005", date=today, scheme=scheme),
        )
        for scheme in selectors.scheme_list()
    ]
    return render(
        request,
        "institutions/letters/numbering.html",
        {"form": form, "schemes": schemes},
        status=400 if form.is_bound and form.errors else 200,
    )


@login_required
@require_POST
def numbering_activate(request, pk: int):
    permissions.require_manage(request.user)
    scheme = get_object_or_404(NumberingScheme, pk=pk)
    services.numbering_scheme_activate(actor=request.user, scheme=scheme)
    messages.success(request, _("Pola penomoran %(name)s diaktifkan.") % {"name": scheme.name})
    return redirect("institutions:numbering_settings")

"""Pages of the registry of Keputusan Wali Kota (issue #4 item 7): list with filters, search,
pagination and CSV; detail; register and edit forms; the file download."""

from __future__ import annotations

import csv

from django import forms
from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import ValidationError
from django.core.paginator import Paginator
from django.http import FileResponse, Http404, HttpResponse
from django.shortcuts import redirect, render
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy
from django.views.decorators.http import require_http_methods

from kotacerdas.core.forms import add_service_errors, style_form
from kotacerdas.core.uploads import accept_attribute, kinds_label, megabytes_label
from kotacerdas.institutions import permissions
from kotacerdas.institutions.models import DecreeKind
from kotacerdas.institutions.selectors import decrees as selectors
from kotacerdas.institutions.services import decrees as services

PAGE_SIZE = 25


class DecreeForm(forms.Form):
    number = forms.CharField(label=gettext_lazy("Nomor"), max_length=services.NUMBER_MAX_LENGTH)
    date = forms.DateField(
        label=gettext_lazy("Tanggal ditetapkan"), widget=forms.DateInput(attrs={"type": "date"})
    )
    kind = forms.ChoiceField(label=gettext_lazy("Jenis"), choices=DecreeKind.choices)
    subject = forms.CharField(
        label=gettext_lazy("Tentang"),
        max_length=services.SUBJECT_MAX_LENGTH,
        widget=forms.Textarea(attrs={"rows": 2}),
    )
    file = forms.FileField(
        label=gettext_lazy("Berkas keputusan"),
        required=False,
        widget=forms.FileInput(attrs={"accept": accept_attribute(services.DECREE_FILE_KINDS)}),
    )

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["file"].help_text = _("%(kinds)s, paling besar %(max)s MB.") % {
            "kinds": kinds_label(services.DECREE_FILE_KINDS),
            "max": megabytes_label(services.DECREE_MAX_BYTES),
        }
        style_form(self)


def _int(value):
    try:
        return int(value)
    except (TypeError, ValueError):
        return None


def _filters(request) -> dict:
    kind = request.GET.get("jenis", "")
    return {
        "kind": kind if kind in DecreeKind.values else "",
        "year": _int(request.GET.get("tahun")),
        "search": request.GET.get("q", "").strip()[:100],
    }


@login_required
def decree_list(request):
    filters = _filters(request)
    queryset = selectors.decree_list(actor=request.user, **filters)
    page = Paginator(queryset, PAGE_SIZE).get_page(request.GET.get("halaman"))
    return render(
        request,
        "institutions/decrees/list.html",
        {
            "page": page,
            "filters": filters,
            "kinds": DecreeKind.choices,
            "years": selectors.decree_years(),
            "can_manage": permissions.can_manage(request.user),
        },
    )


@login_required
def decree_export(request):
    queryset = selectors.decree_list(actor=request.user, **_filters(request))
    response = HttpResponse(content_type="text/csv; charset=utf-8")
    response["Content-Disposition"] = 'attachment; filename="keputusan-wali-kota.csv"'
    response.write("\ufeff")  # Excel reads UTF-8 with a BOM
    writer = csv.writer(response)
    writer.writerow([_("Nomor"), _("Tanggal"), _("Jenis"), _("Tentang"), _("Berkas"), "SHA-256"])
    for d in queryset:
        writer.writerow(
            [
                d.number,
                d.date.isoformat(),
                d.get_kind_display(),
                d.subject,
                _("ada") if d.file else _("tidak ada"),
                d.file_sha256,
            ]
        )
    return response


@login_required
def decree_detail(request, pk: int):
    decree = selectors.decree_get(actor=request.user, pk=pk)
    return render(
        request,
        "institutions/decrees/detail.html",
        {"decree": decree, "can_manage": permissions.can_manage(request.user)},
    )


def _form_page(request, *, decree=None):
    permissions.require_manage(request.user)
    initial = {}
    if decree is not None:
        initial = {
            "number": decree.number,
            "date": decree.date,
            "kind": decree.kind,
            "subject": decree.subject,
        }
    if request.method == "POST":
        form = DecreeForm(request.POST, request.FILES)
        if form.is_valid():
            data = form.cleaned_data
            try:
                if decree is None:
                    decree = services.decree_register(
                        actor=request.user,
                        number=data["number"],
                        date=data["date"],
                        kind=data["kind"],
                        subject=data["subject"],
                        upload=data["file"] or None,
                    )
                    messages.success(request, _("Keputusan Wali Kota dicatat."))
                else:
                    services.decree_update(
                        actor=request.user,
                        decree=decree,
                        number=data["number"],
                        date=data["date"],
                        kind=data["kind"],
                        subject=data["subject"],
                        upload=data["file"] or None,
                    )
                    messages.success(request, _("Keputusan Wali Kota diperbarui."))
            except ValidationError as exc:
                add_service_errors(form, exc)
                style_form(form)
            else:
                return redirect("institutions:decree_detail", pk=decree.pk)
        else:
            style_form(form)
    else:
        form = DecreeForm(initial=initial)
    return render(
        request,
        "institutions/decrees/form.html",
        {"form": form, "decree": decree},
        status=400 if form.is_bound and form.errors else 200,
    )


@login_required
@require_http_methods(["GET", "POST"])
def decree_register(request):
    return _form_page(request)


@login_required
@require_http_methods(["GET", "POST"])
def decree_edit(request, pk: int):
    return _form_page(request, decree=selectors.decree_get(actor=request.user, pk=pk))


@login_required
def decree_download(request, pk: int):
    decree = selectors.decree_get(actor=request.user, pk=pk)
    if not decree.file:
        raise Http404(_("Keputusan ini belum punya berkas."))
    extension = decree.file.name.rsplit(".", 1)[-1] if "." in decree.file.name else "pdf"
    safe_number = "".join(c if c.isalnum() else "-" for c in decree.number).strip("-")
    response = FileResponse(
        decree.file.open("rb"),
        as_attachment=True,
        filename=f"keputusan-{safe_number}.{extension}",
        content_type=decree.file_content_type or "application/octet-stream",
    )
    response["X-Content-Type-Options"] = "nosniff"
    response["Cache-Control"] = "private, no-store"
    return response

"""Public data requests (issue #6 item 6): anyone asks, everyone sees the answer, the walidata
triages in the same pages. The requester's name and e-mail are shown to the walidata only."""

from __future__ import annotations

from django import forms
from django.contrib import messages
from django.core.exceptions import ValidationError
from django.core.paginator import Paginator
from django.http import Http404
from django.shortcuts import redirect, render
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy
from django.views.decorators.http import require_http_methods

from kotacerdas.core.forms import add_service_errors, style_form
from kotacerdas.opendata import permissions
from kotacerdas.opendata.models import DataRequestStatus
from kotacerdas.opendata.selectors import requests as selectors
from kotacerdas.opendata.services import requests as services

PAGE_SIZE = 20
HONEYPOT = "website"


class RequestForm(forms.Form):
    title = forms.CharField(label=gettext_lazy("Data yang diminta"), max_length=300)
    description = forms.CharField(
        label=gettext_lazy("Keterangan dan kegunaan data"),
        widget=forms.Textarea(attrs={"rows": 5}),
        max_length=4000,
    )
    agency = forms.ModelChoiceField(
        label=gettext_lazy("Produsen data yang disarankan (boleh kosong)"),
        queryset=selectors.triage_agency_choices(),
        required=False,
        empty_label=gettext_lazy("— tidak tahu —"),
    )
    requester_name = forms.CharField(label=gettext_lazy("Nama"), max_length=200)
    requester_email = forms.EmailField(label=gettext_lazy("Surel"))
    requester_organisation = forms.CharField(
        label=gettext_lazy("Instansi/organisasi (boleh kosong)"), max_length=200, required=False
    )
    # Hidden from people; bots fill every field (see the template).
    website = forms.CharField(label=gettext_lazy("Situs web"), required=False)

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        for field in self.fields.values():
            field.error_messages["required"] = _("Isian ini wajib diisi.")
        self.fields["requester_email"].error_messages["invalid"] = _("Alamat surel tidak valid.")
        style_form(self)
        self.fields[HONEYPOT].widget.attrs.update({"tabindex": "-1", "autocomplete": "off"})


class TriageForm(forms.Form):
    agency = forms.ModelChoiceField(
        label=gettext_lazy("Perangkat Daerah produsen data"),
        queryset=selectors.triage_agency_choices(),
        error_messages={"required": gettext_lazy("Pilih Perangkat Daerah produsen data.")},
    )
    notes = forms.CharField(
        label=gettext_lazy("Catatan telaah"),
        widget=forms.Textarea(attrs={"rows": 3}),
        required=False,
    )


class FulfilForm(forms.Form):
    dataset = forms.ModelChoiceField(
        label=gettext_lazy("Dataset terbit yang memenuhi permintaan"),
        queryset=selectors.fulfil_dataset_choices(),
        error_messages={"required": gettext_lazy("Pilih dataset yang memenuhi permintaan.")},
    )
    notes = forms.CharField(
        label=gettext_lazy("Catatan (boleh kosong)"),
        widget=forms.Textarea(attrs={"rows": 2}),
        required=False,
    )


class DeclineForm(forms.Form):
    reason = forms.CharField(
        label=gettext_lazy("Alasan penolakan"),
        widget=forms.Textarea(attrs={"rows": 3}),
        error_messages={"required": gettext_lazy("Alasan penolakan wajib diisi.")},
    )
    confirm = forms.BooleanField(
        label=gettext_lazy("Ya, tolak permintaan ini (tidak dapat dibatalkan)."),
        error_messages={"required": gettext_lazy("Centang konfirmasi untuk menolak.")},
    )


ACTIONS = {"triage": TriageForm, "fulfil": FulfilForm, "decline": DeclineForm}


def _styled(form: forms.Form) -> forms.Form:
    style_form(form)
    return form


def request_list(request):
    status = request.GET.get("status", "")
    queryset = selectors.data_request_list(status=status)
    page = Paginator(queryset, PAGE_SIZE).get_page(request.GET.get("halaman"))
    counts = selectors.data_request_status_counts()
    return render(
        request,
        "opendata/requests/list.html",
        {
            "page": page,
            "status": status,
            "statuses": [
                (value, label, counts.get(value, 0)) for value, label in DataRequestStatus.choices
            ],
        },
    )


@require_http_methods(["GET", "POST"])
def request_create(request):
    form = RequestForm(request.POST if request.method == "POST" else None)
    if request.method == "POST" and form.is_valid():
        if form.cleaned_data[HONEYPOT]:
            # A bot: answer as if accepted, write nothing.
            messages.success(request, _("Terima kasih, permintaan Anda sudah kami terima."))
            return redirect("opendata:request_list")
        data = dict(form.cleaned_data)
        data.pop(HONEYPOT)
        try:
            created = services.data_request_create(actor=request.user, **data)
        except ValidationError as exc:
            add_service_errors(form, exc)
            style_form(form)
        else:
            messages.success(
                request,
                _(
                    "Terima kasih, permintaan Anda sudah kami terima. Tanggapan walidata akan "
                    "tampil di halaman ini."
                ),
            )
            return redirect(created.get_absolute_url())
    return render(request, "opendata/requests/create.html", {"form": form})


@require_http_methods(["GET", "POST"])
def request_detail(request, uuid):
    data_request = selectors.data_request_get(uuid=uuid, user=request.user)
    if data_request is None:
        raise Http404(_("Permintaan data tidak ditemukan."))
    can_handle = permissions.is_walidata(request.user)
    forms_by_action = {name: _styled(form_class()) for name, form_class in ACTIONS.items()}
    status = 200
    if request.method == "POST":
        action = request.POST.get("action", "")
        if not can_handle:
            messages.error(request, _("Hanya walidata (Diskominfostandi) yang boleh menelaah."))
            return redirect(data_request.get_absolute_url())
        if action not in ACTIONS:
            raise Http404(_("Tindakan tidak dikenal."))
        form = ACTIONS[action](request.POST)
        forms_by_action[action] = form
        if form.is_valid():
            try:
                _apply(request, data_request, action, form.cleaned_data)
            except ValidationError as exc:
                add_service_errors(form, exc)
            else:
                return redirect(data_request.get_absolute_url())
        _styled(form)
        status = 400
    return render(
        request,
        "opendata/requests/detail.html",
        {
            "data_request": data_request,
            "can_handle": can_handle,
            "is_open": data_request.status in (DataRequestStatus.NEW, DataRequestStatus.TRIAGED),
            "forms": forms_by_action,
        },
        status=status,
    )


def _apply(request, data_request, action: str, data: dict) -> None:
    actor = request.user
    if action == "triage":
        services.data_request_triage(
            actor=actor, data_request=data_request, agency=data["agency"], notes=data["notes"]
        )
        messages.success(request, _("Permintaan ditelaah dan diteruskan ke produsen data."))
    elif action == "fulfil":
        services.data_request_fulfil(
            actor=actor, data_request=data_request, dataset=data["dataset"], notes=data["notes"]
        )
        messages.success(request, _("Permintaan ditandai terpenuhi."))
    else:
        services.data_request_decline(actor=actor, data_request=data_request, reason=data["reason"])
        messages.success(request, _("Permintaan ditolak; alasannya tampil untuk publik."))

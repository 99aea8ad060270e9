"""/satudata/kelola/indikator/: which masterplan indicators are measured from which datasets
(issue #6 item 9). Walidata, administrators and the Tim Pelaksana only."""

from __future__ import annotations

from django import forms
from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import ValidationError
from django.core.paginator import Paginator
from django.http import Http404
from django.shortcuts import redirect, render
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy
from django.views.decorators.http import require_http_methods

from kotacerdas.core.forms import add_service_errors, style_form
from kotacerdas.opendata.selectors import links as selectors
from kotacerdas.opendata.services import links as services

PAGE_SIZE = 50


class LinkForm(forms.Form):
    indicator = forms.ModelChoiceField(
        label=gettext_lazy("Indikator"),
        queryset=selectors.indicator_choices(),
        empty_label=gettext_lazy("— pilih indikator —"),
        error_messages={"required": gettext_lazy("Pilih indikator.")},
    )
    dataset = forms.ModelChoiceField(
        label=gettext_lazy("Dataset sumber data"),
        queryset=selectors.dataset_choices(),
        empty_label=gettext_lazy("— pilih dataset —"),
        error_messages={"required": gettext_lazy("Pilih dataset.")},
    )
    note = forms.CharField(label=gettext_lazy("Catatan (boleh kosong)"), required=False)

    def __init__(self, *args, indicator_q: str = "", dataset_q: str = "", **kwargs):
        super().__init__(*args, **kwargs)
        # Validation accepts any indicator/dataset; the list offers the search's first matches.
        self.indicator_options = list(
            selectors.indicator_choices(indicator_q)[: selectors.CHOICE_LIMIT]
        )
        self.dataset_options = list(selectors.dataset_choices(dataset_q)[: selectors.CHOICE_LIMIT])
        self.fields["indicator"].widget.choices = [("", _("— pilih indikator —"))] + [
            (i.pk, f"{i.code} {i.name}") for i in self.indicator_options
        ]
        self.fields["dataset"].widget.choices = [("", _("— pilih dataset —"))] + [
            (d.pk, f"{d.title} ({d.organization.short_name or d.organization.name})")
            for d in self.dataset_options
        ]
        style_form(self)


def _require(user) -> None:
    services.require_manage_links(user)


@login_required
@require_http_methods(["GET", "POST"])
def link_list(request):
    _require(request.user)
    # NUL cannot reach a PostgreSQL text comparison (it would be a 500).
    indicator_q = request.GET.get("indikator", "").replace("\x00", "")[:100]
    dataset_q = request.GET.get("dataset", "").replace("\x00", "")[:100]
    form = LinkForm(
        request.POST if request.method == "POST" else None,
        indicator_q=indicator_q,
        dataset_q=dataset_q,
    )
    status = 200
    if request.method == "POST":
        if form.is_valid():
            try:
                services.indicator_source_add(actor=request.user, **form.cleaned_data)
            except ValidationError as exc:
                add_service_errors(form, exc)
            else:
                messages.success(request, _("Tautan indikator ke dataset disimpan."))
                return redirect("opendata:indicator_link_list")
        style_form(form)
        status = 400
    page = Paginator(selectors.indicator_link_list(), PAGE_SIZE).get_page(
        request.GET.get("halaman")
    )
    return render(
        request,
        "opendata/links/list.html",
        {
            "form": form,
            "page": page,
            "indicator_q": indicator_q,
            "dataset_q": dataset_q,
            "choice_limit": selectors.CHOICE_LIMIT,
        },
        status=status,
    )


@login_required
@require_http_methods(["GET", "POST"])
def link_remove(request, pk: int):
    _require(request.user)
    link = selectors.indicator_link_get(pk)
    if link is None:
        raise Http404(_("Tautan tidak ditemukan."))
    if request.method == "POST":
        services.indicator_source_remove(actor=request.user, link=link)
        messages.success(request, _("Tautan indikator ke dataset dihapus."))
        return redirect("opendata:indicator_link_list")
    return render(request, "opendata/links/remove.html", {"link": link})

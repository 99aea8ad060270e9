"""Pages of the Perangkat Daerah directory: list (live search), detail, edit."""

from __future__ import annotations

from django import forms
from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import PermissionDenied, ValidationError
from django.core.paginator import Paginator
from django.db import models
from django.shortcuts import redirect, render
from django.utils.translation import gettext as _
from django.views.decorators.http import require_http_methods

from kotacerdas.core.models import Agency, AgencyType, Region, RegionLevel
from kotacerdas.core.selectors import agencies as selectors
from kotacerdas.core.services.agencies import agency_editable_fields, agency_update

PAGE_SIZE = 20
STATUS_CHOICES = {"aktif": True, "nonaktif": False, "semua": None}


def agency_list(request):
    search = request.GET.get("q", "").strip()[:100]
    agency_type = request.GET.get("jenis", "")
    if agency_type not in AgencyType.values:
        agency_type = ""
    status = request.GET.get("status", "aktif")
    if status not in STATUS_CHOICES:
        status = "aktif"
    agencies = selectors.agency_list(search=search, type=agency_type, active=STATUS_CHOICES[status])
    page = Paginator(agencies, PAGE_SIZE).get_page(request.GET.get("halaman"))
    template = "core/agencies/list.html"
    if request.htmx and not request.htmx.history_restore_request:
        template += "#results"
    return render(
        request,
        template,
        {
            "page": page,
            "search": search,
            "agency_type": agency_type,
            "status": status,
            "type_choices": AgencyType.choices,
        },
    )


def agency_detail(request, code):
    agency = selectors.agency_get(code=code)
    can_view_officers = selectors.can_view_officers(actor=request.user, agency=agency)
    officers = (
        selectors.agency_officers(actor=request.user, agency=agency) if can_view_officers else None
    )
    return render(
        request,
        "core/agencies/detail.html",
        {
            "agency": agency,
            "names": selectors.agency_name_history(agency=agency),
            "merged_sources": selectors.agency_merged_sources(agency=agency),
            "officers": officers,
            "can_view_officers": can_view_officers,
            "can_edit": selectors.can_edit_agency(actor=request.user, agency=agency),
        },
    )


def _formfield(field, **kwargs):
    if isinstance(field, models.URLField):
        kwargs["assume_scheme"] = "https"
    return field.formfield(**kwargs)


def _agency_form_class(fields: tuple[str, ...]) -> type[forms.ModelForm]:
    form_class = forms.modelform_factory(Agency, fields=fields, formfield_callback=_formfield)
    if "region" in fields:
        form_class.base_fields["region"].queryset = Region.objects.filter(
            level=RegionLevel.KECAMATAN
        ).defer("boundary")
    return form_class


def _style_form(form: forms.BaseForm) -> None:
    """Bootstrap classes, and errors tied to their field for screen readers."""
    for name, field in form.fields.items():
        widget = field.widget
        if isinstance(widget, forms.CheckboxInput):
            css = "form-check-input"
        elif isinstance(widget, forms.Select):
            css = "form-select"
        else:
            css = "form-control"
        if form.is_bound and name in form.errors:
            css += " is-invalid"
            widget.attrs["aria-invalid"] = "true"
            widget.attrs["aria-describedby"] = f"{form[name].auto_id}_galat"
        widget.attrs["class"] = css


@login_required
@require_http_methods(["GET", "POST"])
def agency_edit(request, code):
    agency = selectors.agency_get(code=code)
    fields = agency_editable_fields(actor=request.user, agency=agency)
    if not fields:
        raise PermissionDenied(_("Anda tidak berwenang mengubah Perangkat Daerah ini."))
    form_class = _agency_form_class(fields)
    # The form validates against a copy; the write itself goes through the service.
    scratch = Agency.objects.get(pk=agency.pk)
    form = form_class(request.POST or None, instance=scratch)
    if request.method == "POST" and form.is_valid():
        data = {field: form.cleaned_data[field] for field in form.changed_data}
        try:
            agency_update(actor=request.user, agency=agency, data=data)
        except ValidationError as exc:
            for field, errors in exc.message_dict.items():
                form.add_error(field if field in form.fields else None, errors)
        else:
            if data:
                messages.success(request, _("Perubahan Perangkat Daerah disimpan."))
            else:
                messages.info(request, _("Tidak ada perubahan."))
            return redirect(agency.get_absolute_url())
    _style_form(form)
    return render(
        request,
        "core/agencies/edit.html",
        {"agency": agency, "form": form, "contact_only": "type" not in fields},
    )

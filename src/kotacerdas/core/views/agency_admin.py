"""Administrator pages for Perangkat Daerah: add, merge (gabungkan), retire (bubarkan).

Foundation item 4: an administrator adds, renames, merges and retires agencies without losing
history. Renames go through the edit page (core.views.agencies); the writes themselves are the
services in core.services.agencies, which check permissions again and write the audit trail.
Merge and retire are irreversible, so both pages ask for a confirmation step first.
"""

from __future__ import annotations

import datetime as dt
import re

from django import forms
from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import PermissionDenied, ValidationError
from django.shortcuts import redirect, render
from django.utils import timezone
from django.utils.formats import date_format
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy
from django.views.decorators.http import require_http_methods

from kotacerdas.core import permissions
from kotacerdas.core.forms import add_service_errors
from kotacerdas.core.models import Agency, RegionLevel
from kotacerdas.core.selectors import agencies as selectors
from kotacerdas.core.selectors.regions import region_list
from kotacerdas.core.services import agencies as services
from kotacerdas.core.views.agencies import _agency_form_class, _style_form

CODE_PATTERN = re.compile(r"^[A-Z0-9][A-Z0-9-]*$")
CREATE_FIELDS = ("code", *services.ADMIN_FIELDS)
CONFIRM_FIELD = "konfirmasi"


def _require_admin(request) -> None:
    # The services check again; checking first means a refused user never sees the forms.
    if not permissions.is_admin(request.user):
        raise PermissionDenied(_("Hanya administrator yang boleh mengelola Perangkat Daerah."))


def _date_field(label: str) -> forms.DateField:
    return forms.DateField(
        label=label,
        widget=forms.DateInput(attrs={"type": "date"}, format="%Y-%m-%d"),
        help_text=gettext_lazy("Kosongkan untuk hari ini. Tidak boleh setelah hari ini."),
        required=False,
    )


def _check_end_date(agency: Agency, value: dt.date | None) -> dt.date:
    """The day an agency ends: not in the future, not before its current name began."""
    value = value or timezone.localdate()
    if value > timezone.localdate():
        raise ValidationError(_("Tanggal tidak boleh setelah hari ini."))
    current = selectors.agency_name_history(agency=agency).filter(valid_to__isnull=True).first()
    if current is not None and value < current.valid_from:
        raise ValidationError(
            _("Tanggal tidak boleh sebelum %(date)s, awal berlakunya nama sekarang.")
            % {"date": date_format(current.valid_from, "j F Y")}
        )
    return value


# --- create -------------------------------------------------------------------------------


class AgencyCreateForm(_agency_form_class(CREATE_FIELDS)):
    valid_from = forms.DateField(
        label=gettext_lazy("Berlaku sejak"),
        widget=forms.DateInput(attrs={"type": "date"}, format="%Y-%m-%d"),
        help_text=gettext_lazy("Tanggal nama ini mulai berlaku. Kosongkan untuk hari ini."),
        required=False,
    )

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["code"].help_text = _(
            "Huruf kapital, angka, dan tanda hubung, misalnya DISHUB atau KEC-BEKASITIMUR. "
            "Kode dipakai di alamat halaman dan API dan tidak dapat diubah."
        )
        # (A subclass rebuilds its model fields, so the kecamatan-only choice is set here.)
        self.fields["region"].queryset = region_list(level=RegionLevel.KECAMATAN)
        self.fields["region"].to_field_name = "code"
        self.fields["region"].help_text = _("Isi untuk kecamatan; boleh kosong.")
        self.fields["region"].empty_label = _("Tanpa wilayah")

    def clean_code(self) -> str:
        code = self.cleaned_data["code"].strip().upper()
        if not CODE_PATTERN.match(code):
            raise ValidationError(_("Kode hanya boleh berisi huruf, angka, dan tanda hubung."))
        if Agency.objects.filter(code=code).exists():
            raise ValidationError(_("Kode %(code)s sudah dipakai.") % {"code": code})
        return code


@login_required
@require_http_methods(["GET", "POST"])
def agency_create(request):
    _require_admin(request)
    form = AgencyCreateForm(request.POST or None)
    if request.method == "POST" and form.is_valid():
        data = {field: form.cleaned_data[field] for field in CREATE_FIELDS}
        try:
            agency = services.agency_create(
                actor=request.user, valid_from=form.cleaned_data["valid_from"], **data
            )
        except ValidationError as exc:
            add_service_errors(form, exc)
        else:
            messages.success(
                request, _("Perangkat Daerah %(name)s ditambahkan.") % {"name": agency.name}
            )
            return redirect(agency.get_absolute_url())
    _style_form(form)
    return render(request, "core/agencies/admin_create.html", {"form": form})


# --- merge ----------------------------------------------------------------------------------


class AgencyMergeForm(forms.Form):
    target = forms.ModelChoiceField(
        label=gettext_lazy("Digabung ke Perangkat Daerah"),
        queryset=Agency.objects.none(),
        empty_label=gettext_lazy("Pilih Perangkat Daerah tujuan"),
        error_messages={
            "required": gettext_lazy("Pilih Perangkat Daerah tujuan."),
            "invalid_choice": gettext_lazy(
                "Pilih Perangkat Daerah tujuan yang masih aktif dan bukan Perangkat Daerah ini."
            ),
        },
    )
    merged_on = _date_field(gettext_lazy("Tanggal penggabungan"))

    def __init__(self, *args, agency: Agency, **kwargs):
        super().__init__(*args, **kwargs)
        self.agency = agency
        self.fields["target"].queryset = selectors.agency_list(active=True).exclude(pk=agency.pk)

    def clean_merged_on(self) -> dt.date:
        return _check_end_date(self.agency, self.cleaned_data.get("merged_on"))


class AgencyRetireForm(forms.Form):
    retired_on = _date_field(gettext_lazy("Tanggal pembubaran"))

    def __init__(self, *args, agency: Agency, **kwargs):
        super().__init__(*args, **kwargs)
        self.agency = agency

    def clean_retired_on(self) -> dt.date:
        return _check_end_date(self.agency, self.cleaned_data.get("retired_on"))


def _active_agency_or_redirect(request, code):
    """The agency to end, or a redirect back to its page when it has already ended."""
    agency = selectors.agency_get(code=code)
    if not agency.is_active:
        messages.error(request, _("Perangkat Daerah ini sudah tidak aktif."))
        return agency, redirect(agency.get_absolute_url())
    return agency, None


def _confirm_or_write(request, *, agency, form, template, write, success_message):
    """Two steps: a valid first POST shows the confirmation; a confirmed POST writes."""
    step = "form"
    if request.method == "POST" and form.is_valid():
        if request.POST.get(CONFIRM_FIELD) == "1":
            try:
                write(form.cleaned_data)
            except ValidationError as exc:
                add_service_errors(form, exc)
            else:
                messages.success(request, success_message(form.cleaned_data))
                return redirect(agency.get_absolute_url())
        else:
            step = "confirm"
    _style_form(form)
    context = {
        "agency": agency,
        "form": form,
        "step": step,
        "merged_sources": selectors.agency_merged_sources(agency=agency),
    }
    return render(request, template, context)


@login_required
@require_http_methods(["GET", "POST"])
def agency_merge(request, code):
    _require_admin(request)
    agency, done = _active_agency_or_redirect(request, code)
    if done:
        return done
    form = AgencyMergeForm(request.POST or None, agency=agency)

    def write(data):
        services.agency_merge(
            actor=request.user, source=agency, target=data["target"], merged_on=data["merged_on"]
        )

    def success_message(data):
        return _("%(source)s digabung ke %(target)s.") % {
            "source": agency.name,
            "target": data["target"].name,
        }

    return _confirm_or_write(
        request,
        agency=agency,
        form=form,
        template="core/agencies/admin_merge.html",
        write=write,
        success_message=success_message,
    )


@login_required
@require_http_methods(["GET", "POST"])
def agency_retire(request, code):
    _require_admin(request)
    agency, done = _active_agency_or_redirect(request, code)
    if done:
        return done
    form = AgencyRetireForm(request.POST or None, agency=agency)

    def write(data):
        services.agency_retire(actor=request.user, agency=agency, retired_on=data["retired_on"])

    def success_message(data):
        return _("%(name)s dibubarkan.") % {"name": agency.name}

    return _confirm_or_write(
        request,
        agency=agency,
        form=form,
        template="core/agencies/admin_retire.html",
        write=write,
        success_message=success_message,
    )

"""Pages of indicators (Issue 3 item 4): the indicators of an activity with their yearly
targets, create/edit forms and setting a target for a year."""

from __future__ import annotations

from django import forms
from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import PermissionDenied, ValidationError
from django.forms.models import fields_for_model, model_to_dict
from django.shortcuts import redirect, render
from django.urls import reverse
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy
from django.views.decorators.http import require_http_methods, require_POST

from kotacerdas.masterplan.models import Indicator
from kotacerdas.masterplan.selectors import indicators as indicator_selectors
from kotacerdas.masterplan.selectors import tree as tree_selectors
from kotacerdas.masterplan.services import indicators as services
from kotacerdas.masterplan.services.tree import can_edit_node
from kotacerdas.masterplan.views.forms import add_service_errors, changed, style_form
from kotacerdas.masterplan.views.tree import current_year

INDICATOR_FORM_FIELDS = [
    "code",
    "name",
    "definition",
    "level",
    "unit",
    "max_value",
    "direction",
    "aggregation",
    "frequency",
    "baseline_value",
    "baseline_year",
    "data_source",
    "verification_means",
    "iso37122_code",
    "sdg_code",
]
IndicatorForm = type(
    "IndicatorForm", (forms.Form,), fields_for_model(Indicator, fields=INDICATOR_FORM_FIELDS)
)


class TargetForm(forms.Form):
    year = forms.IntegerField(label=gettext_lazy("Tahun"))
    value = forms.DecimalField(
        label=gettext_lazy("Target"),
        max_digits=18,
        decimal_places=4,
        required=False,
        help_text=gettext_lazy("Kosongkan untuk menghapus target tahun itu."),
    )


def _page(request, activity, *, indicator_form=None, target_form=None, target_for=None, status=200):
    can_edit = can_edit_node(request.user, activity)
    indicators = list(indicator_selectors.indicators_for_activity(activity_id=activity.pk))
    year = current_year()
    if indicator_form is None:
        indicator_form = IndicatorForm()
    style_form(indicator_form)
    if target_form is not None:
        style_form(target_form)
    return render(
        request,
        "masterplan/tree/indicators.html",
        {
            "activity": activity,
            "indicators": [
                (i, indicator_selectors.indicator_target_for(indicator=i, year=year))
                for i in indicators
            ],
            "year": year,
            "can_edit": can_edit,
            "indicator_form": indicator_form,
            "target_form": target_form,
            "target_for": target_for,
            "blank_target_form": _styled(TargetForm(initial={"year": year})),
        },
        status=status,
    )


def _styled(form):
    style_form(form)
    return form


@login_required
@require_http_methods(["GET", "POST"])
def activity_indicators(request, pk: int):
    """GET: the indicators of an activity; POST: add an indicator."""
    activity = tree_selectors.activity_get(pk=pk)
    if request.method == "GET":
        return _page(request, activity)
    if not can_edit_node(request.user, activity):
        raise PermissionDenied(_("Anda tidak berwenang menambah indikator kegiatan ini."))
    form = IndicatorForm(request.POST)
    if form.is_valid():
        data = {k: v for k, v in form.cleaned_data.items() if v not in (None, "")}
        try:
            services.indicator_create(actor=request.user, data={**data, "activity": activity})
        except ValidationError as exc:
            add_service_errors(form, exc)
        else:
            messages.success(request, _("Indikator disimpan."))
            return redirect(reverse("masterplan:activity_indicators", args=[activity.pk]))
    return _page(request, activity, indicator_form=form, status=422)


@login_required
@require_http_methods(["GET", "POST"])
def indicator_edit(request, pk: int):
    indicator = indicator_selectors.indicator_get(pk=pk)
    try:
        services.require_indicator_access(request.user, indicator)
    except PermissionDenied:
        raise PermissionDenied(_("Anda tidak berwenang mengubah indikator ini.")) from None
    back = (
        reverse("masterplan:activity_indicators", args=[indicator.activity_id])
        if indicator.activity_id
        else reverse("masterplan:tree")
    )
    form = IndicatorForm(
        request.POST if request.method == "POST" else None,
        initial=model_to_dict(indicator, fields=INDICATOR_FORM_FIELDS),
    )
    if request.method == "POST" and form.is_valid():
        data = changed(form)
        try:
            if data:
                services.indicator_update(actor=request.user, indicator=indicator, data=data)
        except ValidationError as exc:
            add_service_errors(form, exc)
        else:
            messages.success(
                request, _("Indikator disimpan.") if data else _("Tidak ada perubahan.")
            )
            return redirect(back)
    style_form(form)
    return render(
        request,
        "masterplan/tree/form.html",
        {"form": form, "title": _("Ubah indikator %(code)s") % {"code": indicator.code},
         "cancel_url": back},
    )  # fmt: skip


@login_required
@require_POST
def indicator_target_set(request, pk: int):
    indicator = indicator_selectors.indicator_get(pk=pk)
    services.require_indicator_access(request.user, indicator)
    form = TargetForm(request.POST)
    if form.is_valid():
        try:
            services.indicator_target_set(
                actor=request.user,
                indicator=indicator,
                year=form.cleaned_data["year"],
                value=form.cleaned_data["value"],
            )
        except ValidationError as exc:
            add_service_errors(form, exc)
        else:
            messages.success(request, _("Target disimpan."))
            return redirect(reverse("masterplan:activity_indicators", args=[indicator.activity_id]))
    activity = tree_selectors.activity_get(pk=indicator.activity_id)
    return _page(request, activity, target_form=form, target_for=indicator.pk, status=422)

"""Pages of the program tree (Pasal 7): the tree with filters and lazily loaded activities,
program and activity details, create/edit forms, budgets per source (Pasal 30).

Physical progress per activity comes from monitoring's selector (the latest verified or
locked quarter of the year), read in one query for the whole page."""

from __future__ import annotations

import decimal
from typing import Any

from django import forms
from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import PermissionDenied, ValidationError
from django.forms.models import fields_for_model, model_to_dict
from django.shortcuts import redirect, render
from django.urls import reverse
from django.utils import timezone
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy
from django.views.decorators.http import require_http_methods, require_POST

from kotacerdas.core.models import Helix, Organisation
from kotacerdas.masterplan.models import (
    Activity,
    BudgetSource,
    Dimension,
    Element,
    PriorityProgram,
    Program,
    SubActivity,
)
from kotacerdas.masterplan.selectors import tree as selectors
from kotacerdas.masterplan.services import tree as services
from kotacerdas.masterplan.views.forms import add_service_errors, changed, style_form

NODE_FIELDS = [
    "name",
    "description",
    "dimension",
    "elements",
    "quick_win",
    "roadmap_start_year",
    "roadmap_end_year",
    "phase",
]
PRIORITY_PROGRAM_FORM_FIELDS = ["number", "rpjmd_period", "priority_area", *NODE_FIELDS]
PROGRAM_FORM_FIELDS = ["code", "priority_program", "agency", "organisation", *NODE_FIELDS]
ACTIVITY_FORM_FIELDS = ["code", *NODE_FIELDS]
SUB_ACTIVITY_FORM_FIELDS = ["code", "name", "description", "quick_win",
                            "roadmap_start_year", "roadmap_end_year", "phase"]  # fmt: skip


def progress_by_activity(activity_ids: list[int], year: int | None = None) -> dict[int, Any]:
    """Physical progress (cumulative %) per activity, from monitoring's selectors."""
    from kotacerdas.monitoring.selectors.progress import latest_progress_by_activity

    return latest_progress_by_activity(activity_ids, year or current_year())


def current_year() -> int:
    return timezone.localdate().year


def _year(request) -> int:
    try:
        year = int(request.GET.get("tahun", ""))
    except ValueError:
        return current_year()
    return (
        year if services.BUDGET_FIRST_YEAR <= year <= services.BUDGET_LAST_YEAR else current_year()
    )


def _filters(request) -> selectors.TreeFilters:
    dimension = request.GET.get("dimensi", "").strip().upper()
    if dimension not in set(Dimension.objects.values_list("code", flat=True)):
        dimension = ""
    quick = request.GET.get("quick_win", "")
    return selectors.TreeFilters(
        year=_year(request),
        dimension=dimension,
        agency=request.GET.get("pd", "").strip().upper()[:40],
        quick_win=True if quick == "1" else None,
    )


def _editable_ids(user) -> set[int] | None:
    ids = services.editable_agency_ids(user)
    return ids if ids is None else ids or {0}  # {0}: a set no program matches


def _with_progress(activities: list[Activity], year: int | None = None) -> bool:
    progress = progress_by_activity([a.pk for a in activities], year)
    for activity in activities:
        activity.progress = progress.get(activity.pk)
    return True


def _form_class(model: Any, fields: list[str]) -> type[forms.Form]:
    form_fields = fields_for_model(model, fields=fields)
    return type(f"{model.__name__}Form", (forms.Form,), dict(form_fields))


def _build_form(request, *, model, fields, instance=None, initial=None, actor=None):
    form_class = _form_class(model, fields)
    data = request.POST if request.method == "POST" else None
    base_initial = model_to_dict(instance, fields=fields) if instance is not None else {}
    form = form_class(data, initial={**base_initial, **(initial or {})})
    if "elements" in form.fields:
        form.fields["elements"].queryset = Element.objects.select_related("dimension")
        form.fields["elements"].label_from_instance = lambda e: f"{e.code} {e.name}"
        form.fields["elements"].help_text = _("Unsur harus milik dimensi yang dipilih.")
    if "organisation" in form.fields:
        form.fields["organisation"].queryset = Organisation.objects.exclude(helix=Helix.PEMERINTAH)
    if "agency" in form.fields and actor is not None and not services.can_manage_all(actor):
        from kotacerdas.core.selectors.agencies import agency_lineage_ids

        scope = agency_lineage_ids(actor.agency_id) if actor.agency_id else set()
        form.fields["agency"].queryset = form.fields["agency"].queryset.filter(pk__in=scope)
        form.fields.pop("organisation", None)
    if "code" in form.fields:
        form.fields["code"].help_text = _("Pola Permendagri 90/2019.")
    return form


def _render_form(request, *, form, title, cancel_url, intro="", crumbs=()):
    style_form(form)
    return render(
        request,
        "masterplan/tree/form.html",
        {"form": form, "title": title, "cancel_url": cancel_url, "intro": intro,
         "crumbs": crumbs},
    )  # fmt: skip


def _save(request, form, call, success_message: str):
    """Run the service with the form's data; on refusal put its messages on the form."""
    try:
        result = call()
    except ValidationError as exc:
        add_service_errors(form, exc)
        return None
    messages.success(request, success_message)
    return result


def _edit_page(request, *, form, url: str, update, saved: str, title: str):
    """The edit flow every node shares: nothing changed -> say so; else save through the
    service (errors land on the form) and go back to the node's page."""
    if request.method == "POST" and form.is_valid():
        data = changed(form)
        if not data:
            messages.info(request, _("Tidak ada perubahan."))
            return redirect(url)
        if _save(request, form, lambda: update(data), saved) is not None:
            return redirect(url)
    return _render_form(request, form=form, title=title, cancel_url=url)


# --- the tree ----------------------------------------------------------------------------------


@login_required
def tree_page(request):
    filters = _filters(request)
    nodes = selectors.program_tree(filters=filters)
    template = "masterplan/tree/page.html"
    if request.htmx and not request.htmx.history_restore_request:
        template += "#tree"
    return render(
        request,
        template,
        {
            "nodes": nodes,
            "filters": filters,
            "dimensions": Dimension.objects.order_by("order"),
            "agencies": selectors.agencies_with_programs(),
            "years": range(current_year() - 2, current_year() + 3),
            "can_manage_all": services.can_manage_all(request.user),
            "editable_ids": _editable_ids(request.user),
            "can_create_program": services.can_edit_agency_nodes(
                request.user, getattr(request.user, "agency_id", None)
            ),
        },
    )


@login_required
def program_children(request, pk: int):
    """The activities of a program: an htmx fragment for the tree, or a plain page."""
    program = selectors.program_get(pk=pk)
    filters = _filters(request)
    activities = list(
        selectors.program_activities(
            program=program, year=filters.year, quick_win=filters.quick_win
        )
    )
    context = {
        "program": program,
        "activities": activities,
        "filters": filters,
        "show_progress": _with_progress(activities, filters.year),
        "can_edit": services.can_edit_node(request.user, program),
    }
    if request.htmx:
        return render(request, "masterplan/tree/_activities.html", context)
    return redirect(reverse("masterplan:program_detail", args=[program.pk]))


# --- priority programs -------------------------------------------------------------------------


@login_required
def priority_program_detail(request, pk: int):
    pp = selectors.priority_program_get(pk=pk)
    filters = selectors.TreeFilters(year=_year(request))
    programs = selectors.program_queryset(filters).filter(priority_program=pp)
    return render(
        request,
        "masterplan/tree/priority_program_detail.html",
        {
            "pp": pp,
            "programs": programs,
            "filters": filters,
            "can_edit": services.can_manage_all(request.user),
        },
    )


@login_required
@require_http_methods(["GET", "POST"])
def priority_program_create(request):
    services.require_priority_program_access(request.user)
    form = _build_form(request, model=PriorityProgram, fields=PRIORITY_PROGRAM_FORM_FIELDS)
    if request.method == "POST" and form.is_valid():
        pp = _save(
            request,
            form,
            lambda: services.priority_program_create(actor=request.user, data=changed(form)),
            _("Program prioritas disimpan."),
        )
        if pp is not None:
            return redirect(reverse("masterplan:priority_program_detail", args=[pp.pk]))
    return _render_form(
        request,
        form=form,
        title=_("Tambah program prioritas"),
        cancel_url=reverse("masterplan:tree"),
    )


@login_required
@require_http_methods(["GET", "POST"])
def priority_program_edit(request, pk: int):
    pp = selectors.priority_program_get(pk=pk)
    services.require_priority_program_access(request.user)
    form = _build_form(
        request, model=PriorityProgram, fields=PRIORITY_PROGRAM_FORM_FIELDS, instance=pp
    )
    return _edit_page(
        request,
        form=form,
        url=reverse("masterplan:priority_program_detail", args=[pp.pk]),
        update=lambda data: services.priority_program_update(
            actor=request.user, priority_program=pp, data=data
        ),
        saved=_("Program prioritas disimpan."),
        title=_("Ubah program prioritas %(code)s") % {"code": pp.code},
    )


# --- programs ----------------------------------------------------------------------------------


@login_required
def program_detail(request, pk: int):
    program = selectors.program_get(pk=pk)
    year = _year(request)
    activities = list(selectors.program_activities(program=program, year=year))
    return render(
        request,
        "masterplan/tree/program_detail.html",
        {
            "program": program,
            "activities": activities,
            "filters": selectors.TreeFilters(year=year),
            "show_progress": _with_progress(activities, year),
            "can_edit": services.can_edit_node(request.user, program),
        },
    )


@login_required
@require_http_methods(["GET", "POST"])
def program_create(request):
    if not services.can_manage_all(request.user) and not services.can_edit_agency_nodes(
        request.user, getattr(request.user, "agency_id", None)
    ):
        raise PermissionDenied(_("Anda tidak berwenang menambah program."))
    initial = {}
    if request.GET.get("pp", "").isdigit():
        pp = PriorityProgram.objects.filter(number=int(request.GET["pp"])).first()
        if pp is not None:
            initial = {"priority_program": pp.pk, "dimension": pp.dimension_id}
    if getattr(request.user, "agency_id", None):
        initial.setdefault("agency", request.user.agency_id)
    form = _build_form(
        request, model=Program, fields=PROGRAM_FORM_FIELDS, initial=initial, actor=request.user
    )
    if request.method == "POST" and form.is_valid():
        data = {k: v for k, v in form.cleaned_data.items() if v not in (None, "")}
        program = _save(
            request,
            form,
            lambda: services.program_create(actor=request.user, data=data),
            _("Program disimpan."),
        )
        if program is not None:
            return redirect(reverse("masterplan:program_detail", args=[program.pk]))
    return _render_form(
        request,
        form=form,
        title=_("Tambah program"),
        intro=_(
            "Program Perangkat Daerah berkode X.XX.XX; program partisipatif pemangku "
            "kepentingan non-pemerintah diisi dengan pemangku kepentingan pelaksana."
        ),
        cancel_url=reverse("masterplan:tree"),
    )


@login_required
@require_http_methods(["GET", "POST"])
def program_edit(request, pk: int):
    program = selectors.program_get(pk=pk)
    if not services.can_edit_node(request.user, program):
        raise PermissionDenied(_("Anda tidak berwenang mengubah program ini."))
    form = _build_form(
        request, model=Program, fields=PROGRAM_FORM_FIELDS, instance=program, actor=request.user
    )
    return _edit_page(
        request,
        form=form,
        url=reverse("masterplan:program_detail", args=[program.pk]),
        update=lambda data: services.program_update(actor=request.user, program=program, data=data),
        saved=_("Program disimpan."),
        title=_("Ubah program %(code)s") % {"code": program.code},
    )


# --- activities --------------------------------------------------------------------------------


class BudgetForm(forms.Form):
    year = forms.IntegerField(label=gettext_lazy("Tahun anggaran"))
    source = forms.ChoiceField(label=gettext_lazy("Sumber dana"), choices=BudgetSource.choices)
    amount = forms.DecimalField(
        label=gettext_lazy("Jumlah (Rp)"),
        max_digits=18,
        decimal_places=2,
        help_text=gettext_lazy("0 menghapus alokasi sumber dana ini."),
    )


@login_required
def activity_detail(request, pk: int):
    activity = selectors.activity_get(pk=pk)
    can_edit = services.can_edit_node(request.user, activity)
    year = _year(request)
    budget_form = BudgetForm(initial={"year": year, "source": BudgetSource.APBD})
    style_form(budget_form)
    return _activity_page(request, activity, can_edit, year, budget_form)


def _activity_page(request, activity, can_edit, year, budget_form, status=200):
    budgets = [b for b in activity.budgets.all()]
    years = sorted({b.year for b in budgets}, reverse=True)
    return render(
        request,
        "masterplan/tree/activity_detail.html",
        {
            "activity": activity,
            "program": activity.program,
            "budgets": budgets,
            "budget_years": [
                (y, sum((b.amount for b in budgets if b.year == y), decimal.Decimal(0)))
                for y in years
            ],
            "year": year,
            "indicators": activity.indicators.all(),
            "budget_form": budget_form,
            "can_edit": can_edit,
            "show_progress": _with_progress([activity], year),
        },
        status=status,
    )


@login_required
@require_POST
def activity_budget_set(request, pk: int):
    activity = selectors.activity_get(pk=pk)
    if not services.can_edit_node(request.user, activity):
        raise PermissionDenied(_("Anda tidak berwenang mengubah anggaran kegiatan ini."))
    form = BudgetForm(request.POST)
    if form.is_valid():
        try:
            services.budget_allocation_set(
                actor=request.user,
                activity=activity,
                year=form.cleaned_data["year"],
                source=form.cleaned_data["source"],
                amount=form.cleaned_data["amount"],
            )
        except ValidationError as exc:
            add_service_errors(form, exc)
        else:
            messages.success(request, _("Anggaran disimpan."))
            return redirect(reverse("masterplan:activity_detail", args=[activity.pk]))
    style_form(form)
    activity = selectors.activity_get(pk=pk)
    return _activity_page(request, activity, True, _year(request), form, status=422)


@login_required
@require_http_methods(["GET", "POST"])
def activity_create(request, program_pk: int):
    program = selectors.program_get(pk=program_pk)
    if not services.can_edit_node(request.user, program):
        raise PermissionDenied(_("Anda tidak berwenang menambah kegiatan pada program ini."))
    form = _build_form(
        request,
        model=Activity,
        fields=ACTIVITY_FORM_FIELDS,
        initial={"code": f"{program.code}.", "dimension": program.dimension_id},
    )
    url = reverse("masterplan:program_detail", args=[program.pk])
    if request.method == "POST" and form.is_valid():
        data = {k: v for k, v in form.cleaned_data.items() if v not in (None, "")}
        if not form.cleaned_data.get("elements"):
            data.pop("elements", None)
        activity = _save(
            request,
            form,
            lambda: services.activity_create(actor=request.user, program=program, data=data),
            _("Kegiatan disimpan."),
        )
        if activity is not None:
            return redirect(reverse("masterplan:activity_detail", args=[activity.pk]))
    return _render_form(
        request,
        form=form,
        title=_("Tambah kegiatan pada %(program)s") % {"program": program},
        intro=_("Kode kegiatan berpola X.XX.XX.X.XX dan diawali kode programnya (%(code)s).")
        % {"code": program.code},
        cancel_url=url,
    )


@login_required
@require_http_methods(["GET", "POST"])
def activity_edit(request, pk: int):
    activity = selectors.activity_get(pk=pk)
    if not services.can_edit_node(request.user, activity):
        raise PermissionDenied(_("Anda tidak berwenang mengubah kegiatan ini."))
    form = _build_form(request, model=Activity, fields=ACTIVITY_FORM_FIELDS, instance=activity)
    return _edit_page(
        request,
        form=form,
        url=reverse("masterplan:activity_detail", args=[activity.pk]),
        update=lambda data: services.activity_update(
            actor=request.user, activity=activity, data=data
        ),
        saved=_("Kegiatan disimpan."),
        title=_("Ubah kegiatan %(code)s") % {"code": activity.code},
    )


@login_required
@require_http_methods(["GET", "POST"])
def sub_activity_create(request, activity_pk: int):
    activity = selectors.activity_get(pk=activity_pk)
    if not services.can_edit_node(request.user, activity):
        raise PermissionDenied(_("Anda tidak berwenang menambah sub-kegiatan pada kegiatan ini."))
    form = _build_form(
        request, model=SubActivity, fields=SUB_ACTIVITY_FORM_FIELDS,
        initial={"code": f"{activity.code}."},
    )  # fmt: skip
    url = reverse("masterplan:activity_detail", args=[activity.pk])
    if request.method == "POST" and form.is_valid():
        data = {k: v for k, v in form.cleaned_data.items() if v not in (None, "")}
        done = _save(
            request,
            form,
            lambda: services.sub_activity_create(actor=request.user, activity=activity, data=data),
            _("Sub-kegiatan disimpan."),
        )
        if done is not None:
            return redirect(url)
    return _render_form(
        request,
        form=form,
        title=_("Tambah sub-kegiatan pada %(activity)s") % {"activity": activity},
        intro=_(
            "Kode sub-kegiatan berpola X.XX.XX.X.XX.XXXX dan diawali kode kegiatannya (%(code)s)."
        )
        % {"code": activity.code},
        cancel_url=url,
    )


@login_required
@require_http_methods(["GET", "POST"])
def sub_activity_edit(request, pk: int):
    sub = selectors.sub_activity_get(pk=pk)
    if not services.can_edit_node(request.user, sub):
        raise PermissionDenied(_("Anda tidak berwenang mengubah sub-kegiatan ini."))
    form = _build_form(request, model=SubActivity, fields=SUB_ACTIVITY_FORM_FIELDS, instance=sub)
    return _edit_page(
        request,
        form=form,
        url=reverse("masterplan:activity_detail", args=[sub.activity_id]),
        update=lambda data: services.sub_activity_update(
            actor=request.user, sub_activity=sub, data=data
        ),
        saved=_("Sub-kegiatan disimpan."),
        title=_("Ubah sub-kegiatan %(code)s") % {"code": sub.code},
    )

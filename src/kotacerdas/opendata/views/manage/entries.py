"""Daftar Data pages: the list (filters, pages), an entry with its periods and submissions,
and the walidata's create/edit/delete forms with the schema editor."""

from __future__ import annotations

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import ValidationError
from django.core.paginator import Paginator
from django.shortcuts import redirect, render
from django.utils.translation import gettext as _
from django.views.decorators.http import require_http_methods

from kotacerdas.core.models import Agency
from kotacerdas.opendata import permissions
from kotacerdas.opendata.selectors import daftar as selectors
from kotacerdas.opendata.selectors.compliance import entry_period_states
from kotacerdas.opendata.selectors.submissions import submission_list
from kotacerdas.opendata.services import daftar as services

from .common import PAGE_SIZE, add_errors, int_or_none
from .forms import EntryForm, SchemaFieldFormSet, schema_from_formset, schema_initial


@login_required
def entry_list(request):
    selectors.require_management(request.user)
    priority = {"1": True, "0": False}.get(request.GET.get("prioritas", ""))
    filters = {
        "year": int_or_none(request.GET.get("tahun")),
        "agency_id": int_or_none(request.GET.get("pd")),
        "priority": priority,
        "q": request.GET.get("q", "").strip()[:100],
    }
    queryset = selectors.entry_list(actor=request.user, **filters)
    page = Paginator(queryset, PAGE_SIZE).get_page(request.GET.get("halaman"))
    scope = permissions.internal_agency_ids(request.user)
    agencies = Agency.objects.filter(is_active=True).order_by("name").only("id", "name")
    if scope is not None:
        agencies = agencies.filter(pk__in=scope)
    return render(
        request,
        "opendata/manage/entry_list.html",
        {
            "page": page,
            "filters": filters,
            "years": selectors.entry_years(actor=request.user),
            "agencies": agencies,
            "is_walidata": permissions.is_walidata(request.user),
        },
    )


@login_required
def entry_detail(request, pk):
    entry = selectors.entry_get(actor=request.user, pk=pk)
    submissions = submission_list(actor=request.user, entry_id=entry.pk)
    page = Paginator(submissions, PAGE_SIZE).get_page(request.GET.get("halaman"))
    return render(
        request,
        "opendata/manage/entry_detail.html",
        {
            "entry": entry,
            "periods": entry_period_states(entry=entry),
            "page": page,
            "fields": (entry.table_schema or {}).get("fields", []),
            "is_walidata": permissions.is_walidata(request.user),
            "can_upload": permissions.is_producer_of(request.user, entry.agency_id),
        },
    )


def _entry_form_page(request, *, entry=None):
    permissions.require_walidata(request.user)
    if request.method == "POST":
        form = EntryForm(request.POST)
        formset = SchemaFieldFormSet(request.POST, prefix="kolom")
        if form.is_valid() and formset.is_valid():
            data = dict(form.cleaned_data)
            raw = data.pop("schema_json")
            previous = entry.table_schema if entry else None
            data["table_schema"] = (
                raw if raw is not None else schema_from_formset(formset, previous)
            )
            try:
                if entry is None:
                    entry = services.entry_create(actor=request.user, **data)
                    messages.success(request, _("Entri Daftar Data ditambahkan."))
                else:
                    entry = services.entry_update(actor=request.user, entry=entry, **data)
                    messages.success(request, _("Entri Daftar Data disimpan."))
                return redirect("opendata:entry_detail", pk=entry.pk)
            except ValidationError as exc:
                add_errors(form, exc)
    elif entry is not None:
        form = EntryForm(
            initial={
                "agency": entry.agency,
                "year": entry.year,
                "title": entry.title,
                "description": entry.description,
                "topic": entry.topic,
                "frequency": entry.frequency,
                "due_days": entry.due_days,
                "unit": entry.unit,
                "priority": entry.priority,
            }
        )
        formset = SchemaFieldFormSet(initial=schema_initial(entry.table_schema), prefix="kolom")
    else:
        form = EntryForm(initial={"due_days": 30})
        formset = SchemaFieldFormSet(prefix="kolom")
    return render(
        request,
        "opendata/manage/entry_form.html",
        {"form": form, "formset": formset, "entry": entry},
    )


@login_required
@require_http_methods(["GET", "POST"])
def entry_create(request):
    return _entry_form_page(request)


@login_required
@require_http_methods(["GET", "POST"])
def entry_edit(request, pk):
    entry = selectors.entry_get(actor=request.user, pk=pk)
    return _entry_form_page(request, entry=entry)


@login_required
@require_http_methods(["GET", "POST"])
def entry_delete(request, pk):
    entry = selectors.entry_get(actor=request.user, pk=pk)
    permissions.require_walidata(request.user)
    error = ""
    if request.method == "POST":
        try:
            services.entry_delete(actor=request.user, entry=entry)
        except ValidationError as exc:
            error = " ".join(exc.messages)
        else:
            messages.success(request, _("Entri Daftar Data dihapus."))
            return redirect("opendata:entry_list")
    return render(request, "opendata/manage/entry_delete.html", {"entry": entry, "error": error})

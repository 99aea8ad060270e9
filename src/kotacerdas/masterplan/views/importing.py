"""The import page (Issue 3 item 3): upload the priority programs or the program tree as
CSV/XLSX, see every problem row by row, or a summary of what was written; templates."""

from __future__ import annotations

from django import forms
from django.contrib.auth.decorators import login_required
from django.core.exceptions import PermissionDenied
from django.http import Http404, HttpResponse
from django.shortcuts import render
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy
from django.views.decorators.http import require_http_methods

from kotacerdas.masterplan.services import importing
from kotacerdas.masterplan.services.tree import can_edit_agency_nodes, can_manage_all
from kotacerdas.masterplan.views.forms import style_form

KINDS = {
    "pohon-program": gettext_lazy("Pohon program (program, kegiatan, sub-kegiatan)"),
    "program-prioritas": gettext_lazy("Program prioritas Wali Kota"),
}
SUMMARY_LABELS = {
    "priority_program": gettext_lazy("program prioritas"),
    "program": gettext_lazy("program"),
    "activity": gettext_lazy("kegiatan"),
    "sub_activity": gettext_lazy("sub-kegiatan"),
    "budget": gettext_lazy("alokasi anggaran"),
}


class ImportForm(forms.Form):
    kind = forms.ChoiceField(label=gettext_lazy("Jenis data"), choices=list(KINDS.items()))
    file = forms.FileField(
        label=gettext_lazy("Berkas (.xlsx atau .csv)"),
        help_text=gettext_lazy("Paling besar 5 MB. Hanya lembar pertama yang dibaca."),
    )


def _may_import(user) -> bool:
    return can_manage_all(user) or can_edit_agency_nodes(user, getattr(user, "agency_id", None))


@login_required
@require_http_methods(["GET", "POST"])
def import_page(request):
    if not _may_import(request.user):
        raise PermissionDenied(_("Anda tidak berwenang mengimpor data rencana induk."))
    form = ImportForm(request.POST or None, request.FILES or None)
    errors = summary = None
    status = 200
    if request.method == "POST" and form.is_valid():
        importer = (
            importing.tree_import
            if form.cleaned_data["kind"] == "pohon-program"
            else importing.priority_program_import
        )
        try:
            result = importer(actor=request.user, uploaded_file=form.cleaned_data["file"])
        except importing.ImportFileError as exc:
            errors = exc.errors
            status = 422
        except PermissionDenied as exc:
            errors = [importing.RowError(None, "", str(exc))]
            status = 403
        else:
            summary = [
                (SUMMARY_LABELS.get(kind, kind), count, result.updated.get(kind, 0))
                for kind, count in result.created.items()
            ] + [
                (SUMMARY_LABELS.get(kind, kind), 0, count)
                for kind, count in result.updated.items()
                if kind not in result.created
            ]
            summary = {"rows": result.rows, "lines": summary}
    elif request.method == "POST":
        status = 422
    style_form(form)
    return render(
        request,
        "masterplan/import/page.html",
        {
            "form": form,
            "errors": errors,
            "summary": summary,
            "kinds": KINDS.items(),
            "max_mb": importing.MAX_IMPORT_BYTES // (1024 * 1024),
            "can_import_priority": can_manage_all(request.user),
        },
        status=status,
    )


@login_required
def import_template(request, kind: str, fmt: str):
    if kind not in importing.TEMPLATES or fmt not in {"xlsx", "csv"}:
        raise Http404
    if fmt == "xlsx":
        response = HttpResponse(
            importing.import_template_xlsx(kind),
            content_type="application/vnd.openxmlformats-officedocument.spreadsheetml.sheet",
        )
    else:
        response = HttpResponse(
            importing.import_template_csv(kind), content_type="text/csv; charset=utf-8"
        )
    response["Content-Disposition"] = f'attachment; filename="templat-{kind}.{fmt}"'
    return response


@login_required
def tree_export(request, fmt: str):
    """The agency tree (filters `pd`, `dimensi`, `tahun`) in the import template's columns."""
    from kotacerdas.masterplan.selectors.tree import tree_export_rows
    from kotacerdas.masterplan.views.tree import _filters

    if fmt not in {"xlsx", "csv"}:
        raise Http404
    filters = _filters(request)
    rows = tree_export_rows(year=filters.year, agency=filters.agency, dimension=filters.dimension)
    content = importing.table_bytes(importing.TREE_COLUMNS, rows, fmt=fmt)
    content_type = (
        "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet"
        if fmt == "xlsx"
        else "text/csv; charset=utf-8"
    )
    response = HttpResponse(content, content_type=content_type)
    response["Content-Disposition"] = f'attachment; filename="pohon-program-{filters.year}.{fmt}"'
    return response

"""Bulk entry page: upload an XLSX/CSV for a quarter; the whole file is checked first and
every problem is listed row by row; the prefilled template is downloadable."""

from __future__ import annotations

from django import forms
from django.contrib.auth.decorators import login_required
from django.core.exceptions import PermissionDenied
from django.db import transaction
from django.http import HttpRequest, HttpResponse
from django.shortcuts import render
from django.utils import timezone
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy
from django.views.decorators.http import require_http_methods

from kotacerdas.core import permissions
from kotacerdas.core.models import Role
from kotacerdas.monitoring.models import ReportingPeriod
from kotacerdas.monitoring.selectors.realisation import activities_for_actor
from kotacerdas.monitoring.services.bulk import (
    COLUMNS,
    MAX_FILE_BYTES,
    bulk_template_xlsx,
    realisation_bulk_import,
)
from kotacerdas.monitoring.services.periods import period_ensure

XLSX_TYPE = "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet"


class BulkForm(forms.Form):
    year = forms.IntegerField(label=gettext_lazy("Tahun"), min_value=2000, max_value=2100)
    quarter = forms.TypedChoiceField(
        label=gettext_lazy("Triwulan"),
        choices=[(q, q) for q in (1, 2, 3, 4)],
        coerce=int,
    )
    file = forms.FileField(
        label=gettext_lazy("Berkas XLSX atau CSV"),
        error_messages={"required": gettext_lazy("Pilih berkas XLSX atau CSV.")},
    )


def _may_enter(user) -> bool:
    return permissions.is_admin(user) or permissions.has_role(
        user, Role.AGENCY_OFFICER, Role.TEAM_MEMBER
    )


@login_required
@require_http_methods(["GET", "POST"])
def bulk_upload(request: HttpRequest) -> HttpResponse:
    if not _may_enter(request.user):
        raise PermissionDenied(_("Hanya petugas Perangkat Daerah yang mengisi realisasi."))
    today = timezone.localdate()
    initial = {"year": today.year, "quarter": (today.month - 1) // 3 + 1}
    result = None
    status = 200
    if request.method == "POST":
        form = BulkForm(request.POST, request.FILES)
        if form.is_valid():
            with transaction.atomic():  # nothing at all is written for a refused file
                period = period_ensure(
                    year=form.cleaned_data["year"], quarter=form.cleaned_data["quarter"]
                )
                result = realisation_bulk_import(
                    actor=request.user, period=period, upload=form.cleaned_data["file"]
                )
                if not result.ok:
                    transaction.set_rollback(True)
                    status = 400
        else:
            status = 400
    else:
        form = BulkForm(initial=initial)
    return render(
        request,
        "monitoring/realisation/bulk.html",
        {
            "form": form,
            "result": result,
            "columns": COLUMNS,
            "max_mb": MAX_FILE_BYTES // 1024 // 1024,
            "initial": initial,
        },
        status=status,
    )


@login_required
def bulk_template(request: HttpRequest) -> HttpResponse:
    if not _may_enter(request.user):
        raise PermissionDenied(_("Hanya petugas Perangkat Daerah yang mengisi realisasi."))
    today = timezone.localdate()
    try:
        year = int(request.GET.get("tahun", today.year))
        quarter = int(request.GET.get("triwulan", (today.month - 1) // 3 + 1))
    except ValueError:
        year, quarter = today.year, (today.month - 1) // 3 + 1
    if not (2000 <= year <= 2100 and 1 <= quarter <= 4):
        year, quarter = today.year, (today.month - 1) // 3 + 1
    period = ReportingPeriod.objects.filter(year=year, quarter=quarter).first()
    content = bulk_template_xlsx(
        actor=request.user,
        period=period or ReportingPeriod(year=year, quarter=quarter),
        activities=list(activities_for_actor(actor=request.user)),
    )
    response = HttpResponse(content, content_type=XLSX_TYPE)
    response["Content-Disposition"] = (
        f'attachment; filename="templat-realisasi-{year}-tw{quarter}.xlsx"'
    )
    return response

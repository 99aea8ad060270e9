"""The compliance board page and its CSV export (officers see only their agency)."""

from __future__ import annotations

from django.contrib.auth.decorators import login_required
from django.http import HttpResponse
from django.shortcuts import render
from django.utils import timezone

from kotacerdas.core.models import Agency
from kotacerdas.opendata import permissions
from kotacerdas.opendata.selectors import compliance as selectors
from kotacerdas.opendata.selectors.daftar import entry_years, require_management

from .common import int_or_none


def _filters(request) -> dict:
    return {
        "year": int_or_none(request.GET.get("tahun")) or timezone.localdate().year,
        "agency_id": int_or_none(request.GET.get("pd")),
        "period_label": request.GET.get("periode", "").strip()[:20],
    }


@login_required
def compliance(request):
    require_management(request.user)
    filters = _filters(request)
    board = selectors.compliance_board(actor=request.user, **filters)
    scope = permissions.internal_agency_ids(request.user)
    agencies = Agency.objects.filter(is_active=True).order_by("name").only("id", "name")
    if scope is not None:
        agencies = agencies.filter(pk__in=scope)
    years = entry_years(actor=request.user)
    if filters["year"] not in years:
        years = sorted({*years, filters["year"]}, reverse=True)
    return render(
        request,
        "opendata/manage/compliance.html",
        {
            "board": board,
            "totals": selectors.compliance_totals(board),
            "labels": selectors.state_labels(),
            "badges": selectors.BADGE,
            "filters": filters,
            "agencies": agencies,
            "years": years,
            "is_walidata": permissions.is_walidata(request.user),
        },
    )


@login_required
def compliance_export(request):
    require_management(request.user)
    filters = _filters(request)
    board = selectors.compliance_board(actor=request.user, **filters)
    response = HttpResponse(content_type="text/csv; charset=utf-8")
    response["Content-Disposition"] = (
        f'attachment; filename="kepatuhan-daftar-data-{filters["year"]}.csv"'
    )
    response.write("\ufeff")
    selectors.compliance_csv(board, response)
    return response

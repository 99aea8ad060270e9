"""The reporting periods of a year: open, lock with a reason, unlock (team or admin)."""

from __future__ import annotations

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import PermissionDenied, ValidationError
from django.http import HttpRequest, HttpResponse
from django.shortcuts import get_object_or_404, redirect, render
from django.urls import reverse
from django.utils import timezone
from django.utils.translation import gettext as _
from django.views.decorators.http import require_http_methods

from kotacerdas.monitoring.models import ReportingPeriod
from kotacerdas.monitoring.selectors.realisation import QUARTERS, periods_of_year
from kotacerdas.monitoring.services import periods as services


def _year(value) -> int:
    try:
        year = int(value)
    except (TypeError, ValueError):
        return timezone.localdate().year
    return year if 2000 <= year <= 2100 else timezone.localdate().year


@login_required
@require_http_methods(["GET", "POST"])
def period_list(request: HttpRequest) -> HttpResponse:
    can_manage = services.can_manage_periods(request.user)
    year = _year(request.GET.get("tahun") or request.POST.get("tahun"))
    errors: dict[int, str] = {}
    if request.method == "POST":
        if not can_manage:
            raise PermissionDenied(
                _("Hanya administrator atau anggota Tim Pelaksana yang boleh mengelola periode.")
            )
        action = request.POST.get("action")
        try:
            quarter = int(request.POST.get("quarter", ""))
        except ValueError:
            quarter = 0
        try:
            if action == "open":
                services.period_open(actor=request.user, year=year, quarter=quarter)
                messages.success(request, _("Periode dibuka."))
            elif action == "lock":
                period = get_object_or_404(ReportingPeriod, year=year, quarter=quarter)
                services.period_lock(
                    actor=request.user, period=period, reason=request.POST.get("reason", "")
                )
                messages.success(request, _("Periode dikunci."))
            elif action == "unlock":
                period = get_object_or_404(ReportingPeriod, year=year, quarter=quarter)
                services.period_unlock(actor=request.user, period=period)
                messages.success(request, _("Kunci periode dibuka."))
            else:
                errors[quarter] = _("Tindakan tidak dikenal.")
        except ValidationError as exc:
            errors[quarter] = " ".join(exc.messages)
        if not errors:
            return redirect(f"{reverse('monitoring:period_list')}?tahun={year}")
    periods = periods_of_year(year=year)
    rows = [{"quarter": q, "period": periods.get(q), "error": errors.get(q, "")} for q in QUARTERS]
    return render(
        request,
        "monitoring/periods/list.html",
        {"year": year, "rows": rows, "can_manage": can_manage},
        status=400 if errors else 200,
    )

"""Pages of realisation per quarter: the officer's grid, the list, the form with evidence,
the workflow actions with confirmation, and the Tim Pelaksana's verification queue."""

from __future__ import annotations

from typing import Any

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import PermissionDenied, ValidationError
from django.core.paginator import Paginator
from django.db import transaction
from django.http import FileResponse, Http404, HttpRequest, HttpResponse
from django.shortcuts import redirect, render
from django.urls import reverse
from django.utils import timezone
from django.utils.translation import gettext as _
from django.views.decorators.http import require_http_methods, require_POST

from kotacerdas.core import permissions
from kotacerdas.core.models import Agency
from kotacerdas.monitoring.models import RealisationStatus, ReportingPeriod
from kotacerdas.monitoring.selectors import realisation as selectors
from kotacerdas.monitoring.services import evidence as evidence_services
from kotacerdas.monitoring.services import realisation as services
from kotacerdas.monitoring.services.periods import period_ensure, period_locked_message

PAGE_SIZE = 25
GRID_PAGE_SIZE = 40
STATUS_BADGES = {
    RealisationStatus.DRAFT: "text-bg-secondary",
    RealisationStatus.SUBMITTED: "text-bg-primary",
    RealisationStatus.RETURNED: "text-bg-warning",
    RealisationStatus.VERIFIED: "text-bg-success",
    RealisationStatus.LOCKED: "text-bg-dark",
}
ACTIONS = {
    "ajukan": "submit",
    "verifikasi": "verify",
    "kembalikan": "return",
    "kunci": "lock",
}


def _int(value: Any, default: int | None = None, low: int = 0, high: int = 10**9) -> int | None:
    try:
        number = int(value)
    except (TypeError, ValueError):
        return default
    return number if low <= number <= high else default


def _year(request: HttpRequest) -> int:
    return _int(request.GET.get("tahun"), timezone.localdate().year, 2000, 2100)


def _agency_choices(user: Any):
    if permissions.agency_scope_ids(user) is None:
        return Agency.objects.filter(is_active=True).order_by("name").only("pk", "name")
    return None


def form_url(activity_id: int, year: int, quarter: int) -> str:
    return reverse("monitoring:realisation_form", args=[activity_id, year, quarter])


@login_required
def realisation_grid(request: HttpRequest) -> HttpResponse:
    """Realisasi saya: the actor's activities x the four quarters of a year."""
    year = _year(request)
    agency_choices = _agency_choices(request.user)
    agency_id = _int(request.GET.get("pd")) if agency_choices is not None else None
    activities = selectors.activities_for_actor(actor=request.user, agency_id=agency_id)
    page = Paginator(activities, GRID_PAGE_SIZE).get_page(request.GET.get("halaman"))
    rows = selectors.realisation_grid(activities=list(page.object_list), year=year)
    for row in rows:
        row["cells"] = [
            {
                "quarter": quarter,
                "realisation": cell,
                "badge": STATUS_BADGES.get(cell.status) if cell else "",
                "url": form_url(row["activity"].pk, year, quarter),
            }
            for quarter, cell in zip(selectors.QUARTERS, row["cells"], strict=True)
        ]
    periods = selectors.periods_of_year(year=year)
    template = "monitoring/realisation/grid.html"
    if request.htmx and not request.htmx.history_restore_request:
        template += "#grid"
    return render(
        request,
        template,
        {
            "year": year,
            "years": range(year - 2, year + 2),
            "page": page,
            "rows": rows,
            "quarter_heads": [{"quarter": q, "period": periods.get(q)} for q in selectors.QUARTERS],
            "agency_choices": agency_choices,
            "agency_id": agency_id,
            "can_verify": services.can_verify(request.user),
        },
    )


@login_required
def realisation_list(request: HttpRequest) -> HttpResponse:
    year = _int(request.GET.get("tahun"), None, 2000, 2100)
    quarter = _int(request.GET.get("triwulan"), None, 1, 4)
    status = request.GET.get("status", "")
    if status not in RealisationStatus.values:
        status = ""
    agency_choices = _agency_choices(request.user)
    agency_id = _int(request.GET.get("pd")) if agency_choices is not None else None
    qs = selectors.realisation_list(
        actor=request.user, year=year, quarter=quarter, status=status, agency_id=agency_id
    )
    page = Paginator(qs, PAGE_SIZE).get_page(request.GET.get("halaman"))
    template = "monitoring/realisation/list.html"
    if request.htmx and not request.htmx.history_restore_request:
        template += "#results"
    return render(
        request,
        template,
        {
            "page": page,
            "year": year,
            "quarter": quarter,
            "status": status,
            "status_choices": RealisationStatus.choices,
            "agency_choices": agency_choices,
            "agency_id": agency_id,
            "badges": STATUS_BADGES,
        },
    )


@login_required
def verification_queue(request: HttpRequest) -> HttpResponse:
    agency_choices = _agency_choices(request.user)
    agency_id = _int(request.GET.get("pd"))
    qs = selectors.verification_queue(actor=request.user, agency_id=agency_id)
    page = Paginator(qs, PAGE_SIZE).get_page(request.GET.get("halaman"))
    return render(
        request,
        "monitoring/realisation/queue.html",
        {"page": page, "agency_choices": agency_choices, "agency_id": agency_id},
    )


def _posted_data(request: HttpRequest, indicator_rows: list[dict]) -> dict[str, Any]:
    data: dict[str, Any] = {field: request.POST.get(field, "") for field in services.DATA_FIELDS}
    data["indicator_values"] = {
        row["indicator"].pk: request.POST.get(f"indikator_{row['indicator'].pk}", "")
        for row in indicator_rows
    }
    return data


@login_required
@require_http_methods(["GET", "POST"])
def realisation_form(request: HttpRequest, activity_id: int, year: int, quarter: int):
    if not (2000 <= year <= 2100 and 1 <= quarter <= 4):
        raise Http404(_("Periode tidak dikenal."))
    activity = selectors.activity_get_for_actor(actor=request.user, pk=activity_id)
    period = selectors.periods_of_year(year=year).get(quarter) or ReportingPeriod(
        year=year, quarter=quarter
    )
    realisation = selectors.realisation_for(activity=activity, period=period) if period.pk else None
    rows = selectors.indicator_rows(activity=activity, realisation=realisation, year=year)
    errors: dict[str, list[str]] = {}
    conflict = ""
    posted: dict[str, Any] | None = None
    status = 200
    if request.method == "POST":
        if not services.can_enter(request.user, activity):
            raise PermissionDenied(
                _("Anda hanya boleh mengisi realisasi kegiatan Perangkat Daerah Anda sendiri.")
            )
        posted = _posted_data(request, rows)
        version = _int(request.POST.get("version"), None)
        try:
            # The quarter's period row is created with the first save, and rolled back with it.
            with transaction.atomic():
                period = period_ensure(year=year, quarter=quarter)
                realisation = services.realisation_save_draft(
                    actor=request.user,
                    activity=activity,
                    period=period,
                    data=posted,
                    expected_version=version,
                )
        except services.RealisationConflict as exc:
            conflict = str(exc)
            status = 409
        except ValidationError as exc:
            errors = exc.message_dict if hasattr(exc, "error_dict") else {"__all__": exc.messages}
            status = 400
        else:
            messages.success(request, _("Draf realisasi disimpan."))
            if not request.htmx:
                return redirect(form_url(activity.pk, year, quarter))
            posted = None
        if status != 200 or request.htmx:
            realisation = selectors.realisation_for(activity=activity, period=period)
            rows = selectors.indicator_rows(activity=activity, realisation=realisation, year=year)
        if conflict:
            posted = None  # show what is saved now; the user enters again on top of it
    context = _form_context(
        request,
        activity,
        period,
        realisation,
        rows,
        errors=errors,
        conflict=conflict,
        posted=posted,
    )
    template = "monitoring/realisation/form.html"
    if request.htmx and request.method == "POST":
        template += "#realisation-form"
        status = 200  # htmx swaps only 2xx responses; the fragment carries the error
    return render(request, template, context, status=status)


def _form_context(request, activity, period, realisation, rows, *, errors, conflict, posted):
    user = request.user
    can_enter = services.can_enter(user, activity)
    editable_status = realisation is None or realisation.status in services.EDITABLE_STATUSES
    if posted:
        for row in rows:
            row["posted"] = posted["indicator_values"].get(row["indicator"].pk, "")
    values = posted or {}
    if not posted and realisation is not None:
        values = {field: getattr(realisation, field) for field in services.DATA_FIELDS}
    return {
        "activity": activity,
        "period": period,
        "realisation": realisation,
        "indicator_rows": rows,
        "values": values,
        "errors": errors,
        "conflict": conflict,
        "lock_message": period_locked_message(period) if period.is_locked else "",
        "can_edit": can_enter and editable_status and not period.is_locked,
        "can_enter": can_enter,
        "can_verify": services.can_verify(user),
        "badge": STATUS_BADGES.get(realisation.status) if realisation else "",
        "allocation": services.activity_allocation(activity=activity, year=period.year),
        "evidence": selectors.evidence_list(actor=user, realisation=realisation)
        if realisation
        else [],
        "submit_problems": services.realisation_submit_problems(realisation=realisation)
        if realisation is not None and realisation.status in services.EDITABLE_STATUSES
        else [],
        "max_evidence_mb": evidence_services.MAX_EVIDENCE_BYTES // 1024 // 1024,
    }


@login_required
@require_http_methods(["GET", "POST"])
def realisation_action(request: HttpRequest, pk: int, action: str) -> HttpResponse:
    """Confirmation page (GET) and the transition (POST): ajukan, verifikasi, kembalikan,
    kunci."""
    if action not in ACTIONS:
        raise Http404(_("Tindakan tidak dikenal."))
    realisation = selectors.realisation_get(actor=request.user, pk=pk)
    back = form_url(realisation.activity_id, realisation.period.year, realisation.period.quarter)
    if action == "ajukan" and not services.can_enter(request.user, realisation.activity):
        raise PermissionDenied(_("Hanya Perangkat Daerah pelaksana yang dapat mengajukan."))
    if action != "ajukan" and not services.can_verify(request.user):
        raise PermissionDenied(_("Hanya Tim Pelaksana yang dapat melakukan ini."))
    error = ""
    reason = ""
    status = 200
    if request.method == "POST":
        version = _int(request.POST.get("version"), None)
        reason = request.POST.get("reason", "")
        kind = ACTIONS[action]
        try:
            if kind == "submit":
                services.realisation_submit(
                    actor=request.user, realisation=realisation, expected_version=version
                )
                done = _("Realisasi diajukan ke Tim Pelaksana.")
            elif kind == "verify":
                services.realisation_verify(
                    actor=request.user, realisation=realisation, expected_version=version
                )
                done = _("Realisasi diverifikasi.")
            elif kind == "return":
                services.realisation_return(
                    actor=request.user,
                    realisation=realisation,
                    expected_version=version,
                    reason=reason,
                )
                done = _("Realisasi dikembalikan ke Perangkat Daerah.")
            else:
                services.realisation_lock(
                    actor=request.user, realisation=realisation, expected_version=version
                )
                done = _("Realisasi dikunci.")
        except services.RealisationConflict as exc:
            error, status = str(exc), 409
        except ValidationError as exc:
            error, status = " ".join(exc.messages), 400
        else:
            messages.success(request, done)
            if request.POST.get("next") == "antrean":
                return redirect(reverse("monitoring:verification_queue"))
            return redirect(back)
        realisation = selectors.realisation_get(actor=request.user, pk=pk)
    titles = {
        "ajukan": _("Ajukan realisasi"),
        "verifikasi": _("Verifikasi realisasi"),
        "kembalikan": _("Kembalikan realisasi"),
        "kunci": _("Kunci realisasi"),
    }
    return render(
        request,
        "monitoring/realisation/confirm.html",
        {
            "realisation": realisation,
            "action": action,
            "title": titles[action],
            "error": error,
            "reason": reason,
            "back": back,
            "next": request.GET.get("next", request.POST.get("next", "")),
            "lock_message": period_locked_message(realisation.period)
            if realisation.period.is_locked
            else "",
        },
        status=status,
    )


@login_required
@require_POST
def evidence_upload(request: HttpRequest, pk: int) -> HttpResponse:
    realisation = selectors.realisation_get(actor=request.user, pk=pk)
    back = form_url(realisation.activity_id, realisation.period.year, realisation.period.quarter)
    upload = request.FILES.get("file")
    try:
        if upload is None:
            raise ValidationError({"file": [_("Pilih berkas bukti dukung.")]})
        evidence_services.evidence_add(actor=request.user, realisation=realisation, upload=upload)
    except ValidationError as exc:
        for message in exc.messages:
            messages.error(request, message)
    else:
        messages.success(request, _("Bukti dukung diunggah."))
    return redirect(back + "#bukti-dukung")


@login_required
def evidence_download(request: HttpRequest, pk: int) -> FileResponse:
    evidence = selectors.evidence_get(actor=request.user, pk=pk)
    response = FileResponse(
        evidence.file.open("rb"),
        as_attachment=True,
        filename=evidence.original_name,
        content_type=evidence.content_type,
    )
    response["X-Content-Type-Options"] = "nosniff"
    response["Cache-Control"] = "private, no-store"
    return response


@login_required
@require_http_methods(["GET", "POST"])
def evidence_remove(request: HttpRequest, pk: int) -> HttpResponse:
    evidence = selectors.evidence_get(actor=request.user, pk=pk)
    realisation = evidence.realisation
    period = ReportingPeriod.objects.get(pk=realisation.period_id)
    back = form_url(realisation.activity_id, period.year, period.quarter)
    if not services.can_enter(request.user, realisation.activity):
        raise PermissionDenied(
            _("Anda hanya boleh mengelola bukti dukung kegiatan Perangkat Daerah Anda sendiri.")
        )
    error = ""
    if request.method == "POST":
        try:
            evidence_services.evidence_remove(actor=request.user, evidence=evidence)
        except ValidationError as exc:
            error = " ".join(exc.messages)
        else:
            messages.success(request, _("Bukti dukung dihapus."))
            return redirect(back + "#bukti-dukung")
    return render(
        request,
        "monitoring/realisation/evidence_confirm_delete.html",
        {"evidence": evidence, "back": back, "error": error},
        status=400 if error else 200,
    )

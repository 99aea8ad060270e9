"""Recommendation pages (Pasal 9(2)b-d, 13c): list with an overdue tab and CSV export,
detail with the follow-up timeline, raise form, status change, carry-over with confirmation."""

from __future__ import annotations

import csv
import datetime as dt

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import PermissionDenied, ValidationError
from django.core.paginator import Paginator
from django.http import HttpResponse
from django.shortcuts import redirect, render
from django.urls import reverse
from django.utils import timezone
from django.utils.translation import gettext as _
from django.views.decorators.http import require_http_methods, require_POST

from kotacerdas.core.models import Agency
from kotacerdas.masterplan.models import Activity, Dimension
from kotacerdas.monitoring.models import RecommendationSource, RecommendationStatus
from kotacerdas.monitoring.selectors import recommendations as selectors
from kotacerdas.monitoring.services import recommendations as services

PAGE_SIZE = 25


def _int(value, default=None):
    try:
        return int(value)
    except (TypeError, ValueError):
        return default


def _date(value):
    try:
        return dt.date.fromisoformat((value or "").strip())
    except ValueError:
        return None


def _filters(request) -> dict:
    status = request.GET.get("status", "")
    source = request.GET.get("sumber", "")
    return {
        "year": _int(request.GET.get("tahun")),
        "status": status if status in RecommendationStatus.values else "",
        "source": source if source in RecommendationSource.values else "",
        "agency_id": _int(request.GET.get("pd")),
        "search": request.GET.get("q", "").strip()[:100],
    }


def _errors(exc: ValidationError) -> dict:
    return exc.message_dict if hasattr(exc, "error_dict") else {"__all__": exc.messages}


@login_required
def recommendation_list(request):
    tab = "terlambat" if request.GET.get("tab") == "terlambat" else "semua"
    filters = _filters(request)
    if tab == "terlambat":
        queryset = selectors.recommendation_overdue(actor=request.user)
    else:
        queryset = selectors.recommendation_list(actor=request.user, **filters)
    page = Paginator(queryset, PAGE_SIZE).get_page(request.GET.get("halaman"))
    context = {
        "tab": tab,
        "filters": filters,
        "page": page,
        "today": timezone.localdate(),
        "years": selectors.recommendation_years(),
        "statuses": RecommendationStatus.choices,
        "sources": RecommendationSource.choices,
        "agencies": Agency.objects.filter(is_active=True).order_by("name").only("id", "name"),
        "can_raise": services.can_raise(request.user),
        "can_manage": services.can_manage(request.user),
    }
    if request.htmx and not request.htmx.history_restore_request:
        return render(request, "monitoring/recommendations/list.html#results", context)
    return render(request, "monitoring/recommendations/list.html", context)


@login_required
def recommendation_export(request):
    """The filtered list (or the overdue tab) as CSV, for a spreadsheet."""
    if request.GET.get("tab") == "terlambat":
        queryset = selectors.recommendation_overdue(actor=request.user)
    else:
        queryset = selectors.recommendation_list(actor=request.user, **_filters(request))
    response = HttpResponse(content_type="text/csv; charset=utf-8")
    response["Content-Disposition"] = 'attachment; filename="rekomendasi.csv"'
    response.write("\ufeff")  # Excel reads UTF-8 with a BOM
    writer = csv.writer(response)
    writer.writerow(
        [
            _("Nomor"),
            _("Judul"),
            _("Diajukan oleh"),
            _("Siklus"),
            _("Triwulan"),
            _("Dimensi"),
            _("Kegiatan"),
            _("Penanggung jawab"),
            _("Tenggat"),
            _("Status"),
            _("Jumlah tindak lanjut"),
            _("Dilanjutkan dari"),
        ]
    )
    for r in queryset:
        writer.writerow(
            [
                r.pk,
                r.title,
                r.get_source_display(),
                r.year,
                r.quarter or "",
                r.dimension.name if r.dimension else "",
                f"{r.activity.code} {r.activity.name}" if r.activity else "",
                r.owner_agency.name if r.owner_agency else r.owner_team,
                r.due_date.isoformat(),
                r.get_status_display(),
                r.follow_up_count,
                r.carried_from_id or "",
            ]
        )
    return response


@login_required
@require_http_methods(["GET", "POST"])
def recommendation_raise(request):
    sources = services.allowed_sources(request.user)
    if not sources:
        raise PermissionDenied(_("Anda tidak berwenang mengajukan rekomendasi."))
    errors: dict = {}
    data = request.POST if request.method == "POST" else {}
    if request.method == "POST":
        agency = Agency.objects.filter(pk=_int(data.get("owner_agency"))).first()
        dimension = Dimension.objects.filter(pk=_int(data.get("dimension"))).first()
        activity = Activity.objects.filter(pk=_int(data.get("activity"))).first()
        due_date = _date(data.get("due_date"))
        if data.get("due_date") and due_date is None:
            errors["due_date"] = [_("Tanggal tidak valid; gunakan format TTTT-BB-HH.")]
        year = _int(data.get("year"))
        if year is None:
            errors["year"] = [_("Siklus (tahun) wajib diisi.")]
        if not errors:
            try:
                recommendation = services.recommendation_raise(
                    actor=request.user,
                    source=data.get("source", ""),
                    title=data.get("title", ""),
                    description=data.get("description", ""),
                    year=year,
                    quarter=_int(data.get("quarter")),
                    dimension=dimension,
                    activity=activity,
                    owner_agency=agency,
                    owner_team=data.get("owner_team", ""),
                    due_date=due_date,
                )
            except ValidationError as exc:
                errors = _errors(exc)
            else:
                messages.success(request, _("Rekomendasi diajukan."))
                return redirect("monitoring_evaluation:recommendation_detail", pk=recommendation.pk)
    return render(
        request,
        "monitoring/recommendations/form.html",
        {
            "data": data,
            "errors": errors,
            "sources": [(s, RecommendationSource(s).label) for s in sources],
            "agencies": Agency.objects.filter(is_active=True).order_by("name").only("id", "name"),
            "dimensions": Dimension.objects.order_by("order"),
            "this_year": timezone.localdate().year,
        },
        status=400 if errors else 200,
    )


def _detail_context(request, recommendation, **extra) -> dict:
    return {
        "r": recommendation,
        "timeline": selectors.recommendation_timeline(recommendation=recommendation),
        "can_follow_up": services.can_follow_up(request.user, recommendation)
        and recommendation.status in services.OPEN_STATUSES,
        "can_manage": services.can_manage(request.user),
        "today": timezone.localdate(),
        "statuses": RecommendationStatus.choices,
        "errors": {},
        "status_errors": {},
        "data": {},
        **extra,
    }


@login_required
def recommendation_detail(request, pk: int):
    recommendation = selectors.recommendation_get(actor=request.user, pk=pk)
    return render(
        request,
        "monitoring/recommendations/detail.html",
        _detail_context(request, recommendation),
    )


@login_required
@require_POST
def follow_up_add(request, pk: int):
    recommendation = selectors.recommendation_get(actor=request.user, pk=pk)
    data = request.POST
    date = _date(data.get("date"))
    try:
        if date is None:
            raise ValidationError({"date": _("Tanggal tidak valid; gunakan format TTTT-BB-HH.")})
        services.follow_up_add(
            actor=request.user,
            recommendation=recommendation,
            date=date,
            note=data.get("note", ""),
            progress=_int(data.get("progress"), -1),
        )
    except ValidationError as exc:
        context = _detail_context(request, recommendation, errors=_errors(exc), data=data)
        return render(request, "monitoring/recommendations/detail.html", context, status=400)
    messages.success(request, _("Tindak lanjut dicatat."))
    return redirect("monitoring_evaluation:recommendation_detail", pk=pk)


@login_required
@require_POST
def recommendation_status(request, pk: int):
    recommendation = selectors.recommendation_get(actor=request.user, pk=pk)
    try:
        services.recommendation_set_status(
            actor=request.user,
            recommendation=recommendation,
            status=request.POST.get("status", ""),
            reason=request.POST.get("reason", ""),
        )
    except ValidationError as exc:
        context = _detail_context(
            request, recommendation, status_errors=_errors(exc), data=request.POST
        )
        return render(request, "monitoring/recommendations/detail.html", context, status=400)
    messages.success(request, _("Status rekomendasi diubah."))
    return redirect("monitoring_evaluation:recommendation_detail", pk=pk)


@login_required
@require_http_methods(["GET", "POST"])
def recommendation_carry_over(request):
    """Carry open recommendations into the next cycle: GET shows what will be carried and asks
    for confirmation; POST does it."""
    if not services.can_manage(request.user):
        raise PermissionDenied(_("Anda tidak berwenang melanjutkan rekomendasi."))
    source = request.POST if request.method == "POST" else request.GET
    from_year = _int(source.get("dari"), timezone.localdate().year - 1)
    to_year = _int(source.get("ke"), from_year + 1)
    if request.method == "POST":
        try:
            carried = services.recommendation_carry_over(
                actor=request.user, from_year=from_year, to_year=to_year
            )
        except ValidationError as exc:
            messages.error(request, " ".join(m for ms in _errors(exc).values() for m in ms))
        else:
            messages.success(
                request,
                _("%(n)s rekomendasi dilanjutkan ke siklus %(year)s.")
                % {"n": len(carried), "year": to_year},
            )
            return redirect(
                f"{reverse('monitoring_evaluation:recommendation_list')}?tahun={to_year}"
            )
    pending = (
        selectors.recommendation_list(actor=request.user, year=from_year)
        .filter(status__in=services.OPEN_STATUSES)
        .exclude(carried_to__year=to_year)
    )
    return render(
        request,
        "monitoring/recommendations/carry_over.html",
        {"from_year": from_year, "to_year": to_year, "pending": pending},
    )

"""Evaluation pages (Issue 3, items 6 and 9): city and dimension dashboards, implementers,
Quick Wins, roadmap variance, the national index with its settings, readiness, agency view."""

from __future__ import annotations

from decimal import Decimal

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import PermissionDenied, ValidationError
from django.core.paginator import Paginator
from django.shortcuts import redirect, render
from django.urls import reverse
from django.utils import timezone
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy
from django.views.decorators.http import require_http_methods

from kotacerdas.core import permissions
from kotacerdas.masterplan.models import Dimension
from kotacerdas.monitoring.evaluation.index import COMPONENTS
from kotacerdas.monitoring.selectors import evaluation as selectors
from kotacerdas.monitoring.selectors import recommendations as recommendation_selectors
from kotacerdas.monitoring.services.evaluation_config import evaluation_config_update
from kotacerdas.monitoring.services.readiness import (
    can_assess_readiness,
    readiness_answers_record,
)

COMPONENT_LABELS = {
    "baseline": gettext_lazy("Data dasar (kesiapan)"),
    "output": gettext_lazy("Keluaran (output)"),
    "outcome": gettext_lazy("Hasil (outcome)"),
    "impact": gettext_lazy("Dampak (impact)"),
    "quick_win": gettext_lazy("Quick Win"),
}


def period_from(request) -> dict:
    """tahun, triwulan and bobot from the query string, with safe defaults."""
    today = timezone.localdate()
    try:
        year = int(request.GET.get("tahun", today.year))
    except ValueError:
        year = today.year
    if not 2000 <= year <= 2100:
        year = today.year
    try:
        quarter = int(request.GET.get("triwulan", "") or 0) or None
    except ValueError:
        quarter = None
    if quarter is not None and not 1 <= quarter <= 4:
        quarter = None
    weighting = "equal" if request.GET.get("bobot") == "setara" else "budget"
    return {"year": year, "quarter": quarter, "weighting": weighting}


def _filters_context(period: dict) -> dict:
    year = timezone.localdate().year
    return {
        **period,
        "years": list(range(year + 1, year - 6, -1)),
        "quarters": [1, 2, 3, 4],
        "dimensions_nav": Dimension.objects.order_by("order"),
    }


def _render(request, template: str, context: dict, partial: str = "content"):
    if request.htmx and not request.htmx.history_restore_request:
        return render(request, f"{template}#{partial}", context)
    return render(request, template, context)


@login_required
def city_overview(request):
    """Every dimension's achievement with the city's, weights and blank counts."""
    period = period_from(request)
    city = selectors.evaluation_city(**period)
    chart = [
        {
            "label": d.dimension.name,
            "value": float(d.achievement) if d.achievement is not None else None,
            "colour": d.band.colour if d.band else "#6c757d",
        }
        for d in city.dimensions
    ]
    return _render(
        request,
        "monitoring/evaluation/city.html",
        {**_filters_context(period), "city": city, "chart": chart},
    )


@login_required
def dimension_dashboard(request, code: str):
    """One dimension: its elements in a bar chart (band colours) and the same in a table,
    then each element's priority programs and programs with their weights."""
    period = period_from(request)
    city, dimension = selectors.evaluation_dimension(code=code, **period)
    chart = [
        {
            "label": e.element.name,
            "value": float(e.achievement) if e.achievement is not None else None,
            "colour": e.band.colour if e.band else "#6c757d",
        }
        for e in dimension.elements
    ]
    return _render(
        request,
        "monitoring/evaluation/dimension.html",
        {
            **_filters_context(period),
            "city": city,
            "dim": dimension,
            "chart": chart,
            "sections": [(e, _flatten(e.children)) for e in dimension.elements],
        },
    )


def _flatten(nodes, depth: int = 0) -> list[dict]:
    """The element's tree as table rows with their depth (one loop in the template: the
    dashboard renders hundreds of rows, and an include per row is what made it slow)."""
    rows = []
    for node in nodes:
        band = node.band
        rows.append(
            {
                "top": depth == 0,
                "indent": f"{depth * 1.25:.2f}rem",
                "leaf": not node.children,
                "name": node.name,
                "achievement": node.achievement,
                "label": band.label if band else "",
                "style": f"background-color: {band.colour}; color: {band.text_colour}"
                if band
                else "",
                "share": node.share,
                "counted": node.counted,
                "blank": node.blank,
            }
        )
        rows.extend(_flatten(node.children, depth + 1))
    return rows


@login_required
def implementers(request):
    """Pasal 29(3)b: every implementer, government and non-government, ranked."""
    period = period_from(request)
    rows = selectors.implementer_ranking(year=period["year"], quarter=period["quarter"])
    return _render(
        request,
        "monitoring/evaluation/implementers.html",
        {
            **_filters_context(period),
            "government": [r for r in rows if r.kind == "pemerintah"],
            "non_government": [r for r in rows if r.kind == "non_pemerintah"],
        },
    )


@login_required
def quick_wins(request):
    period = period_from(request)
    rows = selectors.quick_win_status(year=period["year"], quarter=period["quarter"])
    return _render(
        request,
        "monitoring/evaluation/quick_wins.html",
        {**_filters_context(period), "rows": rows},
    )


@login_required
def roadmap(request):
    period = period_from(request)
    selected = request.GET.get("tingkat", "program_prioritas")
    if selected not in selectors.LEVELS:
        selected = "semua"
    level = "" if selected == "semua" else selected
    rows = selectors.roadmap_variance(year=period["year"], level=level)
    page = Paginator(rows, 50).get_page(request.GET.get("halaman"))
    return _render(
        request,
        "monitoring/evaluation/roadmap.html",
        {
            **_filters_context(period),
            "page": page,
            "level": level,
            "selected_level": selected,
            "levels": [
                ("program_prioritas", _("Program prioritas")),
                ("program", _("Program")),
                ("kegiatan", _("Kegiatan")),
                ("semua", _("Semua tingkat")),
            ],
        },
    )


@login_required
def national_index(request):
    period = period_from(request)
    index = selectors.national_index(year=period["year"])
    total_weight = sum(Decimal(str(index.weights.get(n, 0))) for n in COMPONENTS)
    rows = [
        {
            "name": name,
            "label": COMPONENT_LABELS[name],
            "value": index.components.get(name),
            "weight": index.weights.get(name, 0),
            "share": (
                (Decimal(str(index.weights.get(name, 0))) / total_weight * 100).quantize(
                    Decimal("0.1")
                )
                if total_weight
                else None
            ),
        }
        for name in COMPONENTS
    ]
    return _render(
        request,
        "monitoring/evaluation/index.html",
        {
            **_filters_context(period),
            "index": index,
            "rows": rows,
            "blank_components": [r["label"] for r in rows if r["value"] is None],
            "can_configure": permissions.is_admin(request.user),
        },
    )


@login_required
@require_http_methods(["GET", "POST"])
def settings_edit(request):
    """An administrator sets the year's achievement cap, band thresholds and index weights."""
    if not permissions.is_admin(request.user):
        raise PermissionDenied(_("Hanya administrator yang boleh mengubah pengaturan evaluasi."))
    period = period_from(request)
    year = period["year"]
    if request.method == "POST":
        try:
            year = int(request.POST.get("tahun", year))
        except ValueError:
            year = period["year"]
    config = selectors.evaluation_config(year=year)
    errors: dict = {}
    values = {
        "cap": request.POST.get("achievement_cap", config.achievement_cap),
        "weights": {
            n: request.POST.get(f"bobot_{n}", config.index_weights.get(n, 0)) for n in COMPONENTS
        },
        "bands": [
            {
                "label": band["label"],
                "colour": band["colour"],
                "min": request.POST.get(f"pita_{i}", band["min"]),
            }
            for i, band in enumerate(config.bands)
        ],
    }
    if request.method == "POST":
        try:
            evaluation_config_update(
                actor=request.user,
                year=year,
                achievement_cap=values["cap"],
                bands=values["bands"],
                index_weights=values["weights"],
            )
        except ValidationError as exc:
            errors = exc.message_dict if hasattr(exc, "error_dict") else {"__all__": exc.messages}
        else:
            messages.success(
                request, _("Pengaturan evaluasi tahun %(year)s disimpan.") % {"year": year}
            )
            return redirect(f"{reverse('monitoring_evaluation:national_index')}?tahun={year}")
    return render(
        request,
        "monitoring/evaluation/settings.html",
        {
            "year": year,
            "values": values,
            "errors": errors,
            "component_labels": [(n, COMPONENT_LABELS[n]) for n in COMPONENTS],
        },
        status=400 if errors else 200,
    )


@login_required
@require_http_methods(["GET", "POST"])
def readiness(request):
    """Pasal 6a: the readiness checklist, scored 0-4 per question; the team fills it in."""
    period = period_from(request)
    year = period["year"]
    can_edit = can_assess_readiness(request.user)
    errors: dict = {}
    if request.method == "POST":
        if not can_edit:
            raise PermissionDenied(
                _("Hanya Tim Pelaksana dan administrator yang boleh mengisi penilaian kesiapan.")
            )
        try:
            year = int(request.POST.get("tahun", year))
        except ValueError:
            year = period["year"]
        answers = {}
        for key, raw in request.POST.items():
            if not key.startswith("skor_"):
                continue
            try:
                question_id = int(key[5:])
            except ValueError:
                continue
            raw = raw.strip()
            try:
                score = int(raw) if raw != "" else None
            except ValueError:
                errors[str(question_id)] = _("Skor harus 0 sampai 4.")
                continue
            answers[question_id] = (score, request.POST.get(f"bukti_{question_id}", "").strip())
        if not errors:
            try:
                readiness_answers_record(
                    actor=request.user,
                    year=year,
                    answers=answers,
                    notes=request.POST.get("catatan", "").strip(),
                )
            except ValidationError as exc:
                errors = exc.message_dict
            else:
                messages.success(request, _("Penilaian kesiapan tersimpan."))
                return redirect(f"{reverse('monitoring_evaluation:readiness')}?tahun={year}")
    checklist = selectors.readiness_checklist(year=year)
    score = selectors.readiness_score(year=year)
    aspects = [
        {
            "label": group["label"],
            "value": score.by_aspect[group["aspect"]],
            "answered": score.answered[group["aspect"]],
            "questions": score.questions[group["aspect"]],
        }
        for group in checklist["groups"]
    ]
    return render(
        request,
        "monitoring/evaluation/readiness.html",
        {
            **_filters_context({**period, "year": year}),
            "checklist": checklist,
            "score": score,
            "aspects": aspects,
            "can_edit": can_edit,
            "errors": errors,
            "scores": range(0, 5),
        },
        status=400 if errors else 200,
    )


@login_required
def agency_view(request, code: str):
    """One agency's activities, achievements and recommendations (officers: their own)."""
    period = period_from(request)
    evaluation = selectors.agency_evaluation(
        actor=request.user, code=code, year=period["year"], quarter=period["quarter"]
    )
    recommendations = recommendation_selectors.recommendations_for_agency(
        actor=request.user, agency_id=evaluation.agency.id
    )
    return _render(
        request,
        "monitoring/evaluation/agency.html",
        {
            **_filters_context(period),
            "evaluation": evaluation,
            "recommendations": recommendations[:50],
        },
    )

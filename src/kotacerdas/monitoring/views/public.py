"""The public transparency page (Issue 3, item 9): read-only, anonymous; dimension and element
achievements and Quick Wins only — no internal notes, problems, evidence or names of people."""

from __future__ import annotations

from django.shortcuts import render
from django.views.decorators.http import require_GET

from kotacerdas.monitoring.selectors import evaluation as selectors
from kotacerdas.monitoring.views.evaluation import _filters_context, period_from


@require_GET
def transparency(request):
    period = period_from(request)
    period["weighting"] = "budget"
    city, quick_wins = selectors.public_summary(year=period["year"], quarter=period["quarter"])
    chart = [
        {
            "label": d.dimension.name,
            "value": float(d.achievement) if d.achievement is not None else None,
            "colour": d.band.colour if d.band else "#6c757d",
        }
        for d in city.dimensions
    ]
    context = {**_filters_context(period), "city": city, "quick_wins": quick_wins, "chart": chart}
    if request.htmx and not request.htmx.history_restore_request:
        return render(request, "monitoring/public/transparency.html#content", context)
    return render(request, "monitoring/public/transparency.html", context)

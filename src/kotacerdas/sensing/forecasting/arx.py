"""A linear ARX model of one gauge from its own lags and upstream gauges' lags.

Series are regular (one value per `step_minutes`, NaN where nothing was observed). For each
horizon h the model predicts y(t + h) - y(t) (the change, so that "no change" is the natural
starting point and persistence is the baseline to beat) from

    y(t - l) for l in target lags,   x_k(t - l) for each input k and its lags,

with ridge regression fitted on the oldest `1 - holdout` of the rows and evaluated on the rest
(a time-ordered split: the evaluation rows all lie after the training rows). Reported per
horizon: MAE and RMSE of the model and of persistence (y(t + h) = y(t)) on the same rows.
"""

from __future__ import annotations

import datetime as dt
import math
from collections.abc import Mapping, Sequence
from dataclasses import dataclass, field

import numpy as np
from sklearn.linear_model import Ridge


class ForecastDataError(ValueError):
    """Too little or unusable history to fit or run the model."""


@dataclass(frozen=True)
class ArxSpec:
    target: str
    inputs: Mapping[str, Sequence[int]]  # series name -> lags in steps (the target's own too)
    step_minutes: int = 10
    horizons_h: Sequence[int] = (1, 2, 3)
    alpha: float = 1.0

    def horizon_steps(self, hours: int) -> int:
        return round(hours * 60 / self.step_minutes)

    @property
    def max_lag(self) -> int:
        return max(max(lags) for lags in self.inputs.values())

    def feature_names(self) -> list[str]:
        return [f"{name}[t-{lag}]" for name, lags in self.inputs.items() for lag in lags]

    def as_dict(self) -> dict:
        return {
            "target": self.target,
            # pairs, not an object: PostgreSQL's jsonb reorders keys, and the order of the
            # features is the order of the coefficients
            "inputs": [[name, list(lags)] for name, lags in self.inputs.items()],
            "step_minutes": self.step_minutes,
            "horizons_h": list(self.horizons_h),
            "alpha": self.alpha,
        }

    @classmethod
    def from_dict(cls, doc: Mapping) -> ArxSpec:
        return cls(
            target=doc["target"],
            inputs={name: tuple(lags) for name, lags in doc["inputs"]},
            step_minutes=int(doc["step_minutes"]),
            horizons_h=tuple(doc["horizons_h"]),
            alpha=float(doc.get("alpha", 1.0)),
        )


# P2C from itself (now, 30 min, 1 h, 2 h ago) and the two upstream gauges (now back to 3 h).
P2C_SPEC = ArxSpec(
    target="p2c",
    inputs={
        "p2c": (0, 3, 6, 12),
        "cileungsi": (0, 3, 6, 9, 12, 18),
        "cikeas": (0, 3, 6, 9, 12, 18),
    },
)


@dataclass
class HorizonFit:
    hours: int
    coef: list[float]
    intercept: float
    mae: float
    rmse: float
    persistence_mae: float
    persistence_rmse: float
    n_train: int
    n_test: int
    # grid indices of the first/last training row and the first/last held-out row
    train_rows: tuple[int, int] = (0, 0)
    test_rows: tuple[int, int] = (0, 0)

    def as_dict(self) -> dict:
        doc = dict(self.__dict__)
        doc["train_rows"], doc["test_rows"] = list(self.train_rows), list(self.test_rows)
        return doc


@dataclass
class ArxFit:
    spec: ArxSpec
    horizons: dict[int, HorizonFit] = field(default_factory=dict)

    def predict(self, series: Mapping[str, np.ndarray]) -> dict[int, float]:
        """Forecasts from the last row of `series` (regular, newest last), per horizon in hours."""
        row = feature_row(self.spec, series, len(series[self.spec.target]) - 1)
        if row is None:
            raise ForecastDataError("the latest values needed by the model are missing")
        now = series[self.spec.target][-1]
        return {
            hours: float(now + np.dot(fit.coef, row) + fit.intercept)
            for hours, fit in self.horizons.items()
        }


def regularise(
    times: Sequence[dt.datetime],
    values: Sequence[float],
    grid: Sequence[dt.datetime],
    *,
    max_gap_steps: int = 3,
) -> np.ndarray:
    """Observations onto a regular grid: the last value at or before each grid time.

    A grid time more than `max_gap_steps` steps after the last observation is NaN (a gap, not
    a made-up value).
    """
    out = np.full(len(grid), np.nan)
    if not len(times) or not len(grid):
        return out
    obs_t = np.array([t.timestamp() for t in times])
    order = np.argsort(obs_t, kind="stable")
    obs_t = obs_t[order]
    obs_v = np.asarray(values, dtype=float)[order]
    grid_t = np.array([t.timestamp() for t in grid])
    step = (grid_t[1] - grid_t[0]) if len(grid_t) > 1 else 600.0
    index = np.searchsorted(obs_t, grid_t + 1e-6, side="right") - 1
    ok = index >= 0
    out[ok] = obs_v[index[ok]]
    age = np.where(ok, grid_t - obs_t[np.clip(index, 0, None)], np.inf)
    out[age > max_gap_steps * step] = np.nan
    return out


def feature_row(spec: ArxSpec, series: Mapping[str, np.ndarray], t: int) -> np.ndarray | None:
    if t - spec.max_lag < 0:
        return None
    row = [series[name][t - lag] for name, lags in spec.inputs.items() for lag in lags]
    if any(math.isnan(v) for v in row):
        return None
    return np.array(row, dtype=float)


def _design(spec: ArxSpec, series: Mapping[str, np.ndarray], steps: int):
    missing = [name for name in spec.inputs if name not in series]
    if missing:
        raise ForecastDataError(f"missing series: {', '.join(missing)}")
    n = len(series[spec.target])
    lagged = []
    for name, lags in spec.inputs.items():
        values = np.asarray(series[name], dtype=float)
        if len(values) != n:
            raise ForecastDataError("series of different lengths")
        for lag in lags:
            lagged.append(np.concatenate([np.full(lag, np.nan), values[: n - lag]]))
    x = np.column_stack(lagged) if lagged else np.zeros((n, 0))
    y_now = np.asarray(series[spec.target], dtype=float)
    y_future = np.concatenate([y_now[steps:], np.full(steps, np.nan)])
    ok = ~np.isnan(x).any(axis=1) & ~np.isnan(y_now) & ~np.isnan(y_future)
    return x[ok], y_now[ok], y_future[ok], np.flatnonzero(ok)


def _errors(predicted: np.ndarray, actual: np.ndarray) -> tuple[float, float]:
    diff = predicted - actual
    return float(np.mean(np.abs(diff))), float(np.sqrt(np.mean(diff**2)))


def fit(
    spec: ArxSpec, series: Mapping[str, np.ndarray], *, holdout: float = 0.3, min_rows: int = 200
) -> ArxFit:
    """Fit per horizon on the older rows, evaluate on the newer `holdout` share."""
    if not 0.05 <= holdout <= 0.5:
        raise ForecastDataError("holdout must be between 0.05 and 0.5")
    result = ArxFit(spec=spec)
    for hours in spec.horizons_h:
        x, y_now, y_future, rows = _design(spec, series, spec.horizon_steps(hours))
        if len(x) < min_rows:
            raise ForecastDataError(
                f"only {len(x)} complete rows for {hours} h ahead (at least {min_rows} needed)"
            )
        split = int(len(x) * (1 - holdout))
        model = Ridge(alpha=spec.alpha)
        model.fit(x[:split], y_future[:split] - y_now[:split])
        predicted = y_now[split:] + model.predict(x[split:])
        mae, rmse = _errors(predicted, y_future[split:])
        p_mae, p_rmse = _errors(y_now[split:], y_future[split:])
        result.horizons[hours] = HorizonFit(
            hours=hours,
            coef=[float(c) for c in model.coef_],
            intercept=float(model.intercept_),
            mae=mae,
            rmse=rmse,
            persistence_mae=p_mae,
            persistence_rmse=p_rmse,
            n_train=split,
            n_test=len(x) - split,
            train_rows=(int(rows[0]), int(rows[split - 1])),
            test_rows=(int(rows[split]), int(rows[-1])),
        )
    return result


def evaluate(fitted: ArxFit, series: Mapping[str, np.ndarray]) -> dict[int, dict[str, float]]:
    """Errors of a fitted model and of persistence on other data (every complete row)."""
    out = {}
    for hours, horizon in fitted.horizons.items():
        x, y_now, y_future, _rows = _design(fitted.spec, series, fitted.spec.horizon_steps(hours))
        if not len(x):
            raise ForecastDataError(f"no complete rows for {hours} h ahead")
        predicted = y_now + x @ np.asarray(horizon.coef) + horizon.intercept
        mae, rmse = _errors(predicted, y_future)
        p_mae, p_rmse = _errors(y_now, y_future)
        out[hours] = {
            "mae": mae,
            "rmse": rmse,
            "persistence_mae": p_mae,
            "persistence_rmse": p_rmse,
            "n": len(x),
        }
    return out


def from_stored(spec_doc: Mapping, horizons_doc: Mapping) -> ArxFit:
    """An ArxFit back from what `sensing.models.ForecastModel` keeps (spec and per-horizon fits)."""
    fitted = ArxFit(spec=ArxSpec.from_dict(spec_doc))
    for key, doc in horizons_doc.items():
        doc = dict(doc)
        doc["train_rows"], doc["test_rows"] = tuple(doc["train_rows"]), tuple(doc["test_rows"])
        fitted.horizons[int(key)] = HorizonFit(**doc)
    return fitted

"""The ARX model on simulated Kali Bekasi data, without a database."""

import datetime as dt

import numpy as np
import pytest

from kotacerdas.sensing.forecasting import arx
from kotacerdas.sensing.simulator import river

START = dt.datetime(2026, 10, 1, tzinfo=dt.UTC)
STEP = dt.timedelta(minutes=10)


def simulated(start, end, *, seed=7, extra_events=()):
    grid = river.time_grid(start, end, STEP)
    return grid, river.river_series(seed, grid, extra_events=extra_events)


def test_regularise_takes_the_last_value_and_leaves_gaps_empty():
    grid = [START + STEP * i for i in range(8)]
    times = [START, START + dt.timedelta(minutes=15), START + dt.timedelta(minutes=21)]
    values = arx.regularise(times, [1.0, 2.0, 3.0], grid, max_gap_steps=3)
    # 0 -> 1.0; 10 -> 1.0; 20 -> 2.0; 30..50 -> 3.0 (last at 21, within 3 steps); 60, 70 -> gap
    assert values[:6].tolist() == [1.0, 1.0, 2.0, 3.0, 3.0, 3.0]
    assert np.isnan(values[6]) and np.isnan(values[7])
    assert np.isnan(arx.regularise(times, [1.0, 2.0, 3.0], [START - STEP])[0])


def test_fit_reports_model_and_persistence_errors_on_a_time_ordered_holdout():
    _grid, series = simulated(START, START + dt.timedelta(days=40))
    fitted = arx.fit(arx.P2C_SPEC, series, holdout=0.3)
    assert sorted(fitted.horizons) == [1, 2, 3]
    for hours, horizon in fitted.horizons.items():
        assert horizon.train_rows[1] < horizon.test_rows[0]  # evaluation strictly after training
        assert horizon.n_test == pytest.approx(0.3 * (horizon.n_train + horizon.n_test), abs=1)
        # persistence's error recomputed by hand on the held-out rows
        steps = hours * 6
        first, last = horizon.test_rows
        p2c = series["p2c"]
        rows = [t for t in range(first, last + 1) if t + steps < len(p2c)]
        manual = np.mean([abs(p2c[t + steps] - p2c[t]) for t in rows])
        assert horizon.persistence_mae == pytest.approx(manual, rel=1e-9)
        assert horizon.rmse < horizon.persistence_rmse


def test_model_beats_persistence_three_hours_ahead_on_an_unseen_rain_event():
    history_end = START + dt.timedelta(days=40)
    _grid, history = simulated(START, history_end)
    fitted = arx.fit(arx.P2C_SPEC, history)
    event_start = history_end + dt.timedelta(hours=3)
    _grid, event = simulated(
        history_end,
        history_end + dt.timedelta(hours=18),
        extra_events=[river.demo_event(event_start)],
    )
    assert event["p2c"].max() > 550  # the event reaches Siaga 1
    errors = arx.evaluate(fitted, event)
    print({h: {k: round(v, 1) for k, v in e.items()} for h, e in errors.items()})
    assert errors[3]["mae"] < 0.5 * errors[3]["persistence_mae"]
    assert errors[3]["rmse"] < 0.5 * errors[3]["persistence_rmse"]


def test_stored_model_predicts_the_same_values():
    _grid, series = simulated(START, START + dt.timedelta(days=20))
    fitted = arx.fit(arx.P2C_SPEC, series)
    stored = arx.from_stored(
        fitted.spec.as_dict(), {str(h): f.as_dict() for h, f in fitted.horizons.items()}
    )
    assert stored.predict(series) == fitted.predict(series)
    last = series["p2c"][-1]
    assert all(abs(value - last) < 100 for value in stored.predict(series).values())


def test_fit_refuses_too_little_or_incomplete_history():
    _grid, series = simulated(START, START + dt.timedelta(hours=20))
    with pytest.raises(arx.ForecastDataError, match="complete rows"):
        arx.fit(arx.P2C_SPEC, series)
    _grid, series = simulated(START, START + dt.timedelta(days=5))
    del series["cikeas"]
    with pytest.raises(arx.ForecastDataError, match="missing series: cikeas"):
        arx.fit(arx.P2C_SPEC, series)
    _grid, series = simulated(START, START + dt.timedelta(days=5))
    series["p2c"][-1] = np.nan
    with pytest.raises(arx.ForecastDataError, match="latest values"):
        arx.fit(arx.P2C_SPEC, series).predict(series)

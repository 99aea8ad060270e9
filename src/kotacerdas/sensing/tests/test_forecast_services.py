"""forecast_fit / forecast_run / forecast_latest on stored (simulated) observations."""

import datetime as dt
import io

import pytest
from django.core.management import call_command

from kotacerdas.core.models import AuditEvent
from kotacerdas.core.tests.factories import AdminFactory, OfficerFactory
from kotacerdas.sensing.errors import InvalidEntity, PermissionDenied
from kotacerdas.sensing.forecasting import arx
from kotacerdas.sensing.models import (
    Datastream,
    FeatureOfInterest,
    Forecast,
    ForecastModel,
    Observation,
    ObservedProperty,
    Sensor,
    Thing,
)
from kotacerdas.sensing.selectors.forecast import forecast_latest, forecast_model_latest
from kotacerdas.sensing.services.forecast import forecast_fit, forecast_run
from kotacerdas.sensing.simulator import river

START = dt.datetime(2026, 10, 1, tzinfo=dt.UTC)
NOW = START + dt.timedelta(days=12)
STEP = dt.timedelta(minutes=10)
# A flood in the held-out part of the history (the last 30 % of the 10 days before NOW).
EVENTS = [river.demo_event(NOW - dt.timedelta(days=1, hours=12))]


def store(datastreams, foi, start, end):
    grid = river.time_grid(start, end, STEP)
    values = river.river_series(7, grid, extra_events=EVENTS)
    Observation.objects.bulk_create(
        [
            Observation(
                datastream=datastreams[key],
                feature_of_interest=foi,
                phenomenon_time=moment,
                result_number=float(values[key][i]),
            )
            for key in datastreams
            for i, moment in enumerate(grid)
        ]
    )


@pytest.fixture
def gauges(db):
    sensor = Sensor.objects.create(name="AWLR", encoding_type="text/plain", metadata="-")
    level = ObservedProperty.objects.create(name="Tinggi muka air", definition="urn:level")
    datastreams = {}
    for gauge in river.GAUGES:
        if gauge.quantity != "water_level":
            continue
        thing = Thing.objects.create(name=gauge.name, properties={"pos_id": gauge.pos_id})
        datastreams[gauge.key] = Datastream.objects.create(
            name=f"TMA {gauge.name}",
            observation_type="OM_Measurement",
            unit_of_measurement={"symbol": "cm"},
            thing=thing,
            sensor=sensor,
            observed_property=level,
        )
    foi = FeatureOfInterest.objects.create(name="Kali Bekasi", feature={"type": "Point"})
    store(datastreams, foi, START, NOW)
    return datastreams


def test_fit_stores_a_version_with_held_out_errors_and_an_audit_event(gauges):
    admin = AdminFactory()
    model = forecast_fit(actor=admin, days=10, now=NOW)
    assert (model.name, model.version, model.is_active) == ("p2c-arx", 1, True)
    assert model.target_datastream == gauges["p2c"]
    assert model.input_datastreams == {k: gauges[k].pk for k in ("p2c", "cileungsi", "cikeas")}
    assert NOW - dt.timedelta(days=10) <= model.training_start < model.training_end
    assert model.training_end < model.evaluation_start < model.evaluation_end <= NOW
    assert sorted(model.horizons) == ["1", "2", "3"]
    for fit in model.horizons.values():
        assert fit["rmse"] < fit["persistence_rmse"]
    event = AuditEvent.objects.get(action="sensing.forecast_fit")
    assert event.actor_id == admin.pk and event.object_id == str(model.pk)
    assert event.changes["errors"]["3"]["mae"] == model.horizons["3"]["mae"]

    # Read back from the database (jsonb reorders object keys): the features keep their order.
    stored = ForecastModel.objects.get(pk=model.pk)
    assert forecast_model_latest()["features"] == arx.P2C_SPEC.feature_names()
    assert arx.ArxSpec.from_dict(stored.spec) == arx.P2C_SPEC

    second = forecast_fit(actor="cli", days=10, now=NOW)
    assert second.version == 2
    assert list(ForecastModel.objects.filter(is_active=True)) == [second]


def test_run_issues_each_horizon_once_per_step_and_fills_observed_values_later(gauges):
    model = forecast_fit(actor="cli", days=10, now=NOW)
    created = forecast_run(now=NOW + dt.timedelta(minutes=3))
    assert [(f.horizon_minutes, f.target_time) for f in created] == [
        (60, NOW + dt.timedelta(hours=1)),
        (120, NOW + dt.timedelta(hours=2)),
        (180, NOW + dt.timedelta(hours=3)),
    ]
    assert all(f.model == model and f.issued_at == NOW for f in created)
    assert forecast_run(now=NOW + dt.timedelta(minutes=7)) == []  # same step: nothing new
    assert Forecast.objects.count() == 3
    assert AuditEvent.objects.filter(action="sensing.forecast_run").count() == 1

    latest = forecast_latest()
    assert latest["issued_at"] == NOW and latest["model"]["version"] == 1
    assert [i["heldout_mae"] for i in latest["items"]] == [
        model.horizons[h]["mae"] for h in ("1", "2", "3")
    ]
    assert latest["model"]["errors"][3]["persistence_mae"] == model.horizons["3"]["persistence_mae"]
    assert forecast_model_latest()["version"] == 1

    # Three hours later the observations have come in: observed value and error are filled.
    store(
        {"p2c": gauges["p2c"]},
        FeatureOfInterest.objects.get(),
        NOW + STEP,
        NOW + dt.timedelta(hours=3),
    )
    forecast_run(now=NOW + dt.timedelta(hours=3, minutes=1))
    first = Forecast.objects.filter(issued_at=NOW).order_by("horizon_minutes")
    for forecast in first:
        observed = Observation.objects.get(
            datastream=gauges["p2c"], phenomenon_time=forecast.target_time
        ).result_number
        assert forecast.observed == observed
        assert forecast.error == pytest.approx(forecast.predicted - observed, abs=0.01)
        assert abs(forecast.error) < 30


def test_fit_refuses_other_roles_and_missing_gauges_without_writing(gauges):
    with pytest.raises(PermissionDenied):
        forecast_fit(actor=OfficerFactory(), days=10, now=NOW)
    gauges["cikeas"].thing.properties = {}
    gauges["cikeas"].thing.save()
    with pytest.raises(InvalidEntity, match="cikeas_hulu"):
        forecast_fit(actor="cli", days=10, now=NOW)
    with pytest.raises(InvalidEntity, match="2 sampai 365"):
        forecast_fit(actor="cli", days=1, now=NOW)
    assert not ForecastModel.objects.exists()
    assert not AuditEvent.objects.filter(action__startswith="sensing.forecast").exists()


def test_fit_with_too_little_history_is_a_clear_error(gauges):
    with pytest.raises(InvalidEntity, match="belum cukup"):
        forecast_fit(actor="cli", days=10, now=START + dt.timedelta(hours=20))
    assert not ForecastModel.objects.exists()


def test_run_without_a_model_or_with_a_silent_gauge_issues_nothing(gauges):
    assert forecast_run(now=NOW) == []
    forecast_fit(actor="cli", days=10, now=NOW)
    assert forecast_run(now=NOW + dt.timedelta(days=2)) == []  # no recent data: no forecast
    assert forecast_latest() is None


def test_command_fits_when_due_and_prints_errors_next_to_persistence(gauges):
    out = io.StringIO()
    call_command(
        "forecast", "run", "--refit-after-days", "7", "--days", "10", "--now", NOW.isoformat(),
        stdout=out,
    )  # fmt: skip
    text = out.getvalue()
    assert "Model p2c-arx versi 1" in text and "persistensi" in text
    assert "Prakiraan diterbitkan: 3 nilai." in text
    out = io.StringIO()
    call_command("forecast", "run", "--refit-after-days", "7", "--now", NOW.isoformat(), stdout=out)
    assert "versi 2" not in out.getvalue()  # the active model is fresh: no refit


def test_scheduler_runs_the_forecast_job():
    from kotacerdas.core.management.commands.scheduler import JOBS

    job = next(job for job in JOBS if job.command == "forecast")
    assert job.args == ("run", "--refit-after-days", "7")

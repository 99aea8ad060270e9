"""Ingestion lag: latest lag per datastream, p50/p95 over the last hour (received_at minus
phenomenonTime), per datastream and overall; stale datastreams in the health list."""

import datetime as dt

import pytest

from kotacerdas.sensing.models import DatastreamLatest, FeatureOfInterest, Observation
from kotacerdas.sensing.selectors.alerts import datastream_health, ingestion_lag, percentile

from .alerts_support import T0, gauge_stream, operator, store

pytestmark = pytest.mark.django_db


def observe(stream, lags_seconds, *, received=T0):
    feature = FeatureOfInterest.objects.create(
        name="titik", feature={"type": "Point", "coordinates": [107.0, -6.2]}
    )
    Observation.objects.bulk_create(
        Observation(
            datastream=stream,
            feature_of_interest=feature,
            phenomenon_time=received - dt.timedelta(seconds=lag),
            result_number=1.0,
            received_at=received,
        )
        for lag in lags_seconds
    )


def test_percentile_interpolates_between_ranks():
    assert percentile([], 0.5) is None
    assert percentile([4.0], 0.95) == 4.0
    assert percentile([1, 2, 3, 4], 0.5) == 2.5
    assert percentile(list(range(1, 101)), 0.95) == pytest.approx(95.05)


def test_lag_over_the_last_hour_per_datastream_and_overall():
    fast = gauge_stream(None, name="Cepat")
    slow = gauge_stream(None, name="Lambat")
    observe(fast, [1, 2, 3, 4, 5])
    observe(slow, [60, 120])
    observe(slow, [7], received=T0 - dt.timedelta(hours=2))  # outside the hour
    overall = ingestion_lag(now=T0 + dt.timedelta(minutes=1))
    assert overall.count == 7
    assert overall.p50 == 4
    assert overall.p95 == pytest.approx(102.0)
    assert overall.max == 120
    one = ingestion_lag(now=T0 + dt.timedelta(minutes=1), datastream_id=fast.pk)
    assert (one.count, one.p50, one.max) == (5, 3, 5)
    empty = ingestion_lag(now=T0 + dt.timedelta(days=1))
    assert (empty.count, empty.p50, empty.p95) == (0, None, None)


def test_latest_lag_and_stale_marks_in_the_health_list():
    stream = gauge_stream(None, name="Sensor")
    store(stream, (T0, 1.0))
    latest = DatastreamLatest.objects.get(datastream=stream)
    assert latest.lag_seconds == pytest.approx((latest.received_at - T0).total_seconds())
    rows = list(datastream_health(actor=operator()))
    assert [row.datastream_id for row in rows] == [stream.pk]
    assert list(datastream_health(actor=operator(), stale_only=True)) == []
    DatastreamLatest.objects.filter(datastream=stream).update(stale_since=T0)
    assert [r.datastream_id for r in datastream_health(actor=operator(), stale_only=True)] == [
        stream.pk
    ]

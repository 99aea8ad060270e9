"""observations_store: dedup, features of interest, latest value, spans, result types, audit."""

from __future__ import annotations

import datetime as dt

import pytest

from kotacerdas.core.models import AuditEvent
from kotacerdas.sensing.errors import InvalidEntity, PermissionDenied
from kotacerdas.sensing.models import (
    DatastreamLatest,
    FeatureOfInterest,
    Location,
    Observation,
)
from kotacerdas.sensing.services.observations import (
    ObservationIn,
    dedup_key,
    observation_in_from_json,
    observations_in_from_data_array,
    observations_store,
)

from .ingest_helpers import T0, make_datastream, make_thing

pytestmark = pytest.mark.django_db


def item(ds, minutes: int, result=100.0, **extra) -> ObservationIn:
    return ObservationIn(
        datastream_id=ds.pk,
        phenomenon_time=T0 + dt.timedelta(minutes=minutes),
        result=result,
        **extra,
    )


def test_store_returns_ids_in_input_order_and_duplicates_get_the_existing_id():
    ds = make_datastream()
    first = observations_store(
        actor="system", items=[item(ds, 0), item(ds, 1, 101.5)], source="test"
    )
    again = observations_store(
        actor="system",
        items=[item(ds, 2, 99), item(ds, 1, 101.5), item(ds, 0), item(ds, 2, 99)],
        source="test",
    )
    assert again[1:3] == [first[1], first[0]]
    assert again[0] == again[3] and again[0] not in first
    assert Observation.objects.count() == 3
    assert list(
        Observation.objects.order_by("phenomenon_time").values_list("result_number", flat=True)
    ) == [
        100.0,
        101.5,
        99.0,
    ]


def test_same_time_other_result_is_a_new_observation_and_20_equals_20_0():
    ds = make_datastream()
    a = observations_store(actor="system", items=[item(ds, 0, 20)], source="test")
    b = observations_store(actor="system", items=[item(ds, 0, 20.0)], source="test")
    c = observations_store(actor="system", items=[item(ds, 0, 21)], source="test")
    assert a == b and c != a
    assert dedup_key(item(ds, 0, 20)) == dedup_key(item(ds, 0, 20.0))
    assert 0 <= dedup_key(item(ds, 0, 20)) < 2**63


def test_feature_of_interest_made_from_the_things_location_once_and_again_after_a_move():
    thing = make_thing()
    ds = make_datastream(thing)
    observations_store(actor="system", items=[item(ds, 0), item(ds, 1)], source="test")
    observations_store(actor="system", items=[item(ds, 2)], source="test")
    assert FeatureOfInterest.objects.count() == 1
    feature = FeatureOfInterest.objects.get()
    location = thing.locations.get()
    assert feature.source_location_id == location.pk
    assert (feature.lat, feature.lon, feature.feature) == (
        location.lat,
        location.lon,
        location.location,
    )
    moved = Location.objects.create(
        name="baru", location={"type": "Point", "coordinates": [107.0, -6.3]}, lat=-6.3, lon=107.0
    )
    moved.things.add(thing)
    [pk] = observations_store(actor="system", items=[item(ds, 3)], source="test")
    assert Observation.objects.get(pk=pk).feature_of_interest.source_location_id == moved.pk
    assert set(Observation.objects.values_list("feature_of_interest_id", flat=True)) == {
        feature.pk,
        Observation.objects.get(pk=pk).feature_of_interest_id,
    }


def test_explicit_and_inline_features_of_interest():
    ds = make_datastream()
    doc = {
        "name": "Titik",
        "encodingType": "application/geo+json",
        "feature": {"type": "Point", "coordinates": [107.01, -6.25]},
    }
    ids = observations_store(
        actor="system",
        items=[item(ds, 0, feature_of_interest=doc), item(ds, 1, feature_of_interest=doc)],
        source="test",
    )
    features = {Observation.objects.get(pk=pk).feature_of_interest for pk in ids}
    [inline] = features
    assert (inline.name, inline.lat, inline.lon, inline.source_location_id) == (
        "Titik",
        -6.25,
        107.01,
        None,
    )
    [pk] = observations_store(
        actor="system", items=[item(ds, 2, feature_of_interest_id=inline.pk)], source="t"
    )
    assert Observation.objects.get(pk=pk).feature_of_interest_id == inline.pk
    with pytest.raises(InvalidEntity, match="FeatureOfInterest"):
        observations_store(
            actor="system", items=[item(ds, 3, feature_of_interest_id=999999)], source="t"
        )


def test_thing_without_location_is_refused_and_nothing_written():
    ds = make_datastream()
    ds.thing.locations.clear()
    with pytest.raises(InvalidEntity, match="Location"):
        observations_store(actor="system", items=[item(ds, 0)], source="test")
    assert Observation.objects.count() == 0 and FeatureOfInterest.objects.count() == 0


def test_latest_value_moves_only_forward_and_counts_every_new_observation():
    ds = make_datastream()
    observations_store(actor="system", items=[item(ds, 10, 300), item(ds, 5, 250)], source="test")
    latest = DatastreamLatest.objects.get(datastream=ds)
    assert (latest.phenomenon_time, latest.result_number, latest.observation_count) == (
        T0 + dt.timedelta(minutes=10),
        300.0,
        2,
    )
    assert latest.observation_id == Observation.objects.get(result_number=300).pk
    assert latest.lag_seconds == pytest.approx(
        (latest.received_at - latest.phenomenon_time).total_seconds()
    )
    observations_store(actor="system", items=[item(ds, 1, 10)], source="test")  # older: a backfill
    latest.refresh_from_db()
    assert (latest.result_number, latest.observation_count) == (300.0, 3)
    observations_store(actor="system", items=[item(ds, 20, 400)], source="test")
    observations_store(actor="system", items=[item(ds, 20, 400)], source="test")  # duplicate
    latest.refresh_from_db()
    assert (latest.result_number, latest.observation_count) == (400.0, 4)


def test_datastream_spans_cover_phenomenon_and_result_times():
    ds = make_datastream()
    observations_store(
        actor="system",
        items=[
            item(ds, 10, phenomenon_time_end=T0 + dt.timedelta(minutes=15)),
            item(ds, 5, result_time=T0 + dt.timedelta(minutes=30)),
        ],
        source="test",
    )
    ds.refresh_from_db()
    assert (ds.phenomenon_time_start, ds.phenomenon_time_end) == (
        T0 + dt.timedelta(minutes=5),
        T0 + dt.timedelta(minutes=15),
    )
    assert ds.result_time_start == ds.result_time_end == T0 + dt.timedelta(minutes=30)
    observations_store(actor="system", items=[item(ds, -60)], source="test")
    ds.refresh_from_db()
    assert ds.phenomenon_time_start == T0 - dt.timedelta(minutes=60)
    assert ds.phenomenon_time_end == T0 + dt.timedelta(minutes=15)


@pytest.mark.parametrize(
    ("kind", "good", "bad"),
    [
        ("OM_Measurement", [1, 2.5, -0.0], ["1", True, None, {"v": 1}]),
        ("OM_CountObservation", [3, 4.0], [2.5, "3", False]),
        ("OM_CategoryObservation", ["Siaga 3"], [3, True, None]),
        ("OM_TruthObservation", [True, False], [1, "true", None]),
        ("OM_Observation", [1, "x", True, None, {"a": [1]}, [1, 2]], [float("nan")]),
    ],
)
def test_result_types_follow_the_observation_type(kind, good, bad):
    ds = make_datastream(kind=kind)
    ids = observations_store(
        actor="system", items=[item(ds, i, value) for i, value in enumerate(good)], source="t"
    )
    assert len(set(ids)) == len(good)
    for value in bad:
        with pytest.raises(InvalidEntity) as error:
            observations_store(actor="system", items=[item(ds, 100, value)], source="t")
        assert error.value.field == "result"
    assert Observation.objects.count() == len(good)


def test_results_land_in_their_columns():
    ds = make_datastream(kind="OM_Observation")
    ids = observations_store(
        actor="system",
        items=[item(ds, 0, 5), item(ds, 1, "hujan"), item(ds, 2, True), item(ds, 3, {"a": 1})],
        source="t",
    )
    rows = [
        Observation.objects.values_list("result_number", "result_string", "result_json").get(pk=pk)
        for pk in ids
    ]
    assert rows == [
        (5.0, None, None),
        (None, "hujan", None),
        (None, None, True),
        (None, None, {"a": 1}),
    ]


def test_one_bad_item_refuses_the_whole_batch():
    ds = make_datastream()
    with pytest.raises(InvalidEntity, match=r"^\[1\]"):
        observations_store(actor="system", items=[item(ds, 0), item(ds, 1, "x")], source="t")
    with pytest.raises(InvalidEntity, match="Datastream"):
        observations_store(
            actor="system",
            items=[ObservationIn(datastream_id=987654, phenomenon_time=T0, result=1)],
            source="t",
        )
    naive = ObservationIn(datastream_id=ds.pk, phenomenon_time=dt.datetime(2026, 1, 1), result=1)
    with pytest.raises(InvalidEntity):
        observations_store(actor="system", items=[naive], source="t")
    assert Observation.objects.count() == 0 and DatastreamLatest.objects.count() == 0


def test_one_audit_event_per_call():
    ds = make_datastream()
    before = AuditEvent.objects.count()
    ids = observations_store(actor="system", items=[item(ds, i) for i in range(5)], source="mqtt")
    event = AuditEvent.objects.order_by("-seq").first()
    assert AuditEvent.objects.count() == before + 1
    assert event.action == "sensing.observations.store"
    assert event.changes == {
        "source": "mqtt",
        "count": 5,
        "new": 5,
        "duplicates": 0,
        "datastreams": [ds.pk],
        "first_id": min(ids),
        "last_id": max(ids),
    }


def test_an_anonymous_actor_may_not_store():
    from django.contrib.auth.models import AnonymousUser

    ds = make_datastream()
    with pytest.raises(PermissionDenied):
        observations_store(actor=AnonymousUser(), items=[item(ds, 0)], source="http")
    assert Observation.objects.count() == 0


def test_observation_in_from_json_reads_sta_documents():
    ds = make_datastream()
    parsed = observation_in_from_json(
        {
            "phenomenonTime": "2026-12-07T15:00:00+07:00/2026-12-07T15:10:00+07:00",
            "result": 12,
            "resultTime": "2026-12-07T08:11:00Z",
            "parameters": {"a": 1},
            "validTime": "2026-12-07T08:00:00Z/2026-12-08T08:00:00Z",
            "FeatureOfInterest": {"@iot.id": 4},
        },
        datastream_id=ds.pk,
    )
    assert parsed.phenomenon_time == T0 and parsed.phenomenon_time_end == T0 + dt.timedelta(
        minutes=10
    )
    assert (parsed.result, parsed.parameters, parsed.feature_of_interest_id) == (12, {"a": 1}, 4)
    assert (
        observation_in_from_json(
            {
                "Datastream": {"@iot.id": ds.pk},
                "result": 1,
                "phenomenonTime": "2026-12-07T08:00:00Z",
            }
        ).datastream_id
        == ds.pk
    )
    for doc, field in [
        ({"result": 1, "phenomenonTime": "2026-12-07T08:00:00"}, "phenomenonTime"),
        ({"result": 1, "phenomenonTime": "kemarin"}, "phenomenonTime"),
        ({"result": "x", "phenomenonTime": "2026-12-07T08:00:00Z"}, "result"),
        ({"phenomenonTime": "2026-12-07T08:00:00Z"}, "result"),
        (
            {"result": 1, "phenomenonTime": "2026-12-07T08:00:00Z", "resultTime": "2026-12-07"},
            "resultTime",
        ),
    ]:
        with pytest.raises(InvalidEntity) as error:
            observation_in_from_json(doc, datastream_id=ds.pk)
        assert error.value.field == field
    with pytest.raises(InvalidEntity, match="Datastream"):
        observation_in_from_json(
            {"result": 1, "phenomenonTime": "2026-12-07T08:00:00Z"}, datastream_id=999999
        )


def test_data_array_rows_with_per_row_errors():
    ds = make_datastream()
    rows = observations_in_from_data_array(
        [
            {
                "Datastream": {"@iot.id": ds.pk},
                "components": ["phenomenonTime", "result"],
                "dataArray": [
                    ["2026-12-07T08:00:00Z", 1],
                    ["2026-12-07T08:01:00", 2],
                    ["2026-12-07T08:02:00Z", "x"],
                    ["2026-12-07T08:03:00Z"],
                ],
            },
            {
                "Datastream": {"@iot.id": 999999},
                "components": ["phenomenonTime", "result"],
                "dataArray": [["2026-12-07T08:00:00Z", 1]],
            },
        ]
    )
    assert rows[0][0].result == 1 and rows[0][1] is None
    assert [error.field for _, error in rows[1:]] == [
        "phenomenonTime",
        "result",
        "dataArray",
        "Datastream",
    ]
    with pytest.raises(InvalidEntity):
        observations_in_from_data_array({"not": "a list"})
    with pytest.raises(InvalidEntity, match="Komponen"):
        observations_in_from_data_array(
            [{"Datastream": {"@iot.id": ds.pk}, "components": ["result", "x"], "dataArray": []}]
        )

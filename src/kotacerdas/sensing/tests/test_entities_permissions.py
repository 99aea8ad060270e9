"""Who may write sensor entities: administrators and sensor operators everywhere, agency officers
only on their own agency's Things, nobody else. A refused write changes nothing and records
no audit event."""

from __future__ import annotations

import pytest
from django.contrib.auth.models import AnonymousUser

from kotacerdas.core.models import AuditEvent, Role
from kotacerdas.core.tests.factories import AgencyFactory, ExecutiveFactory, UserFactory
from kotacerdas.sensing.errors import PermissionDenied
from kotacerdas.sensing.models import Datastream, Location, Observation, Sensor, Thing
from kotacerdas.sensing.permissions import require_sensing_writer
from kotacerdas.sensing.services.entities import (
    entity_create,
    entity_delete,
    entity_json_patch,
    entity_update,
    thing_agency_set,
)

from .entities_factories import (
    admin,
    datastream_doc,
    deep_thing_doc,
    location_doc,
    officer,
    operator,
    property_doc,
    sensor_doc,
    thing_doc,
)

pytestmark = pytest.mark.django_db


@pytest.fixture
def agency():
    return AgencyFactory()


@pytest.fixture
def own(agency):
    return officer(agency)


@pytest.fixture
def own_thing(own):
    return entity_create(actor=own, entity="Thing", data=deep_thing_doc())


@pytest.fixture
def foreign_thing():
    return entity_create(actor=officer(), entity="Thing", data=deep_thing_doc())


def _counts():
    return (
        AuditEvent.objects.count(),
        Thing.objects.count(),
        Datastream.objects.count(),
        Observation.objects.count(),
        Location.objects.count(),
        Sensor.objects.count(),
    )


@pytest.mark.parametrize(
    "make_actor",
    [
        lambda: ExecutiveFactory(),
        lambda: UserFactory(roles=[Role.WALIDATA.value]),
        lambda: UserFactory(roles=[Role.AGENCY_OFFICER.value]),  # an officer of no agency
        lambda: AnonymousUser(),
        lambda: None,
        lambda: "somebody",
    ],
)
def test_non_writers_refused(make_actor):
    actor = make_actor()
    before = _counts()
    for entity, doc in (("Thing", deep_thing_doc()), ("Sensor", sensor_doc())):
        with pytest.raises(PermissionDenied):
            entity_create(actor=actor, entity=entity, data=doc)
    assert _counts() == before


@pytest.mark.parametrize("make_actor", [admin, operator, lambda: "cli", lambda: "system"])
def test_writers_of_everything(make_actor, foreign_thing):
    actor = make_actor()
    require_sensing_writer(actor, foreign_thing)
    entity_update(actor=actor, entity="Thing", pk=foreign_thing.pk, data={"name": "Diubah"})
    entity_delete(actor=actor, entity="Thing", pk=foreign_thing.pk)
    assert not Thing.objects.exists()


def test_officer_thing_gets_their_agency_and_they_run_it(own, agency, own_thing):
    assert own_thing.agency == agency
    datastream = own_thing.datastreams.get()
    entity_create(
        actor=own,
        entity="Observation",
        data={"phenomenonTime": "2026-12-07T12:00:00Z", "result": 1},
        parent=("Datastream", datastream.pk),
    )
    entity_update(actor=own, entity="Datastream", pk=datastream.pk, data={"name": "TMA"})
    entity_json_patch(
        actor=own,
        entity="Thing",
        pk=own_thing.pk,
        operations=[{"op": "replace", "path": "/name", "value": "Pos"}],
    )
    entity_create(actor=own, entity="Location", data=location_doc(), parent=("Thing", own_thing.pk))
    entity_delete(actor=own, entity="Thing", pk=own_thing.pk)
    assert not Thing.objects.exists()


def test_officer_of_a_successor_agency_runs_the_merged_agencys_things(agency):
    from kotacerdas.core.models import Agency

    merged = AgencyFactory()
    Agency.objects.filter(pk=merged.pk).update(merged_into=agency)
    thing = entity_create(actor=officer(merged), entity="Thing", data=thing_doc())
    entity_update(actor=officer(agency), entity="Thing", pk=thing.pk, data={"name": "Diambil alih"})
    thing.refresh_from_db()
    assert thing.name == "Diambil alih"


def _foreign_writes(foreign_thing):
    """(label, service, keyword arguments) of writes touching another agency's Thing."""
    thing = foreign_thing.pk
    datastream = foreign_thing.datastreams.get()
    location = foreign_thing.locations.get().pk
    observation = datastream.observations.first()
    name = {"name": "x"}
    return [
        ("update thing", entity_update, dict(entity="Thing", pk=thing, data=name)),
        ("put thing", entity_update, dict(entity="Thing", pk=thing, data=name, replace=True)),
        (
            "patch thing",
            entity_json_patch,
            dict(
                entity="Thing",
                pk=thing,
                operations=[{"op": "replace", "path": "/name", "value": "x"}],
            ),
        ),
        ("delete thing", entity_delete, dict(entity="Thing", pk=thing)),
        (
            "datastream under thing",
            entity_create,
            dict(
                entity="Datastream",
                data=datastream_doc(Sensor=sensor_doc(), ObservedProperty=property_doc()),
                parent=("Thing", thing),
            ),
        ),
        (
            "location under thing",
            entity_create,
            dict(entity="Location", data=location_doc(), parent=("Thing", thing)),
        ),
        (
            "observation",
            entity_create,
            dict(
                entity="Observation",
                data={"phenomenonTime": "2026-12-07T12:00:00Z", "result": 1},
                parent=("Datastream", datastream.pk),
            ),
        ),
        (
            "update datastream",
            entity_update,
            dict(entity="Datastream", pk=datastream.pk, data=name),
        ),
        ("delete datastream", entity_delete, dict(entity="Datastream", pk=datastream.pk)),
        (
            "update observation",
            entity_update,
            dict(entity="Observation", pk=observation.pk, data={"result": 2}),
        ),
        ("delete observation", entity_delete, dict(entity="Observation", pk=observation.pk)),
        ("update location", entity_update, dict(entity="Location", pk=location, data=name)),
        ("delete location", entity_delete, dict(entity="Location", pk=location)),
        ("delete shared sensor", entity_delete, dict(entity="Sensor", pk=datastream.sensor_id)),
        (
            "update feature",
            entity_update,
            dict(entity="FeatureOfInterest", pk=observation.feature_of_interest_id, data=name),
        ),
        (
            "history",
            entity_create,
            dict(
                entity="HistoricalLocation",
                data={"time": "2026-12-07T12:00:00Z", "Thing": {"@iot.id": thing}},
            ),
        ),
        (
            "location under history",
            entity_create,
            dict(
                entity="Location",
                data=location_doc(),
                parent=("HistoricalLocation", foreign_thing.historical_locations.get().pk),
            ),
        ),
        (
            "link location",
            entity_create,
            dict(entity="Location", data={**location_doc(), "Things": [{"@iot.id": thing}]}),
        ),
    ]


def test_officer_confined_to_their_agency(own, own_thing, foreign_thing):
    for label, service, kwargs in _foreign_writes(foreign_thing):
        before = _counts()
        with pytest.raises(PermissionDenied):
            service(actor=own, **kwargs)
        assert _counts() == before, label
    foreign_thing.refresh_from_db()
    assert foreign_thing.name == "Pos P2C"


def test_officer_cannot_move_their_datastream_to_another_agencys_thing(
    own, own_thing, foreign_thing
):
    datastream = own_thing.datastreams.get()
    with pytest.raises(PermissionDenied):
        entity_update(
            actor=own,
            entity="Datastream",
            pk=datastream.pk,
            data={"Thing": {"@iot.id": foreign_thing.pk}},
        )
    datastream.refresh_from_db()
    assert datastream.thing == own_thing


def test_officer_cannot_write_things_of_no_agency(own):
    thing = entity_create(actor=operator(), entity="Thing", data=thing_doc())
    with pytest.raises(PermissionDenied):
        entity_update(actor=own, entity="Thing", pk=thing.pk, data={"name": "x"})


def test_officer_may_create_shared_entities(own):
    sensor = entity_create(actor=own, entity="Sensor", data=sensor_doc())
    entity_update(actor=own, entity="Sensor", pk=sensor.pk, data={"name": "Radar"})
    sensor.refresh_from_db()
    assert sensor.name == "Radar"


def test_operator_hands_a_thing_to_an_agency_whose_officer_then_runs_it(own, agency):
    thing = entity_create(actor=operator(), entity="Thing", data=thing_doc())
    thing_agency_set(actor=operator(), thing=thing, agency_id=agency.pk)
    thing.refresh_from_db()
    assert thing.agency == agency
    event = AuditEvent.objects.order_by("seq").last()
    assert (event.action, event.changes) == (
        "sensing.thing.agency_set",
        {"agency": [None, agency.pk]},
    )
    entity_update(actor=own, entity="Thing", pk=thing.pk, data={"name": "Pos DLH"})


def test_officer_cannot_hand_over_their_thing(own, own_thing):
    other = AgencyFactory()
    before = _counts()
    with pytest.raises(PermissionDenied):
        thing_agency_set(actor=own, thing=own_thing, agency_id=other.pk)
    own_thing.refresh_from_db()
    assert own_thing.agency == own.agency and _counts() == before

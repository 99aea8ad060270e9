"""An unmodified SensorThings client (`frost_sta_client`, the FROST-Server Python client) drives
the API on a live server: creates a Thing with a Location and a Datastream, posts Observations
(one by one and as a dataArray), reads them back with a filter, patches and deletes."""

from __future__ import annotations

import datetime as dt

import frost_sta_client as fsc
import geojson
import pytest
import requests

from kotacerdas.core.models import Role
from kotacerdas.core.tests.factories import UserFactory
from kotacerdas.sensing.models import HistoricalLocation, Observation, Thing

from .sta_sample import MEASUREMENT

PASSWORD = "Sandi-Rahasia-2026!"


@pytest.fixture
def service(live_server, transactional_db):
    user = UserFactory(roles=[Role.SENSOR_OPERATOR.value])
    user.set_password(PASSWORD)
    user.save()
    return fsc.SensorThingsService(
        live_server.url + "/sta/v1.1", auth_handler=fsc.AuthHandler(user.username, PASSWORD)
    )


def test_frost_client_creates_posts_and_reads_back(service):
    location = fsc.Location(
        name="Pos P2C",
        description="Pos pantau Kali Bekasi",
        encoding_type="application/geo+json",
        location=geojson.Point((106.9896, -6.2349)),
    )
    thing = fsc.Thing(
        name="Pos P2C", description="Pos pantau tinggi muka air", locations=[location]
    )
    service.create(thing)
    assert isinstance(thing.id, int)
    assert HistoricalLocation.objects.filter(thing_id=thing.id).count() == 1

    datastream = fsc.Datastream(
        name="TMA P2C",
        description="Tinggi muka air",
        observation_type=MEASUREMENT,
        unit_of_measurement=fsc.UnitOfMeasurement(
            name="centimetre", symbol="cm", definition="ucum:cm"
        ),
        thing=fsc.Thing(id=thing.id),
        sensor=fsc.Sensor(
            name="Radar",
            description="Sensor radar",
            encoding_type="application/pdf",
            metadata="https://contoh.bekasikota.go.id/radar.pdf",
        ),
        observed_property=fsc.ObservedProperty(
            name="Tinggi muka air",
            definition="https://contoh.bekasikota.go.id/tma",
            description="TMA",
        ),
    )
    service.create(datastream)
    assert isinstance(datastream.id, int)

    start = dt.datetime(2026, 2, 1, tzinfo=dt.UTC)
    for hour, level in enumerate([340, 360, 455]):
        service.create(
            fsc.Observation(
                phenomenon_time=(start + dt.timedelta(hours=hour)).isoformat(),
                result=level,
                datastream=fsc.Datastream(id=datastream.id),
            )
        )
    batch = fsc.DataArrayValue()
    batch.datastream = fsc.Datastream(id=datastream.id)
    batch.components = {
        fsc.DataArrayValue.Property.PHENOMENON_TIME,
        fsc.DataArrayValue.Property.RESULT,
    }
    for hour, level in [(3, 560), (4, 470)]:
        batch.add_observation(
            fsc.Observation(
                phenomenon_time=(start + dt.timedelta(hours=hour)).isoformat(), result=level
            )
        )
    document = fsc.DataArrayDocument()
    document.add_data_array_value(batch)
    created = service.observations().create(document)
    assert len(created) == 2 and all("Observations(" in o.self_link for o in created)
    assert Observation.objects.filter(datastream_id=datastream.id).count() == 5

    found = (
        service.datastreams()
        .find(datastream.id)
        .get_observations()
        .query()
        .filter("result gt 400")
        .orderby("phenomenonTime", "desc")
        .list()
    )
    assert [o.result for o in found] == [470, 560, 455]
    assert found.entities[0].phenomenon_time == "2026-02-01T04:00:00.000Z"

    things = service.things().query().filter("name eq 'Pos P2C'").expand("Locations").list()
    assert [t.id for t in things] == [thing.id]
    assert things.entities[0].locations.entities[0].name == "Pos P2C"

    service.patch(fsc.Thing(id=thing.id), [{"op": "replace", "path": "/name", "value": "P2C"}])
    assert service.things().find(thing.id).name == "P2C"
    service.delete(fsc.Thing(id=thing.id))
    assert not Thing.objects.filter(pk=thing.id).exists()


def test_frost_client_without_credentials_gets_401(live_server, transactional_db):
    service = fsc.SensorThingsService(live_server.url + "/sta/v1.1")
    with pytest.raises(requests.exceptions.HTTPError) as raised:
        service.create(fsc.Thing(name="x", description="y"))
    assert raised.value.response.status_code == 401
    assert not Thing.objects.exists()

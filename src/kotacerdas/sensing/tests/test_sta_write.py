"""SensorThings API writes over HTTP: authentication (token, Basic; 401 and 403 with nothing
written), POST with its Location header, deep insert, PATCH (merge and JSON Patch), PUT,
DELETE, Observations and CreateObservations with a per-row error, bad bodies."""

from __future__ import annotations

import base64
import json

import pytest

from kotacerdas.core.models import AuditEvent, Role
from kotacerdas.core.services.tokens import token_create
from kotacerdas.core.tests.factories import AdminFactory, UserFactory
from kotacerdas.sensing.models import Datastream, HistoricalLocation, Observation, Thing

from .sta_sample import MEASUREMENT, make_network

BASE = "http://testserver/sta/v1.1/"
PASSWORD = "Sandi-Rahasia-2026!"


@pytest.fixture
def operator(db):
    user = UserFactory(roles=[Role.SENSOR_OPERATOR.value])
    user.set_password(PASSWORD)
    user.save()
    return user


@pytest.fixture
def token(operator) -> str:
    return token_create(actor=operator, user=operator, name="sta tests")[1]


def send(client, method: str, url: str, body=None, *, token=None, basic=None, raw=None,
         content_type="application/json"):  # fmt: skip
    headers = {}
    if token:
        headers["Authorization"] = f"Bearer {token}"
    if basic:
        headers["Authorization"] = "Basic " + base64.b64encode(":".join(basic).encode()).decode()
    data = raw if raw is not None else ("" if body is None else json.dumps(body))
    return getattr(client, method)(
        "/sta/v1.1/" + url, data=data, content_type=content_type, headers=headers
    )


THING = {
    "name": "Pos Bendung Bekasi",
    "description": "Pos pantau di bendung",
    "properties": {"kode": "bendung"},
    "Locations": [
        {
            "name": "Bendung Bekasi",
            "description": "Titik bendung",
            "encodingType": "application/geo+json",
            "location": {"type": "Point", "coordinates": [106.99, -6.23]},
        }
    ],
}


def datastream_doc(thing_id: int | None = None) -> dict:
    doc = {
        "name": "TMA Bendung",
        "description": "Tinggi muka air",
        "observationType": MEASUREMENT,
        "unitOfMeasurement": {"name": "centimetre", "symbol": "cm", "definition": "ucum:cm"},
        "Sensor": {"name": "Radar", "description": "Radar", "encodingType": "application/pdf",
                   "metadata": "https://contoh.bekasikota.go.id/radar.pdf"},
        "ObservedProperty": {"name": "TMA", "definition": "https://contoh.bekasikota.go.id/tma",
                             "description": "Tinggi muka air"},
    }  # fmt: skip
    if thing_id:
        doc["Thing"] = {"@iot.id": thing_id}
    return doc


def test_write_without_credentials_is_401_with_basic_challenge(client, db):
    response = send(client, "post", "Things", THING)
    assert response.status_code == 401
    assert response["WWW-Authenticate"].startswith("Basic")
    assert response.json()["code"] == 401 and response.json()["type"] == "error"
    assert send(client, "post", "Things", THING, token="kc_nope_nope").status_code == 401
    assert send(client, "post", "Things", THING, basic=("x", "y")).status_code == 401
    assert not Thing.objects.exists()


def test_write_by_a_user_without_a_sensor_role_is_403_and_writes_nothing(client, db):
    user = UserFactory(roles=[])
    raw = token_create(actor=user, user=user, name="t")[1]
    events = AuditEvent.objects.count()
    response = send(client, "post", "Things", THING, token=raw)
    assert response.status_code == 403 and response.json()["code"] == 403
    assert not Thing.objects.exists() and AuditEvent.objects.count() == events


def test_basic_auth_refused_for_accounts_that_need_two_factor(client, db, settings):
    admin = AdminFactory()
    admin.set_password(PASSWORD)
    admin.save()
    settings.KOTACERDAS_2FA_REQUIRED_ROLES = [Role.ADMINISTRATOR.value]
    response = send(client, "post", "Things", THING, basic=(admin.username, PASSWORD))
    assert response.status_code == 401 and "token" in response.json()["message"].lower()
    assert not Thing.objects.exists()


def test_session_cookie_does_not_authorise_writes(client, operator):
    client.force_login(operator)
    assert send(client, "post", "Things", THING).status_code == 401


def test_post_deep_insert_returns_201_location_and_body(client, token):
    response = send(client, "post", "Things", THING, token=token)
    assert response.status_code == 201, response.content
    thing = Thing.objects.get()
    assert response["Location"] == f"{BASE}Things({thing.id})"
    doc = response.json()
    assert doc["@iot.id"] == thing.id and doc["name"] == "Pos Bendung Bekasi"
    assert doc["@iot.selfLink"] == response["Location"]
    assert thing.locations.count() == 1
    assert HistoricalLocation.objects.filter(thing=thing).count() == 1


def test_post_with_basic_auth_and_to_a_navigation_set(client, operator):
    response = send(client, "post", "Things", THING, basic=(operator.username, PASSWORD))
    assert response.status_code == 201, response.content
    thing_id = response.json()["@iot.id"]
    response = send(client, "post", f"Things({thing_id})/Datastreams", datastream_doc(),
                    basic=(operator.username, PASSWORD))  # fmt: skip
    assert response.status_code == 201, response.content
    datastream = Datastream.objects.get()
    assert datastream.thing_id == thing_id
    assert response["Location"] == f"{BASE}Datastreams({datastream.id})"
    assert response.json()["unitOfMeasurement"]["symbol"] == "cm"


def test_post_observations_and_read_back(client, token):
    thing_id = send(client, "post", "Things", THING, token=token).json()["@iot.id"]
    ds_id = send(client, "post", "Datastreams", datastream_doc(thing_id), token=token).json()[
        "@iot.id"
    ]
    body = {"phenomenonTime": "2026-02-01T07:00:00+07:00", "result": 351}
    response = send(client, "post", f"Datastreams({ds_id})/Observations", body, token=token)
    assert response.status_code == 201, response.content
    doc = response.json()
    assert doc["result"] == 351 and doc["phenomenonTime"] == "2026-02-01T00:00:00.000Z"
    assert response["Location"] == f"{BASE}Observations({doc['@iot.id']})"
    body = {
        "phenomenonTime": "2026-02-01T01:00:00Z",
        "result": 352,
        "Datastream": {"@iot.id": ds_id},
    }
    assert send(client, "post", "Observations", body, token=token).status_code == 201
    # FeatureOfInterest made from the Thing's Location
    feature = client.get(f"/sta/v1.1/Observations({doc['@iot.id']})/FeatureOfInterest").json()
    assert feature["feature"]["coordinates"] == [106.99, -6.23]


def test_post_observation_bad_input(client, token):
    net = make_network()
    ds = net["datastreams"]["p2c"]
    before = Observation.objects.count()
    cases = [
        {"phenomenonTime": "2026-02-01T07:00:00", "result": 1},  # no zone
        {"phenomenonTime": "2026-02-01T07:00:00Z", "result": "tinggi"},  # wrong type
    ]
    for body in cases:
        response = send(client, "post", f"Datastreams({ds.id})/Observations", body, token=token)
        assert response.status_code == 400, body
        assert response.json()["type"] == "error" and response.json()["message"]
    one = {"phenomenonTime": "2026-02-01T07:00:00Z", "result": 1}
    response = send(client, "post", "Datastreams(999999)/Observations", one, token=token)
    assert response.status_code == 404
    response = send(client, "post", "Observations",
                    {"phenomenonTime": "2026-02-01T07:00:00Z", "result": 1,
                     "Datastream": {"@iot.id": 999999}}, token=token)  # fmt: skip
    assert response.status_code == 400
    assert Observation.objects.count() == before


def test_body_that_is_not_json_is_400(client, token):
    for raw in ["{not json", "\xff\xfe", ""]:
        response = send(client, "post", "Things", raw=raw, token=token)
        assert response.status_code == 400 and response.json()["code"] == 400
    response = send(client, "post", "Things", [1, 2], token=token)
    assert response.status_code == 400
    assert not Thing.objects.exists()


def test_body_above_the_limit_is_413(client, token, monkeypatch):
    from kotacerdas.sensing.sta import views

    monkeypatch.setattr(views, "MAX_BODY_BYTES", 1000)
    body = [{"Datastream": {"@iot.id": 1}, "components": ["result"], "dataArray": [[1]] * 400}]
    response = send(client, "post", "CreateObservations", body, token=token)
    assert response.status_code == 413 and response.json()["code"] == 413
    assert not Observation.objects.exists()


def test_location_outside_the_earth_is_400(client, token):
    doc = json.loads(json.dumps(THING))
    doc["Locations"][0]["location"]["coordinates"] = [200.0, -95.0]
    response = send(client, "post", "Things", doc, token=token)
    assert response.status_code == 400 and response.json()["message"]
    assert not Thing.objects.exists()


def test_patch_merge_json_patch_and_put(client, token):
    thing_id = send(client, "post", "Things", THING, token=token).json()["@iot.id"]
    response = send(client, "patch", f"Things({thing_id})", {"description": "Baru"}, token=token)
    assert response.status_code == 200, response.content
    assert response.json()["description"] == "Baru" and response.json()["name"] == THING["name"]
    operations = [{"op": "add", "path": "/properties/tinggi", "value": 12}]
    response = send(client, "patch", f"Things({thing_id})", operations, token=token,
                    content_type="application/json-patch+json")  # fmt: skip
    assert response.status_code == 200, response.content
    assert Thing.objects.get().properties == {"kode": "bendung", "tinggi": 12}
    response = send(client, "put", f"Things({thing_id})",
                    {"name": "Diganti", "description": "Semua"}, token=token)  # fmt: skip
    assert response.status_code == 200, response.content
    thing = Thing.objects.get()
    assert (thing.name, thing.description) == ("Diganti", "Semua")
    assert send(client, "patch", "Things(999999)", {"name": "x"}, token=token).status_code == 404
    assert send(client, "patch", "Things", {"name": "x"}, token=token).status_code == 400
    response = send(client, "patch", f"Things({thing_id})", {"name": "x"},
                    content_type="application/json-patch+json", token=token)  # fmt: skip
    assert response.status_code == 400


def test_delete(client, token):
    thing_id = send(client, "post", "Things", THING, token=token).json()["@iot.id"]
    response = send(client, "delete", f"Things({thing_id})", token=token)
    assert response.status_code == 200
    assert not Thing.objects.exists()
    assert send(client, "delete", f"Things({thing_id})", token=token).status_code == 404
    assert client.get(f"/sta/v1.1/Things({thing_id})").status_code == 404


def test_create_observations_with_a_per_row_error(client, token):
    net = make_network()
    ds = net["datastreams"]["p2c"]
    before = Observation.objects.count()
    body = [
        {
            "Datastream": {"@iot.id": ds.id},
            "components": ["phenomenonTime", "result", "FeatureOfInterest/id"],
            "dataArray": [
                ["2026-03-01T00:00:00Z", 400, net["features"]["p2c"].id],
                ["2026-03-01T00:10:00", 401, net["features"]["p2c"].id],  # no zone
                ["2026-03-01T00:20:00Z", 402, 999999],  # unknown feature
                ["2026-03-01T00:30:00Z", 403, net["features"]["p2c"].id],
            ],
        },
        {
            "Datastream": {"@iot.id": 999999},
            "components": ["phenomenonTime", "result"],
            "dataArray": [["2026-03-01T00:00:00Z", 1]],
        },
    ]
    response = send(client, "post", "CreateObservations", body, token=token)
    assert response.status_code == 201, response.content
    links = response.json()
    assert [link == "error" for link in links] == [False, True, True, False, True]
    assert links[0].startswith(f"{BASE}Observations(")
    assert Observation.objects.count() == before + 2
    stored = client.get(links[3].removeprefix("http://testserver")).json()
    assert stored["result"] == 403


def test_create_observations_refuses_a_malformed_document_and_unauthenticated(client, token):
    assert send(client, "post", "CreateObservations", [{"x": 1}]).status_code == 401
    response = send(client, "post", "CreateObservations", {"not": "a list"}, token=token)
    assert response.status_code == 400 and response.json()["type"] == "error"
    response = send(client, "post", "CreateObservations", raw="[", token=token)
    assert response.status_code == 400

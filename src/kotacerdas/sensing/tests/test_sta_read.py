"""SensorThings API reads: resource paths, entity JSON, query options, links, errors."""

from __future__ import annotations

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext

from .sta_sample import MEASUREMENT, make_network

BASE = "http://testserver/sta/v1.1/"


@pytest.fixture
def net(db):
    return make_network()


def get(client, url: str, status: int = 200) -> dict:
    response = client.get("/sta/v1.1/" + url)
    assert response.status_code == status, response.content
    assert response["Content-Type"] == "application/json"
    return response.json()


def ids(doc: dict) -> list[int]:
    return [entity["@iot.id"] for entity in doc["value"]]


def test_landing_page_lists_entity_sets_and_conformance(client, db, settings):
    settings.MQTT_URL = ""
    doc = get(client, "")
    assert doc["value"][0] == {"name": "Things", "url": BASE + "Things"}
    assert [item["name"] for item in doc["value"]] == [
        "Things", "Locations", "HistoricalLocations", "Datastreams", "Sensors",
        "ObservedProperties", "Observations", "FeaturesOfInterest",
    ]  # fmt: skip
    conformance = doc["serverSettings"]["conformance"]
    assert "http://www.opengis.net/spec/iot_sensing/1.1/req/create-update-delete" in conformance
    assert "http://www.opengis.net/spec/iot_sensing/1.1/req/data-array/data-array" in conformance
    assert not any("mqtt" in item for item in conformance)


def test_landing_page_names_the_mqtt_endpoint_without_credentials(client, db, settings):
    pytest.importorskip("kotacerdas.sensing.mqtt")
    settings.MQTT_URL = "mqtt://ingest:rahasia@broker.bekasikota.go.id:1883"
    doc = get(client, "")
    key = "http://www.opengis.net/spec/iot_sensing/1.1/req/create-observations-via-mqtt/observations-creation"
    assert key in doc["serverSettings"]["conformance"]
    assert doc["serverSettings"][key] == {"endpoints": ["mqtt://broker.bekasikota.go.id:1883"]}


def test_thing_json_and_links(client, net):
    thing = net["things"]["p2c"]
    doc = get(client, f"Things({thing.id})")
    assert doc == {
        "@iot.selfLink": f"{BASE}Things({thing.id})",
        "@iot.id": thing.id,
        "name": "Pos P2C",
        "description": "Pos pantau Pos P2C",
        "properties": {"kode": "p2c", "aktif": True},
        "Locations@iot.navigationLink": f"{BASE}Things({thing.id})/Locations",
        "HistoricalLocations@iot.navigationLink": f"{BASE}Things({thing.id})/HistoricalLocations",
        "Datastreams@iot.navigationLink": f"{BASE}Things({thing.id})/Datastreams",
    }


def test_datastream_json_has_unit_type_and_interval(client, net):
    ds = net["datastreams"]["p2c"]
    doc = get(client, f"Datastreams({ds.id})")
    assert doc["observationType"] == MEASUREMENT
    assert doc["unitOfMeasurement"]["symbol"] == "cm"
    assert doc["phenomenonTime"] == "2026-01-10T00:00:00.000Z/2026-01-10T04:00:00.000Z"
    assert "resultTime" not in doc  # null optional properties are left out
    assert doc["Thing@iot.navigationLink"] == f"{BASE}Datastreams({ds.id})/Thing"


def test_observation_json_result_from_its_column_and_null_result_time(client, net):
    first, second = net["observations"][0], net["observations"][2]
    doc = get(client, f"Observations({first.id})")
    assert doc["result"] == 300 and isinstance(doc["result"], int)
    assert doc["resultTime"] == "2026-01-10T00:01:00.000Z"
    doc = get(client, f"Observations({second.id})")
    assert doc["result"] == 455.5
    assert doc["resultTime"] is None
    text = net["observations"][-1]
    doc = get(client, f"Observations({text.id})")
    assert doc["result"] == "lebat"
    assert doc["phenomenonTime"] == "2026-01-10T00:00:00.000Z/2026-01-10T01:00:00.000Z"
    assert doc["parameters"] == {"metode": "visual"}


def test_location_and_feature_json(client, net):
    location = net["locations"]["p2c"]
    doc = get(client, f"Locations({location.id})")
    assert doc["encodingType"] == "application/geo+json"
    assert doc["location"] == {"type": "Point", "coordinates": [107.0231, -6.2362]}
    feature = net["features"]["p2c"]
    doc = get(client, f"FeaturesOfInterest({feature.id})")
    assert doc["feature"] == {"type": "Point", "coordinates": [107.0231, -6.2362]}
    assert doc["Observations@iot.navigationLink"].endswith(
        f"FeaturesOfInterest({feature.id})/Observations"
    )


def test_navigation_paths(client, net):
    thing, ds = net["things"]["p2c"], net["datastreams"]["p2c"]
    assert ids(get(client, f"Things({thing.id})/Datastreams")) == [ds.id]
    assert get(client, f"Datastreams({ds.id})/Thing")["@iot.id"] == thing.id
    assert ids(get(client, f"Things({thing.id})/Locations")) == [net["locations"]["p2c"].id]
    assert len(get(client, f"Datastreams({ds.id})/Observations")["value"]) == 5
    assert (
        get(client, f"Datastreams({ds.id})/Thing/Locations")["value"][0]["name"] == "Lokasi Pos P2C"
    )
    assert len(get(client, f"Things({thing.id})/Datastreams({ds.id})/Observations")["value"]) == 5
    other = net["datastreams"]["cikeas"]
    get(client, f"Things({thing.id})/Datastreams({other.id})", 404)
    assert get(client, f"Locations({net['locations']['p2c'].id})/HistoricalLocations/")["value"]


def test_property_value_and_ref(client, net):
    thing = net["things"]["p2c"]
    assert get(client, f"Things({thing.id})/name") == {"name": "Pos P2C"}
    response = client.get(f"/sta/v1.1/Things({thing.id})/name/$value")
    assert response.status_code == 200 and response.content.decode() == "Pos P2C"
    assert response["Content-Type"].startswith("text/plain")
    assert get(client, f"Things({thing.id})/properties") == {
        "properties": {"kode": "p2c", "aktif": True}
    }
    refs = get(client, f"Things({thing.id})/Datastreams/$ref")
    assert refs == {
        "value": [{"@iot.selfLink": f"{BASE}Datastreams({net['datastreams']['p2c'].id})"}]
    }
    assert get(client, f"Things({thing.id})/$ref") == {"@iot.selfLink": f"{BASE}Things({thing.id})"}


def test_unknown_paths_are_404_in_sta_json(client, net):
    for url in ["Nope", "Things(999999)", "Things('abc')", "Things/Datastreams", "Things(1)/nope",
                "Observations(1)/Datastream(1)", "Things(1)/name/extra"]:  # fmt: skip
        doc = get(client, url, 404)
        assert doc["code"] == 404 and doc["type"] == "error" and doc["message"]
    get(client, "Things(999999)/Datastreams", 404)


def test_filter_comparison_logic_and_navigation(client, net):
    ds = net["datastreams"]["p2c"]
    url = f"Datastreams({ds.id})/Observations?$filter=result gt 400 and result lt 500&$orderby=id"
    assert [o["result"] for o in get(client, url)["value"]] == [455.5, 420]
    doc = get(client, "Observations?$filter=Datastream/Thing/name eq 'Pos Cikeas'")
    assert len(doc["value"]) == 2
    doc = get(client, "Things?$filter=Datastreams/Observations/result gt 550")
    assert ids(doc) == [net["things"]["p2c"].id]  # to-many join: each Thing once
    doc = get(client, "Things?$filter=startswith(name, 'Pos') and properties/aktif eq true")
    assert len(doc["value"]) == 2
    doc = get(client, "Observations?$filter=phenomenonTime ge 2026-01-10T03:00:00Z")
    assert sorted(o["result"] for o in doc["value"]) == [420, 560]


def test_filter_geospatial_on_locations(client, net):
    box = "POLYGON((106.9 -6.3, 107.1 -6.3, 107.1 -6.2, 106.9 -6.2, 106.9 -6.3))"
    doc = get(client, f"Locations?$filter=st_within(location, geography'{box}')")
    assert [loc["name"] for loc in doc["value"]] == ["Lokasi Pos P2C"]
    doc = get(
        client,
        "Things?$filter=geo.distance(Locations/location, geography'POINT(107.0231 -6.2362)')"
        " lt 100",
    )
    assert ids(doc) == [net["things"]["p2c"].id]


def test_orderby_top_skip_count_and_next_link(client, net):
    ds = net["datastreams"]["p2c"]
    url = f"Datastreams({ds.id})/Observations?$orderby=phenomenonTime DESC&$top=2&$count=true"
    doc = get(client, url)
    assert [o["result"] for o in doc["value"]] == [420, 560]
    assert doc["@iot.count"] == 5
    next_link = doc["@iot.nextLink"]
    assert next_link.startswith(f"{BASE}Datastreams({ds.id})/Observations?")
    assert "$top=2" in next_link and "$skip=2" in next_link and "$count=true" in next_link
    doc = get(client, next_link.removeprefix(BASE))
    assert [o["result"] for o in doc["value"]] == [455.5, 360]
    doc = get(client, next_link.removeprefix(BASE).replace("$skip=2", "$skip=4"))
    assert [o["result"] for o in doc["value"]] == [300]
    assert "@iot.nextLink" not in doc
    doc = get(client, "Observations?$filter=result gt 0&$orderby=result asc,id desc&$top=3")
    assert [o["result"] for o in doc["value"]] == [120, 130, 300]


def test_top_defaults_to_100_and_refuses_above_10000(client, net):
    from kotacerdas.sensing.models import Observation

    ds = net["datastreams"]["cikeas"]
    Observation.objects.bulk_create(
        Observation(datastream=ds, feature_of_interest=net["features"]["cikeas"],
                    phenomenon_time=net["observations"][0].phenomenon_time, result_number=i)
        for i in range(150)
    )  # fmt: skip
    doc = get(client, "Observations")
    assert len(doc["value"]) == 100 and "$skip=100" in doc["@iot.nextLink"]
    assert len(get(client, "Observations?$top=10000")["value"]) == 158
    doc = get(client, "Observations?$top=1000000", 400)
    assert doc["code"] == 400 and "10000" in doc["message"] and doc["option"] == "$top"
    get(client, "Observations?$top=-1", 400)
    get(client, "Observations?$skip=x", 400)


def test_select(client, net):
    thing = net["things"]["p2c"]
    doc = get(client, f"Things({thing.id})?$select=name,description")
    assert doc == {"name": "Pos P2C", "description": "Pos pantau Pos P2C"}
    doc = get(client, f"Things({thing.id})?$select=id,Datastreams")
    assert doc == {
        "@iot.selfLink": f"{BASE}Things({thing.id})",
        "@iot.id": thing.id,
        "Datastreams@iot.navigationLink": f"{BASE}Things({thing.id})/Datastreams",
    }
    doc = get(client, "Observations?$select=result,resultTime&$top=1")
    assert doc["value"] == [{"resultTime": "2026-01-10T00:01:00.000Z", "result": 300}]
    get(client, "Things?$select=nama", 400)


def test_expand_nested_options_and_counts(client, net):
    thing = net["things"]["p2c"]
    url = (
        f"Things({thing.id})?$expand=Datastreams($select=name;$expand=Observations("
        "$orderby=phenomenonTime desc;$top=2;$count=true;$filter=result gt 300)),Locations"
    )
    doc = get(client, url)
    [datastream] = doc["Datastreams"]
    assert datastream["name"] == "TMA Pos P2C"
    assert [o["result"] for o in datastream["Observations"]] == [420, 560]
    assert datastream["Observations@iot.count"] == 4
    assert "Observations@iot.nextLink" in datastream
    assert doc["Locations"][0]["location"]["type"] == "Point"
    doc = get(client, "Observations?$expand=Datastream/Thing&$top=1")
    assert doc["value"][0]["Datastream"]["Thing"]["name"] == "Pos P2C"
    doc = get(client, "Things?$expand=Datastreams/Observations($top=1)")
    assert [len(d["Observations"]) for t in doc["value"] for d in t["Datastreams"]] == [1, 1, 1]


def test_expand_takes_one_query_per_level(client, net):
    with CaptureQueriesContext(connection) as few:
        get(client, "Things?$expand=Datastreams($expand=Observations($top=3))")
    from kotacerdas.sensing.models import Datastream, Thing

    for i in range(5):
        thing = Thing.objects.create(name=f"Extra {i}", description="")
        Datastream.objects.create(
            name=f"D{i}", description="", observation_type=MEASUREMENT, thing=thing,
            sensor=net["sensor"], observed_property=net["observed_property"],
        )  # fmt: skip
    with CaptureQueriesContext(connection) as many:
        doc = get(client, "Things?$expand=Datastreams($expand=Observations($top=3))")
    assert len(doc["value"]) == 8
    assert len(many.captured_queries) == len(few.captured_queries) == 3


def test_observation_page_is_one_query_after_the_datastream_check(client, net):
    ds = net["datastreams"]["p2c"]
    url = f"/sta/v1.1/Datastreams({ds.id})/Observations?$top=1000&$orderby=phenomenonTime desc"
    with CaptureQueriesContext(connection) as captured:
        response = client.get(url)
    assert response.status_code == 200 and len(response.json()["value"]) == 5
    sqls = [query["sql"] for query in captured.captured_queries]
    assert len(sqls) == 2, sqls
    assert "sensing_observation" in sqls[1] and "ORDER BY" in sqls[1]


def test_deep_expand_loop_is_refused(client, net):
    loop = "Datastreams/Thing/Datastreams/Thing/Datastreams/Thing/Datastreams"
    doc = get(client, f"Things?$expand={loop}", 400)
    assert "$expand" in doc["message"] and doc["type"] == "error"
    get(client, "Things?$expand=Sensors", 400)


def test_bad_filter_has_position(client, net):
    doc = get(client, "Things?$filter=name eq 'x' and (", 400)
    assert doc["option"] == "$filter" and isinstance(doc["position"], int)
    assert "position" in doc["message"]
    doc = get(client, "Observations?$filter=phenomenonTime gt 2026-01-10T00:00:00", 400)
    assert "zone" in doc["message"] or "zona" in doc["message"]
    get(client, "Things?$filter=nama eq 'x'", 400)
    get(client, "Things?$frobnicate=1", 400)


def test_data_array_result_format(client, net):
    ds = net["datastreams"]["p2c"]
    url = (
        f"Datastreams({ds.id})/Observations?$resultFormat=dataArray"
        "&$select=id,phenomenonTime,result&$orderby=id&$top=2"
    )
    doc = get(client, url)
    [group] = doc["value"]
    assert group["Datastream@iot.navigationLink"] == f"{BASE}Datastreams({ds.id})"
    assert group["components"] == ["id", "phenomenonTime", "result"]
    assert group["dataArray@iot.count"] == 2
    first = net["observations"][0]
    assert group["dataArray"][0] == [first.id, "2026-01-10T00:00:00.000Z", 300]
    assert "@iot.nextLink" in doc
    get(client, "Things?$resultFormat=dataArray", 400)


def test_reads_are_public_and_writes_are_not_allowed_by_get_only_endpoints(client, net):
    response = client.put("/sta/v1.1/", data="{}", content_type="application/json")
    assert response.status_code == 405 and response.json()["code"] == 405

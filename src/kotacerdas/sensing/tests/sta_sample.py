"""Sample SensorThings entities for the tests of the HTTP layer (`test_sta_*.py`), made with
the ORM so that the read tests do not depend on the write services."""

from __future__ import annotations

import datetime as dt

from kotacerdas.sensing.models import (
    Datastream,
    FeatureOfInterest,
    HistoricalLocation,
    Location,
    Observation,
    ObservedProperty,
    Sensor,
    Thing,
)

T0 = dt.datetime(2026, 1, 10, 0, 0, tzinfo=dt.UTC)
MEASUREMENT = "http://www.opengis.net/def/observationType/OGC-OM/2.0/OM_Measurement"
CATEGORY = "http://www.opengis.net/def/observationType/OGC-OM/2.0/OM_CategoryObservation"
TRUTH = "http://www.opengis.net/def/observationType/OGC-OM/2.0/OM_TruthObservation"


def point(lat: float, lon: float) -> dict:
    return {"type": "Point", "coordinates": [lon, lat]}


def make_network() -> dict:
    """Two gauges (P2C with 5 level observations, Cikeas with 2) and a rain station."""
    sensor = Sensor.objects.create(
        name="Radar TMA", description="Sensor radar", encoding_type="application/pdf",
        metadata="https://contoh.bekasikota.go.id/radar.pdf",
    )  # fmt: skip
    level = ObservedProperty.objects.create(
        name="Tinggi muka air", definition="https://qudt.org/vocab/quantitykind/Height",
        description="Tinggi muka air sungai",
    )  # fmt: skip
    things, locations, datastreams = {}, {}, {}
    places = {"p2c": ("Pos P2C", -6.2362, 107.0231), "cikeas": ("Pos Cikeas", -6.37, 106.93),
              "hujan": ("Penakar Hujan Bantargebang", -6.31, 106.99)}  # fmt: skip
    for key, (name, lat, lon) in places.items():
        thing = Thing.objects.create(
            name=name, description=f"Pos pantau {name}", properties={"kode": key, "aktif": True}
        )
        location = Location.objects.create(
            name=f"Lokasi {name}", description="Titik pos", location=point(lat, lon),
            lat=lat, lon=lon,
        )  # fmt: skip
        location.things.add(thing)
        history = HistoricalLocation.objects.create(thing=thing, time=T0)
        history.locations.add(location)
        things[key], locations[key] = thing, location
    for key in ("p2c", "cikeas"):
        datastreams[key] = Datastream.objects.create(
            name=f"TMA {things[key].name}", description="Tinggi muka air",
            observation_type=MEASUREMENT,
            unit_of_measurement={"name": "centimetre", "symbol": "cm",
                                 "definition": "http://qudt.org/vocab/unit/CentiM"},
            thing=things[key], sensor=sensor, observed_property=level,
            phenomenon_time_start=T0, phenomenon_time_end=T0 + dt.timedelta(hours=4),
        )  # fmt: skip
    datastreams["status"] = Datastream.objects.create(
        name="Status hujan", description="Kategori hujan", observation_type=CATEGORY,
        unit_of_measurement={}, thing=things["hujan"], sensor=sensor, observed_property=level,
    )  # fmt: skip
    features = {
        key: FeatureOfInterest.objects.create(
            name=f"FOI {key}",
            description="Titik",
            feature=point(loc.lat, loc.lon),
            lat=loc.lat,
            lon=loc.lon,
            source_location=loc,
        )
        for key, loc in locations.items()
    }
    observations = []
    for hour, value in enumerate([300, 360, 455.5, 560, 420]):
        observations.append(Observation(
            datastream=datastreams["p2c"], feature_of_interest=features["p2c"],
            phenomenon_time=T0 + dt.timedelta(hours=hour), result_number=value,
            result_time=T0 + dt.timedelta(hours=hour, minutes=1) if hour == 0 else None,
        ))  # fmt: skip
    for hour, value in enumerate([120, 130]):
        observations.append(Observation(
            datastream=datastreams["cikeas"], feature_of_interest=features["cikeas"],
            phenomenon_time=T0 + dt.timedelta(hours=hour), result_number=value,
        ))  # fmt: skip
    observations.append(Observation(
        datastream=datastreams["status"], feature_of_interest=features["hujan"],
        phenomenon_time=T0, phenomenon_time_end=T0 + dt.timedelta(hours=1),
        result_string="lebat", parameters={"metode": "visual"},
    ))  # fmt: skip
    Observation.objects.bulk_create(observations)
    return {
        "sensor": sensor, "observed_property": level, "things": things, "locations": locations,
        "datastreams": datastreams, "features": features,
        "observations": list(Observation.objects.order_by("id")),
    }  # fmt: skip

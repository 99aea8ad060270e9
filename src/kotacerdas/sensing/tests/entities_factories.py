"""Documents and actors shared by the entity write service tests (`test_entities_*.py`)."""

from __future__ import annotations

from kotacerdas.core.models import AuditEvent, Role
from kotacerdas.core.tests.factories import AdminFactory, AgencyFactory, OfficerFactory, UserFactory

OM = "http://www.opengis.net/def/observationType/OGC-OM/2.0/"
CELSIUS = {
    "name": "derajat Celsius",
    "symbol": "°C",
    "definition": "http://unitsofmeasure.org/ucum#degC",
}
CM = {"name": "sentimeter", "symbol": "cm", "definition": "http://unitsofmeasure.org/ucum#cm"}
P2C = {"type": "Point", "coordinates": [106.9896, -6.2349]}


def operator():
    return UserFactory(roles=[Role.SENSOR_OPERATOR.value])


def admin():
    return AdminFactory()


def officer(agency=None):
    return OfficerFactory(agency=agency or AgencyFactory())


def location_doc(name="Pos P2C", geometry=None):
    return {
        "name": name,
        "description": "Pos pantau Kali Bekasi",
        "encodingType": "application/geo+json",
        "location": geometry or P2C,
    }


def sensor_doc(name="Sensor ultrasonik"):
    return {
        "name": name,
        "description": "Sensor tinggi muka air",
        "encodingType": "application/pdf",
        "metadata": "https://contoh.bekasikota.go.id/sensor.pdf",
    }


def property_doc(name="Tinggi muka air"):
    return {
        "name": name,
        "definition": "https://contoh.bekasikota.go.id/def/tma",
        "description": "Tinggi muka air sungai",
    }


def datastream_doc(**links):
    return {
        "name": "TMA P2C",
        "description": "Tinggi muka air di P2C",
        "observationType": OM + "OM_Measurement",
        "unitOfMeasurement": CM,
        **links,
    }


def thing_doc(**extra):
    return {
        "name": "Pos P2C",
        "description": "Pos pantau",
        "properties": {"kind": "river_gauge"},
        **extra,
    }


def deep_thing_doc(observations=None):
    """A Thing with its Location and one Datastream with inline Sensor, ObservedProperty and
    Observations (STA 1.1 §10.2.1.1)."""
    return thing_doc(
        Locations=[location_doc()],
        Datastreams=[
            datastream_doc(
                Sensor=sensor_doc(),
                ObservedProperty=property_doc(),
                Observations=observations
                if observations is not None
                else [
                    {"phenomenonTime": "2026-12-07T10:00:00+07:00", "result": 320},
                    {"phenomenonTime": "2026-12-07T10:10:00+07:00", "result": 325.5},
                ],
            )
        ],
    )


def events(prefix="sensing."):
    return list(AuditEvent.objects.filter(action__startswith=prefix).order_by("seq"))


def actions(prefix="sensing."):
    return [event.action for event in events(prefix)]

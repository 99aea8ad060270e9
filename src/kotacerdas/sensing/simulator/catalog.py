"""The Things, Datastreams, Sensors and ObservedProperties the simulator feeds, as SensorThings
JSON for a deep insert. Every one is named "Contoh ..." (demo) and carries
`properties.simulator = "kotacerdas"` and a `properties.simulator_key`, by which a later run finds
it again instead of creating it twice. Gauges also carry the `pos_id` of pos_pantau_tma.csv, by
which the flood ladder and the forecast find them.
"""

from __future__ import annotations

from collections.abc import Iterator
from dataclasses import dataclass, field

from . import devices, river, vehicles

SIMULATOR = "kotacerdas"
OM = "http://www.opengis.net/def/observationType/OGC-OM/2.0/"
MEASUREMENT = OM + "OM_Measurement"
COUNT = OM + "OM_CountObservation"
TRUTH = OM + "OM_TruthObservation"
GEOJSON = "application/geo+json"

OBSERVED_PROPERTIES = {
    "water_level": ("Tinggi muka air", "http://vocab.nerc.ac.uk/collection/P01/current/ASLVZZ01/"),
    "discharge": ("Debit air", "http://vocab.nerc.ac.uk/collection/P01/current/RVDSZZ01/"),
    "rainfall": ("Intensitas curah hujan", "http://vocab.nerc.ac.uk/collection/P07/current/CFSN0395/"),
    "speed": ("Kecepatan kendaraan", "https://qudt.org/vocab/quantitykind/Speed"),
    "status": ("Status daring perangkat", "https://kotacerdas.bekasikota.go.id/def/device-online"),
    "clients": ("Jumlah klien terhubung", "https://kotacerdas.bekasikota.go.id/def/wifi-clients"),
    "bandwidth": ("Pemakaian bandwidth", "https://qudt.org/vocab/quantitykind/DataRate"),
}  # fmt: skip

SENSORS = {
    "awlr": ("Contoh Sensor AWLR radar", "Pengukur tinggi muka air otomatis (radar)"),
    "arr": ("Contoh Penakar Hujan Otomatis", "Penakar hujan tipping bucket 0,2 mm"),
    "flow": ("Contoh Pengukur Debit Bendung", "Debit dihitung dari tinggi mercu bendung"),
    "gps": ("Contoh Pelacak GPS Kendaraan", "Pelacak GPS/GNSS kendaraan dinas"),
    "wifi": ("Contoh Pengendali WiFi Publik", "Status dan pemakaian titik akses WiFi publik"),
    "cctv": ("Contoh Pemantau CCTV", "Status dan bandwidth kamera CCTV"),
}

UNITS = {
    "cm": {"name": "sentimeter", "symbol": "cm", "definition": "http://qudt.org/vocab/unit/CentiM"},
    "m3/s": {"name": "meter kubik per detik", "symbol": "m3/s",
             "definition": "http://qudt.org/vocab/unit/M3-PER-SEC"},
    "mm/h": {"name": "milimeter per jam", "symbol": "mm/h",
             "definition": "http://qudt.org/vocab/unit/MilliM-PER-HR"},
    "km/h": {"name": "kilometer per jam", "symbol": "km/h",
             "definition": "http://qudt.org/vocab/unit/KiloM-PER-HR"},
    "Mbps": {"name": "megabit per detik", "symbol": "Mbit/s",
             "definition": "http://qudt.org/vocab/unit/MegaBIT-PER-SEC"},
    "client": {"name": "klien", "symbol": "{klien}", "definition": ""},
    "status": {"name": "daring", "symbol": "", "definition": ""},
}  # fmt: skip


@dataclass(frozen=True)
class DatastreamSpec:
    key: str  # "<thing key>:<quantity>"
    name: str
    quantity: str  # key of OBSERVED_PROPERTIES
    sensor: str  # key of SENSORS
    unit: str  # key of UNITS
    observation_type: str
    pos_id: str = ""


@dataclass(frozen=True)
class ThingSpec:
    key: str
    name: str
    description: str
    kind: str  # sensing.models.ThingKind value
    lat: float
    lon: float
    datastreams: tuple[DatastreamSpec, ...]
    properties: dict = field(default_factory=dict)

    def as_json(self, *, sensor_ids: dict[str, int], property_ids: dict[str, int]) -> dict:
        """A deep-insert document; Sensors and ObservedProperties referenced by id."""
        return {
            "name": self.name,
            "description": self.description,
            "properties": {"simulator": SIMULATOR, "simulator_key": self.key, "kind": self.kind}
            | self.properties,
            "Locations": [
                {
                    "name": f"Lokasi {self.name}",
                    "description": f"Lokasi {self.name}",
                    "encodingType": GEOJSON,
                    "location": {"type": "Point", "coordinates": [self.lon, self.lat]},
                }
            ],
            "Datastreams": [
                {
                    "name": ds.name,
                    "description": ds.name,
                    "observationType": ds.observation_type,
                    "unitOfMeasurement": UNITS[ds.unit],
                    "properties": {"simulator": SIMULATOR, "simulator_key": ds.key}
                    | ({"pos_id": ds.pos_id} if ds.pos_id else {}),
                    "Sensor": {"@iot.id": sensor_ids[ds.sensor]},
                    "ObservedProperty": {"@iot.id": property_ids[ds.quantity]},
                }
                for ds in self.datastreams
            ],
        }


def observed_property_json(key: str) -> dict:
    name, definition = OBSERVED_PROPERTIES[key]
    return {
        "name": name,
        "definition": definition,
        "description": f"{name} (simulator)",
        "properties": {"simulator": SIMULATOR, "simulator_key": f"op:{key}"},
    }


def sensor_json(key: str) -> dict:
    name, description = SENSORS[key]
    return {
        "name": name,
        "description": description,
        "encodingType": "text/plain",
        "metadata": description,
        "properties": {"simulator": SIMULATOR, "simulator_key": f"sensor:{key}"},
    }


def _gauges() -> Iterator[ThingSpec]:
    for gauge in river.GAUGES:
        sensor, kind = {
            "water_level": ("awlr", "river_gauge"),
            "discharge": ("flow", "river_gauge"),
            "rainfall": ("arr", "rain_gauge"),
        }[gauge.quantity]
        label = {"water_level": "Tinggi muka air", "discharge": "Debit", "rainfall": "Curah hujan"}
        yield ThingSpec(
            key=gauge.key,
            name=f"Contoh {gauge.name}",
            description=f"{gauge.name} (data simulasi)",
            kind=kind,
            lat=gauge.lat,
            lon=gauge.lon,
            properties={"pos_id": gauge.pos_id} if gauge.pos_id else {},
            datastreams=(
                DatastreamSpec(
                    key=f"{gauge.key}:{gauge.quantity}",
                    name=f"{label[gauge.quantity]} Contoh {gauge.name}",
                    quantity=gauge.quantity,
                    sensor=sensor,
                    unit=gauge.unit,
                    observation_type=MEASUREMENT,
                    pos_id=gauge.pos_id,
                ),
            ),
        )


def _vehicles() -> Iterator[ThingSpec]:
    for vehicle in vehicles.VEHICLES:
        lat, lon = vehicle.base
        yield ThingSpec(
            key=vehicle.key,
            name=vehicle.name,
            description=f"{vehicle.name} ({vehicle.agency}, data simulasi)",
            kind="vehicle",
            lat=lat,
            lon=lon,
            properties={
                "vehicle_type": vehicle.vehicle_type,
                "plate_number": vehicle.plate,
                "agency": vehicle.agency,
            },
            datastreams=(
                DatastreamSpec(
                    key=f"{vehicle.key}:speed",
                    name=f"Kecepatan {vehicle.name}",
                    quantity="speed",
                    sensor="gps",
                    unit="km/h",
                    observation_type=MEASUREMENT,
                ),
            ),
        )


def _devices(seed: int) -> Iterator[ThingSpec]:
    for device in devices.devices(seed):
        streams = [
            DatastreamSpec(f"{device.key}:status", f"Status {device.name}", "status",
                           device.kind, "status", TRUTH),
            DatastreamSpec(f"{device.key}:bandwidth", f"Bandwidth {device.name}", "bandwidth",
                           device.kind, "Mbps", MEASUREMENT),
        ]  # fmt: skip
        if device.kind == "wifi":
            streams.insert(
                1,
                DatastreamSpec(f"{device.key}:clients", f"Klien {device.name}", "clients",
                               "wifi", "client", COUNT),
            )  # fmt: skip
        yield ThingSpec(
            key=device.key,
            name=device.name,
            description=f"{device.name} (data simulasi)",
            kind=device.kind,
            lat=device.lat,
            lon=device.lon,
            properties={"kecamatan": device.kecamatan},
            datastreams=tuple(streams),
        )


KINDS = ("river", "vehicles", "devices")


def things(seed: int, kinds=KINDS) -> list[ThingSpec]:
    """Every simulated Thing of the given kinds, in a stable order."""
    out: list[ThingSpec] = []
    if "river" in kinds:
        out += _gauges()
    if "vehicles" in kinds:
        out += _vehicles()
    if "devices" in kinds:
        out += _devices(seed)
    return out

"""A sample schema for the query tests: complaints.Case plays a SensorThings Observation
(text, integer, float, datetime, boolean and JSON columns; Category and Agency relations)."""

from __future__ import annotations

import datetime as dt

from kotacerdas.complaints.tests.factories import CaseFactory, CategoryFactory
from kotacerdas.core.tests.factories import AgencyFactory
from kotacerdas.sensing.sta.query.resolver import (
    EntityType,
    Field,
    Navigation,
    PointField,
    Resolver,
    ResultField,
)

# Case plays an Observation: `result` is rating (number) / title (text) / attributes (JSON).
RESOLVER = Resolver(
    [
        EntityType(
            "Observation",
            {
                "id": Field("id", "int"),
                "name": Field("title", "string"),
                "description": Field("description", "string"),
                "rating": Field("rating", "int"),
                "latitude": Field("lat", "number"),
                "phenomenonTime": Field("received_at", "datetime"),
                "isOverdue": Field("is_overdue", "bool"),
                "properties": Field("attributes", "json"),
                "result": ResultField(number="rating", string="title", json="attributes"),
                "location": PointField(lat="lat", lon="lng"),
            },
            {"Category": Navigation("category", "Category")},
        ),
        EntityType(
            "Category",
            {
                "id": Field("id", "int"),
                "name": Field("name", "string"),
                "code": Field("code", "string"),
            },
            {"Agency": Navigation("default_agency", "Agency")},
        ),
        EntityType(
            "Agency",
            {
                "id": Field("id", "int"),
                "name": Field("name", "string"),
                "code": Field("code", "string"),
            },
        ),
    ]
)

T0 = dt.datetime(2024, 1, 15, 8, 30, 15, 250000, tzinfo=dt.UTC)
# Bekasi Timur, Bekasi Barat, Monas (Jakarta), Bandung
POINTS = {"timur": (-6.2362, 107.0231), "barat": (-6.2280, 106.9890), "monas": (-6.1754, 106.8272)}


def make_cases() -> dict:
    agency = AgencyFactory(code="BPBD", name="Badan Penanggulangan Bencana Daerah")
    flood = CategoryFactory(code="banjir", name="Banjir", default_agency=agency)
    road = CategoryFactory(code="jalan", name="Jalan Rusak")
    rows = {
        "timur": CaseFactory(
            title="Banjir di Jl. Ahmad Yani",
            description="Air setinggi 50 cm",
            category=flood,
            rating=5,
            lat=POINTS["timur"][0],
            lng=POINTS["timur"][1],
            received_at=T0,
            attributes={"depth": 50, "source": "warga", "tags": ["kali", "hujan"], "ok": True},
            is_overdue=True,
        ),
        "barat": CaseFactory(
            title="jalan berlubang 100%_besar",
            description="Lubang",
            category=road,
            rating=2,
            lat=POINTS["barat"][0],
            lng=POINTS["barat"][1],
            received_at=T0 + dt.timedelta(days=2, hours=3),
            attributes={"depth": 12.5, "source": "petugas"},
        ),
        "monas": CaseFactory(
            title="  O'Brien  ",
            description="Di luar kota",
            category=road,
            rating=None,
            lat=POINTS["monas"][0],
            lng=POINTS["monas"][1],
            received_at=T0 - dt.timedelta(days=40),
            attributes={},
        ),
    }
    return rows

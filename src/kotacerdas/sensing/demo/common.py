"""Shared pieces of the sensing demo: the Perangkat Daerah that run each kind of device and the
history written through the observation store in batches. DEMO ONLY ("Contoh")."""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass, field

from django.db.models import Q

from kotacerdas.core.models import Agency
from kotacerdas.sensing.services.observations import ObservationIn, observations_store

ACTOR = "demo"  # the entity service marks what this actor creates is_demo=True
BATCH = 5000

# Where to find each agency: codes first, then a part of the name (as the demo accounts do).
AGENCIES = {
    "BPBD": (("BPBD",), "Penanggulangan Bencana"),
    "DLH": (("DLH",), "Lingkungan Hidup"),
    "Dinkes": (("DINKES",), "Kesehatan"),
    "Damkar": (("DAMKAR", "DISDAMKAR"), "Pemadam Kebakaran"),
    "Diskominfostandi": (("DISKOMINFOSTANDI", "DISKOMINFO"), "Komunikasi"),
    "Dishub": (("DISHUB",), "Perhubungan"),
}


@dataclass
class Context:
    now: dt.datetime
    history: dt.timedelta
    agencies: dict[str, int | None] = field(default_factory=dict)
    summary: dict[str, int] = field(default_factory=dict)
    timings: dict[str, float] = field(default_factory=dict)

    def count(self, key: str, n: int = 1) -> None:
        self.summary[key] = self.summary.get(key, 0) + n


def agency_ids() -> dict[str, int | None]:
    found: dict[str, int | None] = {}
    active = Agency.objects.filter(is_active=True)
    for key, (codes, name_part) in AGENCIES.items():
        agency = active.filter(code__in=codes).order_by("pk").first()
        if agency is None:
            matches = active.filter(Q(name__icontains=name_part)).order_by("type", "name")
            prefix = "Badan" if key == "BPBD" else "Dinas"
            agency = matches.filter(name__istartswith=prefix).first() or matches.first()
        found[key] = agency.pk if agency else None
    return found


def history_store(items: list[ObservationIn], *, ctx: Context) -> None:
    """Write observations through the observation store, `BATCH` at a time (one audit event
    per batch), oldest first so the alert ladders see the river rise and fall in order."""
    items.sort(key=lambda item: item.phenomenon_time)
    stored: set[int] = set()  # a repeated reading returns the id it already has
    for start in range(0, len(items), BATCH):
        ids = observations_store(actor=ACTOR, items=items[start : start + BATCH], source="demo")
        stored.update(ids)
    ctx.count("observations", len(stored))

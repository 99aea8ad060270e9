"""The demo's Things are the simulator's catalog (part E: gauges, 20 vehicles, 200 WiFi/CCTV
devices, all named "Contoh ..."), created through the entity service by the simulator's own
idempotent set-up, so `kotacerdas simulate` later feeds these very Things. The demo then hands
each to its Perangkat Daerah, sets the reporting cadence and attaches the flood ladders."""

from __future__ import annotations

import datetime as dt

from django.db import transaction

from kotacerdas.sensing.demo.common import ACTOR, Context
from kotacerdas.sensing.models import Datastream, Thing
from kotacerdas.sensing.services.alerts_config import ladder_attach
from kotacerdas.sensing.services.entities import thing_agency_set
from kotacerdas.sensing.simulator import catalog
from kotacerdas.sensing.simulator.setup import Ids, LocalCatalog, ensure

SEED = 1  # the simulator's default seed: the same device layout as `kotacerdas simulate`
AGENCY_OF_KIND = {"river_gauge": "BPBD", "rain_gauge": "BPBD", "wifi": "Diskominfostandi",
                  "cctv": "Dishub"}  # fmt: skip
# How often each kind reports live (the simulator: gauges and devices every 5 minutes).
CADENCE = {
    "river_gauge": dt.timedelta(minutes=10),
    "rain_gauge": dt.timedelta(minutes=10),
    "wifi": dt.timedelta(minutes=15),
    "cctv": dt.timedelta(minutes=15),
}


class DemoCatalog(LocalCatalog):
    """The simulator's local set-up, except that vehicles are created without a Location:
    their positions come from GPS fixes (a Location now would make every older fix of the
    demo's history be ignored by the tracker)."""

    def create(self, entity_set: str, doc: dict) -> None:
        if entity_set == "Things" and (doc.get("properties") or {}).get("kind") == "vehicle":
            doc = {**doc, "Locations": []}
        super().create(entity_set, doc)


def specs() -> list[catalog.ThingSpec]:
    return catalog.things(SEED)


@transaction.atomic  # one commit for some 230 deep inserts, not one each
def load(ctx: Context) -> Ids:
    before = Thing.objects.count()
    ids = ensure(DemoCatalog(actor=ACTOR), specs())
    ctx.count("things", Thing.objects.count() - before)
    things = Thing.objects.in_bulk(list(ids.things.values()))
    for spec in specs():
        thing = things[ids.things[spec.key]]
        agency = AGENCY_OF_KIND.get(spec.kind) or spec.properties.get("agency")
        agency_id = ctx.agencies.get(agency)
        if agency_id and thing.agency_id != agency_id:
            thing_agency_set(actor=ACTOR, thing=thing, agency_id=agency_id)
        cadence = CADENCE.get(spec.kind)
        if cadence:
            # The reporting cadence is not a SensorThings property and has no service yet.
            Datastream.objects.filter(thing=thing, expected_interval__isnull=True).update(
                expected_interval=cadence
            )
        for ds in spec.datastreams:
            if ds.pos_id:
                stream = Datastream.objects.get(pk=ids.datastreams[ds.key])
                ladder_attach(datastream=stream, pos_id=ds.pos_id, actor=ACTOR)
    return ids

"""The simulator's pure generators: no database, no network."""

import csv
import datetime as dt
import math
import threading
from pathlib import Path

import numpy as np
import pytest
from shapely.geometry import Point, Polygon
from shapely.ops import unary_union

from kotacerdas.sensing.simulator import catalog, devices, geo, river, ticks, vehicles
from kotacerdas.sensing.simulator.runner import Runner
from kotacerdas.sensing.simulator.setup import Ids
from kotacerdas.sensing.simulator.transport import SimulatorError

T0 = dt.datetime(2026, 11, 2, 0, 0, tzinfo=dt.UTC)  # 07:00 WIB
POS_CSV = Path("/work/shared/data/bekasi/pos_pantau_tma.csv")


def quiet_river(monkeypatch):
    monkeypatch.setattr(river, "daily_events", lambda seed, day: [])


def test_river_is_a_function_of_seed_and_time_whatever_the_window():
    times = river.time_grid(T0, T0 + dt.timedelta(days=2), dt.timedelta(minutes=5))
    whole = river.river_series(3, times)
    part = river.river_series(3, times[300:310])
    for key in river.GAUGE_KEYS:
        assert part[key].tolist() == whole[key][300:310].tolist()
    other = river.river_series(4, times)
    assert other["p2c"].tolist() != whole["p2c"].tolist()


def test_a_storm_takes_p2c_through_the_kp2c_ladder_after_upstream_and_back(monkeypatch):
    quiet_river(monkeypatch)
    storm = river.demo_event(T0 + dt.timedelta(hours=1))
    times = river.time_grid(T0, T0 + dt.timedelta(hours=24), dt.timedelta(minutes=5))
    values = river.river_series(1, times, extra_events=[storm])
    p2c = values["p2c"]
    assert p2c[0] <= 350 and p2c[-1] <= 350  # Normal before and after
    first = {name: int(np.argmax(p2c > level)) for name, level in
             (("siaga3", 350), ("siaga2", 450), ("siaga1", 550))}  # fmt: skip
    assert 0 < first["siaga3"] < first["siaga2"] < first["siaga1"]
    assert p2c.max() > 550
    # upstream peaks first; P2C peaks 2-3 h after Cileungsi
    lag_h = (int(np.argmax(p2c)) - int(np.argmax(values["cileungsi"]))) * 5 / 60
    assert 1.5 <= lag_h <= 3.5
    assert values["rain_cileungsi"].max() > 20 and values["rain_cileungsi"][0] == 0
    assert values["bendung"].max() > 300  # Bendung Bekasi "Siaga" by discharge


def test_speed_plays_the_storm_faster_without_changing_real_time_stamps(monkeypatch):
    quiet_river(monkeypatch)
    storm = river.demo_event(T0 + dt.timedelta(minutes=10))
    times = river.time_grid(T0, T0 + dt.timedelta(hours=1), dt.timedelta(minutes=1))
    fast = river.river_series(1, times, extra_events=[storm], speed=20, origin=T0)
    assert fast["p2c"].max() > 550  # the whole flood within an hour of wall time
    assert fast["p2c"][-1] < 350
    with pytest.raises(ValueError, match="origin"):
        river.river_series(1, times, speed=20)


def test_gauges_match_the_stations_of_the_reference_list():
    with POS_CSV.open(encoding="utf-8") as handle:
        pos_ids = {row["pos_id"] for row in csv.DictReader(handle)}
    assert {g.pos_id for g in river.GAUGES if g.pos_id} <= pos_ids
    assert {"p2c", "cileungsi_hulu", "cikeas_hulu", "bendung_bekasi"} <= {
        g.pos_id for g in river.GAUGES
    }


def test_vehicles_stay_inside_bekasi_at_city_speeds_and_one_speeds_sometimes():
    assert [v.vehicle_type for v in vehicles.VEHICLES].count("garbage_truck") == 10
    assert len(vehicles.VEHICLES) == 20
    # the city's outer boundary (the kecamatan leave slivers between them, inside the city)
    outline = Polygon(unary_union([g for _name, g in geo.kecamatan_shapes()]).exterior)
    over_limit = set()
    for index, vehicle in enumerate(vehicles.VEHICLES):
        previous = None
        stopped = moving = 0
        for second in range(0, 86400, 60):
            moment = T0.timestamp() + second
            fix = vehicles.position(index, 5, moment)
            assert outline.covers(Point(fix.lon, fix.lat)), (vehicle.key, second)
            if fix.moving:
                moving += 1
                if fix.speed_kmh > vehicles.SPEED_LIMIT_KMH:
                    over_limit.add(vehicle.key)
                else:
                    assert fix.speed_kmh >= 5
            else:
                stopped += 1
                assert fix.speed_kmh == 0
            if previous is not None and previous.moving and fix.moving:
                # the distance covered in a minute agrees with the reported speed
                km = geo.distance_m((previous.lat, previous.lon), (fix.lat, fix.lon)) / 1000
                assert km * 60 <= max(previous.speed_kmh, fix.speed_kmh) + 10  # noise sd 2
            previous = fix
        assert moving > 60 and stopped > 60  # it drives and it stops
    assert over_limit == {"ambulans-01"}


def test_devices_heartbeats_follow_the_day_and_a_few_go_silent():
    fleet = devices.devices(1)
    assert len(fleet) == 200 and sum(d.kind == "wifi" for d in fleet) == 120
    assert len({d.key for d in fleet}) == 200
    assert all(geo.inside(d.lat, d.lon) and d.kecamatan for d in fleet)
    assert devices.devices(1) == fleet and devices.devices(2) != fleet
    silent = set()
    clients = {"night": 0, "evening": 0}
    for hour in range(24):
        moment = T0 + dt.timedelta(hours=hour)  # T0 is 07:00 WIB
        local = (hour + 7) % 24
        for device in fleet:
            beat = devices.heartbeat(device, 1, moment)
            if beat is None:
                silent.add(device.key)
                continue
            assert set(beat) == ({"status", "clients", "bandwidth"} if device.kind == "wifi"
                                 else {"status", "bandwidth"})  # fmt: skip
            if not beat["status"]:
                assert beat["bandwidth"] == 0
            if device.kind == "wifi" and local == 3:
                clients["night"] += beat["clients"]
            if device.kind == "wifi" and local == 20:
                clients["evening"] += beat["clients"]
    assert 1 <= len(silent) <= devices.FLAKY_COUNT
    assert silent <= {d.key for d in fleet if d.flaky}
    assert clients["evening"] > 5 * clients["night"]


def test_catalog_names_every_thing_contoh_with_unique_keys():
    things = catalog.things(1)
    assert len(things) == 6 + 20 + 200
    assert all(t.name.startswith("Contoh ") for t in things)
    keys = [ds.key for t in things for ds in t.datastreams]
    assert len(keys) == len(set(keys)) == 6 + 20 + 120 * 3 + 80 * 2
    doc = things[0].as_json(
        sensor_ids={k: 1 for k in catalog.SENSORS},
        property_ids={k: 2 for k in catalog.OBSERVED_PROPERTIES},
    )
    assert doc["properties"]["simulator"] == "kotacerdas"
    assert doc["Locations"][0]["location"]["type"] == "Point"
    p2c = next(t for t in things if t.key == "p2c")
    assert p2c.properties["pos_id"] == "p2c" and p2c.kind == "river_gauge"
    assert {t.kind for t in things} == {"river_gauge", "rain_gauge", "vehicle", "wifi", "cctv"}


def test_ticks_cover_each_kind_on_its_own_grid_without_repeats():
    scenario = ticks.Scenario(seed=1)
    now = T0 + dt.timedelta(minutes=7, seconds=12)
    once = ticks.batch_at(scenario, now)
    assert {r.time for r in once.readings if r.datastream_key == "p2c:water_level"} == {
        T0 + dt.timedelta(minutes=5)
    }
    assert len(once.fixes) == 20
    assert {f.time for f in once.fixes} == {T0 + dt.timedelta(minutes=7)}
    hour = ticks.batch_between(scenario, T0, T0 + dt.timedelta(hours=1))
    pairs = [(r.datastream_key, r.time) for r in hour.readings]
    assert len(pairs) == len(set(pairs))
    assert sum(1 for k, _t in pairs if k == "p2c:water_level") == 12
    assert len(hour.fixes) == 20 * 120
    known = {ds.key for t in catalog.things(1) for ds in t.datastreams}
    assert {k for k, _t in pairs} <= known
    river_only = ticks.batch_at(ticks.Scenario(seed=1, kinds=("river",)), now)
    assert len(river_only.readings) == 6 and not river_only.fixes


class FakeTransport:
    name = "fake"

    def __init__(self):
        self.readings, self.fixes = [], []

    def send(self, readings):
        self.readings += readings
        return len(readings)

    def move(self, fixes):
        self.fixes += fixes
        return len(fixes)


def test_runner_maps_keys_to_ids_and_backfills_without_positions():
    things = catalog.things(1, ("river", "vehicles"))
    ids = Ids(
        datastreams={
            ds.key: n for n, ds in enumerate((d for t in things for d in t.datastreams), 1)
        },
        things={t.key: 100 + n for n, t in enumerate(things)},
    )
    transport = FakeTransport()
    runner = Runner(ticks.Scenario(seed=1, kinds=("river", "vehicles")), ids, transport,
                    write=lambda line: None, clock=lambda: T0)  # fmt: skip
    assert runner.once() == (6 + 20, 20)
    assert {f[0] for f in transport.fixes} == {ids.things[v.key] for v in vehicles.VEHICLES}
    transport.readings.clear()
    sent = runner.backfill(0.25)
    assert sent == len(transport.readings) == 6 * 72 + 20 * 720
    assert len(transport.fixes) == 20  # only the one tick's fixes: no positions in backfill
    assert all(isinstance(r[0], int) and r[1].tzinfo for r in transport.readings)
    assert not any(math.isnan(r[2]) for r in transport.readings if isinstance(r[2], float))


def test_live_keeps_going_when_the_platform_refuses_and_catches_up_after():
    class Flaky(FakeTransport):
        failures = 2

        def send(self, readings):
            if self.failures:
                self.failures -= 1
                raise SimulatorError("HTTP 500")
            return super().send(readings)

    things = catalog.things(1, ("river",))
    ids = Ids(
        datastreams={
            ds.key: n for n, ds in enumerate((d for t in things for d in t.datastreams), 1)
        }
    )
    clock = iter([T0 + dt.timedelta(minutes=m) for m in (0, 0, 5, 10, 15)])
    transport = Flaky()
    lines = []
    runner = Runner(ticks.Scenario(seed=1, kinds=("river",)), ids, transport,
                    write=lines.append, clock=lambda: next(clock))  # fmt: skip
    stop = threading.Event()
    ticks_seen = []

    def wait(_seconds):
        ticks_seen.append(1)
        return len(ticks_seen) > 3

    stop.wait = wait
    runner.live(stop, tick=0.01)
    assert sum("gagal mengirim" in line for line in lines) == 2
    # the refused windows were sent later: every 5-minute step from T0+5 to T0+15 exactly once
    times = sorted({r[1] for r in transport.readings})
    assert times == [T0 + dt.timedelta(minutes=m) for m in (5, 10, 15)]
    assert len(transport.readings) == 6 * 3

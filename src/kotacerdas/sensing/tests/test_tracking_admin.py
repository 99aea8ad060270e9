"""Vehicle profile and geofence services: validation, permissions (nothing written when refused)
and audit."""

import pytest

from kotacerdas.complaints.tests.factories import UrcUnitFactory
from kotacerdas.core.models import AuditEvent, Role
from kotacerdas.core.tests.factories import (
    AdminFactory,
    AgencyFactory,
    ExecutiveFactory,
    OfficerFactory,
    UserFactory,
)
from kotacerdas.sensing.errors import Conflict, InvalidEntity, PermissionDenied
from kotacerdas.sensing.models import Geofence, GeofenceKind, Thing, ThingKind, VehicleProfile
from kotacerdas.sensing.services.tracking_admin import (
    geofence_create,
    geofence_delete,
    geofence_update,
    vehicle_profile_update,
)

from .tracking_factories import LAT_BEKASI_TIMUR as LAT0
from .tracking_factories import LON, at, fix, make_vehicle

pytestmark = pytest.mark.django_db

SQUARE = {
    "type": "Polygon",
    "coordinates": [[[107.0, -6.3], [107.1, -6.3], [107.1, -6.2], [107.0, -6.2], [107.0, -6.3]]],
}


def _audits(action):
    return AuditEvent.objects.filter(action=action).count()


# --- vehicle profiles


def test_profile_update_sets_settings_and_audits_the_change():
    admin = AdminFactory()
    dinas = AgencyFactory()
    unit = UrcUnitFactory(agency=dinas)
    ambulance = make_vehicle(agency=dinas)
    profile = vehicle_profile_update(
        actor=admin,
        thing=ambulance,
        data={
            "vehicle_type": "ambulance",
            "plate_number": " b 1234  kzz ",
            "urc_unit": unit.pk,
            "speed_limit_kmh": "80",
            "stop_threshold_minutes": 3,
            "offline_threshold_minutes": 20,
        },
    )
    profile.refresh_from_db()
    assert (profile.vehicle_type, profile.plate_number, profile.urc_unit_id) == (
        "ambulance",
        "B 1234 KZZ",
        unit.pk,
    )
    assert (profile.speed_limit_kmh, profile.stop_threshold_minutes) == (80, 3)
    assert profile.offline_threshold_minutes == 20
    event = AuditEvent.objects.get(action="sensing.vehicle_profile.update")
    assert event.changes["speed_limit_kmh"] == [60, 80]
    assert event.changes["created"] == [None, True]
    # no change, no audit event
    vehicle_profile_update(actor=admin, thing=ambulance, data={"speed_limit_kmh": 80})
    assert _audits("sensing.vehicle_profile.update") == 1


def test_profile_update_moves_the_offline_deadline_with_the_threshold():
    truck = make_vehicle()
    fix(truck, 0, LAT0)
    vehicle_profile_update(actor=AdminFactory(), thing=truck, data={"offline_threshold_minutes": 3})
    assert VehicleProfile.objects.get(thing=truck).offline_due_at == at(3)


@pytest.mark.parametrize(
    ("data", "field"),
    [
        ({"vehicle_type": "tank"}, "vehicle_type"),
        ({"plate_number": "B" * 21}, "plate_number"),
        ({"speed_limit_kmh": 4}, "speed_limit_kmh"),
        ({"speed_limit_kmh": 251}, "speed_limit_kmh"),
        ({"speed_limit_kmh": "cepat"}, "speed_limit_kmh"),
        ({"speed_limit_kmh": True}, "speed_limit_kmh"),
        ({"speed_limit_kmh": 60.5}, "speed_limit_kmh"),
        ({"stop_threshold_minutes": 0}, "stop_threshold_minutes"),
        ({"offline_threshold_minutes": 1441}, "offline_threshold_minutes"),
        ({"urc_unit": 999999}, "urc_unit"),
        ({"colour": "red"}, "colour"),
    ],
)
def test_profile_update_refuses_bad_input_and_writes_nothing(data, field):
    truck = make_vehicle()
    with pytest.raises(InvalidEntity) as excinfo:
        vehicle_profile_update(actor=AdminFactory(), thing=truck, data=data)
    assert excinfo.value.field == field
    assert not VehicleProfile.objects.exists()
    assert _audits("sensing.vehicle_profile.update") == 0


def test_profile_urc_unit_of_another_agency_is_refused():
    truck = make_vehicle(agency=AgencyFactory())
    unit = UrcUnitFactory(agency=AgencyFactory())
    with pytest.raises(InvalidEntity) as excinfo:
        vehicle_profile_update(actor=AdminFactory(), thing=truck, data={"urc_unit": unit.pk})
    assert excinfo.value.field == "urc_unit"


def test_profile_only_for_vehicles():
    gauge = Thing.objects.create(name="Pos P2C", kind=ThingKind.RIVER_GAUGE)
    with pytest.raises(InvalidEntity):
        vehicle_profile_update(actor=AdminFactory(), thing=gauge, data={"speed_limit_kmh": 40})
    assert not VehicleProfile.objects.exists()


def test_profile_officer_writes_own_agency_only():
    officer = OfficerFactory()
    own = make_vehicle(agency=officer.agency)
    other = make_vehicle(name="Truk lain", agency=AgencyFactory())
    vehicle_profile_update(actor=officer, thing=own, data={"speed_limit_kmh": 40})
    assert VehicleProfile.objects.get(thing=own).speed_limit_kmh == 40
    for actor in (officer, ExecutiveFactory(), UserFactory()):
        with pytest.raises(PermissionDenied):
            vehicle_profile_update(actor=actor, thing=other, data={"speed_limit_kmh": 40})
    assert not VehicleProfile.objects.filter(thing=other).exists()


def test_profile_sensor_operator_writes_any_vehicle():
    operator = UserFactory(roles=[Role.SENSOR_OPERATOR.value])
    truck = make_vehicle(agency=AgencyFactory())
    vehicle_profile_update(actor=operator, thing=truck, data={"vehicle_type": "garbage_truck"})
    assert VehicleProfile.objects.get(thing=truck).vehicle_type == "garbage_truck"


# --- geofences


def test_geofence_create_update_delete_audited():
    admin = AdminFactory()
    fence = geofence_create(actor=admin, name="  Zona  TPST ", geometry=SQUARE)
    assert (fence.name, fence.kind, fence.agency_id) == ("Zona TPST", GeofenceKind.POLYGON, None)
    assert (fence.min_lon, fence.min_lat, fence.max_lon, fence.max_lat) == (
        107.0,
        -6.3,
        107.1,
        -6.2,
    )
    moved = {
        "type": "Polygon",
        "coordinates": [[[107.0, -6.3], [107.05, -6.3], [107.0, -6.25], [107.0, -6.3]]],
    }
    geofence_update(actor=admin, geofence=fence, data={"geometry": moved, "name": "Zona B"})
    fence.refresh_from_db()
    assert (fence.name, fence.max_lon, fence.max_lat) == ("Zona B", 107.05, -6.25)
    update = AuditEvent.objects.get(action="sensing.geofence.update")
    assert update.changes["name"] == ["Zona TPST", "Zona B"]
    assert update.changes["geometry"][1] == moved
    geofence_delete(actor=admin, geofence=fence)
    assert not Geofence.objects.filter(pk=fence.pk).exists()
    assert [_audits(f"sensing.geofence.{verb}") for verb in ("create", "update", "delete")] == [
        1,
        1,
        1,
    ]


def test_geofence_bad_input_writes_nothing():
    admin = AdminFactory()
    before = Geofence.objects.count()
    with pytest.raises(InvalidEntity) as excinfo:
        geofence_create(actor=admin, name="", geometry=SQUARE)
    assert excinfo.value.field == "name"
    with pytest.raises(InvalidEntity) as excinfo:
        geofence_create(
            actor=admin, name="Zona", geometry={"type": "Point", "coordinates": [107, -6]}
        )
    assert excinfo.value.field == "geometry"
    fence = geofence_create(actor=admin, name="Zona", geometry=SQUARE)
    with pytest.raises(InvalidEntity):
        geofence_update(actor=admin, geofence=fence, data={"name": "Baru", "geometry": {}})
    with pytest.raises(InvalidEntity):
        geofence_update(actor=admin, geofence=fence, data={"is_active": "no"})
    fence.refresh_from_db()
    assert (fence.name, fence.geometry, fence.is_active) == ("Zona", SQUARE, True)
    assert Geofence.objects.count() == before + 1
    assert _audits("sensing.geofence.update") == 0


def test_kecamatan_geofence_can_only_be_switched_off():
    admin = AdminFactory()
    timur = Geofence.objects.get(region__code="32.75.01")
    with pytest.raises(Conflict):
        geofence_update(actor=admin, geofence=timur, data={"name": "Timur"})
    with pytest.raises(Conflict):
        geofence_delete(actor=admin, geofence=timur)
    geofence_update(actor=admin, geofence=timur, data={"is_active": False})
    timur.refresh_from_db()
    assert (timur.name, timur.is_active) == ("Bekasi Timur", False)


def test_geofence_officer_scope():
    officer = OfficerFactory()
    own = geofence_create(actor=officer, name="Depo", geometry=SQUARE)
    assert own.agency_id == officer.agency_id
    other_agency = AgencyFactory()
    foreign = geofence_create(
        actor=AdminFactory(), name="Lain", geometry=SQUARE, agency_id=other_agency.pk
    )
    citywide = Geofence.objects.get(region__code="32.75.01")
    count = Geofence.objects.count()
    with pytest.raises(PermissionDenied):
        geofence_create(actor=officer, name="X", geometry=SQUARE, agency_id=other_agency.pk)
    for fence in (foreign, citywide):
        with pytest.raises(PermissionDenied):
            geofence_update(actor=officer, geofence=fence, data={"is_active": False})
    with pytest.raises(PermissionDenied):
        geofence_delete(actor=officer, geofence=foreign)
    with pytest.raises(PermissionDenied):
        geofence_create(actor=UserFactory(), name="X", geometry=SQUARE)
    assert Geofence.objects.count() == count
    assert Geofence.objects.filter(is_active=False).count() == 0
    geofence_delete(actor=officer, geofence=own)
    assert not Geofence.objects.filter(pk=own.pk).exists()


def test_new_geofence_is_seen_by_the_next_fix():
    truck = make_vehicle()
    fix(truck, 0, LAT0)
    fence = geofence_create(
        actor=AdminFactory(),
        name="Sekitar",
        geometry={
            "type": "Polygon",
            "coordinates": [
                [
                    [LON - 0.01, LAT0 - 0.01],
                    [LON + 0.01, LAT0 - 0.01],
                    [LON, LAT0 + 0.01],
                    [LON - 0.01, LAT0 - 0.01],
                ]
            ],
        },
    )
    fix(truck, 1, LAT0)
    assert fence.pk in VehicleProfile.objects.get(thing=truck).inside_geofence_ids
    assert fence.events.get().kind == "geofence_enter"

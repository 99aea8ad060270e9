"""Settings of GPS tracking (issue #7 item 5): vehicle profiles and geofences.

Who writes: administrators and sensor operators everything; an agency officer the profiles of
their agency's vehicles and their agency's geofences (a geofence of no agency applies to every
vehicle and is theirs only to see). Kecamatan geofences are reference data: their boundary comes
from `core.Region`; they can be switched off, not edited or deleted. Every write is audited; bad
input raises `InvalidEntity` naming the field and writes nothing.
"""

from __future__ import annotations

import datetime as dt
from typing import Any

from django.db import transaction
from django.utils.translation import gettext as _

from kotacerdas.core.audit.chain import audit_record
from kotacerdas.sensing.errors import Conflict, InvalidEntity, PermissionDenied
from kotacerdas.sensing.models import (
    Geofence,
    GeofenceKind,
    ThingKind,
    VehicleProfile,
    VehicleType,
)
from kotacerdas.sensing.permissions import (
    can_write_agency,
    require_sensing_writer,
    writes_everything,
)
from kotacerdas.sensing.services.tracking_geo import geofence_shape

# field: (minimum, maximum)
PROFILE_LIMITS = {
    "speed_limit_kmh": (5, 250),
    "stop_threshold_minutes": (1, 240),
    "offline_threshold_minutes": (1, 1440),
}
PROFILE_AUDITED = ["vehicle_type", "plate_number", "urc_unit_id", *PROFILE_LIMITS]


def _snapshot(obj: Any, fields: list[str]) -> dict[str, Any]:
    return {name: getattr(obj, name) for name in fields}


def _changes(before: dict[str, Any], after: dict[str, Any]) -> dict[str, list[Any]]:
    return {k: [before[k], after[k]] for k in before if before[k] != after[k]}


def _bounded_int(data: dict, name: str) -> int:
    low, high = PROFILE_LIMITS[name]
    value = data[name]
    if isinstance(value, bool) or not isinstance(value, int | str):
        value = None
    try:
        value = int(value)
    except (TypeError, ValueError):
        value = None
    if value is None or not low <= value <= high:
        raise InvalidEntity(
            _("Harus bilangan bulat antara %(low)s dan %(high)s.") % {"low": low, "high": high},
            field=name,
        )
    return value


def vehicle_profile_update(*, actor, thing, data: dict[str, Any]) -> VehicleProfile:
    """Set a vehicle's tracking settings (created with defaults when missing). Keys of `data`:
    vehicle_type, plate_number, urc_unit (an id, or None), speed_limit_kmh,
    stop_threshold_minutes, offline_threshold_minutes; absent keys are left as they are."""
    require_sensing_writer(actor, thing)
    if thing.kind != ThingKind.VEHICLE:
        raise InvalidEntity(_("Perangkat ini bukan kendaraan."), field="thing")
    unknown = set(data) - {"vehicle_type", "plate_number", "urc_unit", *PROFILE_LIMITS}
    if unknown:
        raise InvalidEntity(
            _("Isian tidak dikenal: %(names)s") % {"names": ", ".join(sorted(unknown))},
            field=sorted(unknown)[0],
        )
    values: dict[str, Any] = {}
    if "vehicle_type" in data:
        if data["vehicle_type"] not in VehicleType.values:
            raise InvalidEntity(_("Jenis kendaraan tidak dikenal."), field="vehicle_type")
        values["vehicle_type"] = data["vehicle_type"]
    if "plate_number" in data:
        plate = " ".join(str(data["plate_number"] or "").upper().split())
        if len(plate) > 20:
            raise InvalidEntity(_("Nomor polisi terlalu panjang."), field="plate_number")
        values["plate_number"] = plate
    if "urc_unit" in data:
        values["urc_unit_id"] = _urc_unit_id(thing, data["urc_unit"])
    for name in PROFILE_LIMITS:
        if name in data:
            values[name] = _bounded_int(data, name)
    with transaction.atomic():
        profile, created = VehicleProfile.objects.select_for_update().get_or_create(thing=thing)
        before = _snapshot(profile, PROFILE_AUDITED)
        for name, value in values.items():
            setattr(profile, name, value)
        if profile.last_fix_time is not None:
            profile.offline_due_at = profile.last_fix_time + dt.timedelta(
                minutes=profile.offline_threshold_minutes
            )
        profile.save()
        changes = _changes(before, _snapshot(profile, PROFILE_AUDITED))
        if created or changes:
            audit_record(
                actor=actor,
                action="sensing.vehicle_profile.update",
                obj=profile,
                changes=changes | ({"created": [None, True]} if created else {}),
            )
    return profile


def _urc_unit_id(thing, value: Any) -> int | None:
    if value in (None, ""):
        return None
    from kotacerdas.complaints.selectors.categories import urc_unit_list

    try:
        unit_id = int(getattr(value, "pk", value))
    except (TypeError, ValueError):
        unit_id = None
    agency_id = None
    if unit_id is not None:
        units = urc_unit_list().filter(pk=unit_id, is_active=True)
        agency_id = units.values_list("agency_id", flat=True).first()
    if agency_id is None:
        raise InvalidEntity(_("Unit Reaksi Cepat tidak ditemukan."), field="urc_unit")
    if thing.agency_id is not None and agency_id != thing.agency_id:
        raise InvalidEntity(
            _("Unit Reaksi Cepat harus milik Perangkat Daerah kendaraan ini."), field="urc_unit"
        )
    return unit_id


def _require_geofence_writer(actor, agency_id: int | None) -> None:
    require_sensing_writer(actor)
    if not can_write_agency(actor, agency_id):
        raise PermissionDenied(
            _("Anda hanya boleh mengubah geofence milik Perangkat Daerah Anda sendiri.")
        )


def _name(value: Any) -> str:
    name = " ".join(str(value or "").split())
    if not name:
        raise InvalidEntity(_("Nama geofence wajib diisi."), field="name")
    if len(name) > 200:
        raise InvalidEntity(_("Nama geofence terlalu panjang (maksimum 200)."), field="name")
    return name


def _set_geometry(fence: Geofence, geometry: Any) -> None:
    fence.geometry, (min_lon, min_lat, max_lon, max_lat) = geofence_shape(geometry)
    fence.min_lat, fence.min_lon, fence.max_lat, fence.max_lon = min_lat, min_lon, max_lat, max_lon


GEOFENCE_AUDITED = ["name", "agency_id", "is_active", "geometry"]


def geofence_create(*, actor, name: str, geometry: Any, agency_id: int | None = None) -> Geofence:
    """A drawn polygon (GeoJSON Polygon/MultiPolygon, WGS84). An agency officer's geofence is
    always of their own agency; `agency_id=None` (every vehicle) only for operators."""
    if not writes_everything(actor) and agency_id is None:
        agency_id = getattr(actor, "agency_id", None)
    _require_geofence_writer(actor, agency_id)
    fence = Geofence(name=_name(name), kind=GeofenceKind.POLYGON, agency_id=agency_id)
    _set_geometry(fence, geometry)
    with transaction.atomic():
        fence.save()
        audit_record(
            actor=actor,
            action="sensing.geofence.create",
            obj=fence,
            changes=_snapshot(fence, GEOFENCE_AUDITED),
        )
    return fence


def geofence_update(*, actor, geofence: Geofence, data: dict[str, Any]) -> Geofence:
    """Change name, geometry or is_active (the only change a kecamatan geofence takes)."""
    _require_geofence_writer(actor, geofence.agency_id)
    unknown = set(data) - {"name", "geometry", "is_active"}
    if unknown:
        raise InvalidEntity(
            _("Isian tidak dikenal: %(names)s") % {"names": ", ".join(sorted(unknown))},
            field=sorted(unknown)[0],
        )
    if geofence.kind == GeofenceKind.KECAMATAN and set(data) - {"is_active"}:
        raise Conflict(
            _("Batas kecamatan adalah data rujukan: hanya dapat diaktifkan atau dinonaktifkan.")
        )
    with transaction.atomic():
        fence = Geofence.objects.select_for_update().get(pk=geofence.pk)
        before = _snapshot(fence, GEOFENCE_AUDITED)
        if "name" in data:
            fence.name = _name(data["name"])
        if "geometry" in data:
            _set_geometry(fence, data["geometry"])
        if "is_active" in data:
            if not isinstance(data["is_active"], bool):
                raise InvalidEntity(_("Harus benar atau salah."), field="is_active")
            fence.is_active = data["is_active"]
        changes = _changes(before, _snapshot(fence, GEOFENCE_AUDITED))
        if changes:
            fence.save()
            if "geometry" in changes:
                changes["geometry"] = [None, fence.geometry]  # the old shape is in the chain
            audit_record(actor=actor, action="sensing.geofence.update", obj=fence, changes=changes)
    return fence


def geofence_delete(*, actor, geofence: Geofence) -> None:
    """Delete a drawn geofence; its past events keep their time and place (geofence emptied)."""
    _require_geofence_writer(actor, geofence.agency_id)
    if geofence.kind == GeofenceKind.KECAMATAN:
        raise Conflict(_("Geofence kecamatan tidak dapat dihapus; nonaktifkan saja."))
    with transaction.atomic():
        snapshot = _snapshot(geofence, GEOFENCE_AUDITED)
        audit_record(actor=actor, action="sensing.geofence.delete", obj=geofence, changes=snapshot)
        Geofence.objects.filter(pk=geofence.pk).delete()

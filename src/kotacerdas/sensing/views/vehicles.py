"""The vehicle map: positions of the vehicles refreshed every few seconds, a vehicle's trips,
and the replay of one trip (a polyline with a play/pause slider), read through part F's
tracking selectors (issue #7 item 5)."""

from __future__ import annotations

from django.http import Http404, JsonResponse
from django.shortcuts import render
from django.urls import reverse
from django.utils.translation import gettext as _
from django.views.decorators.http import require_GET

from kotacerdas.core.models.regions import RegionLevel
from kotacerdas.sensing.errors import SensingError
from kotacerdas.sensing.selectors import tracking as tracking_selectors
from kotacerdas.sensing.views.common import sensor_reader_required


def _int(value) -> int | None:
    try:
        number = int(value)
    except (TypeError, ValueError):
        return None
    return number if 0 < number < 2**63 else None


@require_GET
@sensor_reader_required
def vehicle_map(request):
    vehicles = tracking_selectors.vehicle_list(user=request.user)
    chosen = _int(request.GET.get("kendaraan"))
    trip_id = _int(request.GET.get("perjalanan"))
    error = ""
    vehicle = None
    trips = []
    if chosen is not None:
        try:
            vehicle = tracking_selectors.vehicle_get(user=request.user, thing_id=chosen)
            trips = tracking_selectors.trip_list(user=request.user, vehicle=chosen, limit=50)
        except SensingError:
            error = _("Kendaraan tidak ditemukan atau bukan wewenang Anda.")
    elif request.GET.get("kendaraan"):
        error = _("Nomor kendaraan tidak valid.")
    if trip_id is None and request.GET.get("perjalanan"):
        error = _("Nomor perjalanan tidak valid.")
    geojson_url = reverse("core:region_geojson")
    return render(
        request,
        "sensing/vehicle_map.html",
        {
            "vehicles": vehicles,
            "vehicle": vehicle,
            "trips": trips,
            "trip_id": trip_id,
            "error": error,
            "kecamatan_geojson_url": f"{geojson_url}?tingkat={RegionLevel.KECAMATAN}",
        },
        status=400 if error else 200,
    )


@require_GET
@sensor_reader_required
def vehicle_positions(request):
    rows = tracking_selectors.vehicle_list(user=request.user)
    response = JsonResponse({"vehicles": [row.as_json() for row in rows]})
    response["Cache-Control"] = "no-store"
    return response


@require_GET
@sensor_reader_required
def trip_replay(request, pk: int):
    try:
        replay = tracking_selectors.trip_replay(user=request.user, trip_id=pk)
    except SensingError as exc:
        raise Http404(_("Perjalanan tidak ditemukan.")) from exc
    return JsonResponse(replay)

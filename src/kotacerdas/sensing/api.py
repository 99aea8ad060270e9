"""/api/v1/sensing/ — what the sensor pages show and SensorThings does not: latest values with
status, ingestion lag, downsampled series, alarms and their acknowledgement, vehicle positions
and trip tracks for replay (issue #7 item 8). The SensorThings API itself is at /sta/v1.1/.

Signed-in staff with a sensing role (token or session); agency officers see their agency's
Things only. Errors are {"error": {"code", "message"}} like the rest of /api/v1/.
"""

import datetime as dt
from typing import Any

from django.http import HttpRequest
from django.utils import timezone
from django.utils.translation import gettext as _
from ninja import Field, Query, Router, Schema
from ninja.errors import HttpError
from ninja.pagination import PageNumberPagination, paginate

from kotacerdas.core.api.auth import TokenAuth, VerifiedSessionAuth
from kotacerdas.sensing.errors import SensingError
from kotacerdas.sensing.models import ThingKind
from kotacerdas.sensing.selectors import alerts as alert_selectors
from kotacerdas.sensing.selectors import pages as selectors
from kotacerdas.sensing.selectors import pages_series as series
from kotacerdas.sensing.selectors import tracking as tracking_selectors
from kotacerdas.sensing.services import alerts as alerts_services

router = Router(auth=[TokenAuth(), VerifiedSessionAuth()])

API_RANGES = {"1h": "1j", "24h": "24j", "7d": "7h", "30d": "30h", "custom": series.CUSTOM}


class LatestOut(Schema):
    id: int = Field(description="id Datastream (SensorThings)")
    name: str
    unit: str
    value: float | str | bool | dict | list | None = None
    time: dt.datetime | None = Field(None, description="phenomenonTime nilai terakhir")
    lag_seconds: float | None = Field(None, description="Jeda penerimaan (detik)")
    stale: bool = Field(description="Terlambat lapor (watchdog atau > 2x selang laporan)")


class ThingLatestOut(Schema):
    id: int = Field(description="id Thing (SensorThings)")
    name: str
    kind: str
    agency_id: int | None
    is_demo: bool
    status: str = Field(description="ok, stale (terlambat lapor), offline (luring > 24 jam)")
    last_seen: dt.datetime | None
    lat: float | None = None
    lon: float | None = None
    datastreams: list[LatestOut]


class ThingFilterIn(Schema):
    kind: str = Field("", description=", ".join(ThingKind.values))
    agency_id: int | None = Field(None, description="id Perangkat Daerah")
    status: str = Field("", description="ok, stale, offline")
    search: str = Field("", max_length=100, description="Bagian dari nama")


class LagOut(Schema):
    window_minutes: int
    count: int = Field(description="Aliran data yang menerima data dalam jendela")
    average_seconds: float | None
    max_seconds: float | None


class PointOut(Schema):
    t: dt.datetime = Field(description="Waktu titik (awal ember waktu bila diringkas)")
    min: float | None
    avg: float | None
    max: float | None
    n: int = Field(description="Jumlah observasi dalam titik")


class SeriesOut(Schema):
    datastream_id: int
    start: dt.datetime
    end: dt.datetime
    observation_count: int
    bucketed: bool
    bucket_seconds: int | None
    points: list[PointOut]


class SeriesIn(Schema):
    range: str = Field("24h", description="1h, 24h, 7d, 30d, atau custom (dengan start/end)")
    start: str = Field("", description="Awal rentang custom (ISO 8601 atau TTTT-BB-HH)")
    end: str = Field("", description="Akhir rentang custom (kosong: sekarang)")
    max_points: int = Field(series.MAX_POINTS, ge=10, le=2000)


def _reader(request: HttpRequest) -> None:
    selectors.require_sensor_reader(request.user)


@router.get(
    "/things",
    response=list[ThingLatestOut],
    summary="Perangkat dengan status dan nilai terakhir",
    description="Perangkat (Thing) yang boleh dilihat, dengan status ok/stale/offline, posisi, "
    "dan nilai terakhir setiap aliran data. Petugas Perangkat Daerah hanya melihat perangkat "
    "Perangkat Daerahnya.",
)
@paginate(PageNumberPagination, page_size=50)
def thing_list(request: HttpRequest, filters: Query[ThingFilterIn]) -> Any:
    _reader(request)
    parsed = selectors.ThingFilters.parse(
        {
            "jenis": filters.kind,
            "pd": filters.agency_id,
            "status": filters.status,
            "q": filters.search,
        }
    )
    return _LazyThingRows(selectors.thing_list(actor=request.user, filters=parsed))


class _LazyThingRows:
    """A queryset whose sliced page is turned into rows with latest values (two queries)."""

    def __init__(self, queryset):
        self.queryset = queryset
        self.now = timezone.now()

    def count(self) -> int:
        return self.queryset.count()

    def __len__(self) -> int:
        return self.count()

    def __getitem__(self, item):
        things = list(self.queryset[item])
        positions = selectors.thing_positions([thing.pk for thing in things])
        rows = []
        for row in selectors.thing_rows(things, now=self.now):
            thing = row["thing"]
            lat, lon = positions.get(thing.pk, (None, None))
            rows.append(
                {
                    "id": thing.pk,
                    "name": thing.name,
                    "kind": thing.kind,
                    "agency_id": thing.agency_id,
                    "is_demo": thing.is_demo,
                    "status": row["status"],
                    "last_seen": getattr(thing, "last_seen", None),
                    "lat": lat,
                    "lon": lon,
                    "datastreams": row["streams"],
                }
            )
        return rows


@router.get(
    "/datastreams/{datastream_id}/latest",
    response=LatestOut,
    summary="Nilai terakhir satu aliran data",
)
def datastream_latest(request: HttpRequest, datastream_id: int) -> Any:
    _reader(request)
    return selectors.latest_value(selectors.datastream_get(actor=request.user, pk=datastream_id))


@router.get(
    "/datastreams/{datastream_id}/series",
    response=SeriesOut,
    summary="Deret waktu aliran data (diringkas untuk rentang panjang)",
    description="Nilai angka dalam rentang: apa adanya bila tidak lebih dari `max_points`, "
    "selain itu diringkas per ember waktu (min/rata-rata/maks dihitung di basis data).",
)
def datastream_series(request: HttpRequest, datastream_id: int, params: Query[SeriesIn]) -> Any:
    _reader(request)
    stream = selectors.datastream_get(actor=request.user, pk=datastream_id)
    key = API_RANGES.get(params.range)
    if key is None:
        raise HttpError(400, series.RangeError.unknown_message())
    try:
        time_range = series.parse_range(
            {"rentang": key, "dari": params.start, "sampai": params.end}
        )
    except series.RangeError as exc:
        raise HttpError(400, str(exc)) from exc
    return series.datastream_series(stream, time_range=time_range, max_points=params.max_points)


@router.get("/lag", response=LagOut, summary="Jeda penerimaan data (15 menit terakhir)")
def ingestion_lag(request: HttpRequest) -> Any:
    _reader(request)
    return selectors.ingestion_lag(actor=request.user)


# --- alarms (part D's selectors and services) ---------------------------------------------------


class PlaceOut(Schema):
    name: str
    kecamatan: str
    kelurahan: str
    eta: dt.datetime = Field(description="Perkiraan waktu air tiba")


class AlarmOut(Schema):
    id: int
    kind: str = Field(description="flood (banjir) atau stale (sensor diam)")
    state: str = Field(description="active, acknowledged, cleared")
    where: str
    scheme: str
    level: str
    value: float | None
    unit: str
    since: dt.datetime
    raised_at: dt.datetime
    escalated: bool
    datastream_id: int
    places: list[PlaceOut]


class AcknowledgeIn(Schema):
    note: str = Field("", max_length=1000, description="Catatan (tidak wajib)")


def _alarm_json(row) -> dict:
    return {
        "id": row.alarm.pk,
        "kind": row.kind,
        "state": row.state,
        "where": row.where,
        "scheme": row.scheme,
        "level": row.level,
        "value": row.value,
        "unit": row.unit,
        "since": row.since,
        "raised_at": row.raised_at,
        "escalated": row.escalated,
        "datastream_id": row.alarm.datastream_id,
        "places": [
            {"name": p.name, "kecamatan": p.kecamatan, "kelurahan": p.kelurahan, "eta": p.eta}
            for p in row.places
        ],
    }


def _sensing_error(exc: SensingError) -> HttpError:
    return HttpError(exc.status, exc.message)


@router.get(
    "/alarms",
    response=list[AlarmOut],
    summary="Daftar alarm (konsol alarm)",
    description="`status`: active, acknowledged, open (aktif dan ditanggapi), cleared, recent "
    "(7 hari terakhir). Alarm banjir membawa wilayah berisiko dengan perkiraan waktu tiba.",
)
def alarm_list(request: HttpRequest, status: str = "open", limit: int = 100) -> Any:
    _reader(request)
    if status not in alert_selectors.STATUSES:
        raise HttpError(400, _("Status alarm tidak dikenal: %(status)s.") % {"status": status[:40]})
    rows = alert_selectors.alarm_list(actor=request.user, status=status, limit=limit)
    return [_alarm_json(row) for row in rows]


class AcknowledgedOut(Schema):
    id: int
    state: str
    acknowledged_at: dt.datetime | None
    acknowledged_by: str | None


@router.post(
    "/alarms/{alarm_id}/acknowledge",
    response=AcknowledgedOut,
    summary="Tanggapi alarm aktif",
    description="409 bila alarm sudah ditanggapi atau selesai; 404 bila tidak ada atau bukan "
    "wewenang Anda (petugas hanya menanggapi alarm perangkat Perangkat Daerahnya).",
)
def alarm_acknowledge(request: HttpRequest, alarm_id: int, payload: AcknowledgeIn) -> Any:
    _reader(request)
    try:
        alarm = alert_selectors.alarm_get(actor=request.user, alarm_id=alarm_id)
        alarm = alerts_services.alarm_acknowledge(
            actor=request.user, alarm=alarm, note=payload.note
        )
    except SensingError as exc:
        raise _sensing_error(exc) from exc
    return {
        "id": alarm.pk,
        "state": alarm.state,
        "acknowledged_at": alarm.acknowledged_at,
        "acknowledged_by": str(alarm.acknowledged_by) if alarm.acknowledged_by else None,
    }


# --- vehicles (part F's selectors) --------------------------------------------------------------


class VehicleOut(Schema):
    thing_id: int
    name: str
    agency_id: int | None
    is_demo: bool
    vehicle_type: str
    plate_number: str
    state: str = Field(description="moving, stopped, offline, unknown")
    last_fix_time: dt.datetime | None
    lat: float | None
    lon: float | None
    speed_kmh: float | None
    current_trip_id: int | None


class TripOut(Schema):
    id: int
    started_at: dt.datetime
    ended_at: dt.datetime | None
    distance_km: float
    max_speed_kmh: float
    points_count: int


class TrackOut(Schema):
    trip: dict
    points: list[list] = Field(description="[lintang, bujur, waktu ISO, kecepatan km/jam]")
    events: list[dict]


@router.get("/vehicles", response=list[VehicleOut], summary="Posisi terakhir kendaraan")
def vehicle_list(request: HttpRequest) -> Any:
    _reader(request)
    return [row.__dict__ for row in tracking_selectors.vehicle_list(user=request.user)]


@router.get(
    "/vehicles/{thing_id}/trips", response=list[TripOut], summary="Perjalanan satu kendaraan"
)
def trip_list(request: HttpRequest, thing_id: int, limit: int = 50) -> Any:
    _reader(request)
    try:
        return tracking_selectors.trip_list(user=request.user, vehicle=thing_id, limit=limit)
    except SensingError as exc:
        raise _sensing_error(exc) from exc


@router.get(
    "/trips/{trip_id}/track",
    response=TrackOut,
    summary="Jejak perjalanan untuk diputar ulang",
    description="Titik-titik perjalanan berurutan waktu dan kejadiannya (geofence, kecepatan).",
)
def trip_track(request: HttpRequest, trip_id: int) -> Any:
    _reader(request)
    try:
        return tracking_selectors.trip_replay(user=request.user, trip_id=trip_id)
    except SensingError as exc:
        raise _sensing_error(exc) from exc

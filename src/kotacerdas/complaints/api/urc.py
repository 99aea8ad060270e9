"""/api/v1/complaints/urc/: the URC field officer's cases and status updates (issue #5 item 7).

An officer sees only the cases of their own units (another unit's case: 404); anyone without
the urc_officer role gets 403. Status updates go through `lifecycle.urc_update`: the status
only moves forward, 'done' needs a photo and the position; a stale version gives 409.
"""

import datetime as dt
from typing import Any

from django.http import HttpRequest
from ninja import Field, File, Form, Query, Router, Schema
from ninja.errors import HttpError
from ninja.files import UploadedFile
from ninja.pagination import LimitOffsetPagination, paginate

from kotacerdas.complaints.models import Case
from kotacerdas.complaints.selectors import urc as selectors
from kotacerdas.complaints.selectors.sla import sla_status
from kotacerdas.complaints.services import lifecycle
from kotacerdas.core.api.auth import TokenAuth, VerifiedSessionAuth

router = Router(auth=[TokenAuth(), VerifiedSessionAuth()])


class UrcCaseOut(Schema):
    tracking_number: str
    title: str
    description: str
    category_code: str
    is_emergency: bool
    state: str
    urc_status: str
    urc_unit: str
    lat: float | None
    lng: float | None
    kecamatan: str
    kelurahan: str
    address: str
    dispatched_at: dt.datetime | None
    sla_due_at: dt.datetime | None
    sla_state: str = Field(description="ok, warning, overdue, paused atau none")
    version: int = Field(description="Kirim kembali sebagai version saat memperbarui status")

    @staticmethod
    def resolve_category_code(obj: Case) -> str:
        return obj.category.code

    @staticmethod
    def resolve_is_emergency(obj: Case) -> bool:
        return obj.category.is_emergency

    @staticmethod
    def resolve_urc_unit(obj: Case) -> str:
        return obj.assigned_urc.name if obj.assigned_urc_id else ""

    @staticmethod
    def resolve_kecamatan(obj: Case) -> str:
        return obj.kecamatan.display_name if obj.kecamatan_id else ""

    @staticmethod
    def resolve_kelurahan(obj: Case) -> str:
        return obj.kelurahan.display_name if obj.kelurahan_id else ""

    @staticmethod
    def resolve_sla_state(obj: Case) -> str:
        return sla_status(obj)["state"]


class UrcCaseFilter(Schema):
    done: bool = Field(False, description="true: laporan yang sudah selesai/ditutup")


class UrcStatusIn(Schema):
    status: str = Field(..., description="accepted, en_route, on_site atau done")
    version: int = Field(..., description="Versi laporan yang terakhir Anda baca")
    lat: float | None = Field(None, description="Lintang posisi petugas (wajib untuk done)")
    lng: float | None = Field(None, description="Bujur posisi petugas (wajib untuk done)")
    note: str = ""


@router.get(
    "/cases",
    response=list[UrcCaseOut],
    summary="Tugas unit URC saya",
    description="Laporan yang diteruskan ke unit URC petugas: yang aktif (darurat dan yang "
    "terlama dahulu) atau, dengan done=true, yang sudah selesai; limit/offset.",
)
@paginate(LimitOffsetPagination)
def urc_case_list(request: HttpRequest, filters: Query[UrcCaseFilter]) -> Any:
    return selectors.urc_cases(actor=request.user, active=not filters.done)


@router.get("/cases/{number}", response=UrcCaseOut, summary="Rincian tugas URC")
def urc_case_detail(request: HttpRequest, number: str) -> Any:
    return selectors.urc_case_get(actor=request.user, tracking_number=number)


@router.post(
    "/cases/{number}/status",
    response=UrcCaseOut,
    summary="Perbarui status URC",
    description="Formulir multipart: status (maju satu atau lebih langkah: accepted, en_route, "
    "on_site, done), version, lat, lng, note, dan evidence (foto JPG/PNG; wajib bersama lat/lng "
    "untuk done, yang menyelesaikan laporan). Masukan salah: 422, tidak ada yang tersimpan; "
    "versi usang: 409.",
)
def urc_case_status(
    request: HttpRequest,
    number: str,
    payload: Form[UrcStatusIn],
    evidence: File[list[UploadedFile]] = None,
) -> Any:
    case = selectors.urc_case_get(actor=request.user, tracking_number=number)
    try:
        lifecycle.urc_update(
            actor=request.user,
            case=case,
            status=payload.status,
            version=payload.version,
            lat=payload.lat,
            lng=payload.lng,
            note=payload.note,
            evidence=evidence or [],
        )
    except lifecycle.CaseConflict as exc:
        raise HttpError(409, exc.messages[0]) from exc
    return selectors.urc_case_get(actor=request.user, tracking_number=number)

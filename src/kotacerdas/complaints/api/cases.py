"""/api/v1/complaints/cases/: the back office's cases (issue #5 items 1-4).

Scoped like the pages: call-center agents and read-all roles see every case, agency officers
their agency's, URC officers their unit's. Writes go through the services: a stale `version`
gives 409, bad input 422, a forbidden action 403, an unknown or out-of-scope case 404, always
with the structured error body.
"""

import datetime as dt
from typing import Any, Literal

from django.http import HttpRequest
from django.shortcuts import get_object_or_404
from django.utils.translation import gettext as _
from ninja import Field, Query, Router, Schema
from ninja.errors import HttpError
from ninja.pagination import LimitOffsetPagination, paginate

from kotacerdas.complaints.models import Case, Category, Channel, Privacy, UrcUnit
from kotacerdas.complaints.selectors import cases as selectors
from kotacerdas.complaints.services import lifecycle
from kotacerdas.complaints.services.intake import case_submit
from kotacerdas.core.api.auth import TokenAuth, VerifiedSessionAuth
from kotacerdas.core.models import Agency

router = Router(auth=[TokenAuth(), VerifiedSessionAuth()])


class CaseOut(Schema):
    tracking_number: str
    channel: str
    case_type: str
    category_code: str
    title: str
    state: str
    outcome: str
    kecamatan_code: str | None
    kelurahan_code: str | None
    assigned_agency_id: int | None
    assigned_urc_id: int | None
    urc_status: str
    received_at: dt.datetime
    sla_stage: str
    sla_due_at: dt.datetime | None
    is_overdue: bool
    is_paused: bool
    version: int = Field(description="Kirim kembali sebagai version saat mengubah status")

    @staticmethod
    def resolve_category_code(obj: Case) -> str:
        return obj.category.code

    @staticmethod
    def resolve_kecamatan_code(obj: Case) -> str | None:
        return obj.kecamatan.code if obj.kecamatan_id else None

    @staticmethod
    def resolve_kelurahan_code(obj: Case) -> str | None:
        return obj.kelurahan.code if obj.kelurahan_id else None

    @staticmethod
    def resolve_is_paused(obj: Case) -> bool:
        return obj.paused_at is not None


class CaseDetailOut(CaseOut):
    description: str
    attributes: dict[str, Any]
    lat: float | None
    lng: float | None
    address: str
    privacy: str
    reporter_name: str
    reporter_phone: str
    reporter_email: str
    decline_note: str
    merged_into: str | None
    lapor_id: str | None
    verified_at: dt.datetime | None
    dispatched_at: dt.datetime | None
    responded_at: dt.datetime | None
    resolved_at: dt.datetime | None
    closed_at: dt.datetime | None
    reopen_until: dt.datetime | None
    rating: int | None
    allowed_actions: list[str]

    @staticmethod
    def resolve_merged_into(obj: Case) -> str | None:
        return obj.merged_into.tracking_number if obj.merged_into_id else None

    @staticmethod
    def resolve_allowed_actions(obj: Case, context: Any) -> list[str]:
        return selectors.allowed_actions(context["request"].user, obj)


class EventOut(Schema):
    at: dt.datetime
    kind: str
    from_state: str
    to_state: str
    note: str
    is_public: bool
    actor: str | None
    data: dict[str, Any]

    @staticmethod
    def resolve_actor(obj: Any) -> str | None:
        return obj.actor.get_username() if obj.actor_id else None


class CaseFilter(Schema):
    state: str = Field("", description="received, verified, ..., closed, atau open")
    category: int | None = Field(None, description="id kategori")
    agency: int | None = Field(None, description="id Perangkat Daerah")
    kecamatan: int | None = Field(None, description="id wilayah kecamatan")
    channel: str = ""
    overdue: bool = False
    q: str = Field("", max_length=100)


class SubmitIn(Schema):
    channel: Channel = Channel.WEB
    category: str = Field(..., description="kode kategori (service_code)")
    description: str
    title: str = ""
    case_type: str | None = None
    lat: float | None = None
    lng: float | None = None
    kecamatan_code: str = ""
    kelurahan_code: str = ""
    address: str = ""
    privacy: Privacy = Privacy.PUBLIC
    reporter_name: str = ""
    reporter_phone: str = ""
    reporter_email: str = ""
    attributes: dict[str, Any] | None = None
    lapor_id: str | None = None


class SubmitOut(Schema):
    tracking_number: str
    created: bool
    reporter_secret: str = Field(description="Ditampilkan sekali; hanya hash-nya disimpan")
    case: CaseDetailOut


class TransitionIn(Schema):
    action: Literal["verify", "decline", "dispatch", "start", "pause", "resume", "note", "urc"]
    version: int = Field(..., description="Versi laporan yang terakhir Anda baca")
    note: str = ""
    reason: str = ""
    category: str | None = Field(None, description="kode kategori (verify)")
    case_type: str | None = None
    agency: int | None = Field(None, description="id Perangkat Daerah (verify, dispatch)")
    urc: int | None = Field(None, description="id unit URC (verify, dispatch)")
    public: bool = False
    status: str = Field("", description="status URC (urc)")
    lat: float | None = None
    lng: float | None = None


def _get(request: HttpRequest, number: str) -> Case:
    return selectors.case_get(actor=request.user, tracking_number=number)


def _require_back_office(request: HttpRequest) -> None:
    if not selectors.can_use_back_office(request.user):
        raise HttpError(403, _("Hanya petugas pengaduan yang boleh memakai API ini."))


@router.get(
    "",
    response=list[CaseOut],
    summary="Daftar laporan",
    description="Laporan yang boleh dilihat pengguna (petugas Perangkat Daerah hanya milik "
    "Perangkat Daerahnya), terbaru dahulu; limit/offset.",
)
@paginate(LimitOffsetPagination)
def case_list(request: HttpRequest, filters: Query[CaseFilter]) -> Any:
    _require_back_office(request)
    return selectors.case_list(
        actor=request.user,
        state=filters.state,
        category_id=filters.category,
        agency_id=filters.agency,
        kecamatan_id=filters.kecamatan,
        channel=filters.channel,
        overdue=filters.overdue,
        search=filters.q.strip(),
    )


@router.get("/{number}", response=CaseDetailOut, summary="Rincian laporan")
def case_detail(request: HttpRequest, number: str) -> Any:
    _require_back_office(request)
    return _get(request, number)


@router.get(
    "/{number}/timeline",
    response=list[EventOut],
    summary="Riwayat laporan",
    description="Semua kejadian laporan (termasuk catatan internal), urut waktu.",
)
def case_timeline(request: HttpRequest, number: str) -> Any:
    _require_back_office(request)
    return list(selectors.case_timeline(case=_get(request, number)))


@router.post(
    "",
    response={201: SubmitOut, 200: SubmitOut},
    summary="Catat laporan baru",
    description="Mencatat laporan dari kanal mana pun (Call Center hanya oleh agen). Lokasi "
    "wajib (titik di Kota Bekasi, kode kelurahan/kecamatan, atau alamat); uraian 1-4.000 "
    "karakter. lapor_id yang sama mengembalikan laporan yang sudah ada (200).",
)
def case_create(request: HttpRequest, payload: SubmitIn) -> Any:
    category = Category.objects.filter(code=payload.category).first()
    data = payload.model_dump(exclude={"category"})
    result = case_submit(actor=request.user, category=category, **data)
    body = {
        "tracking_number": result.case.tracking_number,
        "created": result.created,
        "reporter_secret": result.reporter_secret,
        "case": result.case,
    }
    return (201 if result.created else 200), body


@router.post(
    "/{number}/transitions",
    response=CaseDetailOut,
    summary="Ubah status laporan",
    description="verify, decline (reason declined_authority/declined_incomplete + note), "
    "dispatch (agency atau urc), start, pause (reason), resume, note (public), urc (status, "
    "lat, lng). Penyelesaian dengan bukti berkas memakai halaman atau API URC. Versi yang "
    "usang: 409.",
)
def case_transition(request: HttpRequest, number: str, payload: TransitionIn) -> Any:
    _require_back_office(request)
    case = _get(request, number)
    common = {"actor": request.user, "case": case, "version": payload.version}
    agency = get_object_or_404(Agency, pk=payload.agency) if payload.agency else None
    urc = get_object_or_404(UrcUnit, pk=payload.urc) if payload.urc else None
    try:
        if payload.action == "verify":
            category = (
                get_object_or_404(Category, code=payload.category) if payload.category else None
            )
            lifecycle.case_verify(
                **common,
                category=category,
                agency=agency,
                urc=urc,
                case_type=payload.case_type,
                note=payload.note,
            )
        elif payload.action == "decline":
            lifecycle.case_decline(**common, reason=payload.reason, note=payload.note)
        elif payload.action == "dispatch":
            lifecycle.case_dispatch(**common, agency=agency, urc=urc, note=payload.note)
        elif payload.action == "start":
            lifecycle.case_start(**common, note=payload.note)
        elif payload.action == "pause":
            lifecycle.case_pause(**common, reason=payload.reason)
        elif payload.action == "resume":
            lifecycle.case_resume(**common, note=payload.note)
        elif payload.action == "note":
            lifecycle.case_add_note(**common, note=payload.note, public=payload.public)
        else:
            lifecycle.urc_update(
                **common,
                status=payload.status,
                lat=payload.lat,
                lng=payload.lng,
                note=payload.note,
            )
    except lifecycle.CaseConflict as exc:
        raise HttpError(409, exc.messages[0]) from exc
    case.refresh_from_db()
    return case

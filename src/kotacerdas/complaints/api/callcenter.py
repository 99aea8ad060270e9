"""/api/v1/complaints/callcenter/: call logs (with the 112/119 hand-over note), caller lookup
and shift handovers of Call Center 1500444 (issue #5 item 6). Agents only (403 otherwise)."""

import datetime as dt
from typing import Any

from django.http import HttpRequest
from django.shortcuts import get_object_or_404
from ninja import Field, Query, Router, Schema, Status
from ninja.pagination import LimitOffsetPagination, paginate

from kotacerdas.complaints.models import CallLog, Case, ShiftHandover
from kotacerdas.complaints.selectors import callcenter as selectors
from kotacerdas.complaints.selectors.cases import case_get
from kotacerdas.complaints.services import callcenter as services
from kotacerdas.core.api.auth import TokenAuth, VerifiedSessionAuth

router = Router(auth=[TokenAuth(), VerifiedSessionAuth()])


class CallOut(Schema):
    id: int
    agent: str
    caller_phone: str
    started_at: dt.datetime
    ended_at: dt.datetime | None
    case: str | None = Field(description="nomor lacak laporan yang dibuat dari panggilan ini")
    handed_to: str = Field(description='"", "112" atau "119"')
    note: str

    @staticmethod
    def resolve_agent(obj: CallLog) -> str:
        return obj.agent.get_username()

    @staticmethod
    def resolve_case(obj: CallLog) -> str | None:
        return obj.case.tracking_number if obj.case_id else None


class CallIn(Schema):
    caller_phone: str = ""
    handed_to: str = Field("", description='"", "112" atau "119" (catatan wajib bila dialihkan)')
    note: str = ""
    case: str | None = Field(None, description="nomor lacak laporan terkait (opsional)")
    started_at: dt.datetime | None = None
    ended_at: dt.datetime | None = None


class CallFilter(Schema):
    phone: str = Field("", max_length=40)
    handed_to: str = Field("", description='"112", "119", atau "any"')


class CallerCaseOut(Schema):
    tracking_number: str
    title: str
    state: str
    received_at: dt.datetime
    is_overdue: bool
    category_name: str

    @staticmethod
    def resolve_category_name(obj: Case) -> str:
        return obj.category.name


class HandoverOut(Schema):
    id: int
    agent: str
    at: dt.datetime
    note: str
    open_cases: list[str]
    acknowledged_by: str | None
    acknowledged_at: dt.datetime | None

    @staticmethod
    def resolve_agent(obj: ShiftHandover) -> str:
        return obj.agent.get_username()

    @staticmethod
    def resolve_acknowledged_by(obj: ShiftHandover) -> str | None:
        return obj.acknowledged_by.get_username() if obj.acknowledged_by_id else None


class HandoverIn(Schema):
    note: str
    open_cases: list[str] = Field(default_factory=list, description="nomor lacak yang dipantau")


@router.get(
    "/calls",
    response=list[CallOut],
    summary="Log panggilan",
    description="Semua panggilan, terbaru dahulu; saring per nomor atau pengalihan; limit/offset.",
)
@paginate(LimitOffsetPagination)
def call_list(request: HttpRequest, filters: Query[CallFilter]) -> Any:
    return selectors.call_log_list(
        actor=request.user, phone=filters.phone.strip(), handed_to=filters.handed_to
    )


@router.post(
    "/calls",
    response={201: CallOut},
    summary="Catat panggilan",
    description="Satu panggilan, dengan atau tanpa laporan. Dialihkan ke 112/119 tanpa catatan: "
    "422, tidak ada yang tersimpan.",
)
def call_create(request: HttpRequest, payload: CallIn) -> Any:
    services.require_agent(request.user)
    case = case_get(actor=request.user, tracking_number=payload.case) if payload.case else None
    call = services.call_log_record(
        actor=request.user,
        caller_phone=payload.caller_phone,
        handed_to=payload.handed_to,
        note=payload.note,
        case=case,
        started_at=payload.started_at,
        ended_at=payload.ended_at,
    )
    return Status(201, call)


@router.get(
    "/callers/{phone}/cases",
    response=list[CallerCaseOut],
    summary="Riwayat laporan penelepon",
    description="Laporan sebelumnya dari nomor ini (0812..., +62812... dan 62812... dianggap "
    "sama), terbaru dahulu, paling banyak 20.",
)
def caller_case_list(request: HttpRequest, phone: str) -> Any:
    return selectors.caller_cases(actor=request.user, phone=phone)


@router.get("/handovers", response=list[HandoverOut], summary="Catatan serah terima shift")
@paginate(LimitOffsetPagination)
def handover_list(request: HttpRequest) -> Any:
    return selectors.handover_list(actor=request.user)


@router.post("/handovers", response={201: HandoverOut}, summary="Tulis serah terima shift")
def handover_create(request: HttpRequest, payload: HandoverIn) -> Any:
    handover = services.handover_write(
        actor=request.user, note=payload.note, open_cases=payload.open_cases
    )
    return Status(201, handover)


@router.post(
    "/handovers/{handover_id}/acknowledge",
    response=HandoverOut,
    summary="Terima serah terima shift",
    description="Oleh agen shift berikutnya (bukan penulisnya), sekali saja; selain itu 422.",
)
def handover_acknowledge(request: HttpRequest, handover_id: int) -> Any:
    services.require_agent(request.user)
    handover = get_object_or_404(ShiftHandover, pk=handover_id)
    return services.handover_acknowledge(actor=request.user, handover=handover)

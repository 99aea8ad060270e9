"""/api/v1/institutions/reports: reports of the council, the secretariat and the team, and
their routing (Pasal 12 e-f, 13-14).

Team reports go to the mayor THROUGH the council: routing one to the mayor before the council has
received it gives 422 and writes nothing.
"""

import datetime as dt
from typing import Any

from django.http import HttpRequest
from django.urls import reverse
from ninja import Field, File, Form, Query, Router, Schema, Status
from ninja.files import UploadedFile
from ninja.pagination import LimitOffsetPagination, paginate

from kotacerdas.core.api.auth import TokenAuth, VerifiedSessionAuth
from kotacerdas.institutions.models import BodyReport, BodyReportKind, ReportRouting, RoutingStop
from kotacerdas.institutions.selectors import letters as letter_selectors
from kotacerdas.institutions.selectors import reports as selectors
from kotacerdas.institutions.services import reports as services

router = Router(auth=[TokenAuth(), VerifiedSessionAuth()])


class HopOut(Schema):
    id: int
    step: int
    to: RoutingStop
    sent_at: dt.datetime
    received_at: dt.datetime | None
    letter_id: int | None
    note: str


class ReportOut(Schema):
    id: int
    kind: BodyReportKind
    title: str
    period_start: dt.date
    period_end: dt.date
    summary: str
    status: str
    next_stop: RoutingStop | None = Field(None, description="Tujuan berikutnya menurut alurnya")
    file_url: str | None = Field(None, description="Unduhan berkas (halaman, perlu masuk)")
    file_sha256: str
    monitoring_report_id: int | None
    routing: list[HopOut]
    is_demo: bool

    @staticmethod
    def resolve_status(obj: BodyReport) -> str:
        return selectors.report_status(obj)

    @staticmethod
    def resolve_next_stop(obj: BodyReport) -> str | None:
        return services.next_stop(obj)

    @staticmethod
    def resolve_file_url(obj: BodyReport) -> str | None:
        return reverse("institutions:report_download", args=[obj.pk]) if obj.file else None

    @staticmethod
    def resolve_routing(obj: BodyReport) -> list[ReportRouting]:
        return sorted(obj.routing.all(), key=lambda hop: hop.step)


class ReportFilter(Schema):
    kind: BodyReportKind | None = None
    year: int | None = Field(None, ge=1900, le=2200)
    search: str = Field("", max_length=100)


class ReportIn(Schema):
    kind: BodyReportKind
    title: str = Field(..., max_length=300)
    period_start: dt.date
    period_end: dt.date
    summary: str = ""
    monitoring_report_id: int | None = None


class RouteIn(Schema):
    to: RoutingStop
    sent_at: dt.datetime
    letter_id: int | None = None
    note: str = Field("", max_length=300)


class ReceiveIn(Schema):
    received_at: dt.datetime


@router.get(
    "",
    response=list[ReportOut],
    summary="Daftar laporan kelembagaan",
    description="Saring dengan kind, year, search. Berhalaman (limit/offset).",
)
@paginate(LimitOffsetPagination)
def report_list(request: HttpRequest, filters: Query[ReportFilter]) -> Any:
    return selectors.report_list(
        actor=request.user, kind=filters.kind or "", year=filters.year, search=filters.search
    )


@router.get("/{int:report_id}", response=ReportOut, summary="Rincian laporan dan alurnya")
def report_detail(request: HttpRequest, report_id: int) -> Any:
    return selectors.report_get(actor=request.user, pk=report_id)


@router.post(
    "",
    response={201: ReportOut},
    summary="Catat laporan",
    description="Formulir multipart: kind, title, period_start, period_end, summary, "
    "monitoring_report_id (laporan Dewan) dan file opsional (PDF, DOCX, XLSX, paling besar 10 MB). "
    "Laporan Tim dapat dicatat anggota Tim; lainnya oleh Sekretariat.",
)
def report_create(
    request: HttpRequest, payload: Form[ReportIn], file: File[UploadedFile] = None
) -> Any:
    report = services.body_report_create(actor=request.user, upload=file, **payload.dict())
    return Status(201, report)


@router.post(
    "/{int:report_id}/routing",
    response={201: HopOut},
    summary="Catat pengiriman laporan",
    description="Tim: kepada Dewan lalu Wali Kota (setelah Dewan menerimanya); Dewan: kepada "
    "Wali Kota; Sekretariat: kepada Ketua Dewan. Urutan yang salah: 422.",
)
def report_route(request: HttpRequest, report_id: int, payload: RouteIn) -> Any:
    report = selectors.report_get(actor=request.user, pk=report_id)
    letter = None
    if payload.letter_id:
        letter = letter_selectors.letter_get(actor=request.user, pk=payload.letter_id)
    hop = services.report_route(
        actor=request.user,
        report=report,
        to=payload.to,
        sent_at=payload.sent_at,
        letter=letter,
        note=payload.note,
    )
    return Status(201, hop)


@router.post(
    "/routing/{int:routing_id}/received",
    response=HopOut,
    summary="Catat laporan diterima",
)
def report_received(request: HttpRequest, routing_id: int, payload: ReceiveIn) -> Any:
    hop = selectors.routing_get(actor=request.user, pk=routing_id)
    return services.report_mark_received(
        actor=request.user, routing=hop, received_at=payload.received_at
    )

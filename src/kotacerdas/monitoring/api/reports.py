"""/api/v1/monitoring/reports: periodic reports to the Wali Kota (Pasal 15(3)-(4), 29)."""

from __future__ import annotations

import datetime as dt
from typing import Any

from django.http import FileResponse, HttpRequest
from django.shortcuts import get_object_or_404
from django.urls import reverse
from ninja import Router, Schema
from ninja.errors import HttpError
from ninja.pagination import PageNumberPagination, paginate

from kotacerdas.core.api.auth import TokenAuth, VerifiedSessionAuth
from kotacerdas.core.models import Agency
from kotacerdas.monitoring.models import ReportKind, ReportStatus
from kotacerdas.monitoring.selectors import reports as selectors
from kotacerdas.monitoring.services import reports as services

router = Router(auth=[TokenAuth(), VerifiedSessionAuth()])

CONTENT_TYPES = {
    "pdf": "application/pdf",
    "docx": "application/vnd.openxmlformats-officedocument.wordprocessingml.document",
}


class CopyOut(Schema):
    agency_id: int | None
    agency_name: str
    recipient: str


class ReportOut(Schema):
    id: int
    kind: str
    year: int
    semester: int | None
    period_start: dt.date
    period_end: dt.date
    title: str
    status: str
    progress: int
    progress_note: str
    error: str
    pdf_sha256: str
    docx_sha256: str
    copies: list[CopyOut]
    requested_at: dt.datetime
    generated_at: dt.datetime | None
    links: dict[str, str]

    @staticmethod
    def resolve_links(obj: Any) -> dict[str, str]:
        return _links(obj)

    @staticmethod
    def resolve_copies(obj: Any) -> list[dict[str, Any]]:
        return [
            {
                "agency_id": c.get("agency_id"),
                "agency_name": c.get("agency_name", ""),
                "recipient": c.get("recipient", ""),
            }
            for c in obj.copies or []
        ]


class ReportIn(Schema):
    kind: ReportKind
    year: int | None = None
    semester: int | None = None
    period_start: dt.date | None = None
    period_end: dt.date | None = None


class DistributionIn(Schema):
    recipient: str
    agency_code: str | None = None
    channel: str = ""
    sent_at: dt.datetime
    received_at: dt.datetime | None = None


class DistributionOut(Schema):
    id: int
    recipient: str
    agency_code: str | None
    channel: str
    sent_at: dt.datetime
    received_at: dt.datetime | None


def _links(report: Any) -> dict[str, str]:
    links = {
        "self": f"/api/v1/monitoring/reports/{report.pk}",
        "page": reverse("monitoring_reports:detail", kwargs={"pk": report.pk}),
    }
    if report.status == ReportStatus.DONE:
        for fmt in CONTENT_TYPES:
            links[fmt] = f"/api/v1/monitoring/reports/{report.pk}/files/{fmt}"
    return links


@router.get(
    "",
    response=list[ReportOut],
    summary="Daftar laporan berkala",
    description="Laporan semester, tahunan, dan sewaktu-waktu, terbaru dahulu. Sekretariat Dewan, "
    "Tim Pelaksana, Dewan, pimpinan, walidata, dan administrator melihat semua; petugas "
    "Perangkat Daerah hanya laporan yang ditembuskan ke Perangkat Daerahnya.",
)
@paginate(PageNumberPagination, page_size=25)
def report_list(request: HttpRequest) -> Any:
    return selectors.report_list(actor=request.user)


@router.post(
    "",
    response={201: ReportOut},
    summary="Minta laporan berkala",
    description="Sekretariat Dewan, Tim Pelaksana, atau administrator. `kind`=`semester` perlu "
    "`year` dan `semester` (1 atau 2); `annual` perlu `year`; `adhoc` perlu `period_start` dan "
    "`period_end` dalam satu tahun. Laporan dibuat di latar belakang; pantau `progress` pada "
    "rincian. Isian tidak valid: 422 tanpa perubahan; peran lain: 403.",
)
def report_create(request: HttpRequest, payload: ReportIn) -> Any:
    report = services.report_request(actor=request.user, **payload.model_dump())
    return 201, report


@router.get(
    "/{report_id}",
    response=ReportOut,
    summary="Rincian dan kemajuan laporan",
    description="Status (`queued`, `running`, `done`, `failed`), kemajuan dalam persen, catatan "
    "tahap, SHA-256 berkas, tembusan, dan tautan unduhan setelah selesai.",
)
def report_detail(request: HttpRequest, report_id: int) -> Any:
    return selectors.report_get(actor=request.user, pk=report_id)


@router.post(
    "/{report_id}/regenerate",
    response=ReportOut,
    summary="Buat ulang laporan",
    description="Menjadwalkan pembuatan ulang laporan yang selesai atau gagal. Berkas lama tetap "
    "tersedia sampai berkas baru tersimpan. Laporan yang sedang menunggu atau dibuat: 422, "
    "kecuali administrator dengan `force=true` (pekerja antrean berhenti).",
)
def report_regenerate(request: HttpRequest, report_id: int, force: bool = False) -> Any:
    report = selectors.report_get(actor=request.user, pk=report_id)
    return services.report_regenerate(actor=request.user, report=report, force=force)


@router.get(
    "/{report_id}/files/{fmt}",
    summary="Unduh berkas laporan",
    description="`fmt` = `pdf` atau `docx`. Header `X-Content-SHA256` memuat sidik berkas yang "
    "tersimpan. PDF polos tanpa enkripsi sehingga dapat ditandatangani PAdES kemudian.",
)
def report_file(request: HttpRequest, report_id: int, fmt: str) -> Any:
    if fmt not in CONTENT_TYPES:
        raise HttpError(404, "Format tidak dikenal; gunakan pdf atau docx.")
    report = selectors.report_get(actor=request.user, pk=report_id)
    if report.status != ReportStatus.DONE:
        raise HttpError(409, "Laporan belum selesai dibuat.")
    stored = report.pdf_file if fmt == "pdf" else report.docx_file
    response = FileResponse(
        stored.open("rb"),
        as_attachment=True,
        filename=f"laporan-kota-cerdas-{report.kind}-{report.year}-{report.pk}.{fmt}",
        content_type=CONTENT_TYPES[fmt],
    )
    response["X-Content-SHA256"] = report.pdf_sha256 if fmt == "pdf" else report.docx_sha256
    return response


@router.get(
    "/{report_id}/distributions",
    response=list[DistributionOut],
    summary="Log distribusi laporan",
    description="Siapa menerima laporan, melalui apa, dan kapan.",
)
def distribution_list(request: HttpRequest, report_id: int) -> Any:
    report = selectors.report_get(actor=request.user, pk=report_id)
    return [
        {
            "id": d.pk,
            "recipient": d.recipient,
            "agency_code": d.agency.code if d.agency_id else None,
            "channel": d.channel,
            "sent_at": d.sent_at,
            "received_at": d.received_at,
        }
        for d in selectors.report_distributions(report=report)
    ]


@router.post(
    "/{report_id}/distributions",
    response={201: DistributionOut},
    summary="Catat distribusi laporan",
    description="Sekretariat Dewan, Tim Pelaksana, atau administrator mencatat pengiriman laporan "
    "yang sudah selesai kepada Wali Kota atau Kepala Perangkat Daerah (tembusan).",
)
def distribution_create(request: HttpRequest, report_id: int, payload: DistributionIn) -> Any:
    report = selectors.report_get(actor=request.user, pk=report_id)
    agency = get_object_or_404(Agency, code=payload.agency_code) if payload.agency_code else None
    row = services.report_distribution_record(
        actor=request.user,
        report=report,
        recipient=payload.recipient,
        agency=agency,
        channel=payload.channel,
        sent_at=payload.sent_at,
        received_at=payload.received_at,
    )
    return 201, {
        "id": row.pk,
        "recipient": row.recipient,
        "agency_code": agency.code if agency else None,
        "channel": row.channel,
        "sent_at": row.sent_at,
        "received_at": row.received_at,
    }

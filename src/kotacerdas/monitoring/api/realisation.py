"""/api/v1/monitoring/realisations: realisation per quarter (Issue 3 items 5 and 10).

Scoped exactly like the services: an agency officer reads and writes only their agency's
activities; read-all roles (Tim Pelaksana, pimpinan, walidata, administrator) read every
agency; only the Tim Pelaksana (or an administrator) verifies, returns and locks. Every
write carries `expected_version`; a stale one gives 409 and changes nothing. Amounts are
decimal strings (rupiah, percent) so nothing is lost to floating point.
"""

import datetime as dt
from decimal import Decimal
from typing import Any

from django.db import transaction
from django.http import HttpRequest
from ninja import Field, Query, Router, Schema
from ninja.errors import HttpError
from ninja.pagination import PageNumberPagination, paginate

from kotacerdas.core.api.auth import TokenAuth, VerifiedSessionAuth
from kotacerdas.monitoring.models import Realisation, RealisationStatus
from kotacerdas.monitoring.selectors import realisation as selectors
from kotacerdas.monitoring.services import realisation as services
from kotacerdas.monitoring.services.periods import period_ensure

router = Router(auth=[TokenAuth(), VerifiedSessionAuth()])


class IndicatorValueOut(Schema):
    indicator_id: int
    indicator_code: str
    value: Decimal


class EvidenceOut(Schema):
    id: int
    original_name: str
    content_type: str
    size: int
    sha256: str
    uploaded_at: dt.datetime


class RealisationOut(Schema):
    id: int
    activity_id: int
    activity_code: str
    activity_name: str
    agency_id: int | None
    year: int
    quarter: int
    physical_progress: Decimal | None = Field(description="Progres fisik kumulatif (%)")
    budget_realised: Decimal | None = Field(description="Realisasi anggaran kumulatif (Rp)")
    status: RealisationStatus
    return_reason: str
    version: int = Field(description="Kirim kembali sebagai expected_version saat mengubah")
    submitted_at: dt.datetime | None
    verified_at: dt.datetime | None
    updated_at: dt.datetime

    @staticmethod
    def resolve_activity_code(obj: Realisation) -> str:
        return obj.activity.code

    @staticmethod
    def resolve_activity_name(obj: Realisation) -> str:
        return obj.activity.name

    @staticmethod
    def resolve_agency_id(obj: Realisation) -> int | None:
        return obj.activity.agency_id

    @staticmethod
    def resolve_year(obj: Realisation) -> int:
        return obj.period.year

    @staticmethod
    def resolve_quarter(obj: Realisation) -> int:
        return obj.period.quarter


class RealisationDetailOut(RealisationOut):
    problems: str
    driving_factors: str
    inhibiting_factors: str
    follow_up_plan: str
    indicator_values: list[IndicatorValueOut]
    evidence: list[EvidenceOut]
    lock_reason: str = Field(description="Alasan penguncian periode, bila periode dikunci")

    @staticmethod
    def resolve_indicator_values(obj: Realisation) -> list[dict[str, Any]]:
        return [
            {"indicator_id": iid, "indicator_code": code, "value": value}
            for iid, code, value in obj.indicator_values.order_by("indicator__code").values_list(
                "indicator_id", "indicator__code", "value"
            )
        ]

    @staticmethod
    def resolve_evidence(obj: Realisation, context: Any) -> list[Any]:
        return selectors.evidence_list(actor=context["request"].user, realisation=obj)

    @staticmethod
    def resolve_lock_reason(obj: Realisation) -> str:
        return obj.period.lock_reason if obj.period.is_locked else ""


class RealisationFilter(Schema):
    year: int | None = None
    quarter: int | None = Field(None, ge=1, le=4)
    status: RealisationStatus | None = None
    agency: int | None = Field(None, description="id Perangkat Daerah")


class RealisationFields(Schema):
    physical_progress: Decimal | None = Field(None, description="0-100, kumulatif")
    budget_realised: Decimal | None = Field(None, description="Rupiah, >= 0, <= pagu tahun")
    problems: str | None = None
    driving_factors: str | None = None
    inhibiting_factors: str | None = None
    follow_up_plan: str | None = None
    indicator_values: dict[int, Decimal | None] | None = Field(
        None, description="{id indikator: nilai}; null menghapus nilai"
    )


class RealisationCreateIn(RealisationFields):
    activity_id: int
    year: int = Field(..., ge=2000, le=2100)
    quarter: int = Field(..., ge=1, le=4)


class RealisationUpdateIn(RealisationFields):
    expected_version: int = Field(..., description="Versi yang terakhir Anda baca")


class VersionIn(Schema):
    expected_version: int


class ReturnIn(VersionIn):
    reason: str = Field(..., description="Alasan pengembalian (wajib)")


def _conflict(exc: services.RealisationConflict) -> HttpError:
    return HttpError(409, str(exc))


def _data(payload: RealisationFields) -> dict[str, Any]:
    data = payload.model_dump(exclude_unset=True)
    for key in ("activity_id", "year", "quarter", "expected_version"):
        data.pop(key, None)
    for key in services.TEXT_FIELDS:
        if key in data and data[key] is None:
            data[key] = ""
    if data.get("indicator_values") is None:
        data.pop("indicator_values", None)
    return data


def _get(request: HttpRequest, realisation_id: int) -> Realisation:
    return selectors.realisation_get(actor=request.user, pk=realisation_id)


@router.get(
    "",
    response=list[RealisationOut],
    summary="Daftar realisasi",
    description="Realisasi per triwulan yang boleh dilihat pengguna: petugas Perangkat Daerah "
    "hanya milik Perangkat Daerahnya; Tim Pelaksana, pimpinan, walidata dan administrator "
    "semuanya. Saring dengan year, quarter, status, agency.",
)
@paginate(PageNumberPagination, page_size=50)
def realisation_list(request: HttpRequest, filters: Query[RealisationFilter]) -> Any:
    return selectors.realisation_list(
        actor=request.user,
        year=filters.year,
        quarter=filters.quarter,
        status=filters.status or "",
        agency_id=filters.agency,
    )


@router.get(
    "/verification-queue",
    response=list[RealisationOut],
    summary="Antrean verifikasi",
    description="Realisasi berstatus diajukan, yang terlama lebih dahulu. Hanya Tim Pelaksana "
    "dan administrator (selain itu 403).",
)
@paginate(PageNumberPagination, page_size=50)
def realisation_queue(request: HttpRequest, agency: int | None = None) -> Any:
    return selectors.verification_queue(actor=request.user, agency_id=agency)


@router.get(
    "/{int:realisation_id}",
    response=RealisationDetailOut,
    summary="Rincian realisasi",
    description="Satu realisasi dengan nilai indikator dan metadata bukti dukung (SHA-256). "
    "Di luar cakupan pengguna: 404.",
)
def realisation_detail(request: HttpRequest, realisation_id: int) -> Any:
    return _get(request, realisation_id)


@router.post(
    "",
    response={201: RealisationDetailOut},
    summary="Buat draf realisasi",
    description="Membuat draf realisasi kegiatan untuk satu triwulan. Hanya petugas Perangkat "
    "Daerah pelaksana (atau administrator). Bila sudah ada: 409 (ubah dengan PATCH). Periode "
    "dikunci, progres di luar 0-100, anggaran negatif atau melebihi pagu, nilai indikator di "
    "atas maksimum: 422 tanpa perubahan.",
)
def realisation_create(request: HttpRequest, payload: RealisationCreateIn) -> Any:
    activity = selectors.activity_get_for_actor(actor=request.user, pk=payload.activity_id)
    try:
        with transaction.atomic():  # the period row is rolled back with a refused save
            period = period_ensure(year=payload.year, quarter=payload.quarter)
            realisation = services.realisation_save_draft(
                actor=request.user,
                activity=activity,
                period=period,
                data=_data(payload),
                expected_version=0,
            )
    except services.RealisationConflict as exc:
        raise _conflict(exc) from exc
    return 201, _get(request, realisation.pk)


@router.patch(
    "/{int:realisation_id}",
    response=RealisationDetailOut,
    summary="Ubah draf realisasi",
    description="Hanya kolom yang dikirim yang diubah. `expected_version` wajib: bila data "
    "telah diubah orang lain sejak Anda membacanya, 409 dan tidak ada yang berubah. Hanya "
    "draf atau yang dikembalikan yang dapat diubah (selain itu 422).",
)
def realisation_update(
    request: HttpRequest, realisation_id: int, payload: RealisationUpdateIn
) -> Any:
    realisation = _get(request, realisation_id)
    try:
        services.realisation_save_draft(
            actor=request.user,
            activity=realisation.activity,
            period=realisation.period,
            data=_data(payload),
            expected_version=payload.expected_version,
        )
    except services.RealisationConflict as exc:
        raise _conflict(exc) from exc
    return _get(request, realisation_id)


def _transition(request: HttpRequest, realisation_id: int, call) -> Any:
    realisation = _get(request, realisation_id)
    try:
        call(realisation)
    except services.RealisationConflict as exc:
        raise _conflict(exc) from exc
    return _get(request, realisation_id)


@router.post(
    "/{int:realisation_id}/submit",
    response=RealisationDetailOut,
    summary="Ajukan realisasi",
    description="Draf atau yang dikembalikan -> diajukan. Perlu progres, realisasi anggaran dan "
    "target tahun berjalan untuk setiap indikator kegiatan (422 dengan pesannya).",
)
def realisation_submit(request: HttpRequest, realisation_id: int, payload: VersionIn) -> Any:
    return _transition(
        request,
        realisation_id,
        lambda r: services.realisation_submit(
            actor=request.user, realisation=r, expected_version=payload.expected_version
        ),
    )


@router.post(
    "/{int:realisation_id}/verify",
    response=RealisationDetailOut,
    summary="Verifikasi realisasi",
    description="Diajukan -> diverifikasi. Hanya Tim Pelaksana atau administrator.",
)
def realisation_verify(request: HttpRequest, realisation_id: int, payload: VersionIn) -> Any:
    return _transition(
        request,
        realisation_id,
        lambda r: services.realisation_verify(
            actor=request.user, realisation=r, expected_version=payload.expected_version
        ),
    )


@router.post(
    "/{int:realisation_id}/return",
    response=RealisationDetailOut,
    summary="Kembalikan realisasi",
    description="Diajukan atau diverifikasi -> dikembalikan ke Perangkat Daerah dengan alasan "
    "(wajib). Hanya Tim Pelaksana atau administrator.",
)
def realisation_return(request: HttpRequest, realisation_id: int, payload: ReturnIn) -> Any:
    return _transition(
        request,
        realisation_id,
        lambda r: services.realisation_return(
            actor=request.user,
            realisation=r,
            expected_version=payload.expected_version,
            reason=payload.reason,
        ),
    )


@router.post(
    "/{int:realisation_id}/lock",
    response=RealisationDetailOut,
    summary="Kunci realisasi",
    description="Diverifikasi -> dikunci; tidak dapat diubah lagi. Hanya Tim Pelaksana atau "
    "administrator.",
)
def realisation_lock(request: HttpRequest, realisation_id: int, payload: VersionIn) -> Any:
    return _transition(
        request,
        realisation_id,
        lambda r: services.realisation_lock(
            actor=request.user, realisation=r, expected_version=payload.expected_version
        ),
    )

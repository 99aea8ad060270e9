"""/api/v1/monitoring/evaluation: evaluation figures (Issue 3, item 6) and recommendations
(item 7). City, dimension and Quick Win figures are public (as on the transparency page);
the rest needs a signed-in user; recommendations are scoped to the officer's agency."""

import datetime as dt
from decimal import Decimal
from typing import Any

from django.core.exceptions import PermissionDenied
from django.http import HttpRequest
from django.shortcuts import get_object_or_404
from django.utils import timezone
from django.utils.translation import gettext as _
from ninja import Query, Router, Schema
from ninja.errors import HttpError
from ninja.pagination import PageNumberPagination, paginate

from kotacerdas.core.models import Agency
from kotacerdas.masterplan.models import Activity, Dimension
from kotacerdas.monitoring.evaluation.achievement import Band
from kotacerdas.monitoring.selectors import evaluation as selectors
from kotacerdas.monitoring.selectors import recommendations as recommendation_selectors
from kotacerdas.monitoring.services import recommendations as recommendation_services

router = Router()


def _signed_in(request: HttpRequest) -> None:
    if not request.user.is_authenticated:
        raise PermissionDenied(_("Masuk terlebih dahulu."))


# --- schemas ---------------------------------------------------------------------------------


class BandOut(Schema):
    label: str
    colour: str
    min: Decimal


def _band(band: Band | None) -> dict | None:
    return None if band is None else {"label": band.label, "colour": band.colour, "min": band.min}


class PeriodQuery(Schema):
    year: int | None = None
    quarter: int | None = None
    weighting: str = "budget"


class NodeOut(Schema):
    name: str
    achievement: Decimal | None
    band: BandOut | None
    weight: Decimal
    share: Decimal | None
    counted: int
    blank: int
    children: list["NodeOut"] = []


NodeOut.model_rebuild()


class ElementOut(Schema):
    code: str
    name: str
    achievement: Decimal | None
    band: BandOut | None
    weight: Decimal
    share: Decimal | None
    counted: int
    blank: int


class DimensionOut(Schema):
    code: str
    name: str
    achievement: Decimal | None
    band: BandOut | None
    weight: Decimal
    share: Decimal | None
    counted: int
    blank: int
    elements: list[ElementOut]


class CityOut(Schema):
    year: int
    quarter: int | None
    achievement: Decimal | None
    band: BandOut | None
    weighting: str
    counted: int
    blank: int
    cap: Decimal
    bands: list[BandOut]
    dimensions: list[DimensionOut]


class DimensionDetailOut(DimensionOut):
    year: int
    quarter: int | None
    weighting: str
    programs_by_element: dict[str, list[NodeOut]]


class ImplementerOut(Schema):
    rank: int | None
    name: str
    kind: str
    agency_id: int | None
    organisation_id: int | None
    achievement: Decimal | None
    band: BandOut | None
    activities: int
    blank: int
    budget_allocated: Decimal
    budget_realised: Decimal


class QuickWinOut(Schema):
    activity_code: str
    activity_name: str
    agency_name: str
    achievement: Decimal | None
    band: BandOut | None
    physical_progress: Decimal | None
    status_label: str


class RoadmapOut(Schema):
    node_name: str
    agency_name: str
    planned_start: int | None
    planned_end: int | None
    phase: str
    actual_status: str
    variance_label: str
    level: str


class IndexOut(Schema):
    year: int
    score: Decimal | None
    components: dict[str, Decimal | None]
    weights: dict[str, Any]


class ReadinessOut(Schema):
    year: int
    total: Decimal | None
    by_aspect: dict[str, Decimal | None]
    answered: dict[str, int]
    questions: dict[str, int]


class RecommendationOut(Schema):
    id: int
    source: str
    title: str
    description: str
    year: int
    quarter: int | None
    dimension_code: str | None
    activity_id: int | None
    owner_agency_code: str | None
    owner_team: str
    due_date: dt.date
    status: str
    carried_from_id: int | None
    follow_up_count: int
    overdue: bool


class RecommendationIn(Schema):
    source: str
    title: str
    description: str = ""
    year: int
    quarter: int | None = None
    dimension_code: str | None = None
    activity_id: int | None = None
    owner_agency_code: str | None = None
    owner_team: str = ""
    due_date: dt.date


class FollowUpIn(Schema):
    date: dt.date
    note: str
    progress: int


class FollowUpOut(Schema):
    id: int
    date: dt.date
    note: str
    progress: int


class StatusIn(Schema):
    status: str
    reason: str = ""


class RecommendationFilter(Schema):
    year: int | None = None
    status: str = ""
    source: str = ""
    agency_code: str = ""
    overdue: bool = False


# --- converters ------------------------------------------------------------------------------


def _year(query: PeriodQuery) -> dict:
    year = query.year or timezone.localdate().year
    quarter = query.quarter if query.quarter in (1, 2, 3, 4) else None
    return {"year": year, "quarter": quarter, "weighting": query.weighting}


def _node(node) -> dict:
    return {
        "name": node.name,
        "achievement": node.achievement,
        "band": _band(node.band),
        "weight": node.weight,
        "share": node.share,
        "counted": node.counted,
        "blank": node.blank,
        "children": [_node(c) for c in node.children],
    }


def _dimension(d: selectors.DimensionEvaluation) -> dict:
    return {
        "code": d.dimension.code,
        "name": d.dimension.name,
        "achievement": d.achievement,
        "band": _band(d.band),
        "weight": d.weight,
        "share": d.share,
        "counted": d.counted,
        "blank": d.blank,
        "elements": [
            {
                "code": e.element.code,
                "name": e.element.name,
                "achievement": e.achievement,
                "band": _band(e.band),
                "weight": e.weight,
                "share": e.share,
                "counted": e.counted,
                "blank": e.blank,
            }
            for e in d.elements
        ],
    }


def _recommendation(r) -> dict:
    today = timezone.localdate()
    return {
        "id": r.pk,
        "source": r.source,
        "title": r.title,
        "description": r.description,
        "year": r.year,
        "quarter": r.quarter,
        "dimension_code": r.dimension.code if r.dimension_id else None,
        "activity_id": r.activity_id,
        "owner_agency_code": r.owner_agency.code if r.owner_agency_id else None,
        "owner_team": r.owner_team,
        "due_date": r.due_date,
        "status": r.status,
        "carried_from_id": r.carried_from_id,
        "follow_up_count": getattr(r, "follow_up_count", 0),
        "overdue": bool(
            r.due_date < today
            and r.status in recommendation_services.OPEN_STATUSES
            and not getattr(r, "is_carried", False)
        ),
    }


# --- evaluation endpoints --------------------------------------------------------------------


@router.get(
    "/city",
    response=CityOut,
    summary="Capaian kota",
    description="Capaian kota, setiap dimensi dan unsur untuk `year` (bawaan: tahun ini), "
    "sampai `quarter` (1-4; kosong = setahun). `weighting`: `budget` (alokasi anggaran, "
    "bawaan) atau `equal`. Hanya realisasi terverifikasi/dikunci yang dihitung; `counted` dan "
    "`blank` = jumlah kegiatan dengan dan tanpa data terverifikasi (yang kosong tidak dihitung). "
    "Publik.",
)
def city(request: HttpRequest, query: Query[PeriodQuery]) -> Any:
    result = selectors.evaluation_city(**_year(query))
    return {
        "year": result.year,
        "quarter": result.quarter,
        "achievement": result.achievement,
        "band": _band(result.band),
        "weighting": result.weighting,
        "counted": result.counted,
        "blank": result.blank,
        "cap": result.cap,
        "bands": [_band(b) for b in result.bands],
        "dimensions": [_dimension(d) for d in result.dimensions],
    }


@router.get(
    "/dimension/{code}",
    response=DimensionDetailOut,
    summary="Capaian satu dimensi",
    description="Satu dimensi (kode GOV, BRA, ECO, LIV, SOC, ENV) dengan unsur dan pohon "
    "program prioritas -> program -> kegiatan per unsur, berikut bobot (`weight`, `share` %) "
    "dan jumlah kegiatan kosong. 404 untuk kode tak dikenal. Publik.",
)
def dimension(request: HttpRequest, code: str, query: Query[PeriodQuery]) -> Any:
    city_result, dim = selectors.evaluation_dimension(code=code, **_year(query))
    return {
        **_dimension(dim),
        "year": city_result.year,
        "quarter": city_result.quarter,
        "weighting": city_result.weighting,
        "programs_by_element": {
            e.element.code: [_node(c) for c in e.children] for e in dim.elements
        },
    }


@router.get(
    "/implementers",
    response=list[ImplementerOut],
    summary="Peringkat pelaksana",
    description="Pasal 29 ayat 3 huruf b: setiap pelaksana, `kind` `pemerintah` (Perangkat "
    "Daerah) atau `non_pemerintah` (pemangku kepentingan), dengan capaian berbobot anggaran, "
    "peringkat (null bila belum ada data), anggaran dialokasikan dan direalisasikan. Perlu masuk.",
)
def implementers(request: HttpRequest, query: Query[PeriodQuery]) -> Any:
    _signed_in(request)
    period = _year(query)
    rows = selectors.implementer_ranking(year=period["year"], quarter=period["quarter"])
    return [{**r.__dict__, "band": _band(r.band)} for r in rows]


@router.get(
    "/quick-wins",
    response=list[QuickWinOut],
    summary="Status Quick Win",
    description="Kegiatan Quick Win (ditandai pada kegiatan, program, atau program prioritas) "
    "dengan capaian, progres fisik terverifikasi terakhir dan status. Publik.",
)
def quick_wins(request: HttpRequest, query: Query[PeriodQuery]) -> Any:
    period = _year(query)
    rows = selectors.quick_win_status(year=period["year"], quarter=period["quarter"])
    return [
        {
            "activity_code": r.activity.code,
            "activity_name": r.activity.name,
            "agency_name": r.agency_name,
            "achievement": r.achievement,
            "band": _band(r.band),
            "physical_progress": r.physical_progress,
            "status_label": r.status_label,
        }
        for r in rows
    ]


@router.get(
    "/roadmap-variance",
    response=list[RoadmapOut],
    summary="Varians peta jalan",
    description="Rencana (tahun mulai/selesai, tahap) dibanding status nyata dari realisasi "
    "terverifikasi tahun itu (`belum mulai`, `berjalan`, `selesai`). `level`: `kegiatan` "
    "(bawaan), `program`, `program_prioritas`, atau `semua`. Perlu masuk.",
)
def roadmap_variance(
    request: HttpRequest, query: Query[PeriodQuery], level: str = "kegiatan"
) -> Any:
    _signed_in(request)
    if level not in (*selectors.LEVELS, "semua"):
        raise HttpError(422, _("Tingkat tidak dikenal."))
    rows = selectors.roadmap_variance(
        year=_year(query)["year"], level="" if level == "semua" else level
    )
    return [r.__dict__ for r in rows]


@router.get(
    "/national-index",
    response=IndexOut,
    summary="Indeks evaluasi kota cerdas nasional",
    description="Lima komponen (baseline, output, outcome, impact, quick_win; masing-masing "
    "0-100, null bila belum ada data) dan bobot tahun itu; skor = rata-rata berbobot komponen "
    "yang ada. Perlu masuk.",
)
def national_index(request: HttpRequest, query: Query[PeriodQuery]) -> Any:
    _signed_in(request)
    year = _year(query)["year"]
    index = selectors.national_index(year=year)
    return {"year": year, **index.__dict__}


@router.get(
    "/readiness",
    response=ReadinessOut,
    summary="Skor kesiapan (Pasal 6 huruf a)",
    description="Skor per aspek (struktur, infrastruktur, suprastruktur) dan total dalam persen, "
    "hanya atas butir yang dijawab; `answered`/`questions` menyebut berapa butir dijawab. "
    "Perlu masuk.",
)
def readiness(request: HttpRequest, query: Query[PeriodQuery]) -> Any:
    _signed_in(request)
    year = _year(query)["year"]
    score = selectors.readiness_score(year=year)
    return {"year": year, **score.__dict__}


# --- recommendations -------------------------------------------------------------------------


@router.get(
    "/recommendations",
    response=list[RecommendationOut],
    summary="Daftar rekomendasi",
    description="Rekomendasi Dewan dan Tim Pelaksana. Petugas Perangkat Daerah hanya melihat "
    "milik Perangkat Daerahnya. `overdue=true`: melewati tenggat dan belum selesai/dibatalkan.",
)
@paginate(PageNumberPagination, page_size=50)
def recommendation_list(request: HttpRequest, filters: Query[RecommendationFilter]) -> Any:
    _signed_in(request)
    if filters.overdue:
        queryset = recommendation_selectors.recommendation_overdue(actor=request.user)
    else:
        agency_id = None
        if filters.agency_code:
            agency_id = get_object_or_404(Agency, code=filters.agency_code).pk
        queryset = recommendation_selectors.recommendation_list(
            actor=request.user,
            year=filters.year,
            status=filters.status,
            source=filters.source,
            agency_id=agency_id,
        )
    return [_recommendation(r) for r in queryset]


@router.get(
    "/recommendations/{pk}",
    response=RecommendationOut,
    summary="Rincian rekomendasi",
    description="404 bila tidak ada atau di luar cakupan Perangkat Daerah pengguna.",
)
def recommendation_detail(request: HttpRequest, pk: int) -> Any:
    _signed_in(request)
    return _recommendation(recommendation_selectors.recommendation_get(actor=request.user, pk=pk))


@router.post(
    "/recommendations",
    response={201: RecommendationOut},
    summary="Ajukan rekomendasi",
    description="Pasal 9 ayat 2 huruf b-d, Pasal 13 huruf c. Anggota/sekretariat Dewan "
    "(`source`=`council`), Tim Pelaksana (`team`) atau administrator. Satu penanggung jawab: "
    "`owner_agency_code` atau `owner_team`. Isian tidak valid: 422 tanpa perubahan.",
)
def recommendation_create(request: HttpRequest, payload: RecommendationIn) -> Any:
    _signed_in(request)
    agency = (
        get_object_or_404(Agency, code=payload.owner_agency_code)
        if payload.owner_agency_code
        else None
    )
    dim = (
        get_object_or_404(Dimension, code=payload.dimension_code)
        if payload.dimension_code
        else None
    )
    activity = get_object_or_404(Activity, pk=payload.activity_id) if payload.activity_id else None
    created = recommendation_services.recommendation_raise(
        actor=request.user,
        source=payload.source,
        title=payload.title,
        description=payload.description,
        year=payload.year,
        quarter=payload.quarter,
        dimension=dim,
        activity=activity,
        owner_agency=agency,
        owner_team=payload.owner_team,
        due_date=payload.due_date,
    )
    return 201, _recommendation(
        recommendation_selectors.recommendation_get(actor=request.user, pk=created.pk)
    )


@router.post(
    "/recommendations/{pk}/follow-ups",
    response={201: FollowUpOut},
    summary="Catat tindak lanjut",
    description="Petugas Perangkat Daerah pemilik rekomendasi, Tim Pelaksana atau administrator. "
    "`progress` 0-100; tanggal tidak di masa depan. Rekomendasi selesai/dibatalkan: 422.",
)
def follow_up_create(request: HttpRequest, pk: int, payload: FollowUpIn) -> Any:
    _signed_in(request)
    recommendation = recommendation_selectors.recommendation_get(actor=request.user, pk=pk)
    follow_up = recommendation_services.follow_up_add(
        actor=request.user,
        recommendation=recommendation,
        date=payload.date,
        note=payload.note,
        progress=payload.progress,
    )
    return 201, follow_up


@router.post(
    "/recommendations/{pk}/status",
    response=RecommendationOut,
    summary="Ubah status rekomendasi",
    description="Dewan, Tim Pelaksana atau administrator: `done`, `dropped` (wajib `reason`), "
    "atau kembali `open`/`in_progress` (wajib `reason`). Alasan dicatat di riwayat.",
)
def recommendation_status(request: HttpRequest, pk: int, payload: StatusIn) -> Any:
    _signed_in(request)
    recommendation = recommendation_selectors.recommendation_get(actor=request.user, pk=pk)
    recommendation_services.recommendation_set_status(
        actor=request.user,
        recommendation=recommendation,
        status=payload.status,
        reason=payload.reason,
    )
    return _recommendation(recommendation_selectors.recommendation_get(actor=request.user, pk=pk))

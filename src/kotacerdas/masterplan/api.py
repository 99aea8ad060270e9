"""/api/v1/masterplan: dimensions (Pasal 15-22), priority programs, programs and activities of
the program tree (Pasal 7) with budgets (Pasal 30), indicators and targets; scoped writes and
CSV/XLSX imports. Reads are public like the plan itself; writes need a token or a session."""

import decimal
from typing import Any

from django.http import HttpRequest
from django.utils import timezone
from django.utils.translation import gettext as _
from ninja import Field, File, Query, Router, Schema
from ninja.errors import HttpError
from ninja.files import UploadedFile
from ninja.pagination import PageNumberPagination, paginate
from pydantic import ConfigDict

from kotacerdas.core.api.auth import TokenAuth, VerifiedSessionAuth
from kotacerdas.core.api.errors import error_response
from kotacerdas.core.models import Agency, Organisation
from kotacerdas.masterplan.models import (
    BudgetSource,
    Dimension,
    Element,
    IndicatorAggregation,
    IndicatorDirection,
    IndicatorFrequency,
    IndicatorLevel,
    PriorityProgram,
    RoadmapPhase,
)
from kotacerdas.masterplan.selectors import reference as reference_selectors
from kotacerdas.masterplan.selectors import tree as selectors
from kotacerdas.masterplan.services import importing
from kotacerdas.masterplan.services import tree as services

router = Router()
WRITE_AUTH = [TokenAuth(), VerifiedSessionAuth()]


# --- schemas -----------------------------------------------------------------------------------


class ElementOut(Schema):
    code: str
    name_id: str
    name_en: str


class DimensionOut(Schema):
    code: str = Field(description="GOV, BRA, ECO, LIV, SOC, ENV")
    name_id: str
    name_en: str
    article: str
    elements: list[ElementOut]
    priority_areas: list[ElementOut] = Field(description="Bidang program prioritas Pasal 22")


class PriorityProgramOut(Schema):
    number: int
    code: str
    name: str
    rpjmd_period: str
    dimension: str | None
    priority_area: str | None
    quick_win: bool
    roadmap_start_year: int | None
    roadmap_end_year: int | None
    phase: str
    is_demo: bool

    @staticmethod
    def resolve_dimension(obj: Any) -> str | None:
        return obj.dimension.code if obj.dimension_id else None

    @staticmethod
    def resolve_priority_area(obj: Any) -> str | None:
        return obj.priority_area.code if obj.priority_area_id else None


class NodeOut(Schema):
    id: int
    code: str
    name: str
    description: str
    agency: str | None = Field(None, description="Kode Perangkat Daerah")
    organisation: str | None = Field(None, description="Pemangku kepentingan (partisipatif)")
    dimension: str | None
    elements: list[str]
    quick_win: bool
    roadmap_start_year: int | None
    roadmap_end_year: int | None
    phase: str
    is_demo: bool

    @staticmethod
    def resolve_agency(obj: Any) -> str | None:
        return obj.agency.code if obj.agency_id else None

    @staticmethod
    def resolve_organisation(obj: Any) -> str | None:
        return obj.organisation.name if obj.organisation_id else None

    @staticmethod
    def resolve_dimension(obj: Any) -> str | None:
        return obj.dimension.code if obj.dimension_id else None

    @staticmethod
    def resolve_elements(obj: Any) -> list[str]:
        return sorted(e.code for e in obj.elements.all())


class ProgramOut(NodeOut):
    priority_program: int | None = Field(None, description="Nomor program prioritas")
    is_participatory: bool
    budget_total: decimal.Decimal | None = Field(None, description="Anggaran tahun `year` (Rp)")
    activity_count: int | None = None

    @staticmethod
    def resolve_priority_program(obj: Any) -> int | None:
        return obj.priority_program.number if obj.priority_program_id else None


class ActivityOut(NodeOut):
    program: str = Field(description="Kode program")
    program_id: int
    budget_total: decimal.Decimal | None = Field(None, description="Anggaran tahun `year` (Rp)")

    @staticmethod
    def resolve_program(obj: Any) -> str:
        return obj.program.code


class BudgetOut(Schema):
    year: int
    source: BudgetSource
    amount: decimal.Decimal


class TargetOut(Schema):
    year: int
    value: decimal.Decimal


class IndicatorOut(Schema):
    id: int
    code: str
    name: str
    definition: str
    level: str
    unit: str
    max_value: decimal.Decimal | None
    direction: str
    aggregation: str
    frequency: str
    baseline_value: decimal.Decimal | None
    baseline_year: int | None
    data_source: str
    verification_means: str
    iso37122_code: str
    sdg_code: str
    targets: list[TargetOut]

    @staticmethod
    def resolve_targets(obj: Any) -> list[Any]:
        return list(obj.targets.all())


class SubActivityOut(Schema):
    id: int
    code: str
    name: str


class ActivityDetailOut(ActivityOut):
    budgets: list[BudgetOut]
    indicators: list[IndicatorOut]
    sub_activities: list[SubActivityOut]

    @staticmethod
    def resolve_budgets(obj: Any) -> list[Any]:
        return list(obj.budgets.all())

    @staticmethod
    def resolve_indicators(obj: Any) -> list[Any]:
        return list(obj.indicators.all())

    @staticmethod
    def resolve_sub_activities(obj: Any) -> list[Any]:
        return list(obj.sub_activities.all())


class NodeIn(Schema):
    """Only the fields sent are changed (PATCH). Codes refer to reference data."""

    model_config = ConfigDict(extra="forbid")

    name: str | None = Field(None, min_length=1, max_length=300)
    description: str | None = Field(None, max_length=5000)
    dimension: str | None = Field(None, description="Kode dimensi, mis. GOV")
    elements: list[str] | None = Field(None, description="Kode unsur, mis. ['GOV.1']")
    quick_win: bool | None = None
    roadmap_start_year: int | None = None
    roadmap_end_year: int | None = None
    phase: RoadmapPhase | None = None


class ProgramIn(NodeIn):
    code: str | None = Field(None, description="Permendagri 90/2019: X.XX.XX")
    agency: str | None = Field(None, description="Kode Perangkat Daerah")
    organisation_id: int | None = Field(None, description="Pemangku kepentingan non-pemerintah")
    priority_program: int | None = Field(None, description="Nomor program prioritas")


class ActivityIn(NodeIn):
    code: str | None = Field(None, description="X.XX.XX.X.XX diawali kode programnya")
    program_id: int | None = Field(None, description="Wajib saat membuat kegiatan")


class BudgetIn(Schema):
    year: int
    source: BudgetSource
    amount: decimal.Decimal = Field(description="Rupiah; 0 menghapus alokasi; negatif ditolak")


class ImportOut(Schema):
    rows: int
    created: dict[str, int]
    updated: dict[str, int]


class ProgramFilter(Schema):
    dimension: str = ""
    agency: str = ""
    quick_win: bool | None = None
    priority_program: int | None = None
    year: int = Field(default_factory=lambda: timezone.localdate().year)


class ActivityFilter(Schema):
    dimension: str = ""
    agency: str = ""
    quick_win: bool | None = None
    program_id: int | None = None
    priority_program: int | None = None
    search: str = Field("", max_length=100)
    year: int = Field(default_factory=lambda: timezone.localdate().year)


# --- helpers -----------------------------------------------------------------------------------


def _resolve(data: dict[str, Any]) -> dict[str, Any]:
    """Codes in a payload -> model instances, with a clear 422 for unknown ones."""
    from django.core.exceptions import ValidationError

    errors: dict[str, str] = {}
    if "dimension" in data and data["dimension"] is not None:
        data["dimension"] = Dimension.objects.filter(code=data["dimension"].upper()).first()
        if data["dimension"] is None:
            errors["dimension"] = _("Kode dimensi tidak dikenal.")
    if "elements" in data:
        codes = [c.upper() for c in data["elements"] or []]
        found = {e.code: e for e in Element.objects.filter(code__in=codes)}
        unknown = [c for c in codes if c not in found]
        if unknown:
            errors["elements"] = _("Kode unsur tidak dikenal: %(codes)s.") % {
                "codes": ", ".join(unknown)
            }
        data["elements"] = [found[c] for c in codes if c in found]
    if "agency" in data and data["agency"] is not None:
        data["agency"] = Agency.objects.filter(code=data["agency"].upper()).first()
        if data["agency"] is None:
            errors["agency"] = _("Kode Perangkat Daerah tidak dikenal.")
    if "organisation_id" in data:
        org_id = data.pop("organisation_id")
        data["organisation"] = Organisation.objects.filter(pk=org_id).first() if org_id else None
        if org_id and data["organisation"] is None:
            errors["organisation"] = _("Organisasi tidak dikenal.")
    if "priority_program" in data and data["priority_program"] is not None:
        number = data["priority_program"]
        data["priority_program"] = PriorityProgram.objects.filter(number=number).first()
        if data["priority_program"] is None:
            errors["priority_program"] = _("Program prioritas tidak dikenal.")
    if data.get("phase") is None:
        data.pop("phase", None)
    for field in ("name", "quick_win", "code"):
        if field in data and data[field] is None:
            data.pop(field)
    if "description" in data and data["description"] is None:
        data["description"] = ""
    if errors:
        raise ValidationError(errors)
    return data


def _program(pk: int) -> Any:
    return (
        selectors.program_queryset(selectors.TreeFilters(year=timezone.localdate().year))
        .prefetch_related("elements")
        .get(pk=pk)
    )


# --- endpoints ---------------------------------------------------------------------------------


@router.get(
    "/dimensions",
    response=list[DimensionOut],
    summary="Dimensi, unsur, dan bidang program prioritas",
    description="Enam dimensi Pasal 15 ayat (1) dengan tiga unsurnya (Pasal 16-21) dan bidang "
    "program prioritas Pasal 22 (Kehidupan Cerdas punya empat). Nama dalam bahasa Indonesia "
    "dan Inggris.",
)
def dimension_list(request: HttpRequest) -> Any:
    return [
        {
            "code": d.code,
            "name_id": d.name_id,
            "name_en": d.name_en,
            "article": d.article,
            "elements": list(d.elements.all()),
            "priority_areas": list(d.priority_areas.all()),
        }
        for d in reference_selectors.dimension_list()
    ]


@router.get(
    "/priority-programs",
    response=list[PriorityProgramOut],
    summary="Program prioritas Wali Kota",
    description="Program prioritas RPJMD (Pasal 7 ayat (1)); `dimension` menyaring per dimensi.",
)
def priority_program_list(request: HttpRequest, dimension: str = "") -> Any:
    queryset = PriorityProgram.objects.select_related("dimension", "priority_area")
    if dimension:
        queryset = queryset.filter(dimension__code=dimension.upper())
    return queryset.order_by("number")


@router.get(
    "/programs",
    response=list[ProgramOut],
    summary="Program Perangkat Daerah dan program partisipatif",
    description="Program (kode Permendagri 90/2019 X.XX.XX) dengan jumlah kegiatan dan anggaran "
    "tahun `year`. Saring dengan `dimension`, `agency` (kode), `quick_win`, `priority_program` "
    "(nomor).",
)
@paginate(PageNumberPagination, page_size=50)
def program_list(request: HttpRequest, filters: Query[ProgramFilter]) -> Any:
    queryset = selectors.program_queryset(
        selectors.TreeFilters(
            year=filters.year,
            dimension=filters.dimension.upper(),
            agency=filters.agency.upper(),
            quick_win=filters.quick_win,
        )
    ).prefetch_related("elements")
    if filters.quick_win is False:
        queryset = queryset.filter(quick_win=False)
    if filters.priority_program is not None:
        queryset = queryset.filter(priority_program__number=filters.priority_program)
    return queryset


@router.get("/programs/{program_id}", response=ProgramOut, summary="Rincian program",
            description="Satu program dengan anggaran tahun berjalan.")  # fmt: skip
def program_detail(request: HttpRequest, program_id: int) -> Any:
    selectors.program_get(pk=program_id)
    return _program(program_id)


@router.post(
    "/programs",
    response={201: ProgramOut},
    auth=WRITE_AUTH,
    summary="Tambah program",
    description="Petugas Perangkat Daerah hanya untuk Perangkat Daerahnya (selain itu 403); "
    "administrator dan Tim Pelaksana untuk semua, termasuk program partisipatif pemangku "
    "kepentingan non-pemerintah (`organisation_id`). Kode salah pola: 422 dengan pesan jelas.",
)
def program_create(request: HttpRequest, payload: ProgramIn) -> Any:
    data = _resolve(payload.model_dump(exclude_unset=True))
    program = services.program_create(actor=request.user, data=data)
    return 201, _program(program.pk)


@router.patch(
    "/programs/{program_id}",
    response=ProgramOut,
    auth=WRITE_AUTH,
    summary="Ubah program",
    description="Hanya kolom yang dikirim yang diubah. Petugas tidak dapat mengubah atau "
    "memindahkan program Perangkat Daerah lain (403, tanpa perubahan).",
)
def program_patch(request: HttpRequest, program_id: int, payload: ProgramIn) -> Any:
    program = selectors.program_get(pk=program_id)
    data = _resolve(payload.model_dump(exclude_unset=True))
    services.program_update(actor=request.user, program=program, data=data)
    return _program(program.pk)


@router.get(
    "/activities",
    response=list[ActivityOut],
    summary="Kegiatan",
    description="Kegiatan (X.XX.XX.X.XX) dengan anggaran tahun `year`, 50 per halaman. Saring "
    "dengan `dimension`, `agency`, `quick_win`, `program_id`, `priority_program`, `search`.",
)
@paginate(PageNumberPagination, page_size=50)
def activity_list(request: HttpRequest, filters: Query[ActivityFilter]) -> Any:
    return selectors.activity_list(
        year=filters.year,
        dimension=filters.dimension.upper(),
        agency=filters.agency.upper(),
        quick_win=filters.quick_win,
        program_id=filters.program_id,
        priority_program=filters.priority_program,
        search=filters.search.strip(),
    )


@router.get(
    "/activities/{activity_id}",
    response=ActivityDetailOut,
    summary="Rincian kegiatan",
    description="Kegiatan dengan anggaran per tahun dan sumber dana (Pasal 30), sub-kegiatan, "
    "serta indikator dengan target per tahun.",
)
def activity_detail(request: HttpRequest, activity_id: int) -> Any:
    activity = selectors.activity_get(pk=activity_id)
    activity.budget_total = None
    return activity


@router.post(
    "/activities",
    response={201: ActivityDetailOut},
    auth=WRITE_AUTH,
    summary="Tambah kegiatan",
    description="`program_id` wajib; kode diawali kode programnya. Pelaksana dan dimensi "
    "mengikuti program bila tidak dikirim. Lingkup petugas seperti program.",
)
def activity_create(request: HttpRequest, payload: ActivityIn) -> Any:
    data = payload.model_dump(exclude_unset=True)
    program_id = data.pop("program_id", None)
    if program_id is None:
        raise HttpError(422, _("program_id wajib diisi."))
    program = selectors.program_get(pk=program_id)
    activity = services.activity_create(actor=request.user, program=program, data=_resolve(data))
    return 201, activity_detail(request, activity.pk)


@router.patch(
    "/activities/{activity_id}",
    response=ActivityDetailOut,
    auth=WRITE_AUTH,
    summary="Ubah kegiatan",
    description="Hanya kolom yang dikirim yang diubah; `program_id` tidak dapat diubah.",
)
def activity_patch(request: HttpRequest, activity_id: int, payload: ActivityIn) -> Any:
    activity = selectors.activity_get(pk=activity_id)
    data = payload.model_dump(exclude_unset=True)
    if "program_id" in data:
        raise HttpError(422, _("Kegiatan tidak dapat dipindah ke program lain."))
    services.activity_update(actor=request.user, activity=activity, data=_resolve(data))
    return activity_detail(request, activity.pk)


@router.put(
    "/activities/{activity_id}/budgets",
    response=ActivityDetailOut,
    auth=WRITE_AUTH,
    summary="Atur anggaran kegiatan",
    description="Anggaran satu tahun dari satu sumber dana (Pasal 30), dalam rupiah. 0 "
    "menghapus alokasi; negatif ditolak (422).",
)
def activity_budget_set(request: HttpRequest, activity_id: int, payload: BudgetIn) -> Any:
    activity = selectors.activity_get(pk=activity_id)
    services.budget_allocation_set(
        actor=request.user,
        activity=activity,
        year=payload.year,
        source=payload.source,
        amount=payload.amount,
    )
    return activity_detail(request, activity.pk)


def _import(request: HttpRequest, importer: Any, file: UploadedFile) -> Any:
    try:
        result = importer(actor=request.user, uploaded_file=file)
    except importing.ImportFileError as exc:
        return error_response(
            request,
            422,
            "import_rejected",
            _("Berkas tidak diimpor; tidak ada data yang disimpan."),
            [{"row": e.row, "column": e.column, "message": e.message} for e in exc.errors],
        )
    return {"rows": result.rows, "created": result.created, "updated": result.updated}


@router.post(
    "/import/tree",
    response={200: ImportOut},
    auth=WRITE_AUTH,
    summary="Impor pohon program (CSV/XLSX)",
    description="Berkas sesuai templat di /rencana-induk/impor/templat/pohon-program.xlsx. "
    "Seluruh berkas diperiksa dulu; bila ada kesalahan: 422 dengan `details` per baris dan "
    "tidak ada yang disimpan.",
)
def import_tree(request: HttpRequest, file: File[UploadedFile]) -> Any:
    return _import(request, importing.tree_import, file)


@router.post(
    "/import/priority-programs",
    response={200: ImportOut},
    auth=WRITE_AUTH,
    summary="Impor program prioritas (CSV/XLSX)",
    description="Hanya administrator dan Tim Pelaksana. Perilaku seperti impor pohon program.",
)
def import_priority_programs(request: HttpRequest, file: File[UploadedFile]) -> Any:
    return _import(request, importing.priority_program_import, file)


# --- indicators --------------------------------------------------------------------------------


class IndicatorIn(Schema):
    """Only the fields sent are changed (PATCH); `code`, `name`, `level`, `unit` are needed to
    create. A unit "%" gets a maximum of 100."""

    model_config = ConfigDict(extra="forbid")

    code: str | None = Field(None, max_length=40)
    name: str | None = Field(None, max_length=300)
    definition: str | None = Field(None, max_length=5000)
    level: IndicatorLevel | None = None
    unit: str | None = Field(None, max_length=40)
    max_value: decimal.Decimal | None = None
    direction: IndicatorDirection | None = None
    aggregation: IndicatorAggregation | None = None
    frequency: IndicatorFrequency | None = None
    baseline_value: decimal.Decimal | None = None
    baseline_year: int | None = None
    data_source: str | None = Field(None, max_length=300)
    verification_means: str | None = Field(None, max_length=300)
    iso37122_code: str | None = Field(None, max_length=20, description="mis. 5.1")
    sdg_code: str | None = Field(None, max_length=20, description="mis. 11.6.2")


class TargetIn(Schema):
    value: decimal.Decimal | None = Field(description="Target; null menghapus target tahun itu")


def _indicator_data(payload: IndicatorIn) -> dict[str, Any]:
    data = payload.model_dump(exclude_unset=True)
    for field in ("code", "name", "level", "unit", "direction", "aggregation", "frequency"):
        if field in data and data[field] is None:
            data.pop(field)
    for field in ("definition", "data_source", "verification_means", "iso37122_code", "sdg_code"):
        if field in data and data[field] is None:
            data[field] = ""
    return data


def _indicator_out(indicator_id: int) -> Any:
    from kotacerdas.masterplan.selectors.indicators import indicator_get

    return indicator_get(pk=indicator_id)


@router.get(
    "/indicators/{indicator_id}",
    response=IndicatorOut,
    summary="Rincian indikator",
    description="Indikator dengan target per tahun.",
)
def indicator_detail(request: HttpRequest, indicator_id: int) -> Any:
    return _indicator_out(indicator_id)


@router.post(
    "/activities/{activity_id}/indicators",
    response={201: IndicatorOut},
    auth=WRITE_AUTH,
    summary="Tambah indikator kegiatan",
    description="Lingkup seperti kegiatannya. Satuan persen: nilai maksimum 100; kode ISO 37122 "
    "dan SDG diperiksa polanya (422 dengan pesan jelas).",
)
def indicator_create(request: HttpRequest, activity_id: int, payload: IndicatorIn) -> Any:
    from kotacerdas.masterplan.services.indicators import indicator_create as create

    activity = selectors.activity_get(pk=activity_id)
    indicator = create(actor=request.user, data={**_indicator_data(payload), "activity": activity})
    return 201, _indicator_out(indicator.pk)


@router.patch(
    "/indicators/{indicator_id}",
    response=IndicatorOut,
    auth=WRITE_AUTH,
    summary="Ubah indikator",
    description="Hanya kolom yang dikirim yang diubah; target yang ada harus tetap di bawah "
    "nilai maksimum.",
)
def indicator_patch(request: HttpRequest, indicator_id: int, payload: IndicatorIn) -> Any:
    from kotacerdas.masterplan.services.indicators import indicator_update

    indicator = _indicator_out(indicator_id)
    indicator_update(actor=request.user, indicator=indicator, data=_indicator_data(payload))
    return _indicator_out(indicator_id)


@router.put(
    "/indicators/{indicator_id}/targets/{year}",
    response=IndicatorOut,
    auth=WRITE_AUTH,
    summary="Atur target indikator per tahun",
    description="Target tahun `year` (2018-2045); di atas nilai maksimum ditolak (422); null "
    "menghapus target.",
)
def indicator_target_put(
    request: HttpRequest, indicator_id: int, year: int, payload: TargetIn
) -> Any:
    from kotacerdas.masterplan.services.indicators import indicator_target_set

    indicator = _indicator_out(indicator_id)
    indicator_target_set(actor=request.user, indicator=indicator, year=year, value=payload.value)
    return _indicator_out(indicator_id)

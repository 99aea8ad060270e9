"""/api/v1/institutions/budget: budget lines and spendings of the council and team (Pasal 30).

Reading needs a council, team, secretariat or executive role; writing needs the secretariat or an
administrator. A spending above the remaining pagu, or a zero or negative amount, gives 422 and
writes nothing.
"""

import datetime as dt
from decimal import Decimal
from typing import Any

from django.http import HttpRequest
from ninja import Field, Query, Router, Schema, Status
from ninja.pagination import LimitOffsetPagination, paginate

from kotacerdas.core.api.auth import TokenAuth, VerifiedSessionAuth
from kotacerdas.institutions.models import Body, FundingSource
from kotacerdas.institutions.selectors import budget as selectors
from kotacerdas.institutions.services import budget as services

router = Router(auth=[TokenAuth(), VerifiedSessionAuth()])


class LineOut(Schema):
    id: int
    year: int
    body: Body
    source: FundingSource
    source_detail: str
    name: str
    amount: Decimal = Field(..., description="Pagu (Rp)")
    realised: Decimal = Field(..., description="Realisasi (Rp)")
    remaining: Decimal = Field(..., description="Sisa pagu (Rp)")
    is_demo: bool


class SpendingOut(Schema):
    id: int
    line_id: int
    date: dt.date
    amount: Decimal
    description: str


class LineDetailOut(LineOut):
    spendings: list[SpendingOut]


class SummaryRowOut(Schema):
    body: str
    source: str
    pagu: Decimal
    realised: Decimal
    remaining: Decimal
    percent: Decimal | None = Field(None, description="Persen realisasi terhadap pagu")


class SummaryOut(Schema):
    year: int
    rows: list[SummaryRowOut]
    total: SummaryRowOut


class YearQuery(Schema):
    year: int = Field(..., ge=2000, le=2100)


class LineIn(Schema):
    year: int = Field(..., ge=2000, le=2100)
    body: Body
    source: FundingSource
    source_detail: str = Field("", max_length=200)
    name: str = Field(..., max_length=300)
    amount: Decimal


class SpendingIn(Schema):
    date: dt.date
    amount: Decimal
    description: str = Field(..., max_length=300)


def _row(row: selectors.BudgetRow) -> dict:
    return {
        "body": row.body,
        "source": row.source,
        "pagu": row.pagu,
        "realised": row.realised,
        "remaining": row.remaining,
        "percent": row.percent,
    }


@router.get(
    "/lines",
    response=list[LineOut],
    summary="Mata anggaran satu tahun",
    description="Dengan pagu, realisasi dan sisa. Berhalaman (limit/offset).",
)
@paginate(LimitOffsetPagination)
def line_list(request: HttpRequest, query: Query[YearQuery]) -> Any:
    return selectors.budget_lines(actor=request.user, year=query.year)


@router.get(
    "/summary",
    response=SummaryOut,
    summary="Ringkasan anggaran per badan dan sumber dana",
    description="Pagu, realisasi, persen dan sisa per Dewan/Sekretariat/Tim dan APBD/sumber lain.",
)
def summary(request: HttpRequest, query: Query[YearQuery]) -> Any:
    rows, total = selectors.budget_summary(actor=request.user, year=query.year)
    return {"year": query.year, "rows": [_row(r) for r in rows], "total": _row(total)}


@router.get("/lines/{int:line_id}", response=LineDetailOut, summary="Rincian mata anggaran")
def line_detail(request: HttpRequest, line_id: int) -> Any:
    line = selectors.budget_line_get(actor=request.user, pk=line_id)
    spendings = list(selectors.budget_spendings(actor=request.user, line=line))
    return {**{f: getattr(line, f) for f in LineOut.model_fields}, "spendings": spendings}


@router.post(
    "/lines",
    response={201: LineOut},
    summary="Tambah mata anggaran",
    description="Pagu harus lebih dari nol; sumber lain yang sah wajib diberi keterangan.",
)
def line_create(request: HttpRequest, payload: LineIn) -> Any:
    line = services.budget_line_create(actor=request.user, **payload.dict())
    return Status(201, selectors.budget_line_get(actor=request.user, pk=line.pk))


@router.post(
    "/lines/{int:line_id}/spendings",
    response={201: SpendingOut},
    summary="Catat realisasi",
    description="Jumlah lebih dari nol, tanggal dalam tahun anggaran; realisasi yang melampaui "
    "sisa pagu ditolak (422).",
)
def spending_create(request: HttpRequest, line_id: int, payload: SpendingIn) -> Any:
    line = selectors.budget_line_get(actor=request.user, pk=line_id)
    spending = services.budget_spending_record(actor=request.user, line=line, **payload.dict())
    return Status(201, spending)

"""/api/v1/complaints/stats/ — the figures of the statistics page (issue #5 item 11).

Back-office staff only (403 otherwise). Times are calendar hours since receipt; SLA compliance
is the share of measured cases (handled, or open and already late) that were never late.
"""

from __future__ import annotations

import datetime as dt

from django.http import HttpRequest
from ninja import Field, Query, Router, Schema

from kotacerdas.complaints.selectors import stats as selectors
from kotacerdas.core.api.auth import TokenAuth, VerifiedSessionAuth

router = Router(auth=[TokenAuth(), VerifiedSessionAuth()])


class StatsFilterIn(Schema):
    date_from: dt.date | None = Field(None, description="Diterima sejak (YYYY-MM-DD)")
    date_to: dt.date | None = Field(None, description="Diterima sampai (YYYY-MM-DD)")
    channel: str = Field("", description="call_center, lapor, web, open311, walk_in")
    min_cases: int = Field(
        selectors.MIN_CASES, ge=1, le=10000, description="Laporan minimal untuk peringkat"
    )


class FiguresOut(Schema):
    total: int
    open: int
    handled: int
    overdue: int
    measured: int
    late: int
    compliance: float | None = Field(None, description="Kepatuhan SLA (%)")
    median_verify: float | None = Field(None, description="Median jam sampai diverifikasi")
    median_respond: float | None = Field(None, description="Median jam sampai mulai ditangani")
    median_resolve: float | None = Field(None, description="Median jam sampai selesai")
    rating: float | None = None


class RowOut(FiguresOut):
    key: int | str | None
    label: str


class ScorecardOut(RowOut):
    rank: int | None = Field(None, description="Kosong bila belum cukup data")
    enough_data: bool
    is_own: bool


class StatsOut(Schema):
    generated_at: dt.datetime
    min_cases: int
    time_unit: str = "hours"
    own_agency_ids: list[int]
    totals: FiguresOut
    by_agency: list[RowOut]
    by_category: list[RowOut]
    by_kecamatan: list[RowOut]
    by_channel: list[RowOut]
    scorecards: list[ScorecardOut]


class MapOut(Schema):
    measure: str = Field(description="count: jumlah laporan (data penduduk belum tersedia)")
    kecamatan: dict[str, dict]
    grid: list[dict]
    cell_degrees: float


def _filters(params: StatsFilterIn) -> selectors.StatsFilters:
    return selectors.StatsFilters.parse(
        {
            "dari": params.date_from.isoformat() if params.date_from else "",
            "sampai": params.date_to.isoformat() if params.date_to else "",
            "kanal": params.channel,
        }
    )


@router.get("/", response=StatsOut, summary="Statistik pengaduan per PD, kategori, wilayah, kanal")
def stats(request: HttpRequest, params: Query[StatsFilterIn]):
    """Jumlah, median waktu (jam), kepatuhan SLA, dan rapor Perangkat Daerah."""
    return selectors.complaint_stats(
        actor=request.user, filters=_filters(params), min_cases=params.min_cases
    )


@router.get("/map", response=MapOut, summary="Jumlah laporan per kecamatan dan grid titik")
def stats_map(request: HttpRequest, params: Query[StatsFilterIn]):
    """Jumlah laporan per kode kecamatan dan per sel grid 0,01 derajat."""
    selectors.require_stats_reader(request.user)
    return selectors.kecamatan_map(selectors.stats_cases(_filters(params)))
